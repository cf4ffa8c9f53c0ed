"""The CI formats: SARIF (valid against the official schema), JUnit (parsed back and counted against the JSON
report), GitHub annotations (escaped per the runner), Markdown (one list item per finding, no live Markdown from a
document) — and every format byte-identical across runs and working directories."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import cidocs
import pytest
from click.testing import CliRunner
from cydcheck.cli import cli
from cydcheck.reporters.github import escape_data, escape_property
from cydcheck.reporters.markdown import code, inline
from helpers import EXAMPLES, SHARED

FORMATS = ("text", "json", "html", "markdown", "sarif", "junit", "github")
PROMISE = (
    "# Cybersecurity\n\nOur Board of Directors oversees cybersecurity risk. In the event of a material incident, "
    "our Chief Information Security Officer will notify the Board.\n"
)
HOSTILE = (
    "# Item 1C. Cybersecurity\n\n## Governance\n\n"
    "Our Board of Directors oversees cybersecurity risk. We may, \x1b]0;pwned\x07 from time to time, engage "
    "consultants as appropriate, cc @acme/legal-team and see #1 and https://evil.example/x "
    "or www.evil.example; <img src=x onerror=alert(1)> **bold** [link](http://evil.example) `tick` | pipe \x1b]0;t\x07 "
    "100% sure, a: b.\n"
)
CONFIG = """\
waivers:
  - rule: CYD106-B1III-PROVIDERS
    documents: ["*calder-2025.md"]
    reason: "Counsel accepts: vendor oversight moves to the 10-K exhibit; 100% reviewed."
    approved_by: J. Rivera, General Counsel
    expires: 2027-06-30
