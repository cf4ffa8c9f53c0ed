"""The Markdown report: for pull-request comments and CI job summaries."""

from __future__ import annotations

from ..model import Report
from .base import Reporter
from .templating import environment


class MarkdownReporter(Reporter):
    name = "markdown"
    description = "Markdown summary (pull-request comments, CI job summaries)"
    extension = ".md"

    def render(self, report: Report) -> str:
        return environment(autoescape=False).get_template("report.md.j2").render(report=report)
