"""GitHub Actions workflow commands: each problem an annotation on the file and line of its evidence, shown in the
pull request's diff and the run's summary.

``::error file=path,line=8,col=12,title=RULE-ID key::message`` — ``error`` for error-level failures, ``warning`` for
warnings and for findings that need review, ``notice`` for notices. Waived failures, suggestions and (with
``--baseline``) failures the baseline already holds are not annotated: they do not fail the run. Expired and
unmatched waivers are annotated on the configuration line that declares them. The last line is the total, as plain
text.

Escaping follows the runner (actions/toolkit ``command.ts``): in the message ``%``, CR and LF become ``%25``, ``%0D``,
``%0A``; in property values ``:`` and ``,`` too. Control characters are shown as escapes, so disclosure text can
neither end the command early nor start a new one.
"""

from __future__ import annotations

from ..inputs import STDIN_NAME
from ..model import DocumentResult, Finding, Outcome, Report, Severity, SourceLocation
from .base import Reporter
from .text import TextReporter, file_of, visible, where

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTICE: "notice"}


def escape_data(text: str) -> str:
    text = "\n".join(visible(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, message: str, **properties: str | int | None) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items() if value is not None)
    return f"::{kind}{' ' + props if props else ''}::{escape_data(message)}"


def annotated(f: Finding) -> str | None:
    """The command for a finding, or None when it is not annotated."""
    if f.known:
        return None
    if f.outcome is Outcome.REVIEW:
        return "warning"
    return COMMAND.get(f.severity) if f.failing else None


def _place(source: str, location: SourceLocation | None) -> dict[str, str | int | None]:
    file = file_of(source, location)
    if file == STDIN_NAME:
        return {}
    return {
        "file": file,
        "line": location.line if location is not None else None,
        "col": location.column if location is not None and location.line is not None else None,
    }


def annotation(doc: DocumentResult, f: Finding) -> str | None:
    kind = annotated(f)
    if kind is None:
        return None
    review = f.outcome is Outcome.REVIEW
    title = f"{f.rule_id} {f.requirement}" + (" (needs review)" if review else "") + (" (new)" if f.new else "")
    lines = [f.message]
    if review and f.review_reason:
        lines.append(f"Why review: {f.review_reason}")
    if f.fix:
        lines.append(f"Fix: {f.fix}")
    lines.append(f"Citation: {f.citation}")
    return command(kind, "\n".join(lines), **_place(doc.disclosure.source, where(doc, f)), title=title)


def workflow_commands(report: Report) -> str:
    out = [a for doc in report.documents for f in doc.findings if (a := annotation(doc, f)) is not None]
    for doc in report.documents:
        if doc.failed:  # --keep-going / --timeout: never checked
            place = _place(doc.disclosure.source, None)
            out.append(command("error", doc.status_note or doc.status, **place, title=f"cydcheck: {doc.status}"))
    for ws in report.waivers:
        if ws.status == "active":
            continue
        path, _, line = ws.waiver.origin.rpartition(":")
        place = {"file": path, "line": int(line)} if path and line.isdigit() else {"file": ws.waiver.origin}
        out.append(
            command("error" if ws.status == "expired" else "warning", ws.message, **place, title=f"waiver {ws.status}")
        )
    total = TextReporter(quiet=True, verbose=True).render(report)  # the total line, without hints about -v
    out.append("cydcheck: " + total.strip())
    return "".join(line + "\n" for line in out)


class GithubReporter(Reporter):
    name = "github"
    description = "GitHub Actions annotations (workflow commands) on the lines of the evidence"
    extension = ".github.txt"  # beside the text report's .txt in an output directory

    def render(self, report: Report) -> str:
        return workflow_commands(report)
