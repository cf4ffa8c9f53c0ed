"""``attributed``: what a sentence claims must be about the actors the text makes responsible.

Two sentence tests, each written like a ``mentions`` check: ``holder`` finds who is responsible ("Our Chief Financial
Officer is responsible for cybersecurity"), ``claim`` finds the statements that must concern them ("… holds the
CISSP certification"). The check passes when a claim sentence names one of the holders — or names no one the text
could mean instead (a pronoun, a first name: the reader links it). It fails when every claim names someone else
("Our IT manager holds a CISSP", when the CFO is responsible): the responsible person's expertise is still missing.
When the text names no holder, the claims alone decide.

Names are compared by what distinguishes them ("information security" in "Chief Information Security Officer"), and an
acronym matches the initials of a spelled-out name ("CISO"). A pronoun ("She holds a CISSP") stands for the names of
the last sentence that named someone; a team ("members of our IT staff hold certifications") is someone else than the
officer the text makes responsible, unless the team itself is.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import Field, field_validator

from ..model import Evidence
from ..reading import Reading, Sentence, Status, Vocabulary
from .base import CheckKind, CheckParams, CheckResult, Verdict, evidence, resolve_element, weak_reason
from .mentions import MentionsParams, Statements, plural

_PRONOUNS = frozenset("he she his her him they their who each both all".split())
_FILLER = frozenset(
    "chief officer officers director directors head heads of the and our its their senior vice president executive "
    "global deputy group corporate assistant associate lead leader manager managers mr ms mrs dr &".split()
)


def _words(name: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z0-9]+", name.lower()) if w not in _FILLER)


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z]+", name) if w.lower() not in ("and", "of", "the", "for")).upper()


def same_actor(a: str, b: str) -> bool:
    """ "CISO" is "Chief Information Security Officer"; "Head of Information Security" is "Chief Information Security
    Officer" (the same function); "Chief Information Officer" is not."""
    a, b = " ".join(a.split()), " ".join(b.split())
    for one, other in ((a, b), (b, a)):
        if " " not in one and one.isupper() and len(one) >= 2 and _initials(other) == one.rstrip("s"):
            return True
    wa, wb = _words(a), _words(b)
    return bool(wa) and wa == wb


class AttributedParams(CheckParams):
    claim: dict[str, Any] = Field(description="mentions-style test: the sentences that must concern a holder")
    holder: dict[str, Any] = Field(description="mentions-style test: the sentences that say who is responsible")
    names: tuple[str, ...] = Field(
        min_length=1, description="actor categories whose mentions name a holder (e.g. management_position)"
    )
    in_: tuple[str, ...] = Field(default=(), alias="in", description="tagged text elements to read, with the section")

    @field_validator("claim", "holder", mode="after")
    @classmethod
    def _mentions(cls, value: dict[str, Any]) -> dict[str, Any]:
        MentionsParams.model_validate(value)  # errors name the field, like any other parameter
        return value

    @field_validator("in_", mode="after")
    @classmethod
    def _elements(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(resolve_element(v) for v in value)


def _statements(raw: dict[str, Any], vocabulary: Vocabulary) -> Statements:
    p = MentionsParams.model_validate(raw)
    return Statements.build(
        vocabulary, p.terms, p.with_, p.without, p.actor, p.act, p.status, p.weak, p.not_actor, p.subject
    )


class Attributed(CheckKind[AttributedParams]):
    name = "attributed"
    description = (
        "Sentences matching `claim` must concern an actor named in sentences matching `holder` (names of the "
        "`names` categories); fails when every claim names someone else. Reads the `in` elements and the section."
    )
    Params = AttributedParams

    def __init__(self, params: AttributedParams, vocabulary: Vocabulary) -> None:
        super().__init__(params, vocabulary)
        self.claim = _statements(params.claim, vocabulary)
        self.holder = _statements(params.holder, vocabulary)
        self.categories = set(params.names)
        unknown = self.categories - set(vocabulary.actors)
        if unknown:
            raise ValueError(f"unknown actor '{sorted(unknown)[0]}' (known: {', '.join(sorted(vocabulary.actors))})")

    def _names(self, sentence: Sentence) -> tuple[list[str], bool]:
        """The names a sentence gives, and whether it refers back to someone by a pronoun."""
        named = [m.text for m in sentence.actors if m.category in self.categories and m.end > m.start]
        proper = [n for n in named if n.split()[0].lower() not in _PRONOUNS]
        return proper, len(proper) < len(named)

    def evaluate(self, reading: Reading) -> CheckResult:
        fields = ["text", *(f"fact:{f.id}" for f in reading.doc.facts if f.name in self.params.in_)]
        holders: list[str] = []
        claims: list[tuple[Sentence, list[str]]] = []
        weak: list[Sentence] = []
        weak_statuses: set[Status] = set()
        seen: set[str] = set()
        for field_name in fields:
            last: list[str] = []  # the names of the last sentence that named someone: what a pronoun stands for
            for sentence in reading.sentences(field_name):
                named, refers_back = self._names(sentence)
                if refers_back and not named:
                    named = last
                if named:
                    last = named
                key = " ".join(sentence.text.lower().split())
                if key in seen:
                    continue
                seen.add(key)
                if self.holder.judge(sentence) in self.holder.status:
                    holders.extend(named)
                status = self.claim.judge(sentence)
                if status in self.claim.status:
                    claims.append((sentence, named))
                elif status in self.claim.weak:
                    weak.append(sentence)
                    weak_statuses.add(status)

        def ev(sentence: Sentence) -> Evidence:
            return evidence(reading.doc, sentence.field, sentence.start, sentence.end)

        if not claims:
            if weak:
                reason = weak_reason(weak_statuses, len(weak))
                return CheckResult(Verdict.REVIEW, tuple(ev(s) for s in weak[:5]), reason, reason=reason)
            return CheckResult(Verdict.FAIL, observed="no sentence states it")

        def about_a_holder(named: list[str]) -> bool:
            return not named or not holders or any(same_actor(n, h) for n in named for h in holders)

        linked = [s for s, named in claims if about_a_holder(named)]
        if linked:
            return CheckResult(
                Verdict.PASS, tuple(ev(s) for s in linked[:5]), f"{plural(len(linked), 'sentence')} state it"
            )
        about = sorted({n for _, named in claims for n in named})
        responsible = sorted(set(holders))
        observed = f"stated for {', '.join(about)}, not for the responsible {', '.join(responsible)}"
        return CheckResult(
            Verdict.FAIL,
            tuple(ev(s) for s, _ in claims[:5]),
            observed,
            {"about": ", ".join(about), "responsible": ", ".join(responsible)},
        )
