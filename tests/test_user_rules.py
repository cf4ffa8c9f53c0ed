"""A user's rule directory — `--rules DIR` or the configuration's `rules:` — with a broken file anywhere in it ends
the run with exit 2 and one line naming the file, the line and what is wrong; nothing is written."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from cydcheck.cli import cli
from helpers import EXAMPLES, GOOD_RULE, write_rule

DRAFT = str(EXAMPLES / "northwind-strong.txt")

# (what to change in GOOD_RULE, the file it goes in, the error after "cydcheck: error: ")
CASES = [
    pytest.param(
        ("message: no board", "message: [unclosed"),
        r"pack/rule\.yaml:11: YAML syntax error: ",
        id="bad-yaml",
    ),
    pytest.param(
        ("  kind: mentions", "  kind: mentionz"),
        r"pack/rule\.yaml:8: field 'check\.kind': unknown check kind 'mentionz' \(known: absent, all_of, ",
        id="unknown-kind",
    ),
    pytest.param(
        ("  terms: [board]", "  terms: [board, 're:(unclosed']"),
        r"pack/rule\.yaml:9: field 'check\.terms': bad phrase 're:\(unclosed': missing \), unterminated subpattern",
        id="bad-phrase",
    ),
    pytest.param(
        ("  terms: [board]", "  terms: [board]\n  actor: [[board], [boardz]]"),
        r"pack/rule\.yaml:10: field 'check\.actor\.1\.0': unknown actor 'boardz' \(known: assessor, board, ",
        id="unknown-actor-category",
    ),
    pytest.param(
        ("  terms: [board]", "  terms: [board]\n  act: [overseee]"),
        r"pack/rule\.yaml:10: field 'check\.act\.0': unknown act 'overseee' \(known: assess, ",
        id="unknown-act-category",
    ),
    pytest.param(
        ("  terms: [board]", "  terms: [board]\n  with: ['@frequncy']"),
        r"pack/rule\.yaml:10: field 'check\.with\.0': unknown phrase list '@frequncy' \(known: @board_or_committee, ",
        id="unknown-phrase-list",
    ),
    pytest.param(
        ("citation: Reg. S-K Item 106(c)(1)\n", ""),
        r"pack/rule\.yaml:1: field 'citation': required field is missing$",
        id="missing-citation",
    ),
    pytest.param(
        ("citation: Reg. S-K Item 106(c)(1)", "citation: {10-K: ' '}"),
        r"pack/rule\.yaml:4: field 'citation': a citation is a non-empty string, or a non-empty mapping",
        id="blank-citation",
    ),
    pytest.param(
        ('requirement: "106.c.1.board"', 'requirement: "106.c.9"'),
        r"pack/rule\.yaml:3: field 'requirement': unknown requirement key '106\.c\.9'$",
        id="unknown-requirement",
    ),
    pytest.param(
        ("  fail: [Nothing here.]", "  fail: [Nothing here.]\n  thin: [{txt: x}]"),
        r"pack/rule\.yaml:16: field 'examples\.thin\.0\.txt': unknown field \(not allowed here\)$",
        id="typo-in-an-example",
    ),
]


def _route(route: str, tmp_path: Path) -> list[str]:
    if route == "--rules":
        return ["--rules", "pack"]
    (tmp_path / ".cydcheck.yaml").write_text("rules: [pack]\n", encoding="utf-8")
    return ["--config", ".cydcheck.yaml"]


@pytest.mark.parametrize("route", ["--rules", "config"])
@pytest.mark.parametrize(("change", "expected"), CASES)
def test_a_broken_rule_file_is_one_line_with_file_and_line(
    runner: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    route: str,
    change: tuple[str, str],
    expected: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    old, new = change
    assert old in GOOD_RULE
    write_rule(tmp_path / "pack", GOOD_RULE)
    write_rule(tmp_path / "pack" / "more", GOOD_RULE.replace("TEST-RULE", "TEST-OTHER"), "other.yaml")
    write_rule(tmp_path / "pack", GOOD_RULE.replace(old, new))
    result = runner.invoke(
        cli, ["check", DRAFT, "--output", "report.json", "--format", "json", *_route(route, tmp_path)]
    )
    assert result.exit_code == 2, result.output
    line = result.stderr.removesuffix("\n")
    assert "\n" not in line and "Traceback" not in result.output
    assert line.startswith("cydcheck: error: pack/rule.yaml:")
    assert re.search(expected, line.removeprefix("cydcheck: error: ")), line
    assert not (tmp_path / "report.json").exists()
    if route == "--rules":  # the same file through `rules test DIR` and `rules docs`: the same line
        assert runner.invoke(cli, ["rules", "test", "pack"]).stderr == result.stderr
        assert runner.invoke(cli, ["rules", "docs", "-o", "docs", "--rules", "pack"]).stderr == result.stderr
        assert not (tmp_path / "docs").exists()


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "vocabulary/ours.yaml",
            "actors:\n  board:\n    phrases: ['re:(']\n",
            "pack/vocabulary/ours.yaml:3: field 'actors.board.phrases': bad phrase 're:(': ",
        ),
        (
            "vocabulary/ours.yaml",
            "phrases:\n  Frequency: [quarterly]\n",
            "pack/vocabulary/ours.yaml:1: field 'phrases': phrase list name 'Frequency': lower-case letters",
        ),
        (
            "requirements.yaml",
            "requirements:\n  - key: acme.1\n    title: Acme\n    forms: [10-K]\n",
            "pack/requirements.yaml:2: field 'requirements.0.citation': required field is missing",
        ),
    ],
)
def test_a_broken_pack_file_is_one_line_too(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str, expected: str
) -> None:
    monkeypatch.chdir(tmp_path)
    write_rule(tmp_path / "pack", GOOD_RULE)
    path = tmp_path / "pack" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(cli, ["check", DRAFT, "--rules", "pack"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"cydcheck: error: {expected}") and result.stderr.count("\n") == 1, result.stderr


def test_a_scan_skips_the_rule_pack_kept_beside_the_drafts(runner: CliRunner, tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "drafts").mkdir(parents=True)
    (project / "drafts" / "fy2025.txt").write_text(Path(DRAFT).read_text(encoding="utf-8"), encoding="utf-8")
    (project / "drafts" / "fy2024.yaml").write_text("form: 10-K\ntext: Our board oversees cybersecurity risk.\n")
    write_rule(project / "our-rules", GOOD_RULE)
    write_rule(project / "our-rules", "requirements: []\n", "requirements.yaml")
    result = runner.invoke(cli, ["check", str(project), "--format", "json", "--rules", str(project / "our-rules")])
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.stdout)
    assert [Path(d["source"]).name for d in report["documents"]] == ["fy2024.yaml", "fy2025.txt"]
    assert sorted((Path(s["source"]).name, s["reason"]) for s in report["skipped"]) == [
        ("requirements.yaml", "a file of a cydcheck rule pack, skipped"),
        ("rule.yaml", "a file of a cydcheck rule pack, skipped"),
    ]
    # Named on the command line, a rule file is still read as what it claims to be: not a disclosure.
    named = runner.invoke(cli, ["check", str(project / "our-rules" / "rule.yaml")])
    assert named.exit_code == 2 and "not a format cydcheck reads" in named.stderr


def test_the_readme_example_rule_passes_its_own_examples(runner: CliRunner, tmp_path: Path) -> None:
    # The rule a reader copies from "Writing a rule" must work as shown: `rules test` on it, unchanged.
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Writing a rule", 1)[1]
    rule = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    assert "id: ACME-BOARD-CADENCE" in rule
    (tmp_path / "our-rules").mkdir()
    (tmp_path / "our-rules" / "board-cadence.yaml").write_text(rule, encoding="utf-8")
    result = runner.invoke(cli, ["rules", "test", str(tmp_path / "our-rules")])
    assert result.exit_code == 0, result.output
    assert re.search(r"\b2 of 2 examples as expected, 1 rule\b", result.output)
    # and `check --rules` runs it beside the built-in rules (on an untagged draft: a skip that says why)
    checked = runner.invoke(
        cli, ["check", DRAFT, "--no-config", "--format", "json", "--rules", str(tmp_path / "our-rules")]
    )
    assert checked.exit_code in (0, 1), checked.output
    assert "ACME-BOARD-CADENCE" in checked.output
