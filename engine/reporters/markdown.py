"""The Markdown report: for ``$GITHUB_STEP_SUMMARY``, pull-request and merge-request comments.

A table of documents first, then per document what to fix (one list item per finding, its fix and the quoted
evidence with where it is) and the checklist, folded in ``<details>``.

Disclosure text and file names are untrusted: nothing in them may become live Markdown where the report is shown.
:func:`inline` escapes Markdown and HTML punctuation, folds line breaks (a heading or a list cannot start), shows
control characters as escapes, and puts a zero-width space after ``@`` and ``#`` so GitHub links neither mentions
(``@team``) nor references (``#1``) — it links those after rendering, where escapes no longer count. A file name goes
in a code span fenced longer than any backtick run inside it (:func:`code`); a bare URL is escaped out of autolinking.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from ..model import DocumentResult, Finding, Outcome, Report, SourceLocation
from ..resources import bundled
from .base import Reporter
from .text import location_words, plural, visible, where

if TYPE_CHECKING:
    import jinja2

# Punctuation that opens or closes Markdown or HTML anywhere in a line (emphasis, code, links, HTML, entities, table
# cells, strikethrough, math); a backslash makes each literal (CommonMark allows escaping any ASCII punctuation).
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~&$])")
# A list marker, thematic break or setext underline can only start the text ('- ', '1. ', '1) ', '---', '===').
_LIST_START = re.compile(r"^([-+=](?=[-+= ]|$)|\d{1,9}[.)](?= |$))")
# What GitHub links after rendering, where escapes no longer count: mentions, issue references, bare URLs.
_LINKERS = re.compile(r"([@#])|(?<=:)(?=//)|(?<=\bwww)(?=\.)", re.I)
_ZWSP = "\u200b"


def inline(text: object) -> str:
    """Untrusted text as literal, one-line Markdown: rendered, it reads as the text did."""
    flat = _SPECIAL.sub(r"\\\1", visible(" ".join(str(text).split())))
    flat = _LIST_START.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], flat)
    return _LINKERS.sub(lambda m: (m.group(1) or "") + _ZWSP, flat)


def cell(text: object) -> str:
    """:func:`inline`, for a table cell (``|`` is already escaped by it)."""
    return inline(text)


def code(text: object, in_table: bool = False) -> str:
    """A code span that holds ``text`` literally whatever it contains: fenced with one backtick more than its longest
    run of backticks, padded when it starts or ends with one, line breaks and control characters shown as escapes."""
    body = visible(str(text))
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * (longest + 1)
    if body.startswith(("`", " ")) or body.endswith(("`", " ")):
        body = f" {body} "
    if in_table:
        body = body.replace("|", "\\|")  # GFM splits table cells before code spans are read
    return f"{fence}{body}{fence}"


def code_cell(text: object) -> str:
    return code(text, in_table=True)


def at(location: SourceLocation | None) -> str:
    return location_words(location, code)


STATUS = {
    "fail": "❌ not met",
    "warning": "⚠️ warning",
    "notice": "ℹ️ notice",
    "review": "🔍 needs review",
    "pass": "✅ met",
    "waived": "waived",
    "skip": "n/a",
    "not-checked": "not checked",
}


def attention(result: DocumentResult) -> list[Finding]:
    """What the "What to fix" list shows: failures and needs-review, waived or known ones too (marked)."""
    return [f for f in result.findings if f.outcome in (Outcome.FAIL, Outcome.REVIEW) and not f.suggestion]


def label(f: Finding) -> str:
    word = "needs review" if f.outcome is Outcome.REVIEW else f.severity.value
    return ("waived " if f.waived else "") + word


def status_of(result: DocumentResult, key: str) -> str | None:
    """A document's verdict on one requirement (None when its checklist does not have it)."""
    return next((r.status for r in result.requirements if r.key == key), None)


def verdict(result: DocumentResult) -> str:
    if not result.reviewed:
        return "⛔ not reviewed"
    counts = result.requirement_counts()
    total = sum(counts.values())
    parts = [f"{counts['pass']} of {total} met"]
    parts += [f"{counts['fail']} not met"] if counts["fail"] else []
    parts += [plural(counts[key], word) for key, word in (("warning", "warning"), ("notice", "notice")) if counts[key]]
    parts += [f"{counts['review']} to review"] if counts["review"] else []
    mark = "❌" if counts["fail"] else "⚠️" if counts["warning"] or counts["review"] else "✅"
    return f"{mark} " + ", ".join(parts)


@cache
def _environment() -> jinja2.Environment:
    import jinja2  # here: registering the reporter must not load the template engine

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(bundled("templates"))),
        autoescape=False,  # Markdown, escaped by the filters below, never by HTML rules
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(text=inline, cell=cell, code=code, code_cell=code_cell, at=at)
    env.globals.update(
        STATUS=STATUS,
        status_of=status_of,
        attention=attention,
        label=label,
        verdict=verdict,
        where=where,
        plural=plural,
        Outcome=Outcome,
    )
    return env


class MarkdownReporter(Reporter):
    name = "markdown"
    description = "Markdown summary (GitHub job summaries, pull-request comments)"
    extension = ".md"

    def render(self, report: Report) -> str:
        marked = [f for d in report.documents for f in attention(d) if f.new is not None]
        baseline = {"new": sum(bool(f.new) for f in marked), "known": sum(f.known for f in marked)} if marked else None
        text = _environment().get_template("report.md.j2").render(report=report, baseline=baseline)
        return re.sub(r"\n{3,}", "\n\n", text)
