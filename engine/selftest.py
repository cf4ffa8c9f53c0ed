"""Rule self-tests (Semgrep's ``ruleid`` / ``ok``): every rule carries text it must pass and text it must fail —
and graded rules text that is only thin, rules that read statuses text that must ask for review.

A failing example must fail with the rule's own requirement key and severity; a thin one must fail at the rule's
``thin`` severity; a passing example must pass; a review example must ask for review. A skip is a mismatch either
way: an example the rule does not apply to proves nothing. A message whose ``{placeholder}`` the check did not fill
is a mismatch too: a raw placeholder must never reach a report.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .applicability import document_forms
from .findings import judge
from .model import Finding, Outcome
from .reading import read
from .rules import Rule, RuleSet

Expected = str  # "pass", "fail", "thin", "review"


@dataclass(frozen=True)
class ExampleResult:
    rule: Rule
    expected: Expected
    index: int
    finding: Finding
    unfilled: frozenset[str] = frozenset()
    """Placeholders of the message template the check left without a value."""

    @property
    def label(self) -> str:
        return f"{self.rule.id} {self.expected}[{self.index}]"

    @property
    def raw_placeholder(self) -> bool:
        return bool(self.unfilled)

    @property
    def ok(self) -> bool:
        f, spec = self.finding, self.rule.spec
        if self.raw_placeholder:
            return False
        if self.expected == "pass":
            return f.outcome is Outcome.PASS
        if self.expected == "review":
            return f.outcome is Outcome.REVIEW
        if f.outcome is not Outcome.FAIL or f.requirement != spec.requirement:
            return False
        if self.expected == "thin":
            return spec.thin is not None and f.substance == "thin" and f.severity is spec.thin.severity
        return f.severity is spec.severity and f.substance != "thin"

    def explain(self) -> str:
        f = self.finding
        if self.raw_placeholder:
            names = ", ".join("{" + n + "}" for n in sorted(self.unfilled))
            return f"the message template's {names} has no value on this path (worded without the template)"
        spec = self.rule.spec
        got = f.outcome.value
        if f.outcome is Outcome.FAIL:
            got += f" ({f.requirement}, {f.severity.value}{', thin' if f.substance == 'thin' else ''})"
        want = self.expected
        if want == "fail":
            want += f" ({spec.requirement}, {spec.severity.value})"
        elif want == "thin" and spec.thin is not None:
            want += f" ({spec.requirement}, {spec.thin.severity.value})"
        detail = f.skip_reason or f.review_reason or f.observed or f.message
        return f"expected {want}, got {got}: {detail}"


def run_examples(rules: Iterable[Rule], ruleset: RuleSet) -> list[ExampleResult]:
    """Evaluate every example of every rule (enabled or not: a disabled rule's file must still be right), read with
    ``ruleset``'s vocabulary."""
    results = []
    for rule in rules:
        examples = rule.spec.examples
        for expected, docs in (
            ("pass", examples.passing),
            ("fail", examples.failing),
            ("thin", examples.thin),
            ("review", examples.review),
        ):
            for i, example in enumerate(docs):
                doc = example.to_disclosure(f"{rule.path} {expected}[{i}]", rule.spec.applies_to[0])
                finding, unfilled = judge(rule, read(doc, ruleset.vocabulary), document_forms(doc))
                results.append(ExampleResult(rule, expected, i, finding, frozenset(unfilled)))
    return results
