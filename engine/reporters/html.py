"""The HTML report: one self-contained file (inline CSS, no external resources) that counsel can read, forward and
print. Rendered by Jinja2 with autoescaping on: every quoted word of the disclosure is untrusted."""

from __future__ import annotations

from ..model import Report
from .base import Reporter
from .templating import environment, evidence_anchor, highlight


class HtmlReporter(Reporter):
    name = "html"
    description = "Self-contained HTML report for counsel (checklist, findings, highlighted evidence)"
    extension = ".html"

    def render(self, report: Report) -> str:
        template = environment(autoescape=True).get_template("report.html.j2")
        return template.render(
            report=report,
            pieces=[highlight(d, i) for i, d in enumerate(report.documents)],
            anchor=evidence_anchor,
        )
