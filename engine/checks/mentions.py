"""``mentions``: sentences that say something — a phrase, an actor doing an act — in the status the rule asks for.

This is the workhorse of prose rules. A sentence counts when

- it contains one of ``terms`` (phrase syntax of :func:`cydcheck.text.phrase_pattern`; ``@name`` for a named list),
  one phrase of each ``with`` group, and none of ``without``;
- it names an actor of each ``actor`` group and an act of each ``act`` group (categories of the reading layer's
  vocabulary: ``board``, ``management_position``, ``oversee``, ``inform``…);
- the words that decide it — the term, else the first act, else the first actor — have one of the ``status``
  values (default: asserted). When no sentence counts but some would in one of the ``weak`` statuses (default:
  hypothetical, future, policy), the check asks for review instead of failing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from pydantic import Field, field_validator, model_validator

from ..model import Evidence
from ..reading import Reading, Sentence, Status, Vocabulary
from ..reading.model import WEAK
from ..text import phrase_source
from .base import (
    CheckKind,
    CheckResult,
    ScopedParams,
    Verdict,
    describe_fields,
    evidence,
    scoped,
    valid_phrases,
    weak_reason,
)

Groups = tuple[tuple[str, ...], ...]


def _as_groups(value: object) -> object:
    # `with: [a, b]` is one group; `with: [[a, b], [c]]` is two; `with: ["@list", [c]]` too ("@list" alone a group).
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, str) for v in value):
        return (tuple(value),)
    if isinstance(value, (list, tuple)):
        return tuple((v,) if isinstance(v, str) else v for v in value)
    return value


class MentionsParams(ScopedParams):
    terms: tuple[str, ...] = Field(default=(), description="a sentence must contain one of these")
    with_: Groups = Field(
        default=(), alias="with", description="each group: the same sentence must also contain one of its phrases"
    )
    without: tuple[str, ...] = Field(default=(), description="sentences containing any of these do not count")
    actor: Groups = Field(default=(), description="each group: the sentence names an actor of one of its categories")
    not_actor: tuple[str, ...] = Field(
        default=(), description="sentences naming an actor of these categories do not count"
    )
    subject: tuple[str, ...] = Field(
        default=(), description="the first actor the sentence names (its subject, as a rule) must be of one of these"
    )
    act: Groups = Field(default=(), description="each group: the sentence says one of its acts")
    min: int = Field(default=1, ge=1, description="distinct sentences needed")
    weak: tuple[Status, ...] = Field(
        default=tuple(sorted(WEAK, key=lambda s: s.value)),
        description="statuses that, when they are the only evidence, make the check ask for review",
    )
    review: str | None = Field(
        default=None,
        description="when set, finding the sentences asks for review, for this reason, instead of passing (an "
        "answer a reader must confirm, e.g. 'the company says it has no such processes')",
    )

    # The schema says what a rule file may write: a flat list (one group), or a list of phrases and lists.
    _groups = field_validator(
        "with_", "actor", "act", mode="before", json_schema_input_type=tuple[str | tuple[str, ...], ...]
    )(_as_groups)

    @field_validator("terms", "without", mode="after")
    @classmethod
    def _valid(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return valid_phrases(value)

    @field_validator("with_", mode="after")
    @classmethod
    def _valid_groups(cls, value: Groups) -> Groups:
        for group in value:
            valid_phrases(group)
        return value

    @model_validator(mode="after")
    def _something_to_find(self) -> MentionsParams:
        if not (self.terms or self.act or self.actor):
            raise ValueError("give `terms`, `act` or `actor`: what a sentence must say")
        return self


class PhrasePattern:
    """Phrases combined into one case-insensitive pattern, compiled when first searched.

    Python's ``re`` compiler is pure Python and a rule's combined phrases are long: compiling every rule's patterns
    when the rules load was a large part of start-up, though a run uses only the rules that apply to its documents
    (no 8-K rule runs on a 10-K). Each phrase was already checked when the rule file was validated
    (:func:`.base.valid_phrases`), so a bad phrase is still a rule-file error at load time."""

    def __init__(self, source: str) -> None:
        self.source = source

    @cached_property
    def compiled(self) -> re.Pattern[str]:
        return re.compile(self.source, re.I)

    def search(self, text: str) -> re.Match[str] | None:
        return self.compiled.search(text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(text)


def _pattern(phrases: Sequence[str]) -> PhrasePattern | None:
    if not phrases:
        return None
    return PhrasePattern("|".join(f"(?:{phrase_source(p)})" for p in phrases))


def known_categories(groups: Groups, table: Mapping[str, object], what: str) -> Groups:
    for group in groups:
        for name in group:
            if name not in table:
                raise ValueError(f"unknown {what} '{name}' (known: {', '.join(sorted(table))})")
    return groups


@dataclass(frozen=True)
class Statements:
    """A compiled sentence test: the phrases, actors, acts and statuses of a ``mentions``-like check."""

    terms: PhrasePattern | None
    groups: tuple[PhrasePattern, ...]
    without: PhrasePattern | None
    actor: Groups
    act: Groups
    not_actor: frozenset[str]
    subject: frozenset[str]
    status: frozenset[Status]
    weak: frozenset[Status]

    @classmethod
    def build(
        cls,
        vocabulary: Vocabulary,
        terms: Sequence[str],
        with_: Groups = (),
        without: Sequence[str] = (),
        actor: Groups = (),
        act: Groups = (),
        status: Sequence[Status] = (Status.ASSERTED,),
        weak: Sequence[Status] = (),
        not_actor: Sequence[str] = (),
        subject: Sequence[str] = (),
    ) -> Statements:
        groups = tuple(p for g in with_ if (p := _pattern(vocabulary.expand(g))) is not None)
        return cls(
            terms=_pattern(vocabulary.expand(terms)),
            groups=groups,
            without=_pattern(vocabulary.expand(without)),
            actor=known_categories(actor, vocabulary.actors, "actor"),
            act=known_categories(act, vocabulary.acts, "act"),
            not_actor=frozenset(known_categories((tuple(not_actor),), vocabulary.actors, "actor")[0]),
            subject=frozenset(known_categories((tuple(subject),), vocabulary.actors, "actor")[0]),
            status=frozenset(status),
            weak=frozenset(weak) - frozenset(status),
        )

    def judge(self, sentence: Sentence) -> Status | None:
        """The status in which the sentence says what is asked — one of ``status`` if it can, else one of
        ``weak``, else any other (a negation, a cross-reference…) — or None when it does not say it at all.

        Every part that carries meaning must stand in that status: the term, a phrase of each ``with`` group and an
        act of each ``act`` group ("incidents could harm us": the subject is asserted, the harm hypothetical).
        Actors are who the sentence is about; their own words need no status."""
        text = sentence.text
        if self.without is not None and self.without.search(text):
            return None
        actors = sentence.actor_categories()
        if not all(actors & set(group) for group in self.actor) or actors & self.not_actor:
            return None
        if self.subject:
            first = next((m for m in sentence.actors if m.category != "company"), None)
            if first is None or first.category not in self.subject:
                return None
        parts: list[list[tuple[int, int]]] = []
        if self.terms is not None:
            parts.append([(sentence.start + m.start(), sentence.start + m.end()) for m in self.terms.finditer(text)])
        for pattern in self.groups:
            parts.append([(sentence.start + m.start(), sentence.start + m.end()) for m in pattern.finditer(text)])
        for group in self.act:
            parts.append([(m.start, m.end) for m in sentence.acts if m.category in group])
        if not parts:  # only actors asked for: their mentions decide
            parts.append([(m.start, m.end) for m in sentence.actors if m.category in self.actor[0]])
        statuses = []
        for spans in parts:
            best = self._best([sentence.status_at(a, b) for a, b in spans if b > a])
            if best is None:
                return None
            statuses.append(best)
        if all(s in self.status for s in statuses):
            return statuses[0]
        others = [s for s in statuses if s not in self.status and s not in self.weak]
        if others:
            return others[0]
        return next(s for s in statuses if s in self.weak)

    def _best(self, statuses: list[Status]) -> Status | None:
        for wanted in (self.status, self.weak):
            found = next((s for s in statuses if s in wanted), None)
            if found is not None:
                return found
        return statuses[0] if statuses else None


@dataclass(frozen=True)
class Matches:
    strong: list[Evidence]
    weak: list[Evidence]
    weak_statuses: set[Status]
    other: list[Evidence]
    """Sentences that say it, but not in a status that counts (negated, a cross-reference…): quoted on failure."""
    other_statuses: set[Status]


def matching_sentences(reading: Reading, fields: list[str], test: Statements) -> Matches:
    """Every sentence in ``fields`` that ``test`` accepts, strong and weak; the same sentence in two overlapping
    text blocks counts once."""
    strong: list[Evidence] = []
    weak: list[Evidence] = []
    other: list[Evidence] = []
    weak_statuses: set[Status] = set()
    other_statuses: set[Status] = set()
    seen: set[str] = set()
    for field_name in fields:
        for sentence in reading.sentences(field_name):
            status = test.judge(sentence)
            if status is None:
                continue
            key = " ".join(sentence.text.lower().split())
            if key in seen:
                continue
            seen.add(key)
            ev = evidence(reading.doc, field_name, sentence.start, sentence.end)
            if status in test.status:
                strong.append(ev)
            elif status in test.weak:
                weak.append(ev)
                weak_statuses.add(status)
            else:
                other.append(ev)
                other_statuses.add(status)
    return Matches(strong, weak, weak_statuses, other, other_statuses)


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class Mentions(CheckKind[MentionsParams]):
    name = "mentions"
    description = (
        "At least `min` sentences contain one of `terms`, one phrase of each `with` group, an actor of each `actor` "
        "group and an act of each `act` group, none of `without`, in one of the `status` values (default asserted); "
        "only weak statements (hypothetical, future, policy) found → review."
    )
    Params = MentionsParams

    def __init__(self, params: MentionsParams, vocabulary: Vocabulary) -> None:
        super().__init__(params, vocabulary)
        self.test = Statements.build(
            vocabulary,
            params.terms,
            params.with_,
            params.without,
            params.actor,
            params.act,
            params.status,
            params.weak,
            params.not_actor,
            params.subject,
        )

    def evaluate(self, reading: Reading) -> CheckResult:
        return scoped(reading, self.params, self._judge)

    def _judge(self, reading: Reading, fields: list[str]) -> CheckResult:
        found = matching_sentences(reading, fields, self.test)
        hits = found.strong
        shown = [e.field for e in [*hits, *found.weak]]
        where = describe_fields([f for f in fields if f in shown] or fields)
        values = {"count": str(len(hits))}
        if len(hits) >= self.params.min:
            observed = f"{plural(len(hits), 'matching sentence')} in {where}"
            if self.params.review is not None:
                return CheckResult(Verdict.REVIEW, tuple(hits[:5]), observed, values, reason=self.params.review)
            return CheckResult(Verdict.PASS, tuple(hits[:5]), observed, values)
        if found.weak and len(hits) + len(found.weak) >= self.params.min:
            reason = weak_reason(found.weak_statuses, len(found.weak))
            observed = f"{plural(len(hits), 'matching sentence')} in {where}; {reason}"
            return CheckResult(Verdict.REVIEW, tuple(found.weak[:5]), observed, values, reason=reason)
        observed = f"{plural(len(hits), 'matching sentence')} in {where} ({self.params.min} needed)"
        if found.other:
            how = ", ".join(sorted(s.value.replace("_", " ") for s in found.other_statuses))
            says = "says" if len(found.other) == 1 else "say"
            observed += f"; {plural(len(found.other), 'sentence')} {says} it only as {how}"
        return CheckResult(Verdict.FAIL, tuple([*hits, *found.other][:5]), observed, values)
