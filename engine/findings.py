"""One rule on one read document → one :class:`~cydcheck.model.Finding`: applicability first, then the check's
verdict, worded by the rule (its message, success, thin and review texts)."""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any

from .applicability import skip_reason
from .checks.base import CheckResult, Verdict
from .model import Finding, Form, Outcome
from .reading import Reading
from .rules import Rule, cite

_FIELDS = string.Formatter()


def placeholders(template: str) -> set[str]:
    """The ``{names}`` a message template asks for (a template that does not parse asks for none)."""
    try:
        return {name for _, name, _, _ in _FIELDS.parse(template) if name}
    except ValueError:
        return set()


def render(template: str, values: Mapping[str, str]) -> str | None:
    """The template with its values filled in; None when a value is missing, so a raw ``{placeholder}`` never
    reaches a report (the caller words the finding without it)."""
    wanted = placeholders(template)
    if not wanted <= set(values):
        return None
    try:
        return template.format_map(dict(values))
    except (ValueError, IndexError, KeyError):
        return None


def evaluate(rule: Rule, reading: Reading, forms: tuple[Form, ...]) -> Finding:
    return judge(rule, reading, forms)[0]


def template(rule: Rule, result: CheckResult) -> str | None:
    """The message template a check result is worded with (None when the rule words it without one)."""
    spec = rule.spec
    if result.verdict is Verdict.PASS:
        return spec.success
    if result.verdict is Verdict.REVIEW:
        return spec.review
    if result.verdict is Verdict.THIN and spec.thin is not None:
        return spec.thin.message
    return spec.message if result.verdict in (Verdict.FAIL, Verdict.THIN) else None


def judge(rule: Rule, reading: Reading, forms: tuple[Form, ...]) -> tuple[Finding, set[str]]:
    """The finding, and the ``{placeholders}`` of its template the check left without a value (then the finding
    is worded without the template: a raw placeholder never reaches a report; the rule self-tests report it)."""
    spec = rule.spec
    common: dict[str, Any] = {
        "rule_id": spec.id,
        "requirement": spec.requirement,
        "title": spec.title,
        "citation": cite(spec.citation, forms),
        "severity": spec.severity,
        "fix": spec.fix,
        "rationale": spec.rationale,
    }
    reason = skip_reason(rule, reading.doc, forms)
    if reason is not None:
        return Finding(outcome=Outcome.SKIP, message=f"Not applicable: {reason}.", skip_reason=reason, **common), set()
    result = rule.check.evaluate(reading)
    wording = template(rule, result)
    known = {*result.values, "reason"} if result.verdict is Verdict.REVIEW else set(result.values)
    missing = placeholders(wording) - known if wording else set()
    return word(rule, result, common), missing


def word(rule: Rule, result: CheckResult, common: dict[str, Any]) -> Finding:
    spec = rule.spec
    graded = spec.thin is not None
    if result.verdict is Verdict.SKIP:
        said = result.observed or "the check does not apply"
        return Finding(
            outcome=Outcome.SKIP, message=f"Not applicable: {said}.", skip_reason=said, observed=said, **common
        )
    if result.verdict is Verdict.REVIEW:
        values = {**result.values, "reason": result.reason}
        message = (render(spec.review, values) if spec.review else None) or f"Needs review: {result.reason}."
        return Finding(
            outcome=Outcome.REVIEW,
            message=message,
            observed=result.observed,
            evidence=result.evidence,
            review_reason=result.reason,
            substance="thin" if graded else None,
            **common,
        )
    if result.verdict is Verdict.PASS:
        message = (render(spec.success, result.values) if spec.success else None) or f"{spec.title}."
        return Finding(
            outcome=Outcome.PASS,
            message=message,
            observed=result.observed,
            evidence=result.evidence,
            substance="described" if graded else None,
            **common,
        )
    if result.verdict is Verdict.THIN and spec.thin is not None:
        thin = spec.thin
        message = render(thin.message, result.values) or f"{spec.title}: stated, but without the substance asked for."
        common = {**common, "severity": thin.severity, "fix": thin.fix or spec.fix}
        return Finding(
            outcome=Outcome.FAIL,
            message=message,
            observed=result.observed,
            evidence=result.evidence,
            substance="thin",
            **common,
        )
    # FAIL (or THIN from a rule that does not grade: the answer lacks what the rule asks, so it fails).
    message = render(spec.message, result.values) or f"{spec.title}: not found ({result.observed})."
    return Finding(
        outcome=Outcome.FAIL,
        message=message,
        observed=result.observed,
        evidence=result.evidence,
        substance="absent" if graded else None,
        **common,
    )
