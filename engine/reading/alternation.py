"""An ordered list of phrases matched as one case-insensitive alternation — ``(?:p1)|(?:p2)|…`` — with exactly that
pattern's spans, at a fraction of its cost.

Python's ``re`` tries every alternative at every position of the text, and compiling hundreds of big alternations is
slow too (its compiler is pure Python). But a phrase can only match where its words are: "board of directors" needs
"board" in the text, ``\\bchief\\s+…officers?\\b`` needs "chief" and "officer". So each phrase is read once for the
literal strings any match of it must contain (from its parse tree, :func:`_analyse`), and for those every match must
start with. A text is lower-cased once (:func:`fold`); a phrase none of whose required strings occur in it cannot
match and is skipped; the others are compiled on first use, one by one, and run only from where a match can start.

The alternation's own semantics are kept exactly: ``re`` scans left to right and, at the first position where any
alternative matches, takes the first alternative (in list order) that does; the next search starts where that match
ends. :meth:`Alternation.spans` does the same with each phrase's next match (``Pattern.search`` with a start position
sees the text before it, so ``\\b`` and look-behinds read the same as in one scan). Phrases this cannot reproduce —
one that can match the empty string (the scan's rule for empty matches differs), or one with group references, named
groups or global flags (they mean something else, or fail, inside a combined pattern) — make the whole list fall back
to the combined pattern, compiled at once as before, errors included.
"""

from __future__ import annotations

import importlib
import re
import string
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any

# The parser behind ``re.compile`` (``re._parser`` since 3.11, ``sre_parse`` before): parsing alone is the cheap half of
# compiling. Only read here; anything in a parse tree this module does not know makes it claim nothing (no screen).
try:
    _sre: Any = importlib.import_module("re._parser")
    _ops: Any = importlib.import_module("re._constants")
except ImportError:  # pragma: no cover - Python 3.10
    _sre = importlib.import_module("sre_parse")
    _ops = importlib.import_module("sre_constants")

_MAXREPEAT = int(_ops.MAXREPEAT)
_EXACT_LIMIT = 32  # the most strings an exact set may hold before it is given up (products grow fast)
_FLAGS = re.IGNORECASE | re.UNICODE  # what the parser reports for a phrase with no global flags of its own

Span = tuple[int, int]
Literals = frozenset[str]


# --- folding a text -------------------------------------------------------------------------------------------------


