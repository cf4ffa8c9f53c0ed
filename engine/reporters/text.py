"""The terminal report (``--format text``, the default), in the manner of ruff and Semgrep: what needs attention
first, one line each (``path:line:col: severity key RULE-ID message``) — failures, needs-review, waived — then one
line per document with its requirement counts (or why it was not reviewed) and the total. Passes, not-applicable
rules, suggestions, parser notes and the fix for each failure only with ``-v`` — except a parser's warning that part of
the source was not read (damaged, cut short), which comes first without it; ``-q`` prints the total alone.

Everything quoted from a document passes :func:`visible` first: control characters and terminal escape sequences
(a window title, the clipboard…) in disclosure text or file names are shown as ``\\x1b``, never sent to the terminal.
Colour and wrapping are for a terminal only; a file or a pipe gets the same plain bytes every time.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..model import Diagnostic, DocumentResult, Finding, Outcome, Report, SourceLocation
from .base import Reporter

# Bidirectional overrides and isolates reorder what the terminal shows ("Trojan Source"): shown escaped, like
# control characters. Zero-width and other format characters are harmless to a terminal and stay.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_SPACE = re.compile(r"[ \t\n\r\f\v\u00a0\u2028\u2029]+")


def visible(text: str) -> str:
    """``text`` with every control character (C0, DEL, C1 — ESC and CSI included) and bidirectional control shown as
    an escape (``\\x1b``, ``\\u202e``): nothing in it can move the cursor, retitle the window or set the clipboard."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch in _BIDI or unicodedata.category(ch) == "Cc":
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def prose(text: str) -> str:
    """Disclosure or message text on one line: whitespace runs folded to one space, then :func:`visible`."""
    return visible(_SPACE.sub(" ", text).strip())


# Severity words and their colours (click.style keywords).
_STYLE: dict[str, dict[str, Any]] = {
    "error": {"fg": "red", "bold": True},
    "warning": {"fg": "yellow", "bold": True},
    "notice": {"fg": "cyan"},
    "review": {"fg": "magenta", "bold": True},
    "waived": {"dim": True},
    "known": {"dim": True},
    "suggestion": {"fg": "blue"},
    "pass": {"fg": "green"},
    "n/a": {"dim": True},
    "note": {"dim": True},
    "path": {"bold": True},
    "dim": {"dim": True},
    "bad": {"fg": "red", "bold": True},
    "good": {"fg": "green", "bold": True},
}

Piece = tuple[str, str | None]
"""A run of text and the name of its style (None: plain)."""
_Word = tuple[str, str | None, bool]
"""A word, its style, and whether a space precedes it."""


def where(result: DocumentResult, finding: Finding) -> SourceLocation | None:
    """Where an editor should go for a finding: its first located evidence; else (a requirement not answered at all)
    the start of the section, where the missing text belongs."""
    for ev in finding.evidence:
        if ev.location is not None:
            return ev.location
    segments = result.disclosure.text_segments
    return segments[0].location if segments else None


def file_of(source: str, location: SourceLocation | None) -> str:
    """The file a place is in: the one it names (the exhibit an incorporated item was read from), else the
    document's own, ``source``."""
    return location.file if location is not None and location.file else source


def position(source: str, location: SourceLocation | None) -> str:
    """``path:line:col``, ``path:line`` or ``path`` — the form editors and terminals turn into a link."""
    out = visible(file_of(source, location))
    if location is not None and location.line is not None:
        out += f":{location.line}"
        if location.column is not None:
            out += f":{location.column}"
    return out


@dataclass(frozen=True)
class _Line:
    pieces: tuple[Piece, ...]
    indent: int = 4  # of continuation lines when wrapped
    lead: int = 0  # of the first line


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


