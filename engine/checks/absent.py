"""``absent``: phrases that must not stand alone — a sentence using one fails unless the same scope also says
what makes it acceptable (e.g. "regularly" without any stated frequency, "have not materially affected" without the
forward-looking half)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from ..model import Disclosure
from ..text import phrase_pattern
from .base import (
    CheckCall,
    CheckKind,
    CheckResult,
    Fallback,
    ScopedParams,
    describe_fields,
    iter_texts,
    scoped,
    valid_phrases,
)
from .mentions import matching_sentences


class AbsentParams(ScopedParams):
    terms: tuple[str, ...] = Field(min_length=1, description="phrases that must not stand alone")
    unless: tuple[str, ...] = Field(default=(), description="phrases that make a use acceptable")
    within: Literal["sentence", "scope"] = Field(
        default="scope", description="where an `unless` phrase must stand: the same sentence, or anywhere read"
    )
    # A pass inside the named elements is a pass: fall back to the section only when nothing is tagged.
    fallback: Fallback = "untagged"

    @field_validator("terms", "unless", mode="after")
    @classmethod
    def _valid(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return valid_phrases(value)


class Absent(CheckKind):
    name = "absent"
    description = (
        "Fails on sentences containing one of `terms` unless one of `unless` stands in the same sentence "
        "(`within: sentence`) or anywhere in what is read (`within: scope`). Passes when no term is used."
    )
    Params = AbsentParams

    @classmethod
    def evaluate(cls, params: AbsentParams, doc: Disclosure, children: tuple[CheckCall, ...]) -> CheckResult:
        def judge(d: Disclosure, fields: list[str]) -> CheckResult:
            if params.within == "sentence":
                bad = matching_sentences(d, fields, params.terms, without=params.unless)
            else:
                excused = params.unless and any(
                    phrase_pattern(u).search(text) for _, text in iter_texts(d, fields) for u in params.unless
                )
                bad = [] if excused else matching_sentences(d, fields, params.terms)
            where = describe_fields(fields)
            observed = (
                f"{len(bad)} sentence{'s' if len(bad) != 1 else ''} in {where} use it alone"
                if bad
                else f"not used alone in {where}"
            )
            return CheckResult(
                passed=not bad, evidence=tuple(bad[:5]), observed=observed, values={"count": str(len(bad))}
            )

        return scoped(doc, params, judge)
