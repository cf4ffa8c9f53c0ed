"""Rule self-tests (Semgrep's ``ruleid`` / ``ok``): every rule carries text it must pass and text it must fail.

A failing example must fail with the rule's own requirement key and severity; a passing example must pass. A skip
is a mismatch either way: an example the rule does not apply to proves nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .model import Finding, Outcome
from .rules import Rule
from .runner import evaluate


@dataclass(frozen=True)
class ExampleResult:
    rule: Rule
    expected: Outcome  # PASS or FAIL
    index: int
    finding: Finding

    @property
    def label(self) -> str:
        return f"{self.rule.id} {self.expected.value}[{self.index}]"

    @property
    def ok(self) -> bool:
        f, spec = self.finding, self.rule.spec
        if f.outcome is not self.expected:
            return False
        return self.expected is Outcome.PASS or (f.requirement == spec.requirement and f.severity is spec.severity)

    def explain(self) -> str:
        f = self.finding
        got = f.outcome.value + (f" ({f.requirement}, {f.severity.value})" if f.outcome is Outcome.FAIL else "")
        want = self.expected.value + (
            f" ({self.rule.spec.requirement}, {self.rule.spec.severity.value})" if self.expected is Outcome.FAIL else ""
        )
        detail = f.skip_reason or f.observed or f.message
        return f"expected {want}, got {got}: {detail}"


def run_examples(rules: Iterable[Rule]) -> list[ExampleResult]:
    """Evaluate every example of every rule (enabled or not: a disabled rule's file must still be right)."""
    results = []
    for rule in rules:
        for expected, examples in (
            (Outcome.PASS, rule.spec.examples.passing),
            (Outcome.FAIL, rule.spec.examples.failing),
        ):
            for i, example in enumerate(examples):
                doc = example.to_disclosure(f"{rule.path} {expected.value}[{i}]", rule.spec.applies_to[0])
                results.append(ExampleResult(rule, expected, i, evaluate(rule, doc)))
    return results
