"""A whole filing or draft read as paragraphs (HTML, Word, Markdown): the cover page's form, registrant, period and
(8-K) date of report, and the cybersecurity section — or, for a draft with no item headings, the whole text."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Diagnostic, Disclosure, Form
from ..sources import SourceFile
from ..text import find_dates, word_count
from . import sections
from .common import form_of, parse_date
from .htmltext import Paragraph

_FORM = re.compile(r"^\s*form\s+(10-k|20-f|8-k)\b", re.I)
_REGISTRANT_NOTE = re.compile(r"exact\s+name\s+of\s+registrant", re.I)
_FISCAL_YEAR = re.compile(
    r"(?:fiscal\s+year\s+ended|period\s+ended)\s*:?\s*([A-Za-z]{3,9}\.?\s+\d{1,2}\s*,?\s*\d{4})", re.I
)
# "Date of Report (Date of earliest event reported): June 5, 2025", "DATE OF REPORT (DATE OF EARLIEST EVENT
# REPORTED)", "Date of report: 6/5/2025", "Date of earliest event reported — June 5, 2025".
_REPORT_LABEL = re.compile(
    r"date\s+of\s+report\b(?:\s*\(\s*date\s+of\s+(?:the\s+)?earliest\s+event\s+reported\s*\))?"
    r"|date\s+of\s+(?:the\s+)?earliest\s+event\s+reported",
    re.I,
)
REPORT_DATE_REACH = 80  # characters after (or before) the label where its date may stand
COVER_PARAGRAPHS = 120
_SIGNATURES = re.compile(r"^\s*signatures?\s*$", re.I)
_SIGNED = re.compile(r"\bdated?\s*:?\s*(?:\|\s*)?([A-Za-z]{3,9}\.?\s+\d{1,2}\s*,?\s*\d{4}|\d{4}-\d{2}-\d{2})", re.I)
SIGNATURE_PARAGRAPHS = 40
# A draft's title line naming its company: "Acme Corp — Form 10-K Item 1C draft", "Acme Corp.: Item 1C".
_TITLE_REGISTRANT = re.compile(
    r"^(?P<name>[A-Z0-9][\w&.,'’\- ]{1,80}?)\s*(?:[—–|:]|\s-\s)\s*"
    r"(?:(?:annual\s+report\s+on\s+)?form\s+(?:10-k|20-f|8-k)|item\s+(?:1c|16k|1\.05))\b",
    re.I,
)
_NOT_A_NAME = re.compile(
    r"\b(?:draft|form|item|cybersecurity|disclosure|section|template|notes?|memo|version|v\d|untitled|document)\b", re.I
)
# A company's name ends with its legal form; without one the line is a topic ("Board update — Item 1C"), not a name.
_LEGAL_FORM = re.compile(
    r"[\s,](?:inc|incorporated|corp|corporation|co|company|ltd|limited|llc|l\.?l\.?c|lp|l\.p|plc|n\.v|s\.a|se|ag|gmbh"
    r"|holdings|group|bancorp|trust)\.?$",
    re.I,
)
DRAFT_TITLE_PARAGRAPHS = 3
MAX_NAME_WORDS = 8


@dataclass(frozen=True)
class Cover:
    form: Form
    registrant: str | None
    period_end: dt.date | None  # the fiscal year's end (10-K, 20-F)
    report_date: dt.date | None  # the date of report (8-K)


def report_date(paras: list[Paragraph]) -> dt.date | None:
    """The 8-K cover's date of report: after its label in the same paragraph, in the paragraph after it, or in the
    short paragraph before it (covers laid out as a table put the date above its caption)."""
    for i, p in enumerate(paras):
        m = _REPORT_LABEL.search(p.text)
        if not m:
            continue
        after = find_dates(p.text[m.end() : m.end() + REPORT_DATE_REACH])
        if after:
            return after[0][2]
        before = find_dates(p.text[max(0, m.start() - REPORT_DATE_REACH) : m.start()])
        if before:
            return before[-1][2]
        for near in (i + 1, i - 1):
            if 0 <= near < len(paras) and word_count(paras[near].text) <= 6:
                found = find_dates(paras[near].text)
                if found:
                    return found[0][2]
    return None


def cover(paras: list[Paragraph]) -> Cover:
    """The cover page: 'FORM 10-K', the line above '(Exact name of registrant as specified in its charter)', 'For the
    fiscal year ended December 31, 2024' — or, on an 8-K, its date of report, which is no period's end."""
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
    reported = report_date(head) if form in (Form.EIGHT_K, Form.UNKNOWN) else None
    period = None
    if form is not Form.EIGHT_K:
        for p in head:
            m = _FISCAL_YEAR.search(p.text)
            if m:
                period = parse_date(m.group(1))
                if period:
                    break
    return Cover(form, registrant, period, reported)


def draft_registrant(paras: list[Paragraph]) -> str | None:
    """The company a draft's title line names ("Acme Corp — Form 10-K Item 1C draft"); None unless the line plainly
    says which form or item it drafts for a name with a legal form (Inc., Corp, plc…) — no guess beats a wrong one."""
    for p in paras[:DRAFT_TITLE_PARAGRAPHS]:
        m = _TITLE_REGISTRANT.match(p.text)
        if not m:
            continue
        name = m.group("name").strip(" ,-")
        words = name.split()
        if len(words) <= MAX_NAME_WORDS and _LEGAL_FORM.search(name) and not _NOT_A_NAME.search(name):
            return name
    return None


def signature_date(paras: list[Paragraph]) -> dt.date | None:
    """The date in the signature block ("SIGNATURES … Date: March 5, 2025"): for an 8-K, the filing date unless the
    user gives another. The last SIGNATURES heading wins (the first may be a table-of-contents entry)."""
    heads = [i for i, p in enumerate(paras) if _SIGNATURES.match(p.text)]
    if not heads:
        return None
    block = " | ".join(p.text for p in paras[heads[-1] + 1 : heads[-1] + 1 + SIGNATURE_PARAGRAPHS])
    m = _SIGNED.search(block)
    return parse_date(m.group(1)) if m else None


def from_paragraphs(
    source: SourceFile,
    fmt: str,
    paras: list[Paragraph],
    whole_when_no_items: bool,
    diagnostics: Sequence[Diagnostic] = (),
) -> Disclosure:
    """The Disclosure of a document given as paragraphs. A filing must have its item; a draft without any item
    headings (``whole_when_no_items``) is the disclosure itself, if it talks about cybersecurity. ``diagnostics`` are
    the parser's own, reported before the section's."""
    page = cover(paras)
    form, registrant = page.form, page.registrant
    if whole_when_no_items and registrant is None:
        registrant = draft_registrant(paras)
    find = sections.section_or_whole if whole_when_no_items else sections.build_section
    located, text, segments = find(paras, form)
    if form is Form.UNKNOWN and located.heading >= 0:
        form = located.form  # the item found says which form this is
    reported = page.report_date if form in (Form.EIGHT_K, Form.UNKNOWN) else None
    return Disclosure(
        source=source.display,
        format=fmt,
        form=form,
        issuer=registrant,
        period_end=page.period_end if form is not Form.EIGHT_K else None,
        report_date=reported,
        section_status=located.status,
        located_by=located.how,
        text=text,
        text_segments=segments,
        diagnostics=(*diagnostics, *located.diagnostics),
        signed_on=signature_date(paras) if form is Form.EIGHT_K else None,
    )
