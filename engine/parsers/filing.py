"""A whole filing or draft read as paragraphs (HTML, Word, Markdown): the cover page's form, registrant and period,
and the cybersecurity section — or, for a draft with no item headings, the whole text."""

from __future__ import annotations

import datetime as dt
import re

from ..model import Disclosure, Form
from ..sources import SourceFile
from . import sections
from .common import form_of, parse_date
from .htmltext import Paragraph

_FORM = re.compile(r"^\s*form\s+(10-k|20-f|8-k)\b", re.I)
_REGISTRANT_NOTE = re.compile(r"exact\s+name\s+of\s+registrant", re.I)
_FISCAL_YEAR = re.compile(
    r"(?:fiscal\s+year\s+ended|period\s+ended)\s*:?\s*([A-Za-z]{3,9}\.?\s+\d{1,2}\s*,?\s*\d{4})", re.I
)
_REPORT_DATE = re.compile(r"date\s+of\s+report[^:]*:?\s*\)?\s*([A-Za-z]{3,9}\.?\s+\d{1,2}\s*,?\s*\d{4})", re.I)
COVER_PARAGRAPHS = 120
_SIGNATURES = re.compile(r"^\s*signatures?\s*$", re.I)
_SIGNED = re.compile(r"\bdated?\s*:?\s*(?:\|\s*)?([A-Za-z]{3,9}\.?\s+\d{1,2}\s*,?\s*\d{4}|\d{4}-\d{2}-\d{2})", re.I)
SIGNATURE_PARAGRAPHS = 40


def cover(paras: list[Paragraph]) -> tuple[Form, str | None, dt.date | None]:
    """(form, registrant, period end) from the cover page: 'FORM 10-K', the line above '(Exact name of registrant
    as specified in its charter)', 'For the fiscal year ended December 31, 2024' (or an 8-K's date of report)."""
    head = paras[:COVER_PARAGRAPHS]
    form = next((form_of(m.group(1)) for p in head if (m := _FORM.match(p.text))), Form.UNKNOWN)
    registrant = None
    for i, p in enumerate(head):
        note = _REGISTRANT_NOTE.search(p.text)
        if note:
            # The name stands before the note, in the same row or in the paragraph above it.
            before = p.text[: note.start()].strip(" (")
            registrant = before if len(before) > 2 else (head[i - 1].text if i > 0 else None)
            break
    period = None
    for p in head:
        m = _FISCAL_YEAR.search(p.text) or _REPORT_DATE.search(p.text)
        if m:
            period = parse_date(m.group(1))
            if period:
                break
    return form, registrant, period


def signature_date(paras: list[Paragraph]) -> dt.date | None:
    """The date in the signature block ("SIGNATURES … Date: March 5, 2025"): for an 8-K, the filing date unless the
    user gives another. The last SIGNATURES heading wins (the first may be a table-of-contents entry)."""
    heads = [i for i, p in enumerate(paras) if _SIGNATURES.match(p.text)]
    if not heads:
        return None
    block = " | ".join(p.text for p in paras[heads[-1] + 1 : heads[-1] + 1 + SIGNATURE_PARAGRAPHS])
    m = _SIGNED.search(block)
    return parse_date(m.group(1)) if m else None


def from_paragraphs(source: SourceFile, fmt: str, paras: list[Paragraph], whole_when_no_items: bool) -> Disclosure:
    """The Disclosure of a document given as paragraphs. A filing must have its item; a draft without any item
    headings (``whole_when_no_items``) is the disclosure itself."""
    form, registrant, period_end = cover(paras)
    find = sections.section_or_whole if whole_when_no_items else sections.build_section
    located, text, segments = find(paras, form)
    if form is Form.UNKNOWN and located.heading >= 0:
        form = located.form  # the item found says which form this is
    return Disclosure(
        source=source.display,
        format=fmt,
        form=form,
        issuer=registrant,
        period_end=period_end,
        section_status=located.status,
        text=text,
        text_segments=segments,
        diagnostics=tuple(sections.status_diagnostics(located.status)),
        signed_on=signature_date(paras) if form is Form.EIGHT_K else None,
    )
