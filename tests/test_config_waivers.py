"""Configuration (--config, .cydcheck.yaml found upward, [tool.cydcheck]) and waivers (active, expired, unmatched)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from cydcheck.cli import cli
from cydcheck.config import find_config, load_config
from helpers import GOOD_RULE

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
DEFICIENT = str(EXAMPLES / "northwind-deficient.txt")
STRONG = str(EXAMPLES / "northwind-strong.txt")

# The deficient example fails these error rules (see test_seed_end_to_end): 106.b.1.i, 106.b.1.iii,
# 106.c.2.i.positions, 106.c.2.i.expertise — and 106.b.2 at warning (only its past half is answered).
ERRORS = {
    "CYD106-B1I-INTEGRATED",
    "CYD106-B1III-PROVIDERS",
    "CYD106-C2I-POSITIONS",
    "CYD106-C2I-EXPERTISE",
}
WARNING = "CYD106-B2-AFFECTED"


def waiver(target: str, expires: str = "2027-06-30", reason: str = "Accepted by counsel.") -> str:
    key = "requirement" if target[0].isdigit() else "rule"
    return f"""  - {key}: "{target}"
    reason: {reason}
    approved_by: J. Rivera, General Counsel
    expires: {expires}
"""


@pytest.fixture()
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(runner: CliRunner, *args: str) -> tuple[int, dict, str]:  # type: ignore[type-arg]
    result = runner.invoke(cli, ["check", "--format", "json", "--as-of", "2026-11-26", *args], catch_exceptions=False)
    data = json.loads(result.stdout) if result.stdout.lstrip().startswith("{") else {}
    return result.exit_code, data, result.stderr


def failing(data: dict) -> set[str]:  # type: ignore[type-arg]
    return {
        f["rule_id"] for d in data["documents"] for f in d["findings"] if f["outcome"] == "fail" and not f["waived_by"]
    }


def test_found_upward_from_the_working_directory(in_tmp: Path, runner: CliRunner) -> None:
    (in_tmp / ".cydcheck.yaml").write_text("disable: [CYD106-B2-AFFECTED]\n")
    sub = in_tmp / "drafts" / "2025"
    sub.mkdir(parents=True)
    assert find_config(sub) == in_tmp / ".cydcheck.yaml"
    _, data, _ = check(runner, DEFICIENT)
    assert "CYD106-B2-AFFECTED" not in {f["rule_id"] for f in data["documents"][0]["findings"]}
    _, data, _ = check(runner, DEFICIENT, "--no-config")
    assert "CYD106-B2-AFFECTED" in failing(data)


def test_pyproject_tool_table_and_precedence(in_tmp: Path, runner: CliRunner) -> None:
    (in_tmp / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.cydcheck]\nfail_on = "never"\n')
    code, _, _ = check(runner, DEFICIENT)
    assert code == 0  # fail_on = never from [tool.cydcheck]
    code, _, _ = check(runner, DEFICIENT, "--fail-on", "error")
    assert code == 1  # the command line wins
    (in_tmp / ".cydcheck.yaml").write_text("fail_on: error\n")
    found = load_config(None, in_tmp)  # in one folder, .cydcheck.yaml wins
    assert found.path == in_tmp / ".cydcheck.yaml" and found.doc is not None and found.doc.path == ".cydcheck.yaml"
    assert check(runner, DEFICIENT)[0] == 1


def test_explicit_config_disable_enable_severity(in_tmp: Path, runner: CliRunner) -> None:
    cfg = in_tmp / "review.yaml"
    cfg.write_text(
        'disable: ["106.c.2.i.expertise"]\nseverity:\n  "106.b.2": notice\n  CYD106-C1-FREQUENCY: notice\n'
        "  CYD106-B1I-INTEGRATED: notice\n"
    )
    _, data, _ = check(runner, DEFICIENT, "--config", str(cfg))
    found = {f["rule_id"]: f for f in data["documents"][0]["findings"]}
    assert not {r for r in found if r.startswith("CYD106-C2I-EXPERTISE")}  # a requirement key disables its rules
    # By requirement key; a downgrade applies to a graded rule's thin level too.
    assert found["CYD106-B2-AFFECTED"]["severity"] == "notice" and found["CYD106-B2-AFFECTED"]["substance"] == "thin"
    assert found["CYD106-B1I-INTEGRATED"]["severity"] == "notice"  # by rule id
    result = CliRunner().invoke(cli, ["rules", "list", "--config", str(cfg)])
    assert "CYD106-C2I-EXPERTISE " in result.stdout and "(disabled)" in result.stdout


def test_default_formats_and_output_from_the_config(in_tmp: Path, runner: CliRunner) -> None:
    (in_tmp / ".cydcheck.yaml").write_text("format: [html, json]\noutput: reports/\n")
    result = runner.invoke(cli, ["check", STRONG], catch_exceptions=False)
    assert result.exit_code == 0
    assert sorted(p.name for p in (in_tmp / "reports").iterdir()) == ["cydcheck-report.html", "cydcheck-report.json"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("disable: [NO-SUCH-RULE]\n", "review.yaml:1: field 'disable.0': 'NO-SUCH-RULE' is neither a rule id"),
        ("severity: {CYD106-B2-AFFECTED: fatal}\n", "review.yaml:1: field 'severity.CYD106-B2-AFFECTED'"),
        ("fail_on: sometimes\n", "field 'fail_on'"),
        ("colour: red\n", "field 'colour': unknown field"),
        (
            "waivers:\n  - rule: X\n    reason: r\n    approved_by: a\n",
            "field 'waivers.0.expires': required field is missing",
        ),
        ("waivers:\n  - reason: r\n    approved_by: a\n    expires: 2027-01-01\n", "names a 'rule' or a 'requirement'"),
        ("[1, 2]\n", "a config file is a mapping"),
        ("disable: [a\n", "YAML syntax error"),
    ],
)
def test_bad_config_is_one_line_exit_2(in_tmp: Path, runner: CliRunner, text: str, message: str) -> None:
    (in_tmp / "review.yaml").write_text(text)
    result = runner.invoke(cli, ["check", STRONG, "--config", "review.yaml", "-o", "out.html", "--format", "html"])
    assert result.exit_code == 2, result.stdout
    assert (
        message in result.stderr and len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    )
    assert not (in_tmp / "out.html").exists()


def test_active_waiver_keeps_the_failure_visible_but_does_not_fail_the_run(in_tmp: Path, runner: CliRunner) -> None:
    (in_tmp / ".cydcheck.yaml").write_text("waivers:\n" + "".join(waiver(r) for r in sorted(ERRORS)))
    code, data, err = check(runner, DEFICIENT)
    assert code == 0 and err == ""
    (doc,) = data["documents"]
    waived = {f["rule_id"]: f for f in doc["findings"] if f["waived_by"]}
    assert set(waived) == ERRORS
    assert all(f["outcome"] == "fail" for f in waived.values())  # still a failure, shown as waived
    assert waived["CYD106-B1I-INTEGRATED"]["waived_by"]["approved_by"] == "J. Rivera, General Counsel"
    statuses = {r["key"]: r["status"] for r in doc["requirements"]}
    assert statuses["106.b.1.i"] == "waived" and statuses["106.b.2"] == "warning"
    assert data["summary"]["waived"] == 4 and data["summary"]["errors"] == 0
    assert {w["status"] for w in data["waivers"]} == {"active"}
    # Every report shows it, with the reason.
    for fmt, needle in (
        ("html", "Accepted by counsel."),
        ("markdown", "Accepted by counsel."),
        ("text", "waived until 2027-06-30"),
    ):
        out = runner.invoke(cli, ["check", DEFICIENT, "--format", fmt, "--as-of", "2026-11-26"]).stdout
        assert needle in out and ("waived" in out.lower()), fmt
    # With --fail-on warning the remaining warnings still fail the run.
    assert check(runner, DEFICIENT, "--fail-on", "warning")[0] == 1


def test_expired_waiver_fails_the_run_and_names_itself(in_tmp: Path, runner: CliRunner) -> None:
    (in_tmp / ".cydcheck.yaml").write_text("fail_on: never\nwaivers:\n" + waiver(WARNING, expires="2026-11-25"))
    code, data, err = check(runner, DEFICIENT, "--fail-on", "error")
    assert code == 1
    (status,) = data["waivers"]
    assert status["status"] == "expired" and status["matched"] == 1
    assert f"waiver for rule {WARNING} (.cydcheck.yaml:3) expired on 2026-11-25" in err
    (named,) = [f for f in data["documents"][0]["findings"] if f["rule_id"] == WARNING]
    assert named["waived_by"] is None  # an expired waiver waives nothing
    # A waiver is good through its expiry date.
    assert check(runner, DEFICIENT, "--as-of", "2026-11-25", "--fail-on", "error")[0] == 1  # the errors remain
    code, data, _ = check(runner, DEFICIENT, "--as-of", "2026-11-25")
    assert data["waivers"][0]["status"] == "active"


def test_unmatched_waiver_is_a_warning(in_tmp: Path, runner: CliRunner) -> None:
    (in_tmp / ".cydcheck.yaml").write_text("waivers:\n" + waiver("CYD106-C1-BOARD") + waiver("CYD-TYPO"))
    code, data, err = check(runner, STRONG)
    assert code == 0  # the default --fail-on error
    assert [w["status"] for w in data["waivers"]] == ["unmatched", "unmatched"]
    assert "matches no failure; remove it if the issue is fixed" in err
    assert "names no known rule or requirement" in err
    assert check(runner, STRONG, "--fail-on", "warning")[0] == 1


def test_waiver_limited_to_documents(in_tmp: Path, runner: CliRunner) -> None:
    (in_tmp / ".cydcheck.yaml").write_text("waivers:\n" + waiver(WARNING) + "    documents: ['*strong*']\n")
    _, data, _ = check(runner, DEFICIENT)
    assert WARNING in failing(data) and data["waivers"][0]["status"] == "unmatched"


def test_waivers_and_errors_in_pyproject(in_tmp: Path, runner: CliRunner) -> None:
    (in_tmp / "pyproject.toml").write_text(
        '[tool.cydcheck]\n[[tool.cydcheck.waivers]]\nrule = "CYD106-B2-AFFECTED"\nreason = "r"\napproved_by = "a"\n'
        "expires = 2027-01-01\n"
    )
    _, data, _ = check(runner, DEFICIENT)
    assert data["waivers"][0]["status"] == "active"
    assert data["waivers"][0]["waiver"]["origin"] == "pyproject.toml [tool.cydcheck] waivers[0]"
    (in_tmp / "pyproject.toml").write_text('[tool.cydcheck]\ndisable = ["NOPE"]\n')
    result = runner.invoke(cli, ["check", DEFICIENT])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "cydcheck: error: pyproject.toml [tool.cydcheck]: field 'disable.0': 'NOPE' is neither a rule id nor a "
        "requirement key"
    )


def test_rule_packs_named_in_the_config_are_relative_to_it(in_tmp: Path, runner: CliRunner) -> None:
    (in_tmp / "ours").mkdir()
    (in_tmp / "ours" / "rule.yaml").write_text(GOOD_RULE)
    (in_tmp / ".cydcheck.yaml").write_text("rules: [ours]\n")
    sub = in_tmp / "drafts"
    sub.mkdir()
    os.chdir(sub)
    result = runner.invoke(cli, ["rules", "list", "--format", "json"], catch_exceptions=False)
    (ours,) = [r for r in json.loads(result.stdout) if r["id"] == "TEST-RULE"]
    assert ours["source"] == "../ours/rule.yaml"  # found, and shown without an absolute path
