"""The Jinja2 environment shared by template-based reporters, and the view helpers their templates use."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache

import jinja2

from ..model import TEXT_FIELD, Disclosure, DocumentResult, Finding, SourceLocation
from ..resources import bundled


@cache
def environment(autoescape: bool) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(bundled("templates"))),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["where"] = where
    env.filters["md"] = markdown_escape
    return env


def where(location: SourceLocation | None) -> str:
    if location is None:
        return ""
    file = f"{location.file}, " if location.file else ""  # an exhibit an incorporated item was read from
    if location.line is not None:
        return file + f"line {location.line}" + (f", column {location.column}" if location.column else "")
    return file + (location.element or "") if location.element else file.removesuffix(", ")


def markdown_escape(text: object) -> str:
    """Text safe inside a Markdown table cell or paragraph: no markup, no HTML, no line breaks."""
    out = " ".join(str(text).split())
    for ch in "\\`*_[]<>|":
        out = out.replace(ch, "\\" + ch)
    return out


@dataclass(frozen=True)
class Piece:
    """A run of the section text and the evidence marks over it."""

    text: str
    marks: tuple[str, ...]  # evidence anchors
    tone: str  # "", "pass" or "fail": the worst outcome of the findings quoting it


def evidence_anchor(doc_index: int, finding_index: int, evidence_index: int) -> str:
    return f"d{doc_index}-f{finding_index}-e{evidence_index}"


def section_offsets(doc: Disclosure, field: str, start: int, end: int, quote: str) -> tuple[int, int] | None:
    """Where an evidence span stands in the section text (fact text is part of the section)."""
    if field == TEXT_FIELD:
        return start, end
    at = doc.text.find(quote) if quote.strip() else -1
    return (at, at + len(quote)) if at >= 0 else None


def highlight(result: DocumentResult, doc_index: int) -> list[Piece]:
    """Cut the section text into pieces at every evidence boundary."""
    doc = result.disclosure
    spans: list[tuple[int, int, str, str]] = []
    for fi, finding in enumerate(result.findings):
        tone = _tone(finding)
        for ei, ev in enumerate(finding.evidence):
            at = section_offsets(doc, ev.field, ev.start, ev.end, ev.quote)
            if at is not None and at[1] > at[0]:
                spans.append((at[0], at[1], evidence_anchor(doc_index, fi, ei), tone))
    cuts = sorted({0, len(doc.text)} | {s for s, _, _, _ in spans} | {e for _, e, _, _ in spans})
    pieces = []
    for a, b in itertools.pairwise(cuts):
        over = [(anchor, tone) for s, e, anchor, tone in spans if s <= a and b <= e]
        tones = {t for _, t in over}
        tone = "fail" if "fail" in tones else ("pass" if tones else "")
        pieces.append(Piece(doc.text[a:b], tuple(anchor for anchor, _ in over), tone))
    return pieces


def _tone(finding: Finding) -> str:
    # A waived failure's evidence is marked, but not red: the decision to accept it is on record.
    return "fail" if finding.failing else ("" if finding.waived else "pass")


def source(name: str) -> str:
    """A bundled template file's text as written (style sheets and scripts inlined verbatim into the HTML report)."""
    return (bundled("templates") / name).read_text(encoding="utf-8")
