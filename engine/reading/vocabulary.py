"""The reading layer's vocabulary: data files, not code.

A rule pack may hold a ``vocabulary/`` folder of YAML files; each file may define any of these sections (all lists
use the phrase syntax of rule files — literal, case-insensitive, word-bounded; ``word*`` for any ending; ``re:`` for a
regular expression):

``cues``
    status → direction (``forward``, ``backward``, ``both``, ``condition``) → trigger phrases. A trigger gives its
    status to the words in its scope: forward to the end of its clause, backward to the start of it, both, or — for a
    condition ("if", "in the event") — forward to the next comma, so the act that follows is not conditioned.
``pseudo``
    phrases that contain a trigger but are not one ("not only", "no later than").
``terminators``
    phrases that end a scope ("but", "however", a semicolon).
``precedence``
    which status wins where scopes overlap, strongest first (the first pack that sets it decides).
``not_disclosure``
    whole paragraphs that are page furniture, not disclosure ("Table of Contents", "Page 23").
``heading``
    ``max_words`` and ``min_capitalised``: a short, title-cased paragraph without final punctuation is a heading;
    one of at most ``short_words`` words is a heading in any case.
``notes``
    ``inline`` patterns of drafting notes anywhere in a sentence; ``paragraph`` patterns a paragraph starts with
    (reviewer comments).
``actors`` / ``acts``
    category → ``phrases`` and ``except`` (a phrase inside a longer ``except`` match is not a mention: "management"
    inside "risk management").
``phrases``
    named phrase lists a rule can use as ``"@name"`` in any phrase parameter.

Packs' vocabularies are merged: lists are concatenated, built-in first.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..errors import RuleError
from ..text import phrase_source
from ..yamlsrc import load_yaml
from .alternation import Alternation, Screen, Text
from .model import Status

VOCABULARY_DIR = "vocabulary"
Direction = Literal["forward", "backward", "both", "condition"]
_WHOLE = (Status.HEADING, Status.DRAFTING_NOTE, Status.NOT_DISCLOSURE)


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _phrases_ok(value: tuple[str, ...]) -> tuple[str, ...]:
    for phrase in value:
        if phrase.startswith("@"):  # a named list, resolved once every pack's lists are known
            continue
        try:
            phrase_source(phrase)
        except Exception as exc:  # re.error or an empty phrase: a vocabulary-file error
            raise ValueError(f"bad phrase {phrase!r}: {exc}") from None
    return value


class Category(_Model):
    phrases: tuple[str, ...] = Field(min_length=1)
    except_: tuple[str, ...] = Field(default=(), alias="except")

    _ok = field_validator("phrases", "except_", mode="after")(_phrases_ok)


class Notes(_Model):
    inline: tuple[str, ...] = ()
    paragraph: tuple[str, ...] = ()

    _ok = field_validator("inline", "paragraph", mode="after")(_phrases_ok)


class Heading(_Model):
    max_words: int = Field(default=14, ge=1)
    min_capitalised: float = Field(default=0.6, ge=0, le=1)
    short_words: int = Field(
        default=4, ge=0, description="a paragraph this short, without final punctuation, is a heading in any case"
    )


class VocabularyFile(_Model):
    cues: dict[Status, dict[Direction, tuple[str, ...]]] = Field(default_factory=dict)
    pseudo: tuple[str, ...] = ()
    terminators: tuple[str, ...] = ()
    precedence: tuple[Status, ...] = ()
    not_disclosure: tuple[str, ...] = ()
    heading: Heading | None = None
    notes: Notes = Field(default_factory=Notes)
    actors: dict[str, Category] = Field(default_factory=dict)
    acts: dict[str, Category] = Field(default_factory=dict)
    phrases: dict[str, tuple[str, ...]] = Field(default_factory=dict)

    _ok = field_validator("pseudo", "terminators", "not_disclosure", mode="after")(_phrases_ok)

    @field_validator("cues", mode="after")
    @classmethod
    def _cues(
        cls, value: dict[Status, dict[Direction, tuple[str, ...]]]
    ) -> dict[Status, dict[Direction, tuple[str, ...]]]:
        for status, by_direction in value.items():
            if status in _WHOLE or status is Status.ASSERTED:
                raise ValueError(f"'{status.value}' is decided for whole sentences, not by cues")
            for phrases in by_direction.values():
                _phrases_ok(phrases)
        return value

    @field_validator("phrases", mode="after")
    @classmethod
    def _named(cls, value: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        for name, phrases in value.items():
            if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
                raise ValueError(f"phrase list name '{name}': lower-case letters, digits and underscores")
            _phrases_ok(phrases)
        return value


def combine(phrases: Iterable[str]) -> Alternation | None:
    """All of ``phrases`` as one case-insensitive alternation (None for none), matched with the spans of the single
    regex ``(?:p1)|(?:p2)|…`` but phrase by phrase, each only where its words occur (see :mod:`.alternation`)."""
    sources = {phrase_source(p): p for p in dict.fromkeys(phrases)}
    # A literal phrase is words (see phrase_source): what it needs is read from them, without parsing a regex.
    words = {
        s: tuple(w for w in re.split(r"[\s\-]+", p.strip()) if w) for s, p in sources.items() if not p.startswith("re:")
    }
    return Alternation(sources, words=words) if sources else None


@dataclass(frozen=True)
class Matcher:
    """A category's phrases, less the matches that lie inside one of its exceptions."""

    pattern: Alternation
    exceptions: Alternation | None

    def find(self, text: Text | str) -> list[tuple[int, int]]:
        """The spans of the category's phrases in ``text``."""
        text = Text.of(text)
        spans = [(a, b) for a, b in self.pattern.spans(text) if b > a]
        if not spans or self.exceptions is None:
            return spans
        blocked = sorted(self.exceptions.spans(text))
        if not blocked:
            return spans
        # A span is blocked when some exception starting at or before it ends at or after it: the running maximum of
        # exception ends, by start, answers that in one bisect (linear work, whatever the counts).
        starts = [x for x, _ in blocked]
        reach = list(itertools.accumulate((y for _, y in blocked), max))
        out = []
        for a, b in spans:
            i = bisect.bisect_right(starts, a) - 1
            if i < 0 or reach[i] < b:
                out.append((a, b))
        return out