class TextReporter(Reporter):
    name = "text"
    description = "Terminal report: problems one line each, then a line per document and the total (-v: everything)"
    extension = ".txt"

    def __init__(self, verbose: bool = False, quiet: bool = False, color: bool = False, width: int | None = None):
        self.verbose = verbose
        self.quiet = quiet
        self.color = color
        self.width = width

    def configured(
        self, *, verbose: bool = False, quiet: bool = False, color: bool = False, width: int | None = None
    ) -> TextReporter:
        """A copy with the command line's choices (the registered instance stays plain)."""
        return type(self)(verbose=verbose, quiet=quiet, color=color, width=width)

    def render(self, report: Report) -> str:
        lines: list[_Line] = []
        if not self.quiet:
            lines += self._problems(report)
            lines += self._documents(report)
            lines += self._peers(report)
        lines.append(self._total(report))
        return self._emit(lines)

    def summary(self, report: Report) -> str:
        """The per-document lines and the total (the total alone when quiet), damaged sources first: what goes to
        stderr when the report itself is written to a file. The files skipped are not repeated: the command's notices
        name them there."""
        lines = [] if self.quiet else [*self._damage(report), *self._documents(report)]
        return self._emit([*lines, self._total(report)])

    def document_lines(self, report: Report) -> list[str]:
        """One line per document — its form, period and counts, or why it was not reviewed — with no total and no
        hints about options: what a page says about the file it checked."""
        return self._emit(self._documents(report)).splitlines()

    # -- the parts ---------------------------------------------------------------------------------------------

    def _problems(self, report: Report) -> list[_Line]:
        baseline = any(f.new is not None for d in report.documents for f in d.findings)
        lines: list[_Line] = []
        for result in report.documents:
            source = result.disclosure.source
            if result.failed:  # never checked: the one problem there is
                note = (result.status_note or result.status).removeprefix("not reviewed: ")
                lines.append(
                    _Line(
                        (
                            (visible(source) + ":", "path"),
                            (" ", None),
                            ("error", "error"),
                            (" ", None),
                            (result.status, None),
                            (" ", None),
                            (prose(note), None),
                        )
                    )
                )
                continue
            lines += self._damage_of(result)
            other_form: dict[str, int] = {}
            for f in result.findings:
                word = _word(f)
                if word == "n/a" and (f.skip_reason or "").startswith("applies to Form"):
                    other_form[f.skip_reason or ""] = other_form.get(f.skip_reason or "", 0) + 1
                    continue
                shown = word in ("error", "warning", "notice", "review", "waived") and not f.known
                if not (shown or self.verbose):
                    continue
                if f.outcome in (Outcome.FAIL, Outcome.REVIEW):
                    loc = where(result, f)
                else:  # a pass is where its evidence is, if it quotes any
                    loc = next((ev.location for ev in f.evidence if ev.location is not None), None)
                message = f.message
                if f.waived_by is not None:
                    w = f.waived_by
                    message += f" (waived until {w.expires.isoformat()} by {w.approved_by}: {w.reason})"
                if loc is not None and loc.line is None and loc.element:
                    message += f" ({loc.element})"
                tags: list[Piece] = []
                if baseline and f.new is not None:
                    tags = [(" ", None), ("[new]" if f.new else "[known]", None if f.new else "dim")]
                lines.append(
                    _Line(
                        (
                            (position(source, loc) + ":", "path"),
                            (" ", None),
                            (word, "known" if f.known else word),
                            (" ", None),
                            (f.requirement, None),
                            (" ", None),
                            (f.rule_id, "dim"),
                            (" ", None),
                            (prose(message), None),
                            *tags,
                        )
                    )
                )
                if self.verbose:
                    lines += self._details(f)
            if self.verbose:
                for reason, count in other_form.items():
                    lines.append(
                        _Line(
                            (
                                (visible(source) + ":", "path"),
                                (" ", None),
                                ("n/a", "n/a"),
                                (" ", None),
                                (f"{plural(count, 'rule')} not applicable: {prose(reason)}", None),
                            )
                        )
                    )
                # A damaged source's warnings are shown first, without -v (_damage_of); the rest are notes.
                lines += [_diagnostic(source, d, "note") for d in result.disclosure.diagnostics if not d.damage]
        for ws in report.waivers:
            if ws.status != "active" or self.verbose:
                style = {"expired": "error", "unmatched": "warning"}.get(ws.status, "dim")
                lines.append(
                    _Line(
                        (
                            (visible(ws.waiver.origin) + ":", "path"),
                            (" ", None),
                            (f"waiver {ws.status}", style),
                            (" ", None),
                            (prose(ws.message), None),
                        )
                    )
                )
        return lines + self._skipped(report)

    def _damage(self, report: Report) -> list[_Line]:
        return [line for result in report.documents if not result.failed for line in self._damage_of(result)]

    @staticmethod
    def _damage_of(result: DocumentResult) -> list[_Line]:
        """A warning that part of the document was not read (damaged, cut short), without -v: its findings may
        judge text that is missing."""
        source = result.disclosure.source
        return [_diagnostic(source, d, "warning") for d in result.disclosure.diagnostics if d.damage]

    def _skipped(self, report: Report) -> list[_Line]:
        """With -v: each file a directory scan passed over, and why."""
        if not self.verbose:
            return []
        return [
            _Line(((visible(s.source) + ":", "path"), (" ", None), (prose(s.reason), "dim"))) for s in report.skipped
        ]

    def _details(self, f: Finding) -> Iterator[_Line]:
        """Under a finding, with -v: why it needs review, the fix, the first quotes and where they are."""
        if f.outcome not in (Outcome.FAIL, Outcome.REVIEW):
            return
        if f.outcome is Outcome.REVIEW and f.review_reason:
            yield _Line((("why:", "dim"), (" ", None), (prose(f.review_reason), None)), indent=9, lead=4)
        if f.fix:
            yield _Line((("fix:", "dim"), (" ", None), (prose(f.fix), None)), indent=9, lead=4)
        for ev in f.evidence[:2]:
            quote = prose(ev.quote)
            quote = quote if len(quote) <= 200 else quote[:197] + "..."
            at = location_words(ev.location)
            yield _Line(((">", "dim"), (" ", None), (quote, None), (f" ({at})" if at else "", "dim")), indent=6, lead=4)

    def _documents(self, report: Report) -> list[_Line]:
        lines = []
        for result in report.documents:
            doc = result.disclosure
            head: list[Piece] = [(visible(doc.source) + ":", "path"), (" ", None)]
            about = f"Form {doc.form.value}" if doc.form.value != "unknown" else "form unknown"
            if doc.period_end:
                about += f", period {doc.period_end.isoformat()}"
            elif doc.report_date:  # an 8-K has no period; its date of report is what the deadline counts from
                about += f", date of report {doc.report_date.isoformat()}"
            head.append((about + ": ", None))
            if not result.reviewed:
                note = (result.status_note or result.status).removeprefix("not reviewed: ")
                head += [("NOT REVIEWED", "bad"), (f": {prose(note)}", None)]
            else:
                head += _counts(result.requirement_counts())
            lines.append(_Line(tuple(head)))
        return lines

    def _peers(self, report: Report) -> list[_Line]:
        """With --peers: one line per requirement, how many peers meet it, and where the documents stand."""
        peers = report.peers
        if peers is None:
            return []
        where_from = ", ".join(visible(s) for s in peers.sources)
        head = f"peers: {plural(peers.documents, 'document')} in {where_from}, {peers.reviewed} reviewed"
        lines = [_Line(((head, "path"),))]
        for t in peers.requirements:
            mine = [v.status for d in report.documents if d.reviewed for v in d.requirements if v.key == t.key]
            one = len(mine) == 1
            here = _STATE_WORDS.get(mine[0], mine[0]) if one else f"{mine.count('pass')} of {len(mine)} met"
            lines.append(
                _Line(
                    (
                        (t.key, None),
                        (" ", None),
                        (f"met by {t.met} of {plural(t.applies, 'peer')}", "good" if t.applies and t.met else None),
                        (f"; here: {here}" if mine else "", None),
                    ),
                    indent=4,
                    lead=2,
                )
            )
        return lines

    def _total(self, report: Report) -> _Line:
        counts = {k: 0 for k in ("pass", "fail", "warning", "notice", "review", "waived")}
        for result in report.documents:
            if result.reviewed:
                for key, n in result.requirement_counts().items():
                    counts[key] += n
        s = report.summary
        pieces: list[Piece] = [(plural(s.documents, "document") + ": ", "path")]
        pieces += _counts(counts)
        if s.not_reviewed:
            pieces += [("; ", None), (f"{s.not_reviewed} not reviewed", "bad")]
        findings = [f for d in report.documents for f in d.findings]
        if any(f.new is not None for f in findings):
            new = sum(bool(f.new) for f in findings if f.failing or f.outcome is Outcome.REVIEW)
            known = sum(f.known for f in findings if f.failing or f.outcome is Outcome.REVIEW)
            pieces.append((f"; {new} new, {known} known from the baseline", None))
        hidden = []
        if not self.verbose:
            hidden = [
                plural(n, word, words)
                for n, word, words in (
                    (s.passed, "rule passed", "rules passed"),
                    (s.skipped, "rule not applicable", "rules not applicable"),
                    (s.suggestions, "suggestion", None),
                )
                if n
            ]
        if report.skipped and not self.verbose:
            hidden.append(plural(len(report.skipped), "file skipped", "files skipped"))
        if hidden:
            pieces.append((f" (-v shows {', '.join(hidden)})", "dim"))
        return _Line(tuple(pieces))

    # -- output ------------------------------------------------------------------------------------------------

    def _emit(self, lines: Iterable[_Line]) -> str:
        out = []
        for line in lines:
            out.extend(self._wrap(line))
        return "".join(text + "\n" for text in out)

    def _wrap(self, line: _Line) -> list[str]:
        """The line, cut at spaces to the terminal width (a word longer than the width stands alone, never cut), each
        word in its piece's style."""
        words: list[_Word] = []
        space = False
        for text, style in line.pieces:
            for i, part in enumerate(text.split(" ")):
                if i:
                    space = True
                if part:
                    words.append((part, style, space))
                    space = False
        rows: list[list[_Word]] = [words]
        if self.width is not None:
            rows = []
            row: list[_Word] = []
            used = line.lead
            for word in words:
                extra = len(word[0]) + (1 if word[2] and row else 0)
                if row and used + extra > self.width:
                    rows.append(row)
                    row, used = [], line.indent
                    extra = len(word[0])
                row.append(word)
                used += extra
            rows.append(row)
        out = []
        for n, row in enumerate(rows):
            text = " " * (line.indent if n else line.lead)
            for i, (part, style, spaced) in enumerate(row):
                text += (" " if spaced and i else "") + self._style(part, style)
            out.append(text)
        return out

    def _style(self, text: str, style: str | None) -> str:
        if not self.color or style is None:
            return text
        import click

        return click.style(text, **_STYLE[style])


