"""The portfolio table (``--format csv``): one row per document and requirement, for a spreadsheet or a database.

RFC 4180 through the :mod:`csv` module (every field quoted as needed, CR LF line ends, UTF-8). Disclosure text,
issuer names and file names are untrusted: a cell a spreadsheet would evaluate as a formula (one that starts with
``=``, ``+``, ``-`` or ``@``, or with a tab or carriage return that some spreadsheets skip before them) is prefixed
with an apostrophe, so it is shown as the text it is (OWASP's advice on CSV injection).
"""

from __future__ import annotations

import csv
import io

from ..model import Report
from .base import Reporter

COLUMNS = ("source", "form", "period", "issuer", "requirement", "title", "status", "rules", "summary")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    """A value as a CSV cell no spreadsheet evaluates."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def rows(report: Report) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    for result in report.documents:
        doc = result.disclosure
        period = doc.period_end or doc.report_date  # an 8-K has no period; its date of report stands in
        for verdict in result.requirements:
            out.append(
                (
                    doc.source,
                    doc.form.value,
                    period.isoformat() if period else "",
                    doc.issuer or "",
                    verdict.key,
                    verdict.title,
                    verdict.status,
                    " ".join(verdict.rule_ids),
                    verdict.summary,
                )
            )
    return out


class CsvReporter(Reporter):
    name = "csv"
    description = "Portfolio table: one row per document and requirement (RFC 4180, spreadsheet-safe)"
    extension = ".csv"

    def render(self, report: Report) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        writer.writerows(tuple(cell(v) for v in row) for row in rows(report))
        return buffer.getvalue()
