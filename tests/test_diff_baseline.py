"""--baseline (only new failures fail the run; every report marks them) and `cydcheck diff` (year over year), on a
fictional company's FY2024 filing and FY2025 draft."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import cidocs
import cydcheck
import pytest
from click.testing import CliRunner
from cydcheck.baseline import Baseline, finding_identity, identity, load_baseline
from cydcheck.cli import cli
from cydcheck.diff import RequirementChange, sentence_changes
from cydcheck.errors import ConfigError
from helpers import EXAMPLES

DEFICIENT = EXAMPLES / "northwind-deficient.txt"


def run(runner: CliRunner, *args: str, **kwargs: Any) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args), catch_exceptions=False, prog_name="cydcheck", **kwargs)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "disclosures").mkdir()
    return tmp_path


def write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path.relative_to(Path.cwd()))


# -- baseline ------------------------------------------------------------------------------------------------------


def test_known_failures_do_not_fail_the_run_new_ones_do(runner: CliRunner, repo: Path) -> None:
    draft = write(repo / "disclosures" / "northwind.txt", DEFICIENT.read_text(encoding="utf-8"))
    code, out, _ = run(runner, "check", draft, "--no-config", "--format", "json", "-o", "baseline.json")
    assert code == 1
    # The same draft against its own report: every failure known, the run passes, and every report says so.
    code, out, _ = run(runner, "check", draft, "--no-config", "--baseline", "baseline.json", "--format", "json")
    findings = json.loads(out)["documents"][0]["findings"]
    problems = [f for f in findings if f["outcome"] in ("fail", "review")]
    assert code == 0 and problems and {f["new"] for f in problems} == {False}
    assert {f["new"] for f in findings if f["outcome"] in ("pass", "skip")} == {None}
    # Edits that move text (a paragraph added on top) change no identity; a new failure is new and fails.
    text = DEFICIENT.read_text(encoding="utf-8")
    moved = text.replace(
        "We have not experienced any material cybersecurity incidents.",
        "We have not experienced any material cybersecurity incidents. We may, from time to time, engage "
        "consultants as we deem appropriate.",
    )
    moved = moved.replace("|Cybersecurity", "|\n|Cybersecurity", 1)
    write(repo / "disclosures" / "northwind.txt", moved)
    code, out, _ = run(runner, "check", draft, "--no-config", "--baseline", "baseline.json", "--format", "json")
    findings = {f["rule_id"]: f for f in json.loads(out)["documents"][0]["findings"]}
    new = {r for r, f in findings.items() if f["new"]}
    assert new == {"CYD-DRAFT-HEDGED"}, new
    assert findings["CYD106-C2I-EXPERTISE"]["new"] is False  # same failure, other lines
    # A warning is new: the default --fail-on error passes; --fail-on warning fails on it alone.
    assert code == 0
    assert run(runner, "check", draft, "--no-config", "--baseline", "baseline.json", "--fail-on", "warning")[0] == 1


def test_every_format_marks_what_is_new(runner: CliRunner, repo: Path) -> None:
    old = write(repo / "disclosures" / "calder.md", cidocs.markdown(cidocs.STRONG))
    run(runner, "check", old, "--no-config", "--format", "json", "-o", "baseline.json")
    write(repo / "disclosures" / "calder.md", cidocs.markdown(cidocs.draft_2025()))
    args = ("check", old, "--no-config", "--baseline", "baseline.json")
    code, text, _ = run(runner, *args)
    assert code == 1
    assert "CYD106-B1III-PROVIDERS" in text and "[new]" in text and "1 new, 0 known from the baseline" in text
    sarif = json.loads(run(runner, *args, "--format", "sarif")[1])
    assert {r["baselineState"] for r in sarif["runs"][0]["results"]} == {"new"}
    md = run(runner, *args, "--format", "markdown")[1]
    assert "**1 new**, 0 known" in md and "**new**" in md
    github = run(runner, *args, "--format", "github")[1]
    assert "title=CYD106-B1III-PROVIDERS 106.b.1.iii (new)::" in github


def test_known_failures_are_skipped_in_junit_and_not_annotated(runner: CliRunner, repo: Path) -> None:
    draft = write(repo / "disclosures" / "northwind.txt", DEFICIENT.read_text(encoding="utf-8"))
    run(runner, "check", draft, "--no-config", "--format", "json", "-o", "baseline.json")
    args = ("check", draft, "--no-config", "--baseline", "baseline.json")
    junit = run(runner, *args, "--format", "junit")[1]
    assert 'failures="0"' in junit and junit.count('type="baseline"') == 6
    github = run(runner, *args, "--format", "github")[1]
    assert github.splitlines() == [github.splitlines()[-1]] and github.startswith("cydcheck: 1 document")
    text = run(runner, *args)[1]
    assert "0 new, 6 known from the baseline" in text and " error " not in text  # known ones only with -v
    verbose = run(runner, *args, "-v")[1]
    known = [line for line in verbose.splitlines() if line.endswith("[known]")]
    assert len(known) == 8 and sum(" suggestion " in line for line in known) == 2  # 6 failures, 2 suggestions


def test_identity_ignores_case_spacing_and_order_but_not_words() -> None:
    a = identity("R", "./docs/x.md", ["We  may engage\nconsultants.", "Second."])
    assert a == identity("R", "docs/x.md", ["second.", "we may engage consultants."])
    assert a != identity("R", "docs/x.md", ["We may engage advisers.", "Second."])
    assert a != identity("R2", "docs/x.md", ["We may engage consultants.", "Second."])
    assert a != identity("R", "docs/y.md", ["We may engage consultants.", "Second."])
    report = cydcheck.check([DEFICIENT], config=None)
    doc = report.documents[0]
    failing = [f for f in doc.findings if f.failing]
    baseline = Baseline("b.json", tuple(finding_identity(f, doc.disclosure.source) for f in failing[:1]))
    marked = baseline.mark(doc.findings, doc.disclosure.source)
    assert [f.new for f in marked if f.failing] == [False] + [True] * (len(failing) - 1)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "--baseline is not a JSON report"),
        (b'{"documents": []}', "field 'schema_version'"),
        (b'{"schema_version": 1, "documents": [{"findings": []}]}', "field 'documents.0.source'"),
    ],
)
def test_a_bad_baseline_is_one_line_exit_2(runner: CliRunner, repo: Path, content: bytes, message: str) -> None:
    (repo / "b.json").write_bytes(content)
    code, out, err = run(runner, "check", str(DEFICIENT), "--baseline", "b.json")
    assert code == 2 and out == "" and message in err and err.count("\n") == 1
    with pytest.raises(ConfigError):
        load_baseline("b.json")
    code, _, err = run(runner, "check", str(DEFICIENT), "--baseline", "missing.json")
    assert code == 2 and "missing.json: no such file" in err


# -- diff ----------------------------------------------------------------------------------------------------------


def test_diff_per_requirement_and_per_sentence(runner: CliRunner, repo: Path) -> None:
    old = write(repo / "disclosures" / "calder-2024.htm", cidocs.ixbrl(cidocs.STRONG))  # inline XBRL
    new = write(repo / "disclosures" / "calder-2025.md", cidocs.markdown(cidocs.draft_2025()))  # a Markdown draft
    code, out, _ = run(runner, "diff", old, new, "--format", "json", "--no-config")
    data = json.loads(out)
    assert code == 0
    changes = {r["key"]: (r["before"], r["after"], r["trend"]) for r in data["requirements"]}
    assert changes["106.b.1.iii"] == ("pass", "fail", "worse")
    assert changes["106.c.1.board"] == ("pass", "pass", "same")
    kinds = [(s["kind"], s["before"], s["after"]) for s in data["sentences"]]
    added = [a for k, _, a in kinds if k == "added"]
    removed = [b for k, b, _ in kinds if k == "removed"]
    changed = [(b, a) for k, b, a in kinds if k == "changed"]
    assert "This section describes our approach to cybersecurity for fiscal 2025." in added
    assert any(b and "We oversee and identify risks from our third-party service providers" in b for b in removed)
    assert len(changed) == 1 and "quarterly vulnerability scans" in changed[0][0]
    assert "monthly vulnerability scans" in changed[0][1]
    assert data["summary"]["sentences_unchanged"] > 10
    text = run(runner, "diff", old, new, "--no-config")[1]
    assert re.search(r"106\.b\.1\.iii\s+met -> not met\s+worse", text)
    assert "+ disclosures/calder-2025.md:5:1: This section describes" in text
    assert re.search(r"^- disclosures/calder-2024\.htm:4:\d+: We oversee and identify", text, re.M)  # line AND column


def test_diff_html_side_by_side_is_self_contained_and_escaped(runner: CliRunner, repo: Path) -> None:
    hostile = cidocs.draft_2025()
    hostile["Governance"].append("Our CISO <script>alert(1)</script> briefs the {{ board }} & committee.")
    old = write(repo / "disclosures" / "old.md", cidocs.markdown(cidocs.STRONG))
    new = write(repo / "disclosures" / "new.md", cidocs.markdown(hostile))
    code, html, _ = run(runner, "diff", old, new, "--format", "html", "--no-config")
    assert code == 0 and html.startswith("<!DOCTYPE html>")
    assert "<script>" not in html and "&lt;script&gt;" in html and "{{ board }}" in html

    class Tags(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.refs: list[str] = []
            self.kinds: set[str] = set()

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.kinds.add(tag)
            self.refs += [v or "" for k, v in attrs if k in ("src", "href")]

    tags = Tags()
    tags.feed(html)
    assert tags.refs == [] and "script" not in tags.kinds and {"del", "ins", "table"} <= tags.kinds
    assert "url(" not in html and "@import" not in html
    md = run(runner, "diff", old, new, "--format", "markdown", "--no-config")[1]
    assert "| `106.b.1.iii` |" in md and "<script>" not in md and "~~" in md


def test_sentence_pairing() -> None:
    old = [(s, None) for s in ["A stays.", "We scan quarterly for threats.", "Gone for good.", "Z stays."]]
    new = [(s, None) for s in ["A stays.", "Brand new sentence here.", "We scan monthly for threats.", "Z stays."]]
    changes, unchanged = sentence_changes(old, new)
    assert unchanged == 2
    assert [(c.kind, c.before, c.after) for c in changes] == [
        ("added", None, "Brand new sentence here."),
        ("changed", "We scan quarterly for threats.", "We scan monthly for threats."),
        ("removed", "Gone for good.", None),
    ]
    assert RequirementChange(key="k", title="t", citation="c", before="fail", after="pass").trend == "better"
    assert RequirementChange(key="k", title="t", citation="c", before="pass", after="review").trend == "worse"
    assert RequirementChange(key="k", title="t", citation="c", before="skip", after="pass").trend == "other"


def test_diff_errors(runner: CliRunner, repo: Path) -> None:
    one = write(repo / "disclosures" / "a.md", cidocs.markdown(cidocs.STRONG))
    code, _, err = run(runner, "diff", "disclosures", one)
    assert code == 2 and "diff compares two files" in err
    code, _, err = run(runner, "diff", one, "nope.md")
    assert code == 2 and "nope.md: no such file" in err
    code, out, _ = run(runner, "diff", "-", one, "--no-config", input=cidocs.markdown(cidocs.STRONG).encode())
    assert code == 0 and "Sentences: none added, removed or changed" in out


def test_diff_takes_its_format_from_the_output_name_unless_told(runner: CliRunner, repo: Path) -> None:
    old = write(repo / "disclosures" / "old.md", cidocs.markdown(cidocs.STRONG))
    new = write(repo / "disclosures" / "new.md", cidocs.markdown(cidocs.draft_2025()))
    for name, start in (("d.html", "<!DOCTYPE html>"), ("d.json", "{"), ("d.txt", "old: "), ("d.out", "old: ")):
        code, _, _ = run(runner, "diff", old, new, "-o", str(repo / name), "--no-config")
        assert code == 0 and (repo / name).read_text(encoding="utf-8").startswith(start), name
    code, _, _ = run(runner, "diff", old, new, "-o", str(repo / "x.html"), "--format", "json", "--no-config")
    assert code == 0 and (repo / "x.html").read_text(encoding="utf-8").startswith("{")  # --format wins