def _word(f: Finding) -> str:
    if f.outcome is Outcome.PASS:
        return "pass"
    if f.outcome is Outcome.SKIP:
        return "n/a"
    if f.outcome is Outcome.REVIEW:
        return "review"
    if f.suggestion:
        return "suggestion"
    if f.waived:
        return "waived"
    return f.severity.value


def _diagnostic(source: str, diag: Diagnostic, word: str) -> _Line:
    """``path:line:col: WORD code message`` for a parser's diagnostic, ``word`` its style too (note, warning)."""
    return _Line(
        (
            (position(source, diag.location) + ":", "path"),
            (" ", None),
            (word, word),
            (" ", None),
            (diag.code, "dim"),
            (" ", None),
            (prose(diag.message), None),
        )
    )


def location_words(location: SourceLocation | None, element: Callable[[str], str] = visible) -> str:
    """ "line 12, column 5, p[3]": a location in words, the element shown by ``element`` (the Markdown report puts it
    in code). The column is written whenever it is known, as :func:`position` writes it."""
    if location is None:
        return ""
    parts = [element(location.file)] if location.file else []  # an exhibit's place: say which file
    if location.line is not None:
        parts.append(f"line {location.line}" + (f", column {location.column}" if location.column is not None else ""))
    if location.element:
        parts.append(element(location.element))
    return ", ".join(parts)


_STATE_WORDS = {
    "pass": "met",
    "fail": "not met",
    "warning": "not met (warning)",
    "notice": "not met (notice)",
    "review": "needs review",
    "waived": "waived",
    "skip": "not applicable",
    "not-checked": "not checked",
}

_COUNT_WORDS = (
    ("fail", "not met", "not met", "bad"),
    ("warning", "warning", "warnings", "warning"),
    ("notice", "notice", "notices", "notice"),
    ("review", "needs review", "need review", "review"),
    ("waived", "waived", "waived", "waived"),
)


def _counts(counts: dict[str, int]) -> list[Piece]:
    total = sum(counts.values())
    pieces: list[Piece] = [
        (f"{counts['pass']} of {plural(total, 'requirement')} met", "good" if counts["pass"] == total else None)
    ]
    for key, one, many, style in _COUNT_WORDS:
        if counts.get(key):
            pieces += [(", ", None), (f"{counts[key]} {one if counts[key] == 1 else many}", style)]
    return pieces
