"""Reading a disclosure: every sentence of the section text and of each tagged text block, annotated once.

A paragraph is read once per document however many fields repeat it (a tagged 10-K's text blocks repeat the
section's paragraphs): its sentences are annotated relative to the paragraph, then placed at each field offset.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass

from ..model import TEXT_FIELD, Disclosure, FactKind
from ..text import sentences, word_count
from .alternation import Alternation, Text
from .context import scopes
from .model import WHOLE_SENTENCE, DraftingNote, Mention, Reading, Scope, Sentence, Status
from .vocabulary import Matcher, Vocabulary

_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
_SMALL = frozenset("a an and as at by for from in into of on or the to with via".split())
_FINAL = frozenset(".!?;:")


def _ends_sentence(text: str) -> bool:
    """Whether ``text`` ends on final punctuation, closing quotes and brackets aside (what ``[.!?;:]\\W*$`` finds,
    ``\\w`` being exactly ``isalnum()`` or "_"): read back from the end only — the regex, searched, tried every
    punctuation mark of a long run of them to the end and back (quadratic: 20,000 dots and a letter took 7 s)."""
    for char in reversed(text):
        if char.isalnum() or char == "_":
            return False
        if char in _FINAL:
            return True
    return False


# The last word of a line that cannot end a sentence: the sentence goes on in the next line.
_OPEN_END = re.compile(
    r"\b(?:a|an|and|as|at|by|for|from|in|including|into|of|on|or|our|its|their|the|to|that|which|who|whose|with)$",
    re.I,
)
_BULLET = re.compile(r"^\s*(?:[•●◦▪▫‣∙·○■□➢►–—\-*]|\(?[a-z0-9]{1,3}[.)])\s*")
# A defined term right after an actor: 'the Information Security Advisory Team (the "Task Force")', 'Chief
# Information Security Officer ("CISO")', 'Cybersecurity Steering Committee (CSC)'.
_DEFINED = re.compile(
    r"\((?:the\s+|our\s+|each\s+a\s+|collectively\s+(?:the\s+)?)?[\"“”']?([A-Z][\w&.\- ]{1,40}?)[\"“”']?\)"
)
_LOOKBACK = 160  # characters before a parenthetical in which the defined actor's name ends


def definitions(texts: Iterable[str], vocab: Vocabulary) -> dict[str, Matcher]:
    """Terms the document defines for its actors, as extra matchers by category: once the text says 'the
    Information Security Advisory Team (the "Task Force")', the Task Force is a management committee."""
    found: dict[str, set[str]] = {}
    for text in texts:
        for m in _DEFINED.finditer(text):
            if m.group(1).isdigit():
                continue
            before = text[max(0, m.start() - _LOOKBACK) : m.start()]
            prepared = Text(before)
            for category, matcher in vocab.actors.items():
                if category in ("company", "person"):
                    continue
                if any(b == len(before.rstrip()) for _, b in matcher.find(prepared)):
                    found.setdefault(category, set()).add(m.group(1).strip())
    return {
        category: Matcher(Alternation([r"\b(?:" + "|".join(re.escape(t) for t in sorted(terms)) + r")\b"], 0), None)
        for category, terms in sorted(found.items())
    }


@dataclass(frozen=True)
class _Read:
    """One sentence of a paragraph, offsets relative to the paragraph."""

    start: int
    end: int
    status: Status
    scopes: tuple[Scope, ...]
    actors: tuple[Mention, ...]
    acts: tuple[Mention, ...]
    notes: tuple[tuple[int, int], ...]


