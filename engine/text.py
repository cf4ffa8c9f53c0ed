"""Plain-text helpers shared by parsers and check kinds: building text with a map back to the source, sentence
splitting with offsets, word counts, and the phrase syntax rule files use."""

from __future__ import annotations

import datetime as dt
import importlib
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any, cast

from .model import Segment, SourceLocation

_SPACES = re.compile(r"[\s\u00a0\u2007\u202f\u2009\u200a\u3000\u200b]+")


HYPHENS = "\u2010\u2011"
"""The hyphen and the non-breaking hyphen: word processors and filing agents write "third‑party" and "cyber‑attack"
with them (``&#8209;`` in real 10-Ks). The text reads them as the hyphen-minus that rule phrases are written with —
one character for one, so no offset moves."""


def clean_line(line: str) -> str:
    """One paragraph of prose: every run of whitespace (newlines and odd spaces too) folded to one plain space, and
    the :data:`HYPHENS` read as "-".

    ``str.split()`` splits at exactly the characters ``\\s`` matches (Unicode whitespace, the odd spaces above among
    them) and is several times faster than the regex on every paragraph of a filing; the zero-width space is the one
    character of ``_SPACES`` that is not whitespace to Python. Plain ASCII (most paragraphs) is never scanned for the
    rest (``isascii`` reads a flag)."""
    if not line.isascii():
        line = fold_hyphens(line.replace("\u200b", " ") if "\u200b" in line else line)
    return " ".join(line.split())


def fold_hyphens(text: str) -> str:
    """``text`` with each of the :data:`HYPHENS` written as "-"."""
    for hyphen in HYPHENS:
        if hyphen in text:
            text = text.replace(hyphen, "-")
    return text


