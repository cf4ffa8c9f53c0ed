"""Finding the cybersecurity section in a whole filing or draft: "Item 1C. Cybersecurity" (10-K), "Item 16K" (20-F),
"Item 1.05" (8-K), or the section a cross-reference index assigns to that item — never a table-of-contents entry,
an index row, a cross-reference or a running page header.

The algorithm, over the document's paragraphs (:mod:`engine.parsers.htmltext` for HTML, or a draft's paragraphs).
Every step is one pass, or a few passes over disjoint stretches, so the work grows linearly with the document.

1. **Noise.** Page numbers, page references ("Page 65-66", "34"), "Table of Contents" links and running page headers
   and footers belong to no section and are left out. A running line is a short line, not a sentence and not an
   item heading, that recurs at least three times either carrying a number ("McDonald's Corporation 2023 Annual
   Report 34", compared with digits blanked) or standing beside a bare page number on most of its appearances and
   at least three of them ("Risk Factors and Other Key Information" above "65").
2. **Item headings, one pass.** A paragraph of at most 16 words that starts with an item number is an item heading:
   "Item 1C. Cybersecurity", "ITEM 1C:", "Item 1C —", "Item1C.CYBERSECURITY", "PART II — Item 16K", "Item 1.05
   Material Cybersecurity Incidents", in any case, with any dots, dashes and odd spaces — but not a cross-reference
   ("Item 1C of this report", "Item 1C, “Cybersecurity,” in our Annual Report"). Walking forward once, a heading for
   a target item opens a span, which collects the body until a heading for another item, a different part heading
   or SIGNATURES. Inside a span, a heading for the same item ("Item 1C. Cybersecurity (continued)", "PART I … Item
   1C") and a repeat of the current part heading are running page headers: left out, ending and restarting
   nothing; a "(continued)" heading never opens a span. A heading with no title ("Item 1C.") takes a following
   "Cybersecurity" paragraph as its title (a heading split across cells, spans or lines). "Item 1C. Cybersecurity.
   We maintain…" is a run-in heading: the rest of its paragraph is the body.
3. **Choose.** A table-of-contents entry or an index row has no body (its page number is noise) or a few words beside
   a page reference: it is an *entry*, not a section. Of the other spans, the one with the most words wins; the
   form's own item breaks a tie.
4. **Cross-reference index.** With no such span, the target item's entries say where the section is: the first
   in-document hyperlink of the entry's row (``href="#x"`` → the element whose ``id`` or ``name`` is x → the first
   paragraph from there on) or, without a usable one, a caption the entry quotes ('see “Cybersecurity Risk
   Management”') or its title ("Cybersecurity") as a heading elsewhere in the body, one on the entry's page
   preferred. A paragraph inside an entry is never the section.
5. **Stand-alone title.** Still nothing, in a filing (not a draft): a heading reading only "Cybersecurity" whose body
   mentions cybersecurity (20-F and annual-report layouts).
6. **End of a titled section.** A section found by a title (4, 5) ends at the next item, part or SIGNATURES heading,
   at the next heading that looks the same or ranks higher (:mod:`engine.parsers.headings`: the next 14pt heading,
   the next bold capitals line, the next Word "Heading 1" or Markdown "#") or at the next candidate of that title.
7. **Status.** Under 150 words that only point elsewhere ("incorporated … by reference", "set forth under the
   caption") is *incorporated by reference*; nothing found is *missing*. How the section was found is said in words
   (``Disclosure.located_by``).

Drafts (Word, Markdown, plain text) without any item heading are the disclosure itself — when they talk about
cybersecurity at all (:func:`section_or_whole`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from lxml import etree

from ..model import Diagnostic, Form, SectionStatus, Segment, SourceLocation
from ..text import TextBuilder, word_count
from .headings import HeadingStyle, style_of
from .htmltext import BLOCKS, CELLS, Paragraph, local

TARGET_ITEMS = {"1c": Form.TEN_K, "16k": Form.TWENTY_F, "1.05": Form.EIGHT_K}
ITEM_NAMES = {"1c": "Item 1C", "16k": "Item 16K", "1.05": "Item 1.05"}
MAX_HEADING_WORDS = 16
TITLE_WORDS = 12  # a heading found by its look or title is shorter than this
RUNNING_WORDS = 12
RUNNING_REPEATS = 3
INCORPORATED_WORDS = 150
ENTRY_WORDS = 12  # an index row may carry a few words besides its page reference
MAX_ENTRIES = 16  # index entries read for one item; a real filing has two or three (table of contents, index)
LINK_ELEMENTS = 400  # elements searched for hyperlinks in one index row

_ODD = re.compile(r"[\u00ad\ufeff\u200b-\u200d\u2060]")  # soft hyphens and zero-width characters
_PART_PREFIX = r"(?:part\s+[ivx]+\b[\s,.:;|\-–—…]*)?"
_ITEM_TOKEN = r"item\s*[.:]?\s*(\d{1,2})(?:\s?\.?\s?([a-z]))?(?:\.(\d{2}))?(?![a-z0-9])"
_HEADING = re.compile("^" + _PART_PREFIX + _ITEM_TOKEN, re.I)
_CYBER = r"(?:material\s+)?cyber\s*-?\s*security(?:\s+incidents?)?"
_CYBER_TITLE = re.compile(rf"^{_CYBER}\s*[.:]?$", re.I)
_STANDALONE_TITLE = re.compile(r"^cyber\s*-?\s*security\s*[.:]?$", re.I)
_RUN_IN = re.compile("^" + _PART_PREFIX + _ITEM_TOKEN + rf"[\s.:;\-–—]*{_CYBER}\s*[.:\-–—]+\s+(?=\S)", re.I)
_CONTINUED = re.compile(r"\(\s*cont(?:inued|['’]d|\.)?\s*\)|\bcontinued\s*$", re.I)
_REFERENCE_START = re.compile(r"^(?:of|in|to|and|or|above|below|herein|hereof|for|as|is|are|was|were|which|on|under)\b")
_REFERENCE_INSIDE = re.compile(
    r"\b(?:of|in|to)\s+(?:this|our|the)\s+(?:annual\s+)?(?:report|form|document|filing|proxy)\b", re.I
)
_PART = re.compile(r"^part\s+([ivx]+)\b", re.I)
_SIGNATURES = re.compile(r"^signatures?\b", re.I)
_NOISE = re.compile(r"^(?:[ivx]{1,5}|table of contents|index|back to contents|return to table of contents)$", re.I)
_PAGE_REF = re.compile(
    r"^(?:pages?|pp?\.)?\s*(?:[a-z]-)?(\d{1,3})(?:\s*(?:[-–—,]|and|to|through)\s*(?:[a-z]-)?(\d{1,3}))*\.?$", re.I
)
_PAGE_NUMBER = re.compile(r"^(?:\d{1,3}|[ivx]{1,5})$", re.I)
_TRAILING_PAGES = re.compile(r"[\s|]*(?:pages?\s*)?\d{1,3}(?:\s*[-–—,]\s*\d{1,3})*\s*$", re.I)
# Running page headers and footers that say so themselves: "Apple Inc. | 2024 Form 10-K | 17", "2024 Form 10-K |".
_RUNNING = re.compile(r"(?:\bform\s+(?:10-k|20-f|8-k)\b.*(?:\||\d{1,3}\s*$)|\|\s*$|^page\s+\d{1,3}$)", re.I)
_DIGITS = re.compile(r"\d+")
_QUOTED = re.compile(r"[“\"]([^”\"]{3,80}?)[,.]?[”\"]")  # a caption an index row quotes
_KEYWORD_START = ("item", "part", "sign")  # the only ways a heading the locator must classify can begin
NOISE_WORDS = 10  # a page number, page reference or running line is never longer
_INCORPORATED = re.compile(
    r"incorporated\s+(?:[\w-]+\s+){0,4}by\s+reference|is\s+incorporated\s+herein|(?:set\s+forth|included)\s+(?:under|in)\s+"
    r"(?:the\s+)?(?:caption|section|heading)",
    re.I,
)
CYBER_VOCABULARY = re.compile(
    r"\bcyber|\binformation[\s-]+security\b|\bsecurity\s+(?:incident|breach|program|threat)s?\b"
    r"|\bdata\s+breach(?:es)?\b|\bransomware\b|\bmalware\b|\bphishing\b|\bCISO\b"
    r"|\bchief\s+information\s+security\s+officer\b",
    re.I,
)


def _missing_diagnostics() -> tuple[Diagnostic, ...]:
    return (Diagnostic(code="section.missing", message="no Item 1C / 16K / 1.05 section found in the document"),)


@dataclass(frozen=True)
class Located:
    status: SectionStatus
    form: Form  # which item was found (the preferred form when none was)
    heading: int  # index of the heading paragraph (-1 when none)
    body: tuple[int, ...]  # indices of the section's paragraphs, in order
    how: str | None = None  # how the section was found, in words
    cut: int = 0  # characters at the start of the first body paragraph that are a run-in heading
    diagnostics: tuple[Diagnostic, ...] = field(default_factory=_missing_diagnostics)


def _clean(text: str) -> str:
    return text if text.isascii() else _ODD.sub("", text)  # isascii() reads a flag: no scan for plain text


def _key(number: str, letter: str | None, decimal: str | None) -> str:
    return number + (letter or "").lower() + (f".{decimal}" if decimal else "")


def _title_after(text: str, end: int) -> str:
    return text[end:].strip(" .:;|-–—…()\u00a0")


def _parse_heading(text: str, words: int) -> tuple[str, str] | None:
    """(item, title) of an item heading; None for other paragraphs and for cross-references."""
    if words > MAX_HEADING_WORDS:
        return None
    m = _HEADING.match(text)
    if not m:
        return None
    title = _title_after(text, m.end())
    if _REFERENCE_START.match(title) or _REFERENCE_INSIDE.search(title):
        return None
    return _key(m.group(1), m.group(2), m.group(3)), title


def is_noise(text: str, words: int | None = None) -> bool:
    """Page numbers, page references and 'Table of Contents' links that page layout scatters through a section."""
    text = text.strip()
    if (word_count(text) if words is None else words) > NOISE_WORDS:
        return False
    return _NOISE.match(text) is not None or _PAGE_REF.match(text) is not None or _RUNNING.search(text) is not None


def _heading_like(text: str, words: int) -> bool:
    """Short, not a sentence fragment: what a section title looks like."""
    return 0 < words <= TITLE_WORDS and text[-1] not in ",;" and not text[0].islower()


def _normal_title(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", _clean(text).lower()))


@dataclass
class _Span:
    item: str
    heading: int
    stop: int = -1  # the paragraph that ended it (len(paras) at the end of the document)
    body: list[int] = field(default_factory=list)
    words: int = 0
    cut: int = 0
    title: int = -1  # a split heading's title paragraph
    page_refs: bool = False  # a page reference stands in the heading or right after it

    @property
    def entry(self) -> bool:
        """A table-of-contents entry or an index row, not the section."""
        return self.words == 0 or (self.words < ENTRY_WORDS and self.page_refs)


class _Document:
    """The paragraphs, classified once."""

    def __init__(self, paras: Sequence[Paragraph]) -> None:
        self.paras = paras
        self.texts = [_clean(p.text) for p in paras]
        self.words = [word_count(t) for t in self.texts]
        n = len(paras)
        self.items: list[str | None] = [None] * n
        self.titles: list[str] = [""] * n
        self.continued = [False] * n
        self.run_in: list[tuple[str, int] | None] = [None] * n
        self.parts: list[str | None] = [None] * n
        self.signatures = [False] * n
        for i, text in enumerate(self.texts):
            if not text[:4].lower().startswith(_KEYWORD_START):
                continue
            short = self.words[i] <= MAX_HEADING_WORDS
            parsed = _parse_heading(text, self.words[i]) if short else None
            if parsed:
                self.items[i], self.titles[i] = parsed
                self.continued[i] = _CONTINUED.search(parsed[1]) is not None
            elif not short and (m := _RUN_IN.match(text)):
                self.run_in[i] = (_key(m.group(1), m.group(2), m.group(3)), m.end())
            elif short and (m := _PART.match(text)):
                self.parts[i] = m.group(1).lower()
            elif short and _SIGNATURES.match(text):
                self.signatures[i] = True
        self.noise = self._noise()
        self._styles: dict[int, HeadingStyle] = {}

    def _noise(self) -> list[bool]:
        texts, n = self.texts, len(self.texts)
        noise = [is_noise(t, w) for t, w in zip(texts, self.words, strict=True)]
        page_number = [w <= 1 and _PAGE_NUMBER.match(t) is not None for t, w in zip(texts, self.words, strict=True)]
        repeats: dict[str, list[int]] = {}
        for i, text in enumerate(texts):
            if noise[i] or self.items[i] or self.words[i] > RUNNING_WORDS or not text or text[-1] in ".,;:?!":
                continue
            repeats.setdefault(_DIGITS.sub("#", text.lower()), []).append(i)
        for key, where in repeats.items():
            if len(where) < RUNNING_REPEATS:
                continue
            beside = sum((i > 0 and page_number[i - 1]) or (i + 1 < n and page_number[i + 1]) for i in where)
            if "#" in key or (beside >= RUNNING_REPEATS and 2 * beside >= len(where)):
                for i in where:
                    noise[i] = True
        return noise

    def where(self, i: int) -> str:
        loc = self.paras[i].location
        if loc.line is not None:
            anchor = f" ({loc.element})" if loc.element and loc.element.startswith("#") else ""
            return f"line {loc.line}{anchor}"
        return loc.element or f"paragraph {i + 1}"

    def heading_like(self, i: int) -> bool:
        return _heading_like(self.texts[i], self.words[i])

    def style(self, i: int) -> HeadingStyle:
        if i not in self._styles:
            self._styles[i] = style_of(self.paras[i])
        return self._styles[i]

    def boundary(self, i: int) -> bool:
        return self.items[i] is not None or self.parts[i] is not None or self.signatures[i]


def _spans(doc: _Document) -> list[_Span]:
    """Step 2: every span a target-item heading opens, in one forward pass."""
    spans: list[_Span] = []
    current: _Span | None = None
    part: str | None = None
    absorb = False

    def close(at: int) -> None:
        nonlocal current
        if current is not None:
            current.stop = at
            spans.append(current)
        current = None

    for i, text in enumerate(doc.texts):
        if doc.noise[i]:
            if current is not None and not current.body and _PAGE_REF.match(text):
                current.page_refs = True  # "Item 1C | Cybersecurity | Page 34": a page right after the title
            continue
        item = doc.items[i]
        if item is not None:
            if current is not None and item == current.item:
                continue  # a running page header, or the heading repeated
            if doc.continued[i] and current is None:
                continue
            close(i)
            if item in TARGET_ITEMS and not doc.continued[i]:
                current = _Span(item, i, page_refs=_TRAILING_PAGES.search(doc.titles[i]) is not None)
                absorb = not doc.titles[i]
            continue
        run_in = doc.run_in[i]
        if run_in is not None and run_in[0] in TARGET_ITEMS and (current is None or current.item != run_in[0]):
            close(i)
            current = _Span(run_in[0], i, body=[i], words=word_count(text[run_in[1] :]), cut=run_in[1])
            absorb = False
            continue
        if doc.parts[i] is not None:
            if current is not None and doc.parts[i] == part:
                continue  # the part heading repeated at the top of a page
            close(i)
            part = doc.parts[i]
            continue
        if doc.signatures[i]:
            close(i)
            continue
        if current is not None:
            if absorb and _CYBER_TITLE.match(text):
                current.title = i
            else:
                current.body.append(i)
                current.words += doc.words[i]
            absorb = False
    close(len(doc.texts))
    return spans


def _status(doc: _Document, body: Sequence[int], cut: int) -> SectionStatus:
    words = sum(doc.words[i] for i in body)
    if words < INCORPORATED_WORDS:
        text = " ".join(doc.texts[i][cut:] if k == 0 else doc.texts[i] for k, i in enumerate(body))
        if _INCORPORATED.search(text):
            return SectionStatus.INCORPORATED_BY_REFERENCE
    return SectionStatus.FOUND


def _found(doc: _Document, form: Form, heading: int, body: Sequence[int], how: str, cut: int = 0) -> Located:
    status = _status(doc, body, cut)
    return Located(status, form, heading, tuple(body), how, cut, tuple(status_diagnostics(status)))


# --- Step 4: the cross-reference index -------------------------------------------------------------------------


def _row_links(doc: _Document, span: _Span) -> list[str]:
    """The in-document hyperlink targets of an entry's row, in order."""
    seen: list[str] = []
    containers: list[etree._Element] = []
    for i in range(span.heading, span.stop):
        el = doc.paras[i].element
        if el is None or not isinstance(el.tag, str):
            continue
        row = next((a for a in el.iterancestors() if local(a) == "tr"), None)
        container = row if row is not None else _block(el)
        if not any(container is c for c in containers):
            containers.append(container)
    for container in containers:
        for count, el in enumerate(container.iter()):
            if count >= LINK_ELEMENTS:
                break
            href = el.get("href") if isinstance(el.tag, str) and local(el) == "a" else None
            if href and href.startswith("#") and len(href) > 1 and href[1:] not in seen:
                seen.append(href[1:])
    return seen


