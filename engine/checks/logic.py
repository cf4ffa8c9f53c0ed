"""Composite check kinds: ``all_of``, ``any_of``, ``not`` and ``graded``."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import Field

from ..model import Evidence
from ..reading import Reading
from .base import CheckParams, CheckResult, CompositeKind, Verdict


class ManyParams(CheckParams):
    checks: tuple[dict[str, Any], ...] = Field(min_length=1)


class OneParams(CheckParams):
    check: dict[str, Any]


class GradedParams(CheckParams):
    described: dict[str, Any] = Field(description="the check that the requirement is described in substance")
    stated: dict[str, Any] = Field(description="the check that it is at least stated")


def merge_evidence(results: list[CheckResult]) -> tuple[Evidence, ...]:
    """Evidence of several sub-checks, each span once; a span inside another span of the same field is dropped."""
    spans = list(dict.fromkeys(e for r in results for e in r.evidence))
    return tuple(
        e
        for e in spans
        if not any(o is not e and o.field == e.field and o.start <= e.start and e.end <= o.end for o in spans)
    )


def _merge_values(results: list[CheckResult]) -> dict[str, str]:
    merged: dict[str, str] = {}
    for r in results:
        for k, v in r.values.items():
            merged.setdefault(k, v)
    return merged


def _combine(results: list[CheckResult], verdict: Verdict) -> CheckResult:
    return CheckResult(
        verdict,
        merge_evidence(results),
        "; ".join(r.observed for r in results if r.observed),
        _merge_values(results),
        "; ".join(r.reason for r in results if r.reason),
    )


class AllOf(CompositeKind[ManyParams]):
    name = "all_of"
    description = (
        "Every sub-check passes. Sub-checks that do not apply are ignored (all of them skipping is a skip); any "
        "failure fails, else any review asks for review, else any thin answer is thin."
    )
    Params = ManyParams
    children = ("checks",)

    def evaluate(self, reading: Reading) -> CheckResult:
        applied = [r for r in (c.evaluate(reading) for c in self.checks) if r.verdict is not Verdict.SKIP]
        if not applied:
            return CheckResult(Verdict.SKIP, observed="no sub-check applies")
        for verdict in (Verdict.FAIL, Verdict.REVIEW, Verdict.THIN):
            worst = [r for r in applied if r.verdict is verdict]
            if worst:  # quote what is wrong, not what was fine
                return _combine(worst, verdict)
        return _combine(applied, Verdict.PASS)


class AnyOf(CompositeKind[ManyParams]):
    name = "any_of"
    description = (
        "At least one sub-check passes; else any review asks for review, else any thin answer is thin, else it fails "
        "(all of them skipping is a skip)."
    )
    Params = ManyParams
    children = ("checks",)

    def evaluate(self, reading: Reading) -> CheckResult:
        applied = [r for r in (c.evaluate(reading) for c in self.checks) if r.verdict is not Verdict.SKIP]
        if not applied:
            return CheckResult(Verdict.SKIP, observed="no sub-check applies")
        for verdict in (Verdict.PASS, Verdict.REVIEW, Verdict.THIN):
            best = [r for r in applied if r.verdict is verdict]
            if best:
                return _combine(best[:1], verdict)
        return _combine(applied, Verdict.FAIL)


class Not(CompositeKind[OneParams]):
    name = "not"
    description = (
        "The sub-check fails (a thin answer is still an answer: not → fail). A skip stays a skip, a review a review. "
        "Evidence is what the sub-check found."
    )
    Params = OneParams
    children = ("check",)

    _FLIP: ClassVar[dict[Verdict, Verdict]] = {
        Verdict.PASS: Verdict.FAIL,
        Verdict.FAIL: Verdict.PASS,
        Verdict.THIN: Verdict.FAIL,
        Verdict.REVIEW: Verdict.REVIEW,
        Verdict.SKIP: Verdict.SKIP,
    }

    def evaluate(self, reading: Reading) -> CheckResult:
        result = self.checks[0].evaluate(reading)
        return CheckResult(self._FLIP[result.verdict], result.evidence, result.observed, result.values, result.reason)


class Graded(CompositeKind[GradedParams]):
    name = "graded"
    description = (
        'Substance levels where the rule asks "how" or "in such detail as necessary": passes when `described` '
        "passes; thin (the rule's `thin` severity) when only `stated` passes; fails (the rule's severity) when "
        "neither does. A review from either asks for review."
    )
    Params = GradedParams
    children = ("described", "stated")

    def evaluate(self, reading: Reading) -> CheckResult:
        described, stated = (c.evaluate(reading) for c in self.checks)
        if described.verdict is Verdict.PASS:
            return described
        said = stated.verdict
        if said is Verdict.PASS:
            return CheckResult(
                Verdict.THIN, stated.evidence, f"stated, not described: {described.observed}", stated.values
            )
        if Verdict.REVIEW in (described.verdict, said):
            weak = described if described.verdict is Verdict.REVIEW else stated
            return weak
        if said is Verdict.SKIP and described.verdict is Verdict.SKIP:
            return described
        # Nothing counts; quote what came closest (a pointer, a negation) so the reader sees why.
        near = merge_evidence([described, stated])
        return CheckResult(Verdict.FAIL, near, f"{described.observed}; {stated.observed}", stated.values)
