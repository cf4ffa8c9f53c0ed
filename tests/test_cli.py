"""The command line through click's runner: formats, outputs, exit codes, errors."""

from __future__ import annotations

import json
from pathlib import Path

import cydcheck
import pytest
from click.testing import CliRunner
from cydcheck.cli import cli
from cydcheck.model import Form
from helpers import GOOD_RULE, write_rule

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
STRONG = str(EXAMPLES / "northwind-strong.txt")
DEFICIENT = str(EXAMPLES / "northwind-deficient.txt")


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_version(runner: CliRunner) -> None:
    code, out, _ = run(runner, "--version")
    assert code == 0 and out.strip() == f"cydcheck, version {cydcheck.__version__}"


def test_check_json_contract(runner: CliRunner, seed_path: Path) -> None:
    code, out, _ = run(runner, "check", str(seed_path), "--format", "json")
    assert code == 1  # the seed has error-level failures
    data = json.loads(out)
    (doc,) = data["documents"]
    for key in ("source", "format", "form", "issuer", "period_end", "findings"):
        assert key in doc
    assert doc["source"] == str(seed_path) and doc["format"] == "rpage" and doc["period_end"] == "2024-12-31"
    for finding in doc["findings"]:
        assert {"rule_id", "requirement", "outcome", "severity", "message", "evidence"} <= set(finding)
        assert finding["outcome"] in ("pass", "fail", "review", "skip")
        assert finding["severity"] in ("error", "warning", "notice", "suggestion")
        for ev in finding["evidence"]:
            assert {"field", "start", "end", "quote"} <= set(ev)
    assert {"documents", "rules", "passed", "failed", "skipped", "errors", "warnings"} <= set(data["summary"])


def test_evidence_offsets_index_their_field(runner: CliRunner, seed_path: Path) -> None:
    _, out, _ = run(runner, "check", str(seed_path), "--format", "json")
    doc = cydcheck.parse(seed_path)
    findings = json.loads(out)["documents"][0]["findings"]
    spans = [ev for f in findings for ev in f["evidence"]]
    assert spans
    for ev in spans:
        assert doc.field_text(ev["field"])[ev["start"] : ev["end"]] == ev["quote"]


def test_exit_codes_follow_fail_on(runner: CliRunner) -> None:
    assert run(runner, "check", STRONG)[0] == 0
    assert run(runner, "check", DEFICIENT)[0] == 1
    assert run(runner, "check", DEFICIENT, "--fail-on", "never")[0] == 0
    # The seed's only failures at warning level or above... it has errors, so both thresholds fail.
    assert run(runner, "check", STRONG, "--fail-on", "warning")[0] == 0


def test_fail_on_warning_catches_warnings_only_runs(runner: CliRunner, tmp_path: Path) -> None:
    # Only the past half of 106(b)(2): a warning (half an answer), no error.
    text = Path(STRONG).read_text().replace(" or are reasonably likely to materially affect", "")
    draft = tmp_path / "draft.txt"
    draft.write_text(text)
    assert run(runner, "check", str(draft))[0] == 0
    assert run(runner, "check", str(draft), "--fail-on", "warning")[0] == 1


def test_suggestions_never_fail_and_review_fails_only_when_asked(runner: CliRunner, tmp_path: Path) -> None:
    # Without the board-reporting cadence the text misses a suggestion only: no --fail-on level fails on it.
    text = Path(STRONG).read_text().replace(" at each quarterly meeting", "").replace(" at least annually", "")
    draft = tmp_path / "draft.txt"
    draft.write_text(text)
    assert run(runner, "check", str(draft), "--fail-on", "notice")[0] == 0
    # Board reporting given only as a promise: 106(c)(1) needs review — a failure only from --fail-on review down.
    promise = tmp_path / "promise.md"
    promise.write_text(
        "# Cybersecurity\n\nOur Board of Directors oversees cybersecurity risk. In the event of a material incident, "
        "our Chief Information Security Officer will notify the Board.\n"
    )
    code, out, _ = run(runner, "check", str(promise), "--format", "json", "--fail-on", "review")
    statuses = {r["key"]: r["status"] for r in json.loads(out)["documents"][0]["requirements"]}
    assert statuses["106.c.1.informed"] == "review" and code == 1
    assert run(runner, "check", str(promise), "--fail-on", "warning")[0] == 1  # it has errors too (no processes)


