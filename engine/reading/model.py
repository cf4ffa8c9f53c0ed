"""What the reading layer produces: sentences with their status, the scopes of the cues that decided it, and the
actors and acts they mention. Offsets are into the text of the sentence's field (the section text, or one fact's
text), like every :class:`~cydcheck.model.Evidence` span."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from enum import Enum

from ..model import Disclosure, SourceLocation


class Status(str, Enum):
    """What a sentence (or a stretch of one) does: assert something about the company, or something else."""

    ASSERTED = "asserted"
    NEGATED = "negated"
    HYPOTHETICAL = "hypothetical"
    FUTURE = "future"
    POLICY = "policy"
    DISCLAIMER = "disclaimer"
    CROSS_REFERENCE = "cross_reference"
    HEADING = "heading"
    DRAFTING_NOTE = "drafting_note"
    NOT_DISCLOSURE = "not_disclosure"


WEAK = frozenset({Status.HYPOTHETICAL, Status.FUTURE, Status.POLICY})
"""Statuses that say something, but not that it is so: alone, they are evidence only for a human reviewer."""

WHOLE_SENTENCE = frozenset({Status.HEADING, Status.DRAFTING_NOTE, Status.NOT_DISCLOSURE})
"""Statuses that belong to a whole sentence, never to a stretch of one."""


@dataclass(frozen=True, slots=True)
class Scope:
    """A cue and the stretch of the sentence it governs, [start, end) in the field's text."""

    status: Status
    start: int
    end: int
    cue: str


@dataclass(frozen=True, slots=True)
class Mention:
    """An actor or an act named in a sentence: its category (``board``, ``oversee``…) and where."""

    category: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Sentence:
    field: str
    start: int
    end: int
    text: str
    status: Status
    scopes: tuple[Scope, ...] = ()
    actors: tuple[Mention, ...] = ()
    acts: tuple[Mention, ...] = ()
    precedence: tuple[Status, ...] = dataclass_field(default=(), repr=False, compare=False)

    def status_at(self, start: int, end: int) -> Status:
        """The status of the words at [start, end): the sentence's own when it is a whole-sentence status, else the
        highest-precedence cue scope that covers them, else asserted."""
        if self.status in WHOLE_SENTENCE:
            return self.status
        covering = [s.status for s in self.scopes if s.start <= start and end <= s.end]
        if not covering:
            return Status.ASSERTED
        return min(covering, key=lambda s: self.precedence.index(s) if s in self.precedence else len(self.precedence))

    def actor_categories(self, statuses: Iterable[Status] | None = None) -> set[str]:
        """The actor categories named in the sentence (only where their words have one of ``statuses``, if given)."""
        wanted = set(statuses) if statuses is not None else None
        return {m.category for m in self.actors if wanted is None or self.status_at(m.start, m.end) in wanted}

    def act_categories(self, statuses: Iterable[Status] | None = None) -> set[str]:
        wanted = set(statuses) if statuses is not None else None
        return {m.category for m in self.acts if wanted is None or self.status_at(m.start, m.end) in wanted}


@dataclass(frozen=True, slots=True)
class DraftingNote:
    """An unresolved drafting note ("[NTD: confirm vendor review]", "TBD", "[●]"): never evidence, always reported."""

    field: str
    start: int
    end: int
    text: str
    location: SourceLocation | None


@dataclass(frozen=True)
class Reading:
    """A disclosure as the rules read it: its sentences, field by field, and its drafting notes."""

    doc: Disclosure
    fields: dict[str, tuple[Sentence, ...]]
    notes: tuple[DraftingNote, ...] = ()

    def sentences(self, field_name: str) -> tuple[Sentence, ...]:
        return self.fields.get(field_name, ())