_ASCII_LETTER = re.compile("[a-z]", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One character as :func:`fold` writes it: the ASCII letter ``re`` takes it for under IGNORECASE (the Kelvin
    sign is "k", the long s "s", the dotted capital I "i"), else its lower case when that is one character."""
    if _ASCII_LETTER.fullmatch(char):
        return next(a for a in string.ascii_lowercase if re.fullmatch(a, char, re.IGNORECASE))
    lower = char.lower()
    return lower if len(lower) == 1 else char


def fold(text: str) -> str:
    """``text`` with every character that ``re`` matches case-insensitively to an ASCII letter written as that
    lower-case letter, position for position (same length): an ASCII literal matches ``text`` under IGNORECASE only
    where it occurs in ``fold(text)``, so ``literal in fold(text)`` is a safe test."""
    low = text.lower()
    if low.isascii():
        return low
    if len(low) == len(text):
        # Only the few non-ASCII characters re equates with an ASCII letter need more than lower().
        odd = {ord(c): f for c in set(low) if not c.isascii() and (f := _fold_char(c)) != c}
        return low.translate(odd) if odd else low
    return "".join(_fold_char(c) for c in text)  # a lower case longer than its capital ("İ"): one at a time


# --- what a phrase needs ----------------------------------------------------------------------------------------------


class _Unsupported(Exception):
    """A phrase the per-phrase matching cannot reproduce inside an alternation."""


def _best(candidates: Iterable[Literals | None]) -> Literals | None:
    """The most selective of several sets of which each must occur: the longest shortest string, then the fewest."""
    found = [c for c in candidates if c]
    return max(found, key=lambda c: (min(map(len, c)), -len(c))) if found else None


def _product(left: Literals, right: Literals) -> Literals | None:
    if len(left) * len(right) > _EXACT_LIMIT:
        return None
    return frozenset(a + b for a in left for b in right)


class _Node:
    """What is known of a piece of pattern: ``exact`` — every string it can match, lower-cased ASCII (None: too many
    or unknown); ``required`` — strings of which any match contains one; ``prefix`` — strings any match starts
    with. An empty string in a set makes it say nothing."""

    __slots__ = ("exact", "prefix", "required")

    def __init__(self, exact: Literals | None, required: Literals | None, prefix: Literals | None) -> None:
        self.exact = exact
        self.required = required if required and "" not in required else None
        self.prefix = prefix if prefix and "" not in prefix else None


_NOTHING = _Node(None, None, None)
_EMPTY = _Node(frozenset({""}), None, None)  # zero-width: \b, ^, look-arounds; literal runs go on across it


def _sequence(items: Sequence[tuple[Any, Any]]) -> _Node:
    run: Literals | None = frozenset({""})  # the exact strings of the items since the last inexact one
    runs: list[Literals | None] = []
    required: list[Literals | None] = []
    prefix: Literals | None = None
    exact_so_far = True
    for op, av in items:
        node = _item(op, av)
        required.append(node.required)
        if node.exact is not None and run is not None:
            joined = _product(run, node.exact)
            if joined is not None:
                run = joined
                continue
        if exact_so_far:
            # The first inexact item: any match starts with the run so far, then with this item's prefix.
            exact_so_far = False
            prefix = run if node.prefix is None or run is None else _product(run, node.prefix) or run
        runs.append(run)
        run = node.exact if node.exact is not None else frozenset({""})
    runs.append(run)
    if exact_so_far:
        return _Node(run, run, run)
    return _Node(None, _best([*runs, *required]), prefix)


def _item(op: Any, av: Any) -> _Node:
    if op is _ops.LITERAL:
        return _Node(frozenset({chr(av).lower()}), None, None) if av < 128 else _NOTHING
    if op is _ops.AT:
        return _EMPTY
    if op in (_ops.ASSERT, _ops.ASSERT_NOT):
        return _EMPTY  # zero-width: what it looks at is not part of the match
    if op is _ops.IN:
        if len(av) <= 4 and all(o is _ops.LITERAL and a < 128 for o, a in av):
            return _Node(frozenset(chr(a).lower() for _, a in av), None, None)
        return _NOTHING
    if op is _ops.SUBPATTERN:
        return _sequence(av[-1].data)
    if op is getattr(_ops, "ATOMIC_GROUP", None):
        return _sequence(av.data)
    if op is _ops.BRANCH:
        nodes = [_sequence(alt.data) for alt in av[1]]
        exact: Literals | None = frozenset()
        for n in nodes:
            exact = exact | n.exact if exact is not None and n.exact is not None else None
        if exact is not None and len(exact) > _EXACT_LIMIT:
            exact = None
        required = _union([n.required for n in nodes]) if exact is None else exact
        prefix = _union([n.prefix for n in nodes]) if exact is None else exact
        return _Node(exact, required, prefix)
    if op in (_ops.MAX_REPEAT, _ops.MIN_REPEAT, getattr(_ops, "POSSESSIVE_REPEAT", None)):
        low, high, body = av
        node = _sequence(body.data)
        exact = None
        if node.exact is not None and high <= 1:
            exact = node.exact | {""} if low == 0 else node.exact
        if low == 0:
            return _Node(exact, None, None)
        return _Node(exact, node.required, node.prefix)
    if op in (_ops.GROUPREF, _ops.GROUPREF_EXISTS):
        raise _Unsupported("a group reference means another group inside a combined pattern")
    return _NOTHING  # ANY, NOT_LITERAL, categories, classes: one character of many


def _union(sets: Sequence[Literals | None]) -> Literals | None:
    if any(s is None for s in sets):
        return None
    return frozenset().union(*(s for s in sets if s is not None))


def _minimal(strings: Literals | None, key: str) -> tuple[str, ...] | None:
    """``strings`` without those that contain (``key`` "in") or start with (``key`` "prefix") another: testing the
    shorter one says the same."""
    if not strings:
        return None
    ordered = sorted(strings, key=lambda s: (len(s), s))
    out: list[str] = []
    for s in ordered:
        if not any((t in s) if key == "in" else s.startswith(t) for t in out):
            out.append(s)
    return tuple(out)


class _Phrase:
    """One alternative: its source, the strings a text must contain for it to match (``screen``), those its matches
    start with (``anchors``), and its pattern, compiled on first use."""

    __slots__ = ("_compiled", "_finder", "anchors", "flags", "screen", "source")

    def __init__(self, source: str, flags: int, screen: tuple[str, ...] | None, anchors: tuple[str, ...] | None):
        self.source = source
        self.flags = flags
        self.screen = screen
        # Short beginnings ("in", "of") occur inside many words: one scan of the text is cheaper than a try at each.
        self.anchors = anchors if anchors and min(map(len, anchors)) >= 3 else None
        self._compiled: re.Pattern[str] | None = None
        self._finder: re.Pattern[str] | None = None  # the anchors as one pattern, when there are several

    @property
    def pattern(self) -> re.Pattern[str]:
        if self._compiled is None:
            # Spelled as text.phrase_source checked it when the rules loaded: re's cache then has it compiled already.
            self._compiled = re.compile(f"(?:{self.source})", self.flags)
        return self._compiled

    def next_match(self, text: str, folded: str | None, pos: int) -> re.Match[str] | None:
        """The first match starting at or after ``pos`` (``folded``: the folded text when it is aligned with ``text``,
        else None)."""
        if self.anchors is None or folded is None:
            return self.pattern.search(text, pos)
        match = self.pattern.match
        if len(self.anchors) == 1:
            anchor = self.anchors[0]
            while (pos := folded.find(anchor, pos)) >= 0:  # each find starts where the last one stopped
                if (m := match(text, pos)) is not None:
                    return m
                pos += 1
            return None
        # Several beginnings: one scan for the nearest of them. Finding each on its own again at every failed try
        # would scan the text once per try for a beginning that is far away or absent (quadratic on long text).
        if self._finder is None:
            self._finder = re.compile("|".join(re.escape(a) for a in self.anchors))
        search = self._finder.search
        while (found := search(folded, pos)) is not None:
            pos = found.start()
            if (m := match(text, pos)) is not None:
                return m
            pos += 1
        return None


_ALWAYS = 1  # the bit every scan sets: a phrase with no screen strings has it alone


class Screen:
    """The screen strings of the phrases of one or more alternations, one bit each: :meth:`scan` tests each string
    once per text, and each phrase then reads whether it can match from its mask (one ``&``), however many phrases
    and alternations share the strings."""

    def __init__(self, alternations: Iterable[Alternation]) -> None:
        bits: dict[str, int] = {}
        for alternation in alternations:
            masks = []
            for phrase in alternation.phrases:
                if phrase.screen is None:
                    masks.append(_ALWAYS)  # nothing known: always worth a try
                else:
                    masks.append(sum(bits.setdefault(s, 2 << len(bits)) for s in phrase.screen))
            alternation.screen, alternation.masks = self, tuple(masks)
        self.strings = tuple(bits.items())

    def scan(self, folded: str) -> int:
        """The bits of the strings ``folded`` contains."""
        present = _ALWAYS
        for string_, bit in self.strings:
            if string_ in folded:
                present |= bit
        return present


class Text:
    """A text prepared for matching: folded once, and scanned once per screen (see :class:`Screen`)."""

    __slots__ = ("_present", "aligned", "folded", "text")

    def __init__(self, text: str, folded: str | None = None) -> None:
        self.text = text
        self.folded = fold(text) if folded is None else folded
        self.aligned = self.folded if len(self.folded) == len(text) else None  # positions read the same in both
        self._present: dict[int, int] = {}

    def present(self, screen: Screen) -> int:
        found = self._present.get(id(screen))
        if found is None:
            found = self._present[id(screen)] = screen.scan(self.folded)
        return found

    @staticmethod
    def of(text: Text | str) -> Text:
        """``text`` prepared, unless it already is."""
        return text if isinstance(text, Text) else Text(text)

    def part(self, start: int, end: int) -> Text:
        """``text[start:end]``, prepared (its folding cut from this one's when they are aligned)."""
        part = self.text[start:end]
        return Text(part, self.aligned[start:end] if self.aligned is not None else None)


@lru_cache(maxsize=8192)
def _phrase(source: str, flags: int) -> _Phrase:
    """Read one alternative (raises _Unsupported when the combined pattern must be used instead)."""
    try:
        tree = _sre.parse(f"(?:{source})", flags)  # as it stands in the combined pattern
    except re.error as exc:
        raise _Unsupported(str(exc)) from None
    if tree.state.flags != flags | re.UNICODE or tree.state.groupdict:
        raise _Unsupported("global flags or named groups mean something else inside a combined pattern")
    if tree.getwidth()[0] == 0:
        raise _Unsupported("a phrase that can match nothing changes how the scan goes on")
    node = _sequence(tree.data)
    return _Phrase(source, flags, _minimal(node.required, "in"), _minimal(node.prefix, "prefix"))


@lru_cache(maxsize=8192)
def _literal_phrase(source: str, flags: int, words: tuple[str, ...]) -> _Phrase:
    """A literal phrase (``source`` built from ``words``, see :func:`cydcheck.text.phrase_source`) needs no parse:
    a match contains each word (a ``word*`` its stem) and starts with the first."""
    stems = [w[:-1] if w.endswith("*") and len(w) > 1 else w for w in words]
    ascii_ = [w.lower() for w in stems if w.isascii()]
    screen = (max(ascii_, key=len),) if ascii_ else None
    anchors = (stems[0].lower(),) if stems and stems[0].isascii() else None
    return _Phrase(source, flags, screen, anchors)


class Alternation:
    """``re.compile("|".join(f"(?:{s})" for s in sources), flags)``, deduplicated in order, matched phrase by phrase:
    :meth:`spans` gives exactly that pattern's ``finditer`` spans, :meth:`matches_start` and :meth:`matches_whole`
    whether its ``match`` and ``fullmatch`` succeed. Its phrases are screened on their own until a :class:`Screen`
    shared with other alternations takes them over."""

    def __init__(
        self, sources: Iterable[str], flags: int = re.IGNORECASE, words: dict[str, tuple[str, ...]] | None = None
    ) -> None:
        """``words``: the words of the sources that are literal phrases (they are not parsed)."""
        self.sources = tuple(dict.fromkeys(sources))
        self.flags = flags
        self.combined: re.Pattern[str] | None = None
        known = words or {}
        try:
            self.phrases = tuple(
                _literal_phrase(s, flags, known[s]) if s in known else _phrase(s, flags) for s in self.sources
            )
        except _Unsupported:
            self.phrases = ()
            self.combined = re.compile("|".join(f"(?:{s})" for s in self.sources), flags)
        self.masks: tuple[int, ...] = ()
        self.screen = Screen([self])

    def _live(self, text: Text) -> list[_Phrase]:
        """The phrases that can match in ``text``: those whose screen strings it contains (or that have none)."""
        present = text.present(self.screen)
        return [p for p, mask in zip(self.phrases, self.masks, strict=True) if mask & present]

    def spans(self, text: Text | str) -> list[Span]:
        """The spans of ``finditer`` of the combined pattern over ``text``."""
        text = Text.of(text)
        if self.combined is not None:
            return [m.span() for m in self.combined.finditer(text.text)]
        live = self._live(text)
        if not live:
            return []
        whole, aligned = text.text, text.aligned
        if len(live) == 1:
            return [m.span() for m in live[0].pattern.finditer(whole)]
        heads = [p.next_match(whole, aligned, 0) for p in live]
        out: list[Span] = []
        while True:
            # The leftmost match; on a tie the earlier phrase, as the alternation tries them in order.
            best: re.Match[str] | None = None
            for m in heads:
                if m is not None and (best is None or m.start() < best.start()):
                    best = m
            if best is None:
                return out
            out.append(best.span())
            end = best.end()  # > start: no phrase here matches the empty string
            for i, m in enumerate(heads):
                if m is not None and m.start() < end:
                    heads[i] = live[i].next_match(whole, aligned, end)

    def matches_start(self, text: Text | str) -> bool:
        """Whether the combined pattern's ``match`` (at the start of ``text``) succeeds."""
        return self._matches(text, re.Pattern.match)

    def matches_whole(self, text: Text | str) -> bool:
        """Whether the combined pattern's ``fullmatch`` succeeds: whether any alternative matches all of ``text``."""
        return self._matches(text, re.Pattern.fullmatch)

    def _matches(self, text: Text | str, how: Callable[[re.Pattern[str], str], re.Match[str] | None]) -> bool:
        # Anchored at the start, the first alternative that matches decides nothing the others could undo: any will do.
        text = Text.of(text)
        if self.combined is not None:
            return how(self.combined, text.text) is not None
        return any(how(p.pattern, text.text) is not None for p in self._live(text))

    def plain(self) -> re.Pattern[str]:
        """The combined pattern itself, compiled (what the tests compare with)."""
        return self.combined or re.compile("|".join(f"(?:{s})" for s in self.sources), self.flags)
