"""Every rule's own examples: text that must pass, and text that must fail (Semgrep's ruleid / ok)."""

from __future__ import annotations

import pytest

import engine
from engine.model import Outcome
from engine.runner import evaluate

RULES = engine.load_rules().rules


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_examples(rule) -> None:  # type: ignore[no-untyped-def]
    for i, example in enumerate(rule.spec.examples.passing):
        finding = evaluate(rule, example.to_disclosure(f"{rule.id} pass[{i}]"))
        assert finding.outcome is Outcome.PASS, f"pass[{i}] did not pass: {finding.message} ({finding.observed})"
    for i, example in enumerate(rule.spec.examples.failing):
        finding = evaluate(rule, example.to_disclosure(f"{rule.id} fail[{i}]"))
        assert finding.outcome is Outcome.FAIL, f"fail[{i}] did not fail: {finding.message} ({finding.observed})"
        assert finding.severity is rule.spec.severity and finding.requirement == rule.spec.requirement