OVERLAP_SCAN_BUDGET = 1 << 28
"""Characters :meth:`TextBuilder.__contains__` may scan in all, for one builder, looking for a paragraph inside earlier
ones; past it only exact repeats are found (a fact-only source with tens of thousands of distinct paragraphs)."""


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` (line endings already made LF, see ``SourceFile.text``), split at LF only — the lines an
    editor numbers. ``str.splitlines`` also splits at form feeds, U+2028 and others, which would shift line numbers."""
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines


class TextBuilder:
    """Accumulates paragraphs into one string while recording where each came from."""

    def __init__(self, scan_budget: int = OVERLAP_SCAN_BUDGET) -> None:
        self._parts: list[str] = []
        self._segments: list[Segment] = []
        self._length = 0
        self._added: set[str] = set()
        self._joined = ""  # the first _joined_parts parts, joined: the text membership tests scan
        self._joined_parts = 0
        self._scan_budget = scan_budget
        self.scan_exhausted = False
        """True once a membership test was answered from exact repeats only (the scan budget was spent)."""

    def add(self, text: str, location: SourceLocation) -> None:
        """Append one paragraph (no newlines inside), separated from the previous one by a newline."""
        if not text:
            return
        if self._parts:
            self._parts.append("\n")
            self._length += 1
        self._segments.append(Segment(start=self._length, end=self._length + len(text), location=location))
        self._parts.append(text)
        self._length += len(text)
        self._added.add(text)

    def build(self) -> tuple[str, tuple[Segment, ...]]:
        return "".join(self._parts), tuple(self._segments)

    def __contains__(self, text: str) -> bool:
        """Whether ``text`` is already in the built text: a paragraph added before (a set look-up), else a part of
        one — a scan of the text so far, bounded in all by the scan budget so that many distinct paragraphs cost
        linear time, not quadratic."""
        if not text or text in self._added:
            return True
        if self._length > self._scan_budget:
            self.scan_exhausted = True
            return False
        self._scan_budget -= self._length
        if self._joined_parts < len(self._parts):
            self._joined += "".join(self._parts[self._joined_parts :])
            self._joined_parts = len(self._parts)
        return text in self._joined


# A word is a run of ASCII letters and digits that may carry apostrophes and hyphens inside (the regular expression
# [A-Za-z0-9][A-Za-z0-9'’-]*). Counted without building the words: apostrophes and hyphens dropped, every other
# character a space, the runs split — all at C speed; the count is the regular expression's (tested).
_WORD_CLASSES = bytes(ord("a") if chr(i).isascii() and chr(i).isalnum() else ord(" ") for i in range(256))


def word_count(text: str) -> int:
    return len(text.replace("’", "'").encode("ascii", "replace").translate(_WORD_CLASSES, b"'-").split())


# Abbreviations that end with a period but do not end a sentence in SEC prose.
_ABBREVIATIONS = frozenset(
    [
        "inc",
        "co",
        "corp",
        "ltd",
        "llc",
        "plc",
        "n.a",
        "u.s",
        "u.k",
        "mr",
        "mrs",
        "ms",
        "dr",
        "ph.d",
        "m.s",
        "b.s",
        "b.a",
        "m.b.a",
        "j.d",
        "e.g",
        "i.e",
        "etc",
        "no",
        "nos",
        "vs",
        "st",
        "jr",
        "sr",
        "dec",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "approx",
        "dept",
    ]
)
# A run of final punctuation is tried where it starts, only: the same matches as without the look-behind (a start
# inside a run can only end where the whole run could), but "....a" no longer costs a scan to its end from every dot
# of it (quadratic: 20,000 dots took 13 s).
_SENTENCE_END = re.compile(r"(?<![.!?;])[.!?;]+[\"'”’)\]]*(?=\s+|$)|\n+")


@lru_cache(maxsize=256)
def sentences(text: str) -> tuple[tuple[int, int], ...]:
    """Sentence spans [start, end) of ``text``; newlines always end one, abbreviations do not.

    Semicolons end a span too: disclosures pack enumerations into one sentence with ';' and a finding should quote
    the clause that matters, not the whole paragraph.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.group().startswith("."):
            word = _word_before(text, start, m.start())
            if word and (word.lower() in _ABBREVIATIONS or len(word) == 1):
                continue
            # "Item 1A." inside a sentence, or a number such as "2.0", is not an end.
            if _item_number_before(text, start, m.start()):
                continue
        _push(text, start, m.end(), spans)
        start = m.end()
    _push(text, start, len(text), spans)
    return tuple(spans)  # cached: every rule reads the same few texts


# The two look-behinds of ``sentences`` read back from the period, never the whole sentence so far: a sentence that
# runs on through many abbreviations ("Inc. Inc. Inc. …") would otherwise be searched again at each one (quadratic).
# Each answers exactly what a search of text[start:end] with the pattern would; ``start`` never follows a word
# character (it is 0 or just after a sentence end), so ``\b`` there reads the same in the slice and in ``text``.
_LAST_WORD = re.compile(r"[A-Za-z][A-Za-z.]*$")
_ITEM_NUMBER = re.compile(r"\bItem\s+\d+[A-Z]?$", re.I)
_DIGIT = re.compile(r"\d")
_SPACE = re.compile(r"\s")
_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.")


def _word_before(text: str, start: int, end: int) -> str | None:
    """``re.search(r"([A-Za-z][A-Za-z.]*)$", text[start:end]).group(1)``: the run of letters and dots before ``end``,
    from its first letter."""
    run = end
    while run > start and text[run - 1] in _WORD_CHARS:
        run -= 1
    m = _LAST_WORD.search(text, run, end)
    return m.group() if m else None


def _item_number_before(text: str, start: int, end: int) -> bool:
    r"""``re.search(r"\bItem\s+\d+[A-Z]?$", text[start:end], re.I)``: a match must end at ``end``, its digits and
    spaces are whole runs, so only one place can hold "Item" — the pattern itself decides there."""
    digits_end = end
    if digits_end > start and not _DIGIT.match(text, digits_end - 1):
        digits_end -= 1  # the optional letter ("1A")
    digits = digits_end
    while digits > start and _DIGIT.match(text, digits - 1):
        digits -= 1
    spaces = digits
    while spaces > start and _SPACE.match(text, spaces - 1):
        spaces -= 1
    if digits == digits_end or spaces == digits or spaces - 4 < start:
        return False
    return _ITEM_NUMBER.match(text, spaces - 4, end) is not None


def _push(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


@lru_cache(maxsize=4096)
def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """Compile the phrase syntax of rule files.

    - ``re:<regex>``: a Python regular expression, used as written (case-insensitive).
    - otherwise a literal phrase: case-insensitive, word-bounded, any run of spaces or hyphens between words matches
      any other (``third-party`` = ``third party``), and a trailing ``*`` on a word matches any ending
      (``monitor*`` = monitor, monitors, monitoring).
    """
    return re.compile(phrase_source(phrase), re.I)


def _regex_parser() -> Callable[[str, int], object]:
    """The parser behind ``re.compile`` (``re._parser`` since Python 3.11): parsing alone is the cheaper half of
    compiling, and raises the same errors for what it reads; ``re.compile`` where it is not there."""
    try:
        module: Any = importlib.import_module("re._parser")
    except ImportError:  # pragma: no cover - Python 3.10, where sre_parse is its name
        return re.compile
    return cast("Callable[[str, int], object]", module.parse)


_parse_regex = _regex_parser()
_GROUP_REFERENCE = re.compile(r"(?<!\\)(?:\\\\)*\\[1-9]|\(\?P=|\(\?\(")  # \1 (not \\1), (?P=name), (?(1)yes|no)


@lru_cache(maxsize=4096)
def phrase_source(phrase: str) -> str:
    """The regular expression :func:`phrase_pattern` compiles (case-insensitively), checked: a ``re:`` phrase that
    does not compile raises ``re.error``; an empty phrase, or a ``re:`` phrase that names a group or refers back to
    one, ``ValueError``. Rules combine hundreds of phrases into one
    pattern each; only ``re:`` phrases need compiling on their own (a literal phrase always compiles), which keeps
    loading the rules fast."""
    if phrase.startswith("re:"):
        source = phrase[3:]
        # Read alone (an unbalanced "a)|(b" would pass once wrapped), then compiled as it will stand in a combined
        # pattern: global flags such as "(?i)" are an error there, and must be this phrase's error, at load, not the
        # whole pattern's when a rule first runs. The wrapped form is what the reading layer compiles: re's cache
        # keeps it.
        _parse_regex(source, re.I)
        try:
            wrapped = re.compile(f"(?:{source})", re.I)
        except re.error as exc:
            if "global flags" in str(exc):  # re's wording points inside our wrapper, not at what the user wrote
                raise ValueError(
                    "a phrase may not set global flags such as (?i) (phrases already match in any case); "
                    "use a scoped flag such as (?x:...) for a part of it"
                ) from None
            raise
        if wrapped.groupindex or _GROUP_REFERENCE.search(source):
            # Nothing reads a phrase's groups, and combined with other phrases their names clash and their numbers
            # shift (a "\\1" would name another phrase's group).
            raise ValueError("a phrase may not name groups or refer back to one; use (?:...) for grouping")
        return source
    words = [w for w in re.split(r"[\s\-]+", phrase.strip()) if w]
    if not words:
        raise ValueError("empty phrase")
    parts = []
    for w in words:
        if w.endswith("*") and len(w) > 1:
            parts.append(re.escape(w[:-1]) + r"[\w’'\-]*")
        else:
            parts.append(re.escape(w))
    body = r"[\s\-\u00a0]+".join(parts)
    head = r"\b" if re.match(r"\w", words[0]) else ""
    tail = r"\b" if re.search(r"[\w*]$", words[-1]) else ""
    return head + body + tail


def camel_name(label: str) -> str:
    """An element-like name for a label we do not know: 'Foo Bar [Text Block]' → 'FooBarTextBlock'."""
    words = re.findall(r"[A-Za-z0-9]+", label)
    return "".join(w[:1].upper() + w[1:] for w in words) or "Unnamed"


_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}
_DATE = re.compile(
    r"\b(?P<iso>(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2}))\b"
    r"|\b(?P<month>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\s*,?\s+(?P<year>\d{4})\b"
    r"|\b(?P<us>(?P<um>\d{1,2})/(?P<ud>\d{1,2})/(?P<uy>\d{4}))\b"
)


def find_dates(text: str) -> list[tuple[int, int, dt.date]]:
    """Every calendar date written in ``text`` — 2025-06-02, June 2, 2025, Jun. 2nd 2025, 6/2/2025 (US order) —
    as (start, end, date); impossible dates are left out."""
    out = []
    for m in _DATE.finditer(text):
        try:
            if m.group("iso"):
                day = dt.date(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
            elif m.group("us"):
                day = dt.date(int(m.group("uy")), int(m.group("um")), int(m.group("ud")))
            else:
                month = _MONTHS.get(m.group("month")[:3].lower())
                if month is None:
                    continue
                day = dt.date(int(m.group("year")), month, int(m.group("day")))
        except ValueError:
            continue
        out.append((m.start(), m.end(), day))
    return out
