"""Finding the cybersecurity item in a whole filing: "Item 1C. Cybersecurity" (10-K), "Item 16K" (20-F) or
"Item 1.05" (8-K) — the real section, not its table-of-contents entry nor a cross-reference — ending at the next
item heading. Works on the paragraph list of :mod:`engine.parsers.htmltext` (or any list of lines)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Diagnostic, Form, SectionStatus, Segment
from ..text import TextBuilder, word_count
from .htmltext import Paragraph

_ITEM = r"item[\s.]*(\d{1,2}[a-z]?(?:\.\d{2})?)\b"
_HEADING = re.compile(r"^(?:part\s+[ivx]+\s*[,.:\-–—]?\s*)?" + _ITEM + r"\s*[.:\-–—]?", re.I)
_PART = re.compile(r"^part\s+[ivx]+\b", re.I)
_SIGNATURES = re.compile(r"^signatures?\b", re.I)
_NOISE = re.compile(r"^(?:\d{1,3}|[ivx]{1,5}|table of contents|index|back to contents)$", re.I)
# Running page headers and footers: "Apple Inc. | 2024 Form 10-K | 17", "2024 Form 10-K |", "Page 23".
_RUNNING = re.compile(r"(?:\bform\s+(?:10-k|20-f|8-k)\b.*(?:\||\d{1,3}\s*$)|\|\s*$|^page\s+\d{1,3}$)", re.I)
_INCORPORATED = re.compile(
    r"incorporated\s+(?:[\w-]+\s+){0,4}by\s+reference|is\s+incorporated\s+herein|(?:set\s+forth|included)\s+(?:under|in)\s+"
    r"(?:the\s+)?(?:caption|section|heading)",
    re.I,
)
TARGET_ITEMS = {"1c": Form.TEN_K, "16k": Form.TWENTY_F, "1.05": Form.EIGHT_K}
MAX_HEADING_WORDS = 16


@dataclass(frozen=True)
class Located:
    status: SectionStatus
    form: Form  # which item was found
    heading: int  # index of the heading paragraph (-1 when missing)
    start: int  # first body paragraph
    end: int  # one past the last


def heading_item(text: str) -> str | None:
    """The item number of a heading paragraph ('1c', '16k', '2', '1.05'), or None if the line is not a heading."""
    if word_count(text) > MAX_HEADING_WORDS:
        return None
    m = _HEADING.match(text)
    return m.group(1).lower() if m else None


def is_noise(text: str) -> bool:
    """Page numbers and 'Table of Contents' links that page layout scatters through a section."""
    text = text.strip()
    return _NOISE.match(text) is not None or (word_count(text) <= 10 and _RUNNING.search(text) is not None)


def _ends_section(text: str, item: str) -> bool:
    found = heading_item(text)
    if found is not None and found != item:
        return True
    short = word_count(text) <= MAX_HEADING_WORDS
    return short and (_PART.match(text) is not None or _SIGNATURES.match(text) is not None)


def locate(texts: Sequence[str], prefer: Form = Form.UNKNOWN) -> Located:
    """Pick the cybersecurity section: of every heading for a target item, the one followed by the most words before
    the next item heading — a table-of-contents entry is followed at once by the next entry."""
    best: tuple[int, int, int, int, str] | None = None  # (score, heading, start, end, item)
    for i, text in enumerate(texts):
        item = heading_item(text)
        if item not in TARGET_ITEMS:
            continue
        end = i + 1
        while end < len(texts) and not _ends_section(texts[end], item):
            end += 1
        words = sum(word_count(t) for t in texts[i + 1 : end] if not is_noise(t))
        # A heading that carries its body on the same line ("Item 1C. Cybersecurity. We maintain…").
        words += max(0, word_count(text) - 4) if word_count(text) > 6 else 0
        bonus = 1 if prefer is not Form.UNKNOWN and TARGET_ITEMS[item] is prefer else 0
        score = words * 2 + bonus
        if words and (best is None or score > best[0]):
            best = (score, i, i + 1, end, item)
    if best is None:
        return Located(SectionStatus.MISSING, prefer, -1, 0, 0)
    _, heading, start, end, item = best
    body = " ".join(texts[start:end])
    status = SectionStatus.FOUND
    if word_count(body) < 150 and _INCORPORATED.search(body):
        status = SectionStatus.INCORPORATED_BY_REFERENCE
    return Located(status, TARGET_ITEMS[item], heading, start, end)


def build_section(paras: Sequence[Paragraph], prefer: Form = Form.UNKNOWN) -> tuple[Located, str, tuple[Segment, ...]]:
    """Locate the section among a whole document's paragraphs and build its text, noise left out."""
    body = [p for p in paras if not is_noise(p.text)]
    located = locate([p.text for p in body], prefer)
    builder = TextBuilder()
    for p in body[located.start : located.end]:
        builder.add(p.text, p.location)
    text, segments = builder.build()
    return located, text, segments


def status_diagnostics(status: SectionStatus) -> list[Diagnostic]:
    """What to tell the reader when the section is not simply there."""
    if status is SectionStatus.MISSING:
        return [Diagnostic(code="section.missing", message="no Item 1C / 16K / 1.05 section found in the document")]
    if status is SectionStatus.INCORPORATED_BY_REFERENCE:
        return [
            Diagnostic(
                code="section.incorporated",
                message="the cybersecurity item only incorporates the disclosure by reference (e.g. to the annual "
                "report exhibit); check that document",
            )
        ]
    return []


def section_or_whole(
    paras: Sequence[Paragraph], prefer: Form = Form.UNKNOWN
) -> tuple[Located, str, tuple[Segment, ...]]:
    """For drafts: the cybersecurity item when the draft has items; the whole draft when it has no item headings at
    all (a draft of the disclosure alone)."""
    located, text, segments = build_section(paras, prefer)
    if located.status is SectionStatus.MISSING and not any(heading_item(p.text) for p in paras):
        builder = TextBuilder()
        for p in paras:
            if not is_noise(p.text):
                builder.add(p.text, p.location)
        text, segments = builder.build()
        located = Located(SectionStatus.FOUND if text else SectionStatus.MISSING, prefer, -1, 0, len(paras))
    return located, text, segments