def test_several_formats_into_a_directory(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, _ = run(
        runner, "check", DEFICIENT, "--format", "html", "--format", "json", "--format", "markdown", "--output", str(out)
    )
    assert code == 1
    assert sorted(p.name for p in out.iterdir()) == [
        "cydcheck-report.html",
        "cydcheck-report.json",
        "cydcheck-report.md",
    ]


def test_single_format_to_a_file_is_deterministic(runner: CliRunner, tmp_path: Path, seed_path: Path) -> None:
    for fmt in ("html", "json", "markdown", "text"):
        a, b = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
        run(runner, "check", str(seed_path), STRONG, "--format", fmt, "-o", str(a))
        run(runner, "check", str(seed_path), STRONG, "--format", fmt, "-o", str(b))
        assert a.read_bytes() == b.read_bytes()
        assert str(tmp_path) not in a.read_text()  # no absolute paths unless the user gave them


def test_directory_argument_means_every_supported_file(runner: CliRunner) -> None:
    _, out, _ = run(runner, "check", str(EXAMPLES), "--format", "json")
    sources = [d["source"] for d in json.loads(out)["documents"]]
    assert sources == sorted(sources) and len(sources) == len([p for p in EXAMPLES.iterdir() if p.is_file()])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "missing.txt"], "missing.txt: no such file"),
        (["check", STRONG, "--format", "pdf"], "unknown --format 'pdf'"),
        (["check", STRONG, "--format", "json", "--format", "html"], "several --format values need --output DIR"),
        (["check", STRONG, "--format-in", "pdf"], "unknown input format 'pdf'"),
        (["check", STRONG, "--max-size", "10"], "over the 10-byte limit"),
        (["check", STRONG, "--no-default-rules"], "--no-default-rules needs at least one --rules DIR"),
        (["rules", "show", "NOPE"], "no rule with id 'NOPE'"),
    ],
)
def test_usage_and_input_errors_exit_2_with_one_line(runner: CliRunner, args: list[str], message: str) -> None:
    code, out, err = run(runner, *args)
    assert code == 2
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert out == ""


def test_bad_file_among_good_ones_writes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    junk = tmp_path / "junk.txt"
    junk.write_bytes(b"\x00\x01 not a disclosure")
    out = tmp_path / "out"
    code, _, err = run(runner, "check", STRONG, str(junk), "--format", "html", "--format", "json", "-o", str(out))
    assert code == 2 and "junk.txt: binary content, not a format cydcheck reads" in err
    assert not out.exists()


def test_bad_rule_file_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    write_rule(tmp_path / "mine", GOOD_RULE.replace("severity: error", "severity: huge"))
    code, _, err = run(runner, "check", STRONG, "--rules", str(tmp_path / "mine"))
    assert code == 2 and "rule.yaml:5: field 'severity'" in err


def test_user_rules_are_added_and_can_stand_alone(runner: CliRunner, tmp_path: Path) -> None:
    write_rule(tmp_path / "mine", GOOD_RULE)
    _, out, _ = run(
        runner, "check", STRONG, "--rules", str(tmp_path / "mine"), "--no-default-rules", "--format", "json"
    )
    findings = json.loads(out)["documents"][0]["findings"]
    assert [(f["rule_id"], f["outcome"]) for f in findings] == [("TEST-RULE", "pass")]


