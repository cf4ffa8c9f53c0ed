"""``absent``: phrases that must not stand alone — a sentence using one fails unless the same scope also says
what makes it acceptable (e.g. "regularly" without any stated frequency, "have not materially affected" without the
forward-looking half)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from ..reading import Reading, Status, Vocabulary
from .base import CheckKind, CheckResult, ScopedParams, Verdict, describe_fields, scoped, valid_phrases
from .mentions import Statements, _pattern, matching_sentences, plural

SAYING = tuple(s for s in Status if s not in (Status.HEADING, Status.DRAFTING_NOTE, Status.NOT_DISCLOSURE))
"""Every status of a sentence that says something (all but headings, drafting notes and page furniture)."""


class AbsentParams(ScopedParams):
    terms: tuple[str, ...] = Field(min_length=1, description="phrases that must not stand alone")
    unless: tuple[str, ...] = Field(default=(), description="phrases that make a use acceptable")
    within: Literal["sentence", "scope"] = Field(
        default="scope", description="where an `unless` phrase must stand: the same sentence, or anywhere read"
    )
    # What must not be said must not be said in any voice: hedged, negated or asserted.
    status: tuple[Status, ...] = Field(default=SAYING, min_length=1)

    @field_validator("terms", "unless", mode="after")
    @classmethod
    def _valid(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return valid_phrases(value)


class Absent(CheckKind[AbsentParams]):
    name = "absent"
    description = (
        "Fails on sentences containing one of `terms` (in any of `status`, default: every sentence that says "
        "something) unless one of `unless` stands in the same sentence (`within: sentence`) or anywhere "
        "in what is read (`within: scope`, the default). Passes when no term is used."
    )
    Params = AbsentParams

    def __init__(self, params: AbsentParams, vocabulary: Vocabulary) -> None:
        super().__init__(params, vocabulary)
        unless = self.phrases(params.unless)
        sentence_unless = unless if params.within == "sentence" else ()
        self.test = Statements.build(vocabulary, params.terms, without=sentence_unless, status=params.status)
        self.scope_unless = _pattern(unless) if params.within == "scope" else None

    def evaluate(self, reading: Reading) -> CheckResult:
        return scoped(reading, self.params, self._judge)

    def _judge(self, reading: Reading, fields: list[str]) -> CheckResult:
        excused = self.scope_unless is not None and any(
            self.scope_unless.search(reading.doc.field_text(f)) for f in fields
        )
        bad = [] if excused else matching_sentences(reading, fields, self.test).strong
        where = describe_fields(fields)
        observed = f"{plural(len(bad), 'sentence')} in {where} use it alone" if bad else f"not used alone in {where}"
        verdict = Verdict.FAIL if bad else Verdict.PASS
        return CheckResult(verdict, tuple(bad[:5]), observed, {"count": str(len(bad))})
