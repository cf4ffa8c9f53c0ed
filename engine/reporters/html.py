"""The HTML report: one self-contained file (inline CSS and script, no external resources) that counsel can read,
forward and print. Rendered by Jinja2 with autoescaping on: every quoted word of the disclosure is untrusted. A
Content-Security-Policy allows exactly the report's own style and script (by hash), so nothing else can run even if
something slipped through."""

from __future__ import annotations

from markupsafe import Markup

from ..model import Report
from .base import Reporter


class HtmlReporter(Reporter):
    name = "html"
    description = "Self-contained HTML report for counsel (summary, requirements with evidence, marked disclosure)"
    extension = ".html"

    def render(self, report: Report) -> str:
        # The view model and Jinja2 are imported when an HTML report is written, not with the reporters' registry.
        from .htmlview import STATUS_LABEL, STATUS_SYMBOL, build, csp_hash, plain_words
        from .templating import environment, source

        view = build(report)
        css = _inline(source("style.css"))
        page_css = _inline(view.page_css)
        script = _inline(source("report.js"))
        template = environment(autoescape=True).get_template("report.html.j2")
        return template.render(
            view=view,
            css=css,
            page_css=page_css,
            script=script,
            style_hashes=f"{csp_hash(css)} {csp_hash(page_css)}",
            script_hash=csp_hash(script),
            labels=STATUS_LABEL,
            symbols=STATUS_SYMBOL,
            plain_words=plain_words,
        )


def _inline(text: str) -> Markup:
    """Our own CSS or script, inlined verbatim (it is hashed for the CSP); it must never close its element."""
    if "</" in text:
        raise ValueError("inline style or script must not contain '</'")
    return Markup(text)