def _block(el: etree._Element) -> etree._Element:
    node = el
    while local(node) not in BLOCKS and local(node) not in CELLS:
        parent = node.getparent()
        if parent is None or local(parent) in ("body", "html"):
            break
        node = parent
    return node


def _anchors(doc: _Document, wanted: set[str]) -> dict[str, int]:
    """Each wanted id/name → the first non-noise paragraph at or after its element, in one pass over the tree."""
    first = next((p.element for p in doc.paras if p.element is not None), None)
    if first is None or not wanted:
        return {}
    owners: dict[etree._Element, int] = {}
    for i, p in enumerate(doc.paras):
        if p.element is not None and not doc.noise[i]:
            owners.setdefault(p.element, i)
    found: dict[str, int] = {}
    pending: list[str] = []
    for el in first.getroottree().getroot().iter():
        if not isinstance(el.tag, str):
            continue
        for name in (el.get("id"), el.get("name")):
            if name in wanted and name not in found and name not in pending:
                pending.append(name)
        if pending and el in owners:
            for name in pending:
                found[name] = owners[el]
            pending = []
            if len(found) == len(wanted):
                break
    return found


def _titled_body(doc: _Document, heading: int, start: int, stops: frozenset[int]) -> tuple[list[int], int]:
    """Step 6: the body of a section found by its title, and the words in it."""
    style = doc.style(heading) if heading >= 0 else None
    body: list[int] = []
    words = 0
    for j in range(start, len(doc.texts)):
        if doc.noise[j]:
            continue
        if j in stops or doc.boundary(j):
            break
        if style is not None and doc.heading_like(j) and style.closes(doc.style(j)):
            break
        body.append(j)
        words += doc.words[j]
    return body, words


