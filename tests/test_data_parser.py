"""YAML / JSON drafts holding the Disclosure model."""

from __future__ import annotations

import json
from pathlib import Path

import cydcheck
import pytest
from click.testing import CliRunner
from cydcheck.cli import cli
from cydcheck.errors import InputError
from cydcheck.model import Outcome


def test_parse_output_round_trips_through_a_json_draft(runner: CliRunner, seed_path: Path, tmp_path: Path) -> None:
    printed = runner.invoke(cli, ["parse", str(seed_path)]).stdout
    draft = tmp_path / "seed.json"
    draft.write_text(printed)
    again = cydcheck.parse(draft)
    original = cydcheck.parse(seed_path)
    assert again.format == "data" and again.source == str(draft)
    assert again.model_copy(update={"source": original.source, "format": original.format}) == original
    # Tagging rules judge filings (ixbrl / xbrl / R pages), not drafts; every other verdict is the same.
    rules = cydcheck.load_rules()
    text_rules = {r.id for r in rules.rules if not r.spec.when.formats}
    a = [(f.rule_id, f.outcome, f.message) for f in cydcheck.check([seed_path], rules).documents[0].findings]
    b = [(f.rule_id, f.outcome, f.message) for f in cydcheck.check([draft], rules).documents[0].findings]
    assert [x for x in a if x[0] in text_rules] == [x for x in b if x[0] in text_rules]
    assert {f.outcome for f in cydcheck.check([draft], rules).documents[0].findings if f.rule_id not in text_rules} == {
        Outcome.SKIP
    }


def test_yaml_draft_example() -> None:
    doc = cydcheck.parse(Path(__file__).resolve().parent.parent / "examples" / "harbor-lane-draft.yaml")
    assert doc.issuer == "Harbor Lane Foods, Inc." and doc.form.value == "10-K" and len(doc.facts) == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("issuer: X\ntext: hi\ncolour: red\n", r"d\.yaml:3: field 'colour': unknown field"),
        ("issuer: X\nform: 10-Q\n", r"d\.yaml:2: field 'form': Input should be"),
        ("text: &a hi\nissuer: *a\n", r"d\.yaml:1: YAML anchors and aliases are not allowed here"),
        ("text: [unclosed\n", r"d\.yaml:\d+: YAML syntax error"),
        ("text: hi\nfacts:\n  - name: X\n", r"d\.yaml:3: field 'facts\.0\.id': required field is missing"),
    ],
)
def test_bad_drafts_are_one_line_errors(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(text)
    with pytest.raises(InputError, match=message):
        cydcheck.parse(path)


def test_schema_command(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["schema"])
    schema = json.loads(result.stdout)
    assert result.exit_code == 0 and schema["title"] == "Disclosure" and "facts" in schema["properties"]
    config = json.loads(runner.invoke(cli, ["schema", "config"]).stdout)
    assert {"disable", "severity", "waivers", "fail_on"} <= set(config["properties"])
    assert config["additionalProperties"] is False
    rule = json.loads(runner.invoke(cli, ["schema", "rule"]).stdout)
    assert {"id", "citation", "examples", "when"} <= set(rule["properties"]) and "pass" in json.dumps(rule)


def test_yaml_that_is_not_a_draft_is_not_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "ci.yaml"
    path.write_text("jobs:\n  build: {}\n")
    with pytest.raises(InputError, match="not a format cydcheck reads"):
        cydcheck.parse(path)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("e.json", "{}"),  # was checked as a found section: "2 of 16 met, 12 not met"
        ("e.yaml", "issuer: Acme Corp.\nform: 10-K\n"),
        ("blank.yaml", "text: '   '\nfacts: []\n"),
        ("nil.json", '{"facts": [{"id": "X", "name": "X", "kind": "text", "value": null}]}'),
    ],
)
def test_a_draft_without_disclosure_text_is_refused(runner: CliRunner, tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    result = runner.invoke(cli, ["check", str(path), "--no-config", "--format", "json", "-o", str(tmp_path / "r.json")])
    assert result.exit_code == 2 and not (tmp_path / "r.json").exists()
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"cydcheck: error: {path}: the draft holds no disclosure text: give `text`"), line


@pytest.mark.parametrize(
    "text",
    [
        "text: We maintain a cybersecurity program.\n",  # text alone is a whole draft: no source, no format
        '{"text": "We maintain a cybersecurity program."}',
        "section_status: missing\n",  # a filing without the section, saved
        "facts:\n  - {id: F, name: CybersecurityRiskBoardOfDirectorsOversightFlag, kind: flag, value: false}\n",
    ],
)
def test_the_draft_schema_and_the_parser_agree(runner: CliRunner, tmp_path: Path, text: str) -> None:
    """`cydcheck schema` required `source` and `format`, which the parser never needed (it replaces both); and it
    allowed `{}`, which the parser now refuses."""
    import jsonschema
    import yaml

    schema = json.loads(runner.invoke(cli, ["schema"]).stdout)
    assert "source" not in schema.get("required", []) and "format" not in schema.get("required", [])
    path = tmp_path / "d.yaml"
    path.write_text(text)
    jsonschema.validate(yaml.safe_load(text), schema)  # the schema accepts what the parser reads …
    assert runner.invoke(cli, ["check", str(path), "--no-config", "-q"]).exit_code == 1
    for refused in ({}, {"issuer": "Acme"}, {"text": " "}, {"section_status": "found"}):  # … and refuses the rest
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(refused, schema)
    printed = json.loads(runner.invoke(cli, ["parse", str(EXAMPLE)]).stdout)
    jsonschema.validate(printed, schema)  # what `cydcheck parse` prints is a draft


EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "harbor-lane-draft.yaml"
