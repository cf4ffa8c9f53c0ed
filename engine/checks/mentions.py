"""``mentions``: sentences that say something — any of some phrases, optionally with others in the same sentence.

This is the workhorse of prose rules. Phrases use the syntax of :func:`engine.text.phrase_pattern` (literal,
word-bounded, case-insensitive; ``word*`` for any ending; ``re:`` for a regular expression).
"""

from __future__ import annotations

from pydantic import Field, field_validator

from ..model import Disclosure, Evidence
from ..text import phrase_pattern, sentences
from .base import (
    CheckCall,
    CheckKind,
    CheckResult,
    ScopedParams,
    describe_fields,
    evidence,
    iter_texts,
    scoped,
    valid_phrases,
)


class MentionsParams(ScopedParams):
    terms: tuple[str, ...] = Field(min_length=1, description="a sentence must contain one of these")
    with_: tuple[tuple[str, ...], ...] = Field(
        default=(),
        alias="with",
        description="each group: the same sentence must also contain one phrase of that group",
    )
    without: tuple[str, ...] = Field(default=(), description="sentences containing any of these do not count")
    min: int = Field(default=1, ge=1, description="distinct sentences needed")

    @field_validator("with_", mode="before")
    @classmethod
    def _groups(cls, value: object) -> object:
        # `with: [a, b]` is one group; `with: [[a, b], [c]]` is two.
        if isinstance(value, (list, tuple)) and value and all(isinstance(v, str) for v in value):
            return (tuple(value),)
        return value

    @field_validator("terms", "without", mode="after")
    @classmethod
    def _valid(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return valid_phrases(value)

    @field_validator("with_", mode="after")
    @classmethod
    def _valid_groups(cls, value: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], ...]:
        for group in value:
            valid_phrases(group)
        return value


def matching_sentences(
    doc: Disclosure,
    fields: list[str],
    terms: tuple[str, ...],
    groups: tuple[tuple[str, ...], ...] = (),
    without: tuple[str, ...] = (),
) -> list[Evidence]:
    """Every sentence in ``fields`` containing a term, a phrase of each group, and none of ``without``."""
    found: list[Evidence] = []
    seen: set[str] = set()
    for field_name, text in iter_texts(doc, fields):
        for start, end in sentences(text):
            sentence = text[start:end]
            if not any(phrase_pattern(t).search(sentence) for t in terms):
                continue
            if not all(any(phrase_pattern(p).search(sentence) for p in g) for g in groups):
                continue
            if any(phrase_pattern(w).search(sentence) for w in without):
                continue
            key = " ".join(sentence.lower().split())
            if key not in seen:  # the same sentence in two overlapping text blocks counts once
                seen.add(key)
                found.append(evidence(doc, field_name, start, end))
    return found


class Mentions(CheckKind):
    name = "mentions"
    description = (
        "At least `min` sentences contain one of `terms`, one phrase of each `with` group, and none of "
        "`without`; read in the `in` elements, then the section text."
    )
    Params = MentionsParams

    @classmethod
    def evaluate(cls, params: MentionsParams, doc: Disclosure, children: tuple[CheckCall, ...]) -> CheckResult:
        def judge(d: Disclosure, fields: list[str]) -> CheckResult:
            hits = matching_sentences(d, fields, params.terms, params.with_, params.without)
            passed = len(hits) >= params.min
            hit_fields = [f for f in fields if any(e.field == f for e in hits)]
            where = describe_fields(hit_fields or fields)
            observed = f"{len(hits)} matching sentence{'s' if len(hits) != 1 else ''} in {where}" + (
                "" if passed else f" ({params.min} needed)"
            )
            return CheckResult(
                passed=passed, evidence=tuple(hits[:5]), observed=observed, values={"count": str(len(hits))}
            )

        return scoped(doc, params, judge)