def _page_range(doc: _Document, span: _Span) -> tuple[int, int] | None:
    for i in range(span.heading, span.stop):
        text = _TRAILING_PAGES.search(doc.titles[i]) if i == span.heading else None
        candidate = text.group().strip(" |") if text else doc.texts[i]
        m = _PAGE_REF.match(candidate)
        if m and (i == span.heading or doc.noise[i]):
            low = int(m.group(1))
            return low, int(m.group(2)) if m.group(2) else low
    return None


def _pages(doc: _Document) -> tuple[list[int | None], list[int | None]]:
    """For each paragraph, the page number printed before it and after it (bare numbers, running lines)."""
    marks: list[int | None] = []
    for i, text in enumerate(doc.texts):
        m = re.search(r"(?:^|\s)(\d{1,3})$", text) if doc.noise[i] else None
        marks.append(int(m.group(1)) if m else None)
    before: list[int | None] = []
    last: int | None = None
    for mark in marks:
        before.append(last)
        last = mark if mark is not None else last
    after: list[int | None] = [None] * len(marks)
    last = None
    for i in range(len(marks) - 1, -1, -1):
        after[i] = last
        last = marks[i] if marks[i] is not None else last
    return before, after


def _entry_titles(doc: _Document, span: _Span) -> list[str]:
    """The headings an entry points to: captions it quotes ('see “Cybersecurity Risk Management” on page 48'), then
    its own title ("Cybersecurity"), page numbers left off."""
    title = doc.titles[span.heading] or (doc.texts[span.title] if span.title >= 0 else "")
    if not title:
        nxt = next((i for i in range(span.heading + 1, span.stop) if not doc.noise[i]), None)
        title = doc.texts[nxt] if nxt is not None and doc.heading_like(nxt) else ""
    quoted = [q for i in range(span.heading, span.stop) for q in _QUOTED.findall(doc.texts[i])]
    return [*quoted, _TRAILING_PAGES.sub("", title).strip(" .:;|-–—…\"“”'‘’")]