"""


def run(runner: CliRunner, *args: str, **kwargs: Any) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args), catch_exceptions=False, prog_name="cydcheck", **kwargs)
    return result.exit_code, result.stdout, result.stderr


def workspace(root: Path) -> list[str]:
    """A repository of drafts: failing, passing, waived, needing review, hostile, not reviewed. Returns the relative
    paths to check (run from ``root``)."""
    folder = root / "disclosures"
    folder.mkdir(parents=True)
    (folder / "calder-2024.md").write_text(cidocs.markdown(cidocs.STRONG), encoding="utf-8")
    (folder / "calder-2025.md").write_text(cidocs.markdown(cidocs.draft_2025()), encoding="utf-8")
    (folder / "calder-2025.htm").write_text(cidocs.ixbrl(cidocs.draft_2025()), encoding="utf-8")
    (folder / "promise.md").write_text(PROMISE, encoding="utf-8")
    (folder / "hostile `name`.md").write_text(HOSTILE, encoding="utf-8")
    (folder / "northwind-deficient.txt").write_bytes((EXAMPLES / "northwind-deficient.txt").read_bytes())
    (root / "review.yaml").write_text(CONFIG, encoding="utf-8")
    return ["disclosures"]


def render(runner: CliRunner, root: Path, fmt: str, *extra: str, monkeypatch: pytest.MonkeyPatch) -> str:
    paths = workspace(root) if not (root / "disclosures").exists() else ["disclosures"]
    monkeypatch.chdir(root)
    code, out, err = run(
        runner, "check", *paths, "--config", "review.yaml", "--as-of", "2026-11-26", "--format", fmt, *extra
    )
    assert code in (0, 1), err
    return out


@pytest.fixture()
def outputs(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    return {fmt: render(runner, tmp_path, fmt, monkeypatch=monkeypatch) for fmt in ("json", "sarif", "junit", "github")}


def test_every_format_is_byte_identical_across_runs_and_directories(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for fmt in FORMATS:
        first = render(runner, tmp_path / "a", fmt, monkeypatch=monkeypatch)
        again = render(runner, tmp_path / "a", fmt, monkeypatch=monkeypatch)
        elsewhere = render(runner, tmp_path / "b" / "deeper", fmt, monkeypatch=monkeypatch)
        assert first == again == elsewhere, fmt
        assert str(tmp_path) not in first, fmt  # no absolute paths unless given


# -- SARIF ---------------------------------------------------------------------------------------------------------


def _sarif_results(sarif: dict[str, Any]) -> list[dict[str, Any]]:
    (run_,) = sarif["runs"]
    return list(run_["results"])


def test_sarif_structure(outputs: dict[str, str]) -> None:
    sarif = json.loads(outputs["sarif"])
    report = json.loads(outputs["json"])
    assert sarif["version"] == "2.1.0" and sarif["$schema"].endswith("sarif-2.1.0.json")
    (run_,) = sarif["runs"]
    rules = run_["tool"]["driver"]["rules"]
    assert len(rules) == report["summary"]["rules"] and len({r["id"] for r in rules}) == len(rules)
    for rule in rules:
        assert rule["help"]["text"] and "Fix:" in rule["help"]["text"] and "Citation:" in rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
        assert rule["properties"]["citation"]
    expected = [
        (d["source"], f["rule_id"])
        for d in report["documents"]
        for f in d["findings"]
        if f["outcome"] == "review" or (f["outcome"] == "fail" and f["severity"] != "suggestion")
    ]
    results = _sarif_results(sarif)
    assert [(r["properties"]["document"], r["ruleId"]) for r in results] == expected
    index = {r["id"]: i for i, r in enumerate(rules)}
    for r in results:
        assert r["ruleIndex"] == index[r["ruleId"]]
        assert r["level"] in ("error", "warning", "note") and r["message"]["text"]
        loc = r["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert not loc["artifactLocation"]["uri"].startswith("/")
        assert len(r["partialFingerprints"]["cydcheckFinding/v1"]) == 32
    fingerprints = [r["partialFingerprints"]["cydcheckFinding/v1"] for r in results]
    assert len(set(fingerprints)) == len(fingerprints)
    # An iXBRL evidence region has a line and a column; a review is a warning; a waiver is a suppression.
    ixbrl = [r for r in results if r["properties"]["document"].endswith(".htm")]
    assert any("startColumn" in r["locations"][0]["physicalLocation"].get("region", {}) for r in ixbrl)
    review = [r for r in results if r["properties"]["outcome"] == "review"]
    assert review and all(r["level"] == "warning" for r in review)
    (waived,) = [r for r in results if "suppressions" in r]
    (suppression,) = waived["suppressions"]
    assert suppression["kind"] == "external" and suppression["status"] == "accepted"
    assert "Counsel accepts" in suppression["justification"] and "J. Rivera" in suppression["justification"]
    # The file name with a space and backticks is a valid URI reference.
    hostile = [r for r in results if "hostile" in r["properties"]["document"]]
    assert hostile and hostile[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "disclosures/hostile%20%60name%60.md"
    )


@pytest.mark.shared
def test_sarif_is_valid_against_the_official_schema(outputs: dict[str, str]) -> None:
    import jsonschema

    schema = json.loads((SHARED / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    errors = sorted(validator.iter_errors(json.loads(outputs["sarif"])), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def test_sarif_fingerprints_survive_edits_that_move_text(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _sarif_results(json.loads(render(runner, tmp_path / "a", "sarif", monkeypatch=monkeypatch)))
    moved = tmp_path / "a" / "disclosures" / "northwind-deficient.txt"
    moved.write_text("\n\n\n" + moved.read_text(encoding="utf-8"), encoding="utf-8")  # every line moves down
    after = _sarif_results(json.loads(render(runner, tmp_path / "a", "sarif", monkeypatch=monkeypatch)))

    def prints(results: list[dict[str, Any]]) -> dict[str, tuple[str, int]]:
        return {
            r["partialFingerprints"]["cydcheckFinding/v1"]: (
                r["ruleId"],
                r["locations"][0]["physicalLocation"].get("region", {}).get("startLine", 0),
            )
            for r in results
            if "northwind" in r["properties"]["document"]
        }

    old, new = prints(before), prints(after)
    assert old.keys() == new.keys() and old
    assert all(new[k][1] == old[k][1] + 3 for k in old if old[k][1])


# -- JUnit ---------------------------------------------------------------------------------------------------------


def test_junit_counts_match_the_json_report(outputs: dict[str, str]) -> None:
    root = ET.fromstring(outputs["junit"].encode("utf-8"))
    report = json.loads(outputs["json"])
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [d["source"] for d in report["documents"]]
    total = {"tests": 0, "failures": 0, "skipped": 0}
    for suite, doc in zip(suites, report["documents"], strict=True):
        cases = suite.findall("testcase")
        findings = doc["findings"]
        assert len(cases) == len(findings) == int(suite.get("tests", "-1"))
        failing = [
            f for f in findings if f["outcome"] == "fail" and not f["waived_by"] and f["severity"] != "suggestion"
        ]
        review = [f for f in findings if f["outcome"] == "review"]
        skipped = [f for f in findings if f["outcome"] == "skip" or f["waived_by"]]
        failures = [c.find("failure") for c in cases if c.find("failure") is not None]
        assert len(failures) == len(failing) + len(review) == int(suite.get("failures", "-1"))
        assert sum(f.get("type") == "review" for f in failures if f is not None) == len(review)
        assert sum(c.find("skipped") is not None for c in cases) == len(skipped) == int(suite.get("skipped", "-1"))
        for case, finding in zip(cases, findings, strict=True):
            assert case.get("name", "").startswith(f"{finding['rule_id']} {finding['requirement']}: ")
            assert case.get("classname") == doc["source"]
        for key in total:
            total[key] += int(suite.get(key, "0"))
    assert {k: int(root.get(k, "-1")) for k in total} == total
    waived = root.findall(".//skipped[@type='waived']")
    assert len(waived) == 1 and "Counsel accepts" in (waived[0].get("message") or "")
    assert all(
        s.get("message", "").startswith("not applicable: ") for s in root.findall(".//skipped[@type='not-applicable']")
    )
    assert "\x1b" not in outputs["junit"] and "\\x1b" in outputs["junit"]  # XML 1.0 cannot carry ESC: shown escaped


# -- GitHub annotations --------------------------------------------------------------------------------------------


def test_annotation_escaping() -> None:
    assert escape_data("100% done\r\nnext") == "100%25 done%0Anext"
    assert escape_data("a\rb\nc") == "a%0Ab%0Ac"
    assert escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"
    assert escape_data("\x1b]0;title\x07") == "\\x1b]0;title\\x07"


ANNOTATION = re.compile(r"^::(error|warning|notice)(?: ([^:]*))?::(.*)$")


def test_annotations_one_per_problem_on_its_line(outputs: dict[str, str]) -> None:
    lines = outputs["github"].splitlines()
    report = json.loads(outputs["json"])
    expected = [
        (d["source"], f["rule_id"])
        for d in report["documents"]
        for f in d["findings"]
        if f["outcome"] == "review" or (f["outcome"] == "fail" and not f["waived_by"] and f["severity"] != "suggestion")
    ]
    annotations = [ANNOTATION.match(line) for line in lines[:-1]]
    assert all(annotations) and len(annotations) == len(expected)
    for m, (source, rule_id) in zip(annotations, expected, strict=True):
        assert m is not None
        props = dict(p.split("=", 1) for p in (m.group(2) or "").split(","))
        assert props["file"] == escape_property(source)
        assert props["title"].startswith(rule_id)
        assert "\n" not in m.group(3) and "%0AFix%3A" not in m.group(3) and "%0AFix: " in m.group(3)
    assert lines[-1].startswith("cydcheck: 6 documents: ")
    assert "::" not in lines[-1]
    ix = [m for m in annotations if m is not None and ".htm" in (m.group(2) or "")]
    assert ix and all(",line=" in (m.group(2) or "") and ",col=" in (m.group(2) or "") for m in ix)


# -- Markdown ------------------------------------------------------------------------------------------------------


def test_markdown_what_to_fix_is_one_list_item_per_finding(outputs: dict[str, str], runner: CliRunner) -> None:
    from markdown_it import MarkdownIt

    md = runner.invoke(cli, ["check", str(EXAMPLES / "northwind-deficient.txt"), "--format", "markdown"]).stdout
    html = MarkdownIt("commonmark").enable("table").render(md)
    assert html.count("<li>") == 6  # the deficient example: 4 errors and 2 warnings
    assert html.count("<ul>") == 1 and html.count("<blockquote>") >= 1


def test_markdown_neutralises_what_a_document_says(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from markdown_it import MarkdownIt

    md = render(runner, tmp_path, "markdown", "-v", monkeypatch=monkeypatch)
    html = MarkdownIt("commonmark", {"linkify": False}).enable("table").enable("strikethrough").render(md)
    assert "<img" not in html and "<a " not in html and "<strong>bold</strong>" not in html
    assert "@acme" not in md and "#1 " not in md and "https://evil" not in md and "www.evil" not in md
    assert "@\u200bacme/legal-team" in md and "#\u200b1" in md  # still readable, no longer a mention or a reference
    assert "\x1b" not in md
    # The hostile file name stays inside its code span.
    assert code("hostile `name`.md") == "``hostile `name`.md``"
    assert "``disclosures/hostile `name`.md``" in md
    assert code("a\nb") == "`a\\x0ab`" and code("`x`") == "`` `x` ``" and code("a|b", in_table=True) == "`a\\|b`"
    rendered = MarkdownIt("commonmark").render(inline("# not a heading\n- not a list\n<b>x</b> `y`"))
    assert rendered.count("<p>") == 1 and "<h1>" not in rendered and "<li>" not in rendered and "<b>" not in rendered


# -- integration files ---------------------------------------------------------------------------------------------


def test_pre_commit_hook_and_workflow_example() -> None:
    import yaml
    from cydcheck.plugins import registry
    from helpers import ROOT

    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {"id", "name", "entry", "language"} <= set(hook) and hook["language"] == "python"
    assert hook["entry"] == "cydcheck check"
    files = re.compile(hook["files"])
    for path in ("disclosures/fy2025.md", "legal/item1c-draft.docx", "10-K_2025.htm", "drafts/cybersecurity.yaml"):
        assert files.search(path), path
    for path in ("README.md", "docs/guide.md", "disclosures/logo.png", "src/cydcheck.py"):
        assert not files.search(path), path
    workflow = (EXAMPLES / "ci" / "cydcheck.yml").read_text(encoding="utf-8")
    steps = yaml.safe_load(workflow)["jobs"]["disclosures"]["steps"]
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif") for s in steps)
    assert "GITHUB_STEP_SUMMARY" in workflow
    (command,) = [s["run"] for s in steps if s.get("name") == "Check the disclosures"]
    formats = re.findall(r"--format (\w+)", command)
    assert set(formats) == {"sarif", "markdown", "junit", "github"} and set(formats) <= set(registry().reporters)
    reporters = registry().reporters
    assert len({reporters[f].extension for f in formats}) == len(formats)  # one file each in --output reports/