class Reader:
    """Reads the fields of one document; paragraphs repeated across fields are read once."""

    def __init__(self, vocab: Vocabulary, defined: dict[str, Matcher] | None = None) -> None:
        self.vocab = vocab
        self.defined = defined or {}
        self.memo: dict[str, tuple[_Read, ...]] = {}

    def paragraph(self, paragraph: str) -> tuple[_Read, ...]:
        cached = self.memo.get(paragraph)
        if cached is None:
            cached = self.memo[paragraph] = tuple(self._paragraph(paragraph))
        return cached

    def _paragraph(self, paragraph: str) -> Iterable[_Read]:
        vocab = self.vocab
        prepared = Text(paragraph)  # folded and screened once for every category (see .alternation)
        actors = _mentions(prepared, vocab.actors, self.defined)
        acts = _mentions(prepared, vocab.acts)
        actor_starts, act_starts = [m.start for m in actors], [m.start for m in acts]
        # What belongs to the whole paragraph is read once, not once per sentence: a paragraph of many sentences
        # would cost (sentences x its length).
        whole = paragraph.strip()
        note = vocab.paragraph_notes is not None and vocab.paragraph_notes.matches_start(whole)
        furniture = vocab.not_disclosure is not None and vocab.not_disclosure.matches_whole(whole)
        for start, end in sentences(paragraph):
            part = prepared.part(start, end)
            sentence = part.text
            mine_actors = _within(actors, actor_starts, start, end)
            mine_acts = _within(acts, act_starts, start, end)
            notes = [(0, len(sentence))] if note else _inline_notes(part, vocab)
            status = _whole_status(sentence, whole, furniture, vocab, bool(notes))
            found: tuple[Scope, ...] = () if status is not None else scopes(part, start, vocab)
            if status is None:
                status = _status(
                    Sentence("", start, end, sentence, Status.ASSERTED, found, mine_actors, mine_acts, vocab.precedence)
                )
            spans = tuple((start + a, start + b) for a, b in notes)
            yield _Read(start, end, status, found, mine_actors, mine_acts, spans)

    def read_text(self, text: str, field_name: str, notes: list[DraftingNote] | None = None) -> tuple[Sentence, ...]:
        out: list[Sentence] = []
        lead: tuple[Mention, ...] = ()  # the actors of a sentence that introduces a list ("… responsible for:")
        offset = 0
        for paragraph in paragraphs(text):
            item = _list_item(paragraph)
            if not item:
                lead = () if not out or not out[-1].text.rstrip().endswith(":") else lead
            for r in self.paragraph(paragraph):
                start, end = offset + r.start, offset + r.end
                actors = _shift(r.actors, offset)
                if lead and item:  # a list item continues the sentence that introduced it
                    inherited = (Mention(m.category, start, start, m.text) for m in lead)
                    actors = tuple(sorted({*actors, *inherited}, key=lambda m: (m.start, m.end, m.category)))
                sentence = Sentence(
                    field_name,
                    start,
                    end,
                    text[start:end],
                    r.status,
                    tuple(Scope(s.status, s.start + offset, s.end + offset, s.cue) for s in r.scopes),
                    actors,
                    _shift(r.acts, offset),
                    self.vocab.precedence,
                )
                out.append(sentence)
                if notes is not None:
                    notes.extend(
                        DraftingNote(field_name, offset + a, offset + b, text[offset + a : offset + b], None)
                        for a, b in r.notes
                    )
                if sentence.text.rstrip().endswith(":"):
                    lead = tuple(m for m in actors if m.category != "company")
            offset += len(paragraph) + 1
        return tuple(out)


def _shift(mentions: tuple[Mention, ...], offset: int) -> tuple[Mention, ...]:
    if not offset:
        return mentions
    return tuple(Mention(m.category, m.start + offset, m.end + offset, m.text) for m in mentions)


def read(doc: Disclosure, vocab: Vocabulary) -> Reading:
    """The reading of ``doc``: its fields' sentences with status, actors and acts, and its drafting notes."""
    names = [TEXT_FIELD] + [f"fact:{f.id}" for f in doc.facts if f.kind is FactKind.TEXT and f.text.strip()]
    reader = Reader(vocab, definitions([doc.field_text(n) for n in names], vocab))
    fields: dict[str, tuple[Sentence, ...]] = {}
    notes: list[DraftingNote] = []
    for name in names:
        # Facts repeat the section text: notes are collected from the section (or, with no section text of its
        # own, from the facts), each once.
        collect = notes if name == TEXT_FIELD or not doc.text else None
        fields[name] = reader.read_text(doc.field_text(name), name, collect)
    located = tuple(DraftingNote(n.field, n.start, n.end, n.text, doc.locate(n.field, n.start)) for n in _unique(notes))
    return Reading(doc=doc, fields=fields, notes=located)


def read_text(
    text: str,
    field_name: str,
    vocab: Vocabulary,
    notes: list[DraftingNote] | None = None,
    defined: dict[str, Matcher] | None = None,
) -> tuple[Sentence, ...]:
    """The sentences of one text, read on their own (tests, tools). Drafting notes found are appended to ``notes``;
    ``defined`` adds actor terms a document defines."""
    return Reader(vocab, defined).read_text(text, field_name, notes)


def _unique(notes: list[DraftingNote]) -> list[DraftingNote]:
    seen: set[tuple[str, int]] = set()
    out = []
    for n in notes:
        if (n.field, n.start) not in seen:
            seen.add((n.field, n.start))
            out.append(n)
    return out