def _by_index(doc: _Document, entries: list[_Span]) -> Located | None:
    """Step 4: the section a cross-reference index (or a table of contents) assigns to the target item."""
    inside = {i for span in entries for i in range(span.heading, span.stop)}
    first_links: dict[str, _Span] = {}
    for span in entries:
        links = _row_links(doc, span)
        if links:
            first_links.setdefault(links[0], span)  # later links of a row are its section's further pages
    targets = _anchors(doc, set(first_links))
    for anchor, span in first_links.items():
        t = targets.get(anchor)
        if t is None or t in inside or doc.boundary(t):
            continue
        heading = t if doc.heading_like(t) else -1
        body, words = _titled_body(doc, heading, t + 1 if heading >= 0 else t, frozenset())
        if words:
            title = f'"{doc.texts[heading]}" heading at {doc.where(heading)}' if heading >= 0 else doc.where(t)
            how = (
                f"cross-reference index ({ITEM_NAMES[span.item]} entry at {doc.where(span.heading)}) → link "
                f"#{anchor} → {title}"
            )
            return _found(doc, TARGET_ITEMS[span.item], heading, body, how)
    titles: dict[str, tuple[_Span, tuple[int, int] | None]] = {}
    for span in entries:
        pages = _page_range(doc, span)
        for title in map(_normal_title, _entry_titles(doc, span)):
            if title and (title not in titles or titles[title][1] is None):
                titles[title] = (span, pages)
    if not titles:
        return None
    before, after = _pages(doc)
    for title, (span, pages) in titles.items():
        candidates = [
            i
            for i, text in enumerate(doc.texts)
            if not doc.noise[i]
            and i not in inside
            and doc.items[i] is None
            and doc.heading_like(i)
            and _normal_title(text) == title
        ]
        best = _best_titled(doc, candidates, pages, before, after, mentions=1)
        if best is not None:
            heading, body = best
            how = (
                f"cross-reference index ({ITEM_NAMES[span.item]} entry at {doc.where(span.heading)}) → "
                f'"{doc.texts[heading]}" heading at {doc.where(heading)}'
            )
            return _found(doc, TARGET_ITEMS[span.item], heading, body, how)
    return None