def test_form_option_sets_the_form(runner: CliRunner) -> None:
    _, out, _ = run(runner, "check", STRONG, "--form", "20-F", "--format", "json")
    assert json.loads(out)["documents"][0]["form"] == "20-F"
    _, out, _ = run(runner, "check", STRONG, "--form", "8-K", "--format", "json")
    doc = json.loads(out)["documents"][0]
    outcomes = {f["rule_id"]: f["outcome"] for f in doc["findings"]}
    assert outcomes.pop("CYD-DOC-LOCATED") == "pass"
    # As an 8-K, every 10-K / 20-F rule skips and says why; the Item 1.05 rules judge it (and find it wanting).
    rules = {r.id: r for r in cydcheck.load_rules().rules}
    annual = {r for r in outcomes if Form.EIGHT_K not in rules[r].spec.applies_to}
    assert {outcomes[r] for r in annual} == {"skip"}
    assert {outcomes[r] for r in outcomes if r.startswith("CYD105-")} - {"skip"}
    messages = {f["rule_id"]: f["message"] for f in doc["findings"]}
    assert "applies to Form 10-K/20-F; this is an 8-K" in messages["CYD106-B1-DESCRIBED"]


def test_parse_prints_the_disclosure(runner: CliRunner, seed_path: Path) -> None:
    code, out, _ = run(runner, "parse", str(seed_path))
    data = json.loads(out)
    assert code == 0 and data["format"] == "rpage" and len(data["facts"]) == 15
    assert cydcheck.Disclosure.model_validate(data) == cydcheck.parse(seed_path)


