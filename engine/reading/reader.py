"""Reading a disclosure: every sentence of the section text and of each tagged text block, annotated once."""

from __future__ import annotations

import re

from ..model import TEXT_FIELD, Disclosure, FactKind
from ..text import sentences, word_count
from .context import scopes
from .model import WHOLE_SENTENCE, DraftingNote, Mention, Reading, Sentence, Status
from .vocabulary import Matcher, Vocabulary

_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
_BULLET = re.compile(r"^\s*(?:[•●◦▪▫‣∙·○■□➢►–—\-*]|\(?[a-z0-9]{1,3}[.)])\s*")
_SMALL = frozenset("a an and as at by for from in into of on or the to with via".split())
_FINAL = re.compile(r"[.!?;:]\W*$")


# A defined term right after an actor: 'the Information Security Advisory Team (the "Task Force")', 'Chief
# Information Security Officer ("CISO")', 'Cybersecurity Steering Committee (CSC)'.
_DEFINED = re.compile(
    r"\A\s*\((?:the\s+|our\s+|each\s+a\s+|collectively\s+(?:the\s+)?)?[\"“”']?([A-Z][\w&.\- ]{1,40}?)[\"“”']?\)"
)


def definitions(texts: list[str], vocab: Vocabulary) -> dict[str, Matcher]:
    """Terms the document defines for its actors, as extra matchers by category: once the text says 'the
    Information Security Advisory Team (the "Task Force")', the Task Force is a management committee."""
    found: dict[str, set[str]] = {}
    for text in texts:
        for category, matcher in vocab.actors.items():
            if category in ("company", "person"):
                continue
            for _, end in matcher.find(text):
                m = _DEFINED.match(text[end : end + 60])
                if m and not m.group(1).isdigit():
                    found.setdefault(category, set()).add(m.group(1).strip())
    return {
        category: Matcher(re.compile(r"\b(?:" + "|".join(re.escape(t) for t in sorted(terms)) + r")\b"), None)
        for category, terms in sorted(found.items())
    }


def read(doc: Disclosure, vocab: Vocabulary) -> Reading:
    """The reading of ``doc``: its fields' sentences with status, actors and acts, and its drafting notes."""
    fields: dict[str, tuple[Sentence, ...]] = {}
    notes: list[DraftingNote] = []
    names = [TEXT_FIELD] + [f"fact:{f.id}" for f in doc.facts if f.kind is FactKind.TEXT and f.text.strip()]
    defined = definitions([doc.field_text(n) for n in names], vocab)
    for name in names:
        text = doc.field_text(name)
        fields[name] = read_text(text, name, vocab, notes if name == TEXT_FIELD or not doc.text else None, defined)
    # Facts repeat the section text: a note is reported once, from the section (or from the facts when the document
    # has no section text of its own).
    located = tuple(DraftingNote(n.field, n.start, n.end, n.text, doc.locate(n.field, n.start)) for n in _unique(notes))
    return Reading(doc=doc, fields=fields, notes=located)


def _unique(notes: list[DraftingNote]) -> list[DraftingNote]:
    seen: set[tuple[str, int]] = set()
    out = []
    for n in notes:
        if (n.field, n.start) not in seen:
            seen.add((n.field, n.start))
            out.append(n)
    return out


def read_text(
    text: str,
    field_name: str,
    vocab: Vocabulary,
    notes: list[DraftingNote] | None = None,
    defined: dict[str, Matcher] | None = None,
) -> tuple[Sentence, ...]:
    """The sentences of one field's text. Drafting notes found are appended to ``notes`` when it is given;
    ``defined`` adds the actor terms the document defines."""
    out: list[Sentence] = []
    paragraphs = _paragraphs(text)
    p = 0
    lead: tuple[
        Mention, ...
    ] = ()  # the actors of a sentence that introduces a list ("Our IT staff is responsible for:")
    lead_para = -1
    for start, end in sentences(text):
        while p + 1 < len(paragraphs) and paragraphs[p][1] < start:
            p += 1
        para_start, para_end = paragraphs[p] if paragraphs else (0, len(text))
        sentence = text[start:end]
        status = _whole_status(text, start, end, para_start, para_end, vocab, field_name, notes)
        actors = _mentions(sentence, start, vocab.actors, defined)
        acts = _mentions(sentence, start, vocab.acts)
        # A list item continues the sentence that introduced it: it inherits that sentence's actors.
        if lead and p != lead_para and _list_item(text[para_start:para_end]):
            actors = tuple(
                sorted(
                    {*actors, *(Mention(m.category, start, start, m.text) for m in lead)},
                    key=lambda m: (m.start, m.end, m.category),
                )
            )
        elif p != lead_para:
            lead = ()
        if sentence.rstrip().endswith(":"):
            lead, lead_para = tuple(m for m in actors if m.category != "company"), p
        if status is not None:  # a heading still names its actors ("Technology and Risk Committee")
            out.append(Sentence(field_name, start, end, sentence, status, (), actors, acts, vocab.precedence))
            continue
        found = scopes(sentence, start, vocab)
        draft = Sentence(field_name, start, end, sentence, Status.ASSERTED, found, actors, acts, vocab.precedence)
        out.append(Sentence(field_name, start, end, sentence, _status(draft), found, actors, acts, vocab.precedence))
    return tuple(out)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def _whole_status(
    text: str,
    start: int,
    end: int,
    para_start: int,
    para_end: int,
    vocab: Vocabulary,
    field_name: str,
    notes: list[DraftingNote] | None,
) -> Status | None:
    """A status that belongs to the whole sentence: drafting note, page furniture, heading — or None."""
    sentence = text[start:end]
    paragraph = text[para_start:para_end].strip()
    found = [(m.start(), m.end()) for m in vocab.inline_notes.finditer(sentence)] if vocab.inline_notes else []
    if vocab.paragraph_notes is not None and vocab.paragraph_notes.match(paragraph):
        found = [(0, len(sentence))]
    if found:
        if notes is not None:
            notes.extend(DraftingNote(field_name, start + a, start + b, sentence[a:b], None) for a, b in found)
        return Status.DRAFTING_NOTE
    if vocab.not_disclosure is not None and vocab.not_disclosure.fullmatch(paragraph):
        return Status.NOT_DISCLOSURE
    whole = text[para_start:para_end].strip() == sentence.strip()
    if whole and is_heading(sentence, vocab):
        return Status.HEADING
    return None


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
    if _FINAL.search(sentence) or _BULLET.match(sentence) or word_count(sentence) > vocab.heading.max_words:
        return False
    words = [w for w in _WORD.findall(sentence) if w.lower() not in _SMALL]
    if not words:
        return False
    if word_count(sentence) <= vocab.heading.short_words and sentence.strip()[0].isupper():
        return True
    capitalised = sum(w[0].isupper() for w in words) / len(words)
    return capitalised >= vocab.heading.min_capitalised and (len(words) > 1 or words[0][0].isupper())


def _mentions(
    sentence: str, offset: int, table: dict[str, Matcher], defined: dict[str, Matcher] | None = None
) -> tuple[Mention, ...]:
    out: set[Mention] = set()
    for source in (table, defined or {}):
        for category, matcher in source.items():
            for a, b in matcher.find(sentence):
                out.add(Mention(category, offset + a, offset + b, sentence[a:b]))
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