def _best_titled(
    doc: _Document,
    candidates: list[int],
    pages: tuple[int, int] | None,
    before: list[int | None],
    after: list[int | None],
    mentions: int,
) -> tuple[int, list[int]] | None:
    """Of headings with the same title, the one on the right page, else the one with the most words; a body must
    mention cybersecurity ``mentions`` times. Each body stops at the next candidate, so the scans never overlap."""
    stops = frozenset(candidates)
    best: tuple[tuple[bool, int], int, list[int]] | None = None
    for i in candidates:
        body, words = _titled_body(doc, i, i + 1, stops)
        if not words:
            continue
        found = sum(1 for j in body for _ in CYBER_VOCABULARY.finditer(doc.texts[j]))
        if found < mentions:
            continue
        on_page = pages is not None and any(
            page is not None and pages[0] <= page <= pages[1] for page in (after[i], (before[i] or -2) + 1)
        )
        score = (on_page, words)
        if best is None or score > best[0]:
            best = (score, i, body)
    return (best[1], best[2]) if best else None


# --- The whole algorithm ---------------------------------------------------------------------------------------


def locate(paras: Sequence[Paragraph], prefer: Form = Form.UNKNOWN, standalone_title: bool = True) -> Located:
    """Find the cybersecurity section among a document's paragraphs (the algorithm in the module docstring)."""
    return _locate(_Document(paras), prefer, standalone_title)


