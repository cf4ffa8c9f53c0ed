"""``--format acme-checklist``: one CSV line per document and requirement — what a disclosure committee's tracker
imports. A reporter only formats the finished :class:`cydcheck.model.Report`; it never re-runs a rule."""

from __future__ import annotations

import csv
import io

from cydcheck.model import Report
from cydcheck.reporters.base import Reporter

COLUMNS = ("document", "form", "requirement", "status", "rules", "title", "summary", "fix")


class ChecklistReporter(Reporter):
    name = "acme-checklist"
    description = "CSV, one line per document and requirement (for a disclosure committee's tracker)"
    extension = ".checklist.csv"

    def render(self, report: Report) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")  # "\n", not "\r\n": the same bytes on every platform
        writer.writerow(COLUMNS)
        for result in report.documents:
            doc = result.disclosure
            for verdict in result.requirements:
                writer.writerow(
                    (
                        doc.source,
                        doc.form.value,
                        verdict.key,
                        verdict.status,
                        " ".join(verdict.rule_ids),
                        verdict.title,
                        verdict.summary,
                        verdict.fix or "",
                    )
                )
        return out.getvalue()
