"""Pieces every tagged-format parser needs: fact ids with duplicates numbered, the section text of a source that is
only facts, flag values, dates and form types written the ways filings write them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from ..model import Diagnostic, Fact, FactKind, Form, Segment, SourceLocation
from ..taxonomy import Element
from ..text import TextBuilder, find_dates


class FactIds:
    """Gives each fact an id: its local name, then '#2', '#3'… for the same element again."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def next(self, name: str) -> str:
        self.counts[name] = self.counts.get(name, 0) + 1
        n = self.counts[name]
        return name if n == 1 else f"{name}#{n}"

    def duplicates(self) -> list[Diagnostic]:
        return [
            Diagnostic(code="fact.duplicate", message=f"{name} is tagged {count} times")
            for name, count in sorted(self.counts.items())
            if count > 1
        ]


def section_from_facts(
    facts: Iterable[Fact], diagnostics: list[Diagnostic] | None = None
) -> tuple[str, tuple[Segment, ...]]:
    """The section text of a source that has only facts (an R page, an XBRL instance): every text block's
    paragraphs, in order, each once — blocks overlap, and often repeat sentences of one another. A paragraph inside
    an earlier one is left out too, up to the builder's scan budget; past it only exact repeats are (reported)."""
    section = TextBuilder()
    for fact in facts:
        if fact.kind is FactKind.TEXT:
            for seg in fact.segments:
                paragraph = fact.text[seg.start : seg.end]
                if paragraph not in section:
                    section.add(paragraph, seg.location)
    if section.scan_exhausted and diagnostics is not None:
        diagnostics.append(
            Diagnostic(
                level="notice",
                code="section.overlap",
                message="too many distinct text-block paragraphs to look for each one inside the others; only exact "
                "repeats were left out of the section text",
            )
        )
    return section.build()


def empty_section(facts: Sequence[Fact], text: str, diagnostics: Sequence[Diagnostic]) -> Diagnostic | None:
    """Why a source's tagged cyd text blocks give no section, or None when they give one (or there are none — a source
    that tags flags only is judged on its flags): text blocks that are all empty leave nothing to review, so the
    section is missing, not found."""
    blocks = sum(f.known and f.kind is FactKind.TEXT for f in facts)
    if not blocks or text.strip():
        return None
    why = "its text block is empty" if blocks == 1 else f"all {blocks} of its text blocks are empty"
    if any(d.code == "xml.entity" for d in diagnostics):
        why += " (its entity references are not expanded)"
    return Diagnostic(
        code="section.missing",
        message=f"the tagged cyd section has no text — {why}: there is no disclosure to read",
    )


_BOOLEANS = {"true": True, "yes": True, "1": True, "☒": True, "false": False, "no": False, "0": False, "☐": False}


def boolean(text: str) -> bool | None:
    return _BOOLEANS.get(text.strip().lower())


def flag_value(
    text: str, where: str, location: SourceLocation, diagnostics: list[Diagnostic], transform: str | None = None
) -> bool | None:
    """A flag's value: from an inline XBRL transformation (``ixt:fixed-true``) when there is one, else from its text.
    A flag that answers neither way is reported and read as not answered."""
    value = {"fixed-true": True, "fixed-false": False}.get((transform or "").rpartition(":")[2])
    if value is None:
        value = boolean(text)
    if value is None:
        diagnostics.append(
            Diagnostic(
                code="flag.value",
                message=f"flag {where} has no boolean value ({text.strip()[:40]!r}); read as not answered",
                location=location,
            )
        )
    return value


def kind_of(element: Element | None, localname: str) -> FactKind:
    """A tagged element's kind: from the catalogue, or, for an element it does not know, from its name."""
    if element is not None:
        return element.kind
    return FactKind.FLAG if localname.endswith("Flag") else FactKind.TEXT


def fact_value(
    kind: FactKind,
    text: str,
    where: str,
    location: SourceLocation,
    diagnostics: list[Diagnostic],
    transform: str | None = None,
    nil: bool = False,
) -> bool | str | None:
    """A fact's value: None when nil, a flag's boolean (see :func:`flag_value`), else the text (None if empty)."""
    if nil:
        return None
    if kind is FactKind.FLAG:
        return flag_value(text, where, location, diagnostics, transform)
    return text or None


def parse_date(text: str) -> dt.date | None:
    """The first date written in ``text`` (2024-12-31, December 31, 2024, Dec. 31, 2024), or None."""
    found = find_dates(text)
    return found[0][2] if found else None


def form_of(document_type: str | None) -> Form:
    """dei:DocumentType (or a cover page's 'FORM 10-K') → Form; amendments and transition reports count as the form."""
    if not document_type:
        return Form.UNKNOWN
    text = document_type.upper().replace(" ", "")
    for form in (Form.TEN_K, Form.TWENTY_F, Form.EIGHT_K):
        if text.startswith(form.value.replace(" ", "")):
            return form
    return Form.UNKNOWN