def _locate(doc: _Document, prefer: Form, standalone_title: bool) -> Located:
    spans = _spans(doc)
    bodies = [s for s in spans if not s.entry]
    if bodies:
        best = max(bodies, key=lambda s: s.words * 2 + (TARGET_ITEMS[s.item] is prefer))
        how = f"{ITEM_NAMES[best.item]} heading at {doc.where(best.heading)}"
        if best.title >= 0:
            how += f', its title "{doc.texts[best.title]}" in the next paragraph'
        if best.cut:
            how += " (run-in heading)"
        return _found(doc, TARGET_ITEMS[best.item], best.heading, best.body, how, best.cut)
    entries = [s for s in spans if s.entry]
    if prefer is not Form.UNKNOWN and any(TARGET_ITEMS[s.item] is prefer for s in entries):
        entries = [s for s in entries if TARGET_ITEMS[s.item] is prefer]
    if entries:
        found = _by_index(doc, entries[-MAX_ENTRIES:])
        if found is not None:
            return found
    if standalone_title:
        inside = {i for span in entries for i in range(span.heading, span.stop)}
        candidates = [
            i
            for i, text in enumerate(doc.texts)
            if not doc.noise[i] and i not in inside and _STANDALONE_TITLE.match(text)
        ]
        best_titled = _best_titled(doc, candidates, None, [], [], mentions=2)
        if best_titled is not None:
            heading, body = best_titled
            item = next((k for k, f in TARGET_ITEMS.items() if f is prefer), "1c")
            how = f'stand-alone "{doc.texts[heading]}" heading at {doc.where(heading)} (no {ITEM_NAMES[item]} heading)'
            return _found(doc, prefer, heading, body, how)
    return Located(SectionStatus.MISSING, prefer, -1, ())


