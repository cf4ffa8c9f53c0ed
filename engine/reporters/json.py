"""The JSON report: a stable contract for CI. Fields may be added; the documented ones are never renamed."""

from __future__ import annotations

import json
from typing import Any

from ..model import DocumentResult, Report
from .base import Reporter

SCHEMA_VERSION = 1


def document_dict(result: DocumentResult) -> dict[str, Any]:
    doc = result.disclosure
    return {
        "source": doc.source,
        "format": doc.format,
        "form": doc.form.value,
        "issuer": doc.issuer,
        "cik": doc.cik,
        "period_end": doc.period_end.isoformat() if doc.period_end else None,
        "report_date": doc.report_date.isoformat() if doc.report_date else None,
        "section_status": doc.section_status.value,
        "located_by": doc.located_by,
        "section_source": doc.section_source,
        "status": result.status,
        "status_note": result.status_note,
        "tagged_facts": sum(1 for f in doc.facts if f.known),
        "counts": result.counts(),
        "requirement_counts": result.requirement_counts(),
        "requirements": [r.model_dump(mode="json") for r in result.requirements],
        "findings": [f.model_dump(mode="json") for f in result.findings],
        "diagnostics": [d.model_dump(mode="json") for d in doc.diagnostics],
    }


def report_dict(report: Report) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": report.tool, "version": report.version},
        "documents": [document_dict(d) for d in report.documents],
        "summary": report.summary.model_dump(mode="json"),
        "waivers": [w.model_dump(mode="json") for w in report.waivers],
        "skipped": [s.model_dump(mode="json") for s in report.skipped],
        **({"peers": report.peers.model_dump(mode="json")} if report.peers is not None else {}),
    }


class JsonReporter(Reporter):
    name = "json"
    description = "JSON report (stable contract, see README)"
    extension = ".json"

    def render(self, report: Report) -> str:
        return json.dumps(report_dict(report), indent=2, ensure_ascii=False) + "\n"
