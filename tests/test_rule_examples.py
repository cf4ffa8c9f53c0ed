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


def test_no_message_placeholder_is_left_unfilled_on_the_corpus_or_the_examples() -> None:
    # A raw "{names}" must never reach a report: every rule's template must be filled on every path the corpus and
    # the bundled examples take (the self-tests check the rules' own examples).
    from cydcheck.applicability import document_forms
    from cydcheck.findings import judge
    from cydcheck.reading import read
    from helpers import CORPUS, EXAMPLES, needs_shared

    paths = sorted(EXAMPLES.glob("*.*"))
    if CORPUS.is_dir():
        paths += sorted(p for p in CORPUS.rglob("*") if p.suffix in (".htm", ".xml"))
    else:
        needs_shared()
    unfilled = []
    for path in paths:
        doc = cydcheck.parse(path)
        reading = read(doc, RULESET.vocabulary)
        for rule in RULES:
            _, missing = judge(rule, reading, document_forms(doc))
            if missing:
                unfilled.append(f"{path.name} {rule.id}: {sorted(missing)}")
    assert not unfilled, "\n".join(unfilled)