def section_text(paras: Sequence[Paragraph], located: Located) -> tuple[str, tuple[Segment, ...]]:
    """The located section's text, paragraph by paragraph, each mapped back to its source."""
    builder = TextBuilder()
    for k, i in enumerate(located.body):
        p = paras[i]
        if k == 0 and located.cut:
            text = _clean(p.text)[located.cut :]
            loc = p.location
            if loc.column is not None:
                loc = SourceLocation(line=loc.line, column=loc.column + located.cut, element=loc.element)
            builder.add(text, loc)
        else:
            builder.add(p.text, p.location)
    return builder.build()


def build_section(paras: Sequence[Paragraph], prefer: Form = Form.UNKNOWN) -> tuple[Located, str, tuple[Segment, ...]]:
    """Locate the section among a whole filing's paragraphs and build its text, noise left out."""
    located = locate(paras, prefer)
    text, segments = section_text(paras, located)
    return located, text, segments


def status_diagnostics(status: SectionStatus) -> list[Diagnostic]:
    """What to tell the reader when the section is not simply there."""
    if status is SectionStatus.MISSING:
        return list(_missing_diagnostics())
    if status is SectionStatus.INCORPORATED_BY_REFERENCE:
        return [
            Diagnostic(
                code="section.incorporated",
                message="the cybersecurity item only incorporates the disclosure by reference (e.g. to the annual "
                "report exhibit); check that document",
            )
        ]
    return []


NOT_A_DISCLOSURE = Diagnostic(
    code="not-a-disclosure",
    message="no cybersecurity content found: the document never mentions cybersecurity, cyber risk, information "
    "security or security incidents, so it is not a cybersecurity disclosure",
)


def section_or_whole(
    paras: Sequence[Paragraph], prefer: Form = Form.UNKNOWN
) -> tuple[Located, str, tuple[Segment, ...]]:
    """For drafts: the cybersecurity item when the draft has items; the whole draft when it has no item headings at
    all (a draft of the disclosure alone) — unless it never mentions cybersecurity (a README, meeting notes): then
    it is no disclosure, and the section is missing."""
    doc = _Document(paras)
    located = _locate(doc, prefer, standalone_title=False)
    if located.status is SectionStatus.MISSING and not any(doc.items):
        body = tuple(i for i in range(len(paras)) if not doc.noise[i])
        if not any(CYBER_VOCABULARY.search(doc.texts[i]) for i in body):
            located = Located(SectionStatus.MISSING, prefer, -1, (), None, 0, (NOT_A_DISCLOSURE,))
        elif body:
            located = Located(SectionStatus.FOUND, prefer, -1, body, "the whole draft (it has no item headings)", 0, ())
    text, segments = section_text(paras, located)
    return located, text, segments