def _within(mentions: tuple[Mention, ...], starts: list[int], start: int, end: int) -> tuple[Mention, ...]:
    """The mentions (sorted by start) that lie inside [start, end): found by bisection, not by reading them all for
    each sentence."""
    return tuple(m for m in mentions[bisect_left(starts, start) : bisect_left(starts, end)] if m.end <= end)


def _inline_notes(sentence: Text, vocab: Vocabulary) -> list[tuple[int, int]]:
    if vocab.inline_notes is None:
        return []
    return vocab.inline_notes.spans(sentence)


def _whole_status(sentence: str, whole: str, furniture: bool, vocab: Vocabulary, has_notes: bool) -> Status | None:
    """A status that belongs to the whole sentence: drafting note, page furniture (``furniture``: the paragraph,
    ``whole``, is), heading — or None."""
    if has_notes:
        return Status.DRAFTING_NOTE
    if furniture:
        return Status.NOT_DISCLOSURE
    if whole == sentence.strip() and is_heading(sentence, vocab):
        return Status.HEADING
    return None


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a field's text, each line that continues the sentence of the line before joined to it by a
    space in place of the line break — one character for one, so every offset stays that of ``text``.

    Sources cut sentences into lines: a filing converted from print has a block per printed line, a page break
    splits a paragraph ("… reports to the" / page footer / "Audit Committee …"), a draft is hard-wrapped. A line
    continues the one before when that one ends without a sentence's final punctuation and either this line starts
    in lower case or that one ends on a word no sentence ends on ("the", "of", "and" …); a list item never does."""
    groups: list[list[str]] = []  # joined at the end: a paragraph grown line by line would be copied at each line
    for line in text.split("\n"):
        if groups and _continues(groups[-1][-1], line):  # how the paragraph so far ends is how its last line ends
            groups[-1].append(line)
        else:
            groups.append([line])
    return [" ".join(group) for group in groups]


def _continues(before: str, line: str) -> bool:
    before, line = before.rstrip(), line.lstrip()
    if not before or not line or _ends_sentence(before) or _BULLET.match(line):
        return False
    return line[0].islower() or _OPEN_END.search(before) is not None


def _list_item(paragraph: str) -> bool:
    """A paragraph that reads as an item of a list: a bullet, a numbering, a lower-case start or a trailing ';'."""
    stripped = paragraph.strip()
    return bool(stripped) and (
        _BULLET.match(stripped) is not None or stripped[0].islower() or stripped.endswith((";", "; and", "; or"))
    )


def is_heading(sentence: str, vocab: Vocabulary) -> bool:
    """A short paragraph in title case (or capitals) without final punctuation: "Board Oversight of Cybersecurity
    Risk", "GOVERNANCE"; or a very short one in any case ("Governance and oversight"). A longer bullet in sentence
    case ("Annual penetration testing by an outside firm") is not a heading."""
    if _ends_sentence(sentence) or _BULLET.match(sentence) or word_count(sentence) > vocab.heading.max_words:
        return False
    words = [w for w in _WORD.findall(sentence) if w.lower() not in _SMALL]
    if not words:
        return False
    if word_count(sentence) <= vocab.heading.short_words and sentence.strip()[0].isupper():
        return True
    capitalised = sum(w[0].isupper() for w in words) / len(words)
    return capitalised >= vocab.heading.min_capitalised and (len(words) > 1 or words[0][0].isupper())


def _mentions(text: Text, table: dict[str, Matcher], defined: dict[str, Matcher] | None = None) -> tuple[Mention, ...]:
    out: set[Mention] = set()
    for source in (table, defined or {}):
        for category, matcher in source.items():
            for a, b in matcher.find(text):
                out.add(Mention(category, a, b, text.text[a:b]))
    return tuple(sorted(out, key=lambda m: (m.start, m.end, m.category)))


def _status(sentence: Sentence) -> Status:
    """A sentence's own status: asserted when it asserts any act; else the status of its first act; with no act,
    the status of a scope that governs most of it."""
    if sentence.status in WHOLE_SENTENCE:
        return sentence.status
    if sentence.acts:
        statuses = [sentence.status_at(m.start, m.end) for m in sentence.acts]
        return Status.ASSERTED if Status.ASSERTED in statuses else statuses[0]
    length = max(1, sentence.end - sentence.start)
    wide = [s for s in sentence.scopes if (s.end - s.start) >= 0.6 * length]
    if not wide:
        return Status.ASSERTED
    return sentence.status_at(wide[0].start, wide[0].end)
