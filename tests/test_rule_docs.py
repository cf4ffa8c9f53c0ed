"""Rules are documented from their own files: `cydcheck rules docs` (a page per rule, an index), `rules show`, and
`rules schema` (the JSON Schema editors validate rule files with)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import cydcheck
import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from cydcheck.cli import cli
from cydcheck.plugins import registry
from cydcheck.ruledocs import INDEX, missing, render
from cydcheck.rules import RuleSet
from helpers import GOOD_RULE, ROOT, write_rule

RULE_FILES = sorted(
    p
    for p in (ROOT / "rules").rglob("*.yaml")
    if p.name != "requirements.yaml" and "vocabulary" not in p.relative_to(ROOT / "rules").parts
)


def test_every_installed_rule_has_what_its_page_needs(ruleset: RuleSet) -> None:
    lacking = {r.id: missing(r, ruleset.requirements) for r in ruleset.rules}
    assert {k: v for k, v in lacking.items() if v} == {}


def _section(page: str, heading: str) -> str:
    match = re.search(rf"^## {heading}\n\n(.+?)(?=^## |^---$)", page, re.M | re.S)
    assert match, f"no '## {heading}' section"
    return match.group(1).strip()


def test_each_page_says_everything(ruleset: RuleSet) -> None:
    pages = render(ruleset)
    assert set(pages) == {f"{r.id}.md" for r in ruleset.rules} | {INDEX}
    for rule in ruleset.rules:
        spec, page = rule.spec, pages[f"{rule.id}.md"]
        requirement = ruleset.requirements[spec.requirement]
        assert page.startswith(f"# {spec.id}: ")
        assert f"| Requirement | `{spec.requirement}` — " in page and requirement.title.split()[0] in page
        assert re.search(r"^\| Citation \(.+\) \| \S", page, re.M)
        assert f"| Severity | **{spec.severity.value}** — " in page
        assert f"| Forms | {', '.join(f.value for f in spec.applies_to)} |" in page
        if spec.when.period_end is not None:
            assert f"fiscal periods ending {spec.when.period_end.describe()}" in page
        assert _section(page, "Why") and _section(page, "How to fix")
        said = _section(page, "What the report says")
        assert said.startswith("- Fails: ") and "\n- Passes: " in said
        if spec.thin is not None:
            assert f"fails at **{spec.thin.severity.value}**" in said and _section(page, "What is thin")
        passes, fails = _section(page, "What passes"), _section(page, "What fails")
        assert passes and fails
        first = spec.examples.passing[0]
        if first.text.strip():
            assert " ".join(first.text.split())[:40] in " ".join(passes.split())
        assert "{" not in said.replace("{{", "")  # placeholders shown as ‹name›, never raw


def test_index_lists_every_rule_under_its_requirement(ruleset: RuleSet) -> None:
    index = render(ruleset)[INDEX]
    for rule in ruleset.rules:
        assert f"| [{rule.id}]({rule.id}.md) |" in index
    headings = re.findall(r"^## `([^`]+)`", index, re.M)
    assert headings == [k for k in ruleset.requirements if any(r.spec.requirement == k for r in ruleset.rules)]


@pytest.mark.parametrize(
    ("change", "lacks"),
    [
        (("rationale: because", "rationale: ' '"), "it lacks rationale"),
        (("fix: add a board", "fix: '  '"), "it lacks fix"),
        (("  pass: [The board oversees it.]", "  pass: [{}]"), "it lacks examples.pass[0] (an empty example)"),
        (
            ("check:\n  kind: mentions\n  terms: [board]\n", "check:\n  kind: graded\n  described: {kind: mentions, "
             "terms: [board]}\n  stated: {kind: mentions, terms: [directors]}\n"),
            "it lacks thin (the severity and wording of a thin answer, for a graded check)",
        ),
    ],
)  # fmt: skip
def test_a_rule_that_lacks_something_is_not_documented(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: tuple[str, str], lacks: str
) -> None:
    monkeypatch.chdir(tmp_path)
    old, new = change
    assert old in GOOD_RULE
    write_rule(tmp_path / "pack", GOOD_RULE.replace(old, new))
    result = runner.invoke(cli, ["rules", "docs", "--output", "out", "--rules", "pack"])
    assert result.exit_code == 2
    assert result.stderr == f"cydcheck: error: pack/rule.yaml: rule TEST-RULE cannot be documented: {lacks}\n"
    assert not (tmp_path / "out").exists()


def test_docs_command_is_deterministic_and_shows_no_absolute_path(runner: CliRunner, tmp_path: Path) -> None:
    first = runner.invoke(cli, ["rules", "docs", "-o", str(tmp_path / "a")])
    assert first.exit_code == 0, first.output
    assert runner.invoke(cli, ["rules", "docs", "-o", str(tmp_path / "b")]).exit_code == 0
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "b").iterdir()) and INDEX in names
    for name in names:
        text = (tmp_path / "a" / name).read_bytes()
        assert text == (tmp_path / "b" / name).read_bytes(), name
        assert str(tmp_path).encode() not in text and str(ROOT).encode() not in text
    assert first.stdout == f"{len(names) - 1} rule pages and index.md written to {tmp_path / 'a'}\n"


def test_an_example_with_backticks_cannot_break_its_fence(tmp_path: Path) -> None:
    write_rule(
        tmp_path, GOOD_RULE.replace("  pass: [The board oversees it.]", "  pass: ['The board ``` oversees it.']")
    )
    rules = cydcheck.load_rules(extra=[tmp_path], builtin=False)
    page = render(rules, [rules.get("TEST-RULE")])["TEST-RULE.md"]  # type: ignore[list-item]
    assert "````text\nThe board ``` oversees it.\n````" in page


# ---- rules show ---------------------------------------------------------------------------------------------------


def test_show_takes_an_id_in_any_case(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["rules", "show", "cyd106-c1-board"])
    assert result.exit_code == 0 and result.stdout.startswith("# cydcheck:item106/c1-board-oversight.yaml\n")
    assert yaml.safe_load(result.stdout)["id"] == "CYD106-C1-BOARD"


def test_show_takes_a_requirement_key(runner: CliRunner, ruleset: RuleSet) -> None:
    result = runner.invoke(cli, ["rules", "show", "106.C.1.INFORMED"])
    assert result.exit_code == 0
    docs = list(yaml.safe_load_all(result.stdout))
    expected = [r.id for r in ruleset.rules if r.spec.requirement == "106.c.1.informed"]
    assert len(expected) > 1 and [d["id"] for d in docs] == expected


def test_show_suggests_the_nearest_id(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["rules", "show", "CYD106-C1-BORD"])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "cydcheck: error: no rule with id 'CYD106-C1-BORD' and no requirement key 'CYD106-C1-BORD'; did you mean "
    )
    assert re.search(r"did you mean CYD106-C1-BOARD\b", result.stderr)
    nothing = runner.invoke(cli, ["rules", "show", "zzzz"])
    assert nothing.stderr == (
        "cydcheck: error: no rule with id 'zzzz' and no requirement key 'zzzz' (see `cydcheck rules list`)\n"
    )


# ---- rules schema -------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def schema() -> dict[str, object]:
    return json.loads(CliRunner().invoke(cli, ["rules", "schema"]).stdout)


def _as_json(path: Path) -> object:
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))  # dates → text


def test_schema_is_valid_and_the_same_as_schema_rule(schema: dict[str, object], runner: CliRunner) -> None:
    jsonschema.Draft202012Validator.check_schema(schema)
    assert json.loads(runner.invoke(cli, ["schema", "rule"]).stdout) == schema
    assert runner.invoke(cli, ["rules", "schema"]).stdout == runner.invoke(cli, ["rules", "schema"]).stdout


def test_schema_has_one_branch_per_kind_with_its_parameters(schema: dict[str, object]) -> None:
    defs = schema["$defs"]  # type: ignore[index]
    branches = {b["title"]: b for b in defs["Check"]["oneOf"]}  # type: ignore[index]
    assert set(branches) == set(registry().check_kinds)
    for name, kind in registry().check_kinds.items():
        props = branches[name]["properties"]
        assert props["kind"] == {"const": name} and branches[name]["additionalProperties"] is False
        assert set(props) == {"kind"} | {f.alias or n for n, f in kind.Params.model_fields.items()}
    assert branches["any_of"]["properties"]["checks"]["items"] == {"$ref": "#/$defs/Check"}
    assert branches["not"]["properties"]["check"]["$ref"] == "#/$defs/Check"
    assert schema["properties"]["check"]["$ref"] == "#/$defs/Check"  # type: ignore[index]


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.relative_to(ROOT / "rules").as_posix())
def test_every_builtin_rule_file_validates(schema: dict[str, object], path: Path) -> None:
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(_as_json(path)))
    assert not errors, [f"{list(e.absolute_path)}: {e.message[:200]}" for e in errors]


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (("  terms: [board]", "  terms: [board]\n  entity: committee"), ["check"]),  # names' parameter on mentions
        (("  kind: mentions", "  kind: mentionz"), ["check", "kind"]),
        (("check:\n  kind: mentions\n", "check:\n  kind: not\n  check:\n    kind: mentions\n"), ["check"]),
        (("severity: error", "severity: fatal"), ["severity"]),
        (("  pass: [The board oversees it.]", "  pass: []"), ["examples", "pass"]),
    ],
)
def test_schema_rejects_what_loading_rejects(
    schema: dict[str, object], tmp_path: Path, change: tuple[str, str], where: list[str]
) -> None:
    path = write_rule(tmp_path, GOOD_RULE.replace(*change))
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(_as_json(path)))
    assert errors and any(list(e.absolute_path)[: len(where)] == where for e in errors), errors
    with pytest.raises(cydcheck.errors.RuleError):
        cydcheck.load_rules(extra=[tmp_path])
