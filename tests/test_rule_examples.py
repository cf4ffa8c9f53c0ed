"""Every rule's own examples: text that must pass, and text that must fail (Semgrep's ruleid / ok) — the same
self-test `cydcheck rules test` runs."""

from __future__ import annotations

import cydcheck
import pytest
from cydcheck.selftest import run_examples

RULESET = cydcheck.load_rules()
RULES = RULESET.rules


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_examples(rule) -> None:  # type: ignore[no-untyped-def]
    results = run_examples([rule], RULESET)
    assert results, "a rule without examples"
    bad = [f"{r.label}: {r.explain()}" for r in results if not r.ok]
    assert not bad, "\n".join(bad)
