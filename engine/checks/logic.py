"""Composite check kinds: ``all_of``, ``any_of`` and ``not``."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ..model import Disclosure, Evidence
from .base import CheckCall, CheckKind, CheckParams, CheckResult


class ManyParams(CheckParams):
    checks: tuple[dict[str, Any], ...] = Field(min_length=1)


class OneParams(CheckParams):
    check: dict[str, Any]


def _merge_evidence(results: list[CheckResult]) -> tuple[Evidence, ...]:
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


def _combine(doc: Disclosure, children: tuple[CheckCall, ...], every: bool) -> CheckResult:
    """all_of (``every``) or any_of over the sub-checks that apply; all of them skipping is a skip."""
    results = [c.evaluate(doc) for c in children]
    applied = [r for r in results if r.passed is not None]
    if not applied:
        return CheckResult(passed=None, observed="; ".join(r.observed for r in results))
    if every:
        failed = [r for r in applied if not r.passed]
        passed, shown = not failed, failed or applied  # on failure, quote what is wrong, not what was fine
    else:
        hits = [r for r in applied if r.passed]
        passed, shown = bool(hits), hits[:1] or applied
    return CheckResult(
        passed=passed,
        evidence=_merge_evidence(shown),
        observed="; ".join(r.observed for r in shown if r.observed),
        values=_merge_values(shown),
    )


class AllOf(CheckKind):
    name = "all_of"
    description = "Every sub-check passes (sub-checks that do not apply are ignored; all of them skipping is a skip)."
    Params = ManyParams
    children = "checks"

    @classmethod
    def evaluate(cls, params: ManyParams, doc: Disclosure, children: tuple[CheckCall, ...]) -> CheckResult:
        return _combine(doc, children, every=True)


class AnyOf(CheckKind):
    name = "any_of"
    description = "At least one sub-check passes (all of them skipping is a skip)."
    Params = ManyParams
    children = "checks"

    @classmethod
    def evaluate(cls, params: ManyParams, doc: Disclosure, children: tuple[CheckCall, ...]) -> CheckResult:
        return _combine(doc, children, every=False)


class Not(CheckKind):
    name = "not"
    description = "The sub-check fails (a skip stays a skip). Evidence is what the sub-check found."
    Params = OneParams
    children = "check"

    @classmethod
    def evaluate(cls, params: OneParams, doc: Disclosure, children: tuple[CheckCall, ...]) -> CheckResult:
        result = children[0].evaluate(doc)
        if result.passed is None:
            return result
        return CheckResult(
            passed=not result.passed, evidence=result.evidence, observed=result.observed, values=result.values
        )