def test_rules_list_and_show(runner: CliRunner, ruleset) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(runner, "rules", "list", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == len(ruleset.rules)
    assert {"id", "requirement", "citation", "severity", "title"} <= set(rows[0])
    code, out, _ = run(runner, "rules", "list")
    assert code == 0 and "CYD106-C1-BOARD" in out
    code, out, _ = run(runner, "rules", "show", "CYD106-C1-BOARD")
    assert code == 0 and "# cydcheck:item106/c1-board-oversight.yaml" in out and "rationale:" in out


def test_plugins_lists_builtins(runner: CliRunner) -> None:
    code, out, _ = run(runner, "plugins", "--format", "json")
    rows = json.loads(out)
    assert code == 0
    got = {(r["category"], r["name"]) for r in rows}
    assert {("parser", "rpage"), ("check", "mentions"), ("rules", "cydcheck"), ("reporter", "html")} <= got
    assert all(r["distribution"] == "cydcheck (built-in)" for r in rows)


def test_directory_without_supported_files(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    code, _, err = run(runner, "check", str(tmp_path))
    assert code == 2 and "no supported files in this directory" in err


def test_unwritable_output_is_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = run(runner, "check", STRONG, "--format", "json", "-o", str(blocker / "sub" / "r.json"))
    assert code == 2 and "cannot write" in err


def test_mangled_inputs_end_cleanly(runner: CliRunner, tmp_path: Path) -> None:
    """Truncations and byte flips of a real R page: a report or a one-line error, never a traceback."""
    import random

    data = Path(STRONG).read_bytes()
    rng = random.Random(106)
    for i in range(60):
        mangled = bytearray(data[: rng.randrange(len(data))])
        for _ in range(rng.randrange(20)):
            if mangled:
                mangled[rng.randrange(len(mangled))] = rng.randrange(256)
        path = tmp_path / f"m{i}.txt"
        path.write_bytes(bytes(mangled))
        result = runner.invoke(cli, ["check", str(path), "--format", "json"])
        assert result.exit_code in (0, 1, 2), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        if result.exit_code == 2:
            assert result.stderr.count("\n") == 1 and f"m{i}.txt" in result.stderr


def test_rules_test_runs_every_bundled_example(runner: CliRunner) -> None:
    code, out, _ = run(runner, "rules", "test")
    total = sum(
        len(r.spec.examples.passing)
        + len(r.spec.examples.failing)
        + len(r.spec.examples.thin)
        + len(r.spec.examples.review)
        for r in cydcheck.load_rules().rules
    )
    assert code == 0 and f"{total} of {total} examples as expected" in out


def test_rules_test_on_a_users_directory_reports_mismatches(runner: CliRunner, tmp_path: Path) -> None:
    write_rule(tmp_path / "good", GOOD_RULE)
    code, out, _ = run(runner, "rules", "test", str(tmp_path / "good"), "-v")
    assert code == 0 and "ok   TEST-RULE pass[0]" in out and "2 of 2 examples as expected, 1 rule" in out
    # A "fail" example that passes, and a "pass" example the rule skips (wrong form): both are mismatches.
    broken = GOOD_RULE.replace("fail: [Nothing here.]", "fail: [The board is here.]").replace(
        "pass: [The board oversees it.]", "pass: [{text: The board oversees it., form: 8-K}]"
    )
    write_rule(tmp_path / "bad", broken)
    code, out, _ = run(runner, "rules", "test", str(tmp_path / "bad"))
    assert code == 1
    assert "FAIL TEST-RULE fail[0]" in out and "expected fail (106.c.1.board, error), got pass" in out
    assert "FAIL TEST-RULE pass[0]" in out and "got skip: applies to Form 10-K/20-F; this is an 8-K" in out
    assert "0 of 2 examples as expected, 1 rule; 2 mismatches" in out
    code, _, err = run(runner, "rules", "test", str(tmp_path / "missing"))
    assert code == 2 and "rule directory not found" in err


@pytest.mark.parametrize(
    ("name", "starts"),
    [
        ("report.html", "<!DOCTYPE html>"),
        ("REPORT.HTM", "<!DOCTYPE html>"),
        ("report.json", '{\n  "schema_version"'),
        ("report.sarif", '{\n  "$schema": "https://json.schemastore.org/sarif'),
        ("report.md", "<!-- generator: cydcheck"),
        ("report.xml", "<?xml"),
        ("report.csv", "source,form,period"),
        ("report.txt", "1 document: "),
        ("report.out", "1 document: "),  # no format of that name: text
    ],
)
def test_output_extension_sets_the_format(runner: CliRunner, tmp_path: Path, name: str, starts: str) -> None:
    """`-o report.html` with no --format wrote plain text into the .html file."""
    out = tmp_path / name
    code, _, err = run(runner, "check", STRONG, "--no-config", "-o", str(out), "-q")
    assert code == 0, err
    assert out.read_text(encoding="utf-8").lstrip("\ufeff").startswith(starts)


def test_an_explicit_format_wins_over_the_extension(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    code, _, err = run(runner, "check", STRONG, "--no-config", "--format", "json", "-o", str(out))
    assert code == 0 and err.count("cydcheck: error") == 0
    assert json.loads(out.read_text())["documents"]


def test_the_extension_of_output_beats_the_configured_format(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".cydcheck.yaml").write_text("format: [json]\n")
    monkeypatch.chdir(tmp_path)
    assert run(runner, "check", STRONG, "-o", "r.html")[0] == 0
    assert Path("r.html").read_text().startswith("<!DOCTYPE html>")
    assert run(runner, "check", STRONG, "-o", "r.out")[0] == 0  # no format of its own: the configuration's
    assert json.loads(Path("r.out").read_text())["documents"]


def test_readme_names_every_file_an_output_directory_gets() -> None:
    from cydcheck.plugins import registry

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for name, reporter in registry().reporters.items():
        assert f"`{reporter.extension}`" in readme, (name, reporter.extension)


def test_help_texts_say_what_they_mean(runner: CliRunner) -> None:
    author = run(runner, "annotate", "--help")[1]
    assert "see --help" not in author and "author:" in author
    check_help = " ".join(run(runner, "check", "--help")[1].split())
    assert "a file's extension sets the format" in check_help and "--format wins over it" in check_help


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", STRONG, "--jobs", "abc"], "invalid value for '--jobs' / '-j': 'abc' is not a valid integer"),
        (["check", STRONG, "--timeout", "soon"], "invalid value for '--timeout': 'soon' is not a valid number"),
        (["check", STRONG, "--max-size", "1MB"], "invalid value for '--max-size': '1MB' is not a valid integer"),
    ],
)
def test_a_bad_number_is_one_clear_line(runner: CliRunner, args: list[str], message: str) -> None:
    """It said "'abc' is not a valid integer range"."""
    code, _, err = run(runner, *args)
    assert code == 2 and err.startswith(f"cydcheck: error: {message} (see '") and err.count("\n") == 1