def _matcher(category: Category, named: dict[str, tuple[str, ...]]) -> Matcher:
    pattern = combine(expand(category.phrases, named))
    assert pattern is not None  # phrases has min_length=1
    return Matcher(pattern, combine(expand(category.except_, named)))


def expand(phrases: Sequence[str], named: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """Phrases with every ``@name`` replaced by the named list (ValueError when the name is unknown)."""
    out: list[str] = []
    for phrase in phrases:
        if phrase.startswith("@"):
            found = named.get(phrase[1:])
            if found is None:
                known = ", ".join(f"@{n}" for n in sorted(named)) or "none"
                raise ValueError(f"unknown phrase list '{phrase}' (known: {known})")
            out.extend(found)
        else:
            out.append(phrase)
    return tuple(out)


@dataclass(frozen=True)
class Vocabulary:
    """The merged, compiled vocabulary of the loaded packs."""

    source: VocabularyFile
    cues: tuple[tuple[Status, Direction, Alternation], ...]
    pseudo: Alternation | None
    terminators: Alternation | None
    precedence: tuple[Status, ...]
    not_disclosure: Alternation | None
    heading: Heading
    inline_notes: Alternation | None
    paragraph_notes: Alternation | None
    actors: dict[str, Matcher] = field(default_factory=dict)
    acts: dict[str, Matcher] = field(default_factory=dict)
    phrases: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def expand(self, phrases: Sequence[str]) -> tuple[str, ...]:
        """Phrases with every ``@name`` replaced by the named list (ValueError when the name is unknown)."""
        return expand(phrases, self.phrases)


def merge(files: Sequence[VocabularyFile]) -> VocabularyFile:
    cues: dict[Status, dict[Direction, tuple[str, ...]]] = {}
    actors: dict[str, Category] = {}
    acts: dict[str, Category] = {}
    phrases: dict[str, tuple[str, ...]] = {}

    def join(table: dict[str, Category], more: dict[str, Category]) -> None:
        for name, cat in more.items():
            old = table.get(name)
            table[name] = (
                cat
                if old is None
                else Category(phrases=old.phrases + cat.phrases, **{"except": old.except_ + cat.except_})
            )

    for f in files:
        for status, by_direction in f.cues.items():
            mine = cues.setdefault(status, {})
            for direction, items in by_direction.items():
                mine[direction] = mine.get(direction, ()) + items
        join(actors, f.actors)
        join(acts, f.acts)
        for name, items in f.phrases.items():
            phrases[name] = phrases.get(name, ()) + items
    first = next((f for f in files if f.precedence), None)
    heading = next((f.heading for f in files if f.heading is not None), None)
    return VocabularyFile(
        cues=cues,
        pseudo=tuple(p for f in files for p in f.pseudo),
        terminators=tuple(p for f in files for p in f.terminators),
        precedence=first.precedence if first else (),
        not_disclosure=tuple(p for f in files for p in f.not_disclosure),
        heading=heading,
        notes=Notes(
            inline=tuple(p for f in files for p in f.notes.inline),
            paragraph=tuple(p for f in files for p in f.notes.paragraph),
        ),
        actors=actors,
        acts=acts,
        phrases=phrases,
    )


def compile_vocabulary(source: VocabularyFile) -> Vocabulary:
    cues = tuple(
        (status, direction, pattern)
        for status, by_direction in sorted(source.cues.items(), key=lambda kv: kv[0].value)
        for direction, items in sorted(by_direction.items())
        if (pattern := combine(items)) is not None
    )
    listed = list(source.precedence)
    precedence = tuple(listed + [s for s in Status if s not in listed and s is not Status.ASSERTED])
    pseudo, terminators, inline_notes = (
        combine(source.pseudo),
        combine(source.terminators),
        combine(source.notes.inline),
    )
    actors = {name: _matcher(cat, source.phrases) for name, cat in sorted(source.actors.items())}
    acts = {name: _matcher(cat, source.phrases) for name, cat in sorted(source.acts.items())}
    # What is matched in the same texts shares a screen: each sentence is scanned once for the strings of every
    # cue, pseudo-trigger, terminator and note; each paragraph once for those of every actor and act.
    Screen([*(p for _, _, p in cues), *(a for a in (pseudo, terminators, inline_notes) if a is not None)])
    Screen(
        [m.pattern for m in (*actors.values(), *acts.values())]
        + [m.exceptions for m in (*actors.values(), *acts.values()) if m.exceptions is not None]
    )
    return Vocabulary(
        source=source,
        cues=cues,
        pseudo=pseudo,
        terminators=terminators,
        precedence=precedence,
        not_disclosure=combine(source.not_disclosure),
        heading=source.heading or Heading(),
        inline_notes=inline_notes,
        paragraph_notes=combine(source.notes.paragraph),
        actors=actors,
        acts=acts,
        phrases=dict(sorted(source.phrases.items())),
    )


def vocabulary_files(root: Path) -> list[Path]:
    folder = root / VOCABULARY_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def load_vocabulary_file(path: Path, display: str) -> VocabularyFile:
    doc = load_yaml(path, display, RuleError)
    if doc.data is None:
        return VocabularyFile()
    if not isinstance(doc.data, dict):
        raise RuleError(f"{display}:1: a vocabulary file is a mapping (cues, actors, acts, phrases, …)")
    try:
        return VocabularyFile.model_validate(doc.data)
    except ValidationError as exc:
        raise doc.validation_error(exc, RuleError, fields={"except_": "except"}) from None


def load_vocabulary(files: Sequence[tuple[Path, str]]) -> Vocabulary:
    """Load (path, display name) vocabulary files, merge them in order and compile."""
    return compile_vocabulary(merge([load_vocabulary_file(path, shown) for path, shown in files]))
