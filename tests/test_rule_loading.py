"""Bad rule files end as one line naming the file, the line and the field."""

from __future__ import annotations

from pathlib import Path

import cydcheck
import pytest
from cydcheck.errors import RuleError
from helpers import GOOD_RULE, write_rule


def load(tmp_path: Path, text: str) -> None:
    write_rule(tmp_path / "pack", text)
    cydcheck.load_rules(extra=[tmp_path / "pack"], builtin=True)


def test_good_rule_loads_beside_the_builtins(tmp_path: Path) -> None:
    write_rule(tmp_path / "pack", GOOD_RULE)
    rules = cydcheck.load_rules(extra=[tmp_path / "pack"])
    rule = rules.get("TEST-RULE")
    assert rule is not None and rule.path.endswith("pack/rule.yaml")
    assert len(rules.rules) > 1


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("severity: error", "severity: fatal"), r"rule\.yaml:5: field 'severity': Input should be 'error'"),
        (("  kind: mentions", "  kind: mentionz"), r"rule\.yaml:8: field 'check\.kind': unknown check kind 'mentionz'"),
        (("  terms: [board]", "  terms: board"), r"rule\.yaml:9: field 'check\.terms'"),
        (("  terms: [board]", "  terms: [board]\n  color: red"), r"rule\.yaml:10: field 'check\.color': unknown field"),
        (("fix: add a board\n", ""), r"rule\.yaml:1: field 'fix': required field is missing"),
        (
            ('requirement: "106.c.1.board"', 'requirement: "999.z"'),
            r"rule\.yaml:3: field 'requirement': unknown requirement key '999\.z'",
        ),
        (("  terms: [board]", "  terms: ['re:(']"), r"rule\.yaml:9: field 'check\.terms': bad phrase"),
        # Compiles alone, not inside the rule's combined pattern: the rule file's error at load, not a crash later.
        (
            ("  terms: [board]", "  terms: [x, 're:(?i)board']"),
            r"rule\.yaml:9: field 'check\.terms': bad phrase .* may not set global flags such as \(\?i\)",
        ),
        # Balanced only once wrapped in the combined pattern's group: still the phrase's own error.
        (("  terms: [board]", "  terms: ['re:board)|(?:audit']"), r"rule\.yaml:9: field 'check\.terms': bad phrase"),
        # Groups by name, or references back: their names clash and their numbers shift once phrases are combined.
        (
            ("  terms: [board]", "  terms: ['re:(?P<b>board)']"),
            r"rule\.yaml:9: field 'check\.terms': bad phrase .* name",
        ),
        (
            ("  terms: [board]", "  terms: ['re:(audit)\\s+\\1']"),
            r"rule\.yaml:9: field 'check\.terms': bad phrase .* refer",
        ),
        (
            ("  terms: [board]", "  terms: [x]\n  in: [NotAnElement]"),
            r"rule\.yaml:10: field 'check\.in': unknown cyd element 'NotAnElement'",
        ),
        (("id: TEST-RULE", "id: test rule"), r"rule\.yaml:1: field 'id': String should match pattern"),
        (("title: A test rule", "title: A test rule\ntitle: again"), r"rule\.yaml:3: duplicate key 'title'"),
        (("message: no board", "message: [unclosed"), r"rule\.yaml:\d+: YAML syntax error"),
        (
            ("  pass: [The board oversees it.]", "  pass: []"),
            r"rule\.yaml:14: field 'examples\.pass': Tuple should have at least 1 item",
        ),
        (("applies_to: [10-K, 20-F]", "applies_to: [10-Q]"), r"rule\.yaml:6: field 'applies_to\.0'"),
    ],
)
def test_bad_rule_file_is_one_line_with_file_line_field(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    old, new = change
    assert old in GOOD_RULE
    with pytest.raises(RuleError, match=expected) as info:
        load(tmp_path, GOOD_RULE.replace(old, new))
    assert "\n" not in str(info.value)


def test_nested_check_errors_point_into_the_tree(tmp_path: Path) -> None:
    text = GOOD_RULE.replace(
        "check:\n  kind: mentions\n  terms: [board]\n",
        "check:\n  kind: any_of\n  checks:\n    - kind: mentions\n      terms: [board]\n"
        "    - kind: names\n      entity: ceo\n",
    )
    with pytest.raises(
        RuleError, match=r"rule\.yaml:13: field 'check\.checks\.1\.entity': Input should be 'committee'"
    ):
        load(tmp_path, text)


def test_duplicate_rule_id(tmp_path: Path) -> None:
    write_rule(tmp_path / "pack", GOOD_RULE, "a.yaml")
    write_rule(tmp_path / "pack", GOOD_RULE, "b.yaml")
    with pytest.raises(RuleError, match=r"b\.yaml:1: rule id 'TEST-RULE' is already used by .*a\.yaml"):
        cydcheck.load_rules(extra=[tmp_path / "pack"])


def test_rule_file_must_be_a_mapping(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match=r"rule\.yaml:1: a rule file holds one rule"):
        load(tmp_path, "- just\n- a list\n")


def test_missing_rule_directory(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="rule directory not found"):
        cydcheck.load_rules(extra=[tmp_path / "nope"])


def test_a_pack_can_define_its_own_requirements(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    write_rule(
        pack,
        "requirements:\n  - key: acme.1\n    title: Acme\n    citation: Acme policy 1\n    forms: [10-K]\n",
        "requirements.yaml",
    )
    write_rule(pack, GOOD_RULE.replace('"106.c.1.board"', "acme.1"))
    rules = cydcheck.load_rules(extra=[pack])
    assert "acme.1" in rules.requirements and rules.get("TEST-RULE") is not None


def test_builtin_rules_cover_every_requirement_key(ruleset) -> None:  # type: ignore[no-untyped-def]
    covered = {r.spec.requirement for r in ruleset.rules}
    assert set(ruleset.requirements) <= covered
    assert {
        "106.b.1",
        "106.b.1.i",
        "106.b.1.ii",
        "106.b.1.iii",
        "106.b.2",
        "106.c.1.board",
        "106.c.1.committee",
        "106.c.1.informed",
        "106.c.2.role",
        "106.c.2.i.positions",
        "106.c.2.i.expertise",
        "106.c.2.ii",
        "106.c.2.iii",
    } <= set(ruleset.requirements)
    for rule in ruleset.rules:
        assert rule.spec.citation and rule.spec.rationale and rule.spec.fix
        assert rule.path.startswith("cydcheck:")  # bundled rules show no absolute path
