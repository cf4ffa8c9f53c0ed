"""The terminal: problems one line each, a line per document and a total; -v, -q, colour, wrapping; escapes never
reach the terminal; the summary on stderr when the report goes to a file; one error style; stdin; --form spellings;
`parse` of several documents."""

from __future__ import annotations

import json
import re
from pathlib import Path

import cidocs
import cydcheck
import hostile
import pytest
from click.testing import CliRunner
from cydcheck.cli import cli
from cydcheck.cli.base import parse_form
from cydcheck.model import Form
from cydcheck.reporters.text import TextReporter, prose, visible
from helpers import CORPUS, EXAMPLES

STRONG = str(EXAMPLES / "northwind-strong.txt")
DEFICIENT = str(EXAMPLES / "northwind-deficient.txt")
ANSI = re.compile(r"\x1b\[[0-9;]*m")
PROBLEM = re.compile(
    r"^(?P<path>[^\s:]+)(?::(?P<line>\d+))?(?::(?P<col>\d+))?: (?P<sev>\w+) (?P<key>\S+) (?P<rule>[A-Z0-9-]+) "
)


def tally(path: str) -> str:
    """How the text report opens its count of a document's requirements, from the checked report itself."""
    counts = cydcheck.check([path], config=None).documents[0].requirement_counts()
    text = f"{counts['pass']} of {sum(counts.values())} requirements met"
    return text + (f", {counts['fail']} not met" if counts["fail"] else "")


def run(runner: CliRunner, *args: str, **kwargs: object) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args), catch_exceptions=False, prog_name="cydcheck", **kwargs)  # type: ignore[arg-type]
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def drafts(tmp_path: Path) -> Path:
    """Twelve passing fictional drafts (Markdown, HTML and one-line inline XBRL)."""
    folder = tmp_path / "disclosures"
    folder.mkdir()
    for i in range(4):
        (folder / f"calder-{i}.md").write_text(cidocs.markdown(cidocs.STRONG), encoding="utf-8")
        (folder / f"calder-{i}.htm").write_text(cidocs.html(cidocs.STRONG), encoding="utf-8")
        (folder / f"calder-ix-{i}.htm").write_text(cidocs.ixbrl(cidocs.STRONG), encoding="utf-8")
    return folder


def test_a_clean_twelve_document_run_fits_on_one_screen(runner: CliRunner, drafts: Path) -> None:
    code, out, err = run(runner, "check", str(drafts), "--no-config")
    lines = out.splitlines()
    assert code == 0 and err == ""
    assert len(lines) == 13  # one per document and the total: nothing passes silently, nothing else
    assert all(line.endswith("requirements met") for line in lines[:12])
    assert lines[-1].startswith("12 documents: ") and "(-v shows " in lines[-1]
    assert max(len(line) for line in lines) <= 160
    verbose = run(runner, "check", str(drafts), "--no-config", "-v")[1].splitlines()
    assert len(verbose) > 12 * 30 and sum(" pass " in line for line in verbose) > 12 * 15


def test_problems_come_first_one_line_each_with_their_place(runner: CliRunner) -> None:
    code, out, _ = run(runner, "check", DEFICIENT, STRONG, "--no-config")
    lines = out.splitlines()
    report = cydcheck.check([DEFICIENT, STRONG], config=None)
    problems = [f for d in report.documents for f in d.findings if f.failing or f.outcome.value == "review"]
    assert code == 1 and len(lines) == len(problems) + 2 + 1
    for line, f in zip(lines, problems, strict=False):
        m = PROBLEM.match(line)
        assert m is not None, line
        assert (m["path"], m["sev"], m["key"], m["rule"]) == (DEFICIENT, f.severity.value, f.requirement, f.rule_id)
        assert m["line"] is not None and m["col"] is not None  # an R page has lines and columns
    assert "not met" in tally(DEFICIENT) and "not met" not in tally(STRONG)
    assert lines[-3].startswith(f"{DEFICIENT}: form unknown, period 2025-12-31: {tally(DEFICIENT)}")
    assert lines[-2] == f"{STRONG}: form unknown, period 2025-12-31: {tally(STRONG)}"
    assert " PASS " not in out and " pass " not in out


def test_quiet_prints_the_total_alone(runner: CliRunner) -> None:
    code, out, _ = run(runner, "check", DEFICIENT, "--no-config", "-q")
    assert code == 1 and out.count("\n") == 1 and out.startswith(f"1 document: {tally(DEFICIENT)}")
    code, _, err = run(runner, "check", DEFICIENT, "-q", "-v")
    assert code == 2 and "--verbose and --quiet contradict each other" in err


def test_verbose_adds_passes_fixes_and_quotes(runner: CliRunner) -> None:
    _, out, _ = run(runner, "check", DEFICIENT, "--no-config", "-v")
    assert " pass 106.c.1.board CYD106-C1-BOARD " in out
    assert "    fix: " in out and "    > We have not experienced any material cybersecurity incidents." in out
    assert " n/a " in out and "rules not applicable: applies to Form 8-K" in out
    assert "(-v shows" not in out


def test_not_reviewed_documents_say_so(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "incorporated.md"
    path.write_text(
        "# Item 1C. Cybersecurity\n\nThe information required by this Item is incorporated herein by reference to "
        "the section entitled \u201cCybersecurity\u201d in our 2025 Annual Report to Shareholders.\n\n"
        "# Item 2. Properties\n\nWe lease our offices.\n",
        encoding="utf-8",
    )
    _, out, _ = run(runner, "check", str(path), "--no-config")
    summary = [line for line in out.splitlines() if line.startswith(f"{path}: Form")]
    assert len(summary) == 1 and ": NOT REVIEWED: " in summary[0], out
    assert "1 not reviewed" in out.splitlines()[-1]


def test_colour_only_when_asked_or_on_a_terminal(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    _, plain, _ = run(runner, "check", DEFICIENT, "--no-config")
    assert "\x1b" not in plain  # CliRunner's stdout is a pipe: auto means no colour
    _, coloured, _ = run(runner, "check", DEFICIENT, "--no-config", "--color", "always")
    assert "\x1b[31m" in coloured and ANSI.sub("", coloured) == plain
    monkeypatch.setenv("NO_COLOR", "1")
    from cydcheck.cli.base import use_color

    class Tty:
        def isatty(self) -> bool:
            return True

    assert use_color("auto", Tty()) is False and use_color("always", Tty()) is True  # type: ignore[arg-type]
    monkeypatch.delenv("NO_COLOR")
    assert use_color("auto", Tty()) is True and use_color("never", Tty()) is False  # type: ignore[arg-type]


def test_long_lines_wrap_to_the_width(ruleset: object) -> None:
    report = cydcheck.check([DEFICIENT], config=None)
    plain = TextReporter().render(report)
    wrapped = TextReporter(width=60).render(report)
    assert max(len(line) for line in plain.splitlines()) > 60
    long_words = [w for w in plain.split() if len(w) > 56]
    assert all(
        len(line) <= 60 or line.strip() in long_words or line.split(":")[0] == DEFICIENT
        for line in wrapped.splitlines()
    )
    assert " ".join(wrapped.split()) == " ".join(plain.split())  # the same words, only cut at spaces
    # Continuation lines are indented: each entry still starts at the left margin.
    assert all(line.startswith(("    ", DEFICIENT, "1 document")) for line in wrapped.splitlines())
    assert len(wrapped.splitlines()) > len(plain.splitlines())


HOSTILE = (
    "Our Board oversees cybersecurity.\x1b]0;pwned title\x07 The Audit Committee \x1b]52;c;ZWNobyBwd25lZA==\x07 "
    "receives quarterly reports.\x1b[2J\x9b31m Evil\u202e reversed\u202c text."
)


def test_escape_sequences_never_reach_the_terminal(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "draft\x1b[31m.md"
    path.write_text(f"# Item 1C. Cybersecurity\n\n## Governance\n\n{HOSTILE}\n", encoding="utf-8")
    for args in ([], ["-v"], ["--color", "always"]):
        _, out, _ = run(runner, "check", str(path), "--no-config", "--form", "10-K", *args)
        raw = ANSI.sub("", out) if args == ["--color", "always"] else out
        assert "\x1b" not in raw and "\x07" not in raw and "\x9b" not in raw and "\u202e" not in raw, args
        assert "\\x1b" in raw  # shown, escaped: the reader sees something was there
    assert visible("a\x1b]52;c;x\x07b") == "a\\x1b]52;c;x\\x07b"
    assert prose("two\nlines\tand\u202etab") == "two lines and\\u202etab"


def test_a_source_cut_short_is_said_without_verbose(runner: CliRunner, tmp_path: Path) -> None:
    """``head -c 2000 granite-peak-8k.htm | cydcheck check -`` said '7 of 8 met' and nothing about the cut; an inline
    XBRL file read by the recovering parser said so only with -v or in JSON."""
    cut = (EXAMPLES / "granite-peak-8k.htm").read_bytes()[:2000]
    _, out, _ = run(runner, "check", "-", "--no-config", input=cut)
    lines = out.splitlines()
    assert lines[0].startswith("<stdin>:25: warning html.truncated the document ends inside <p> at line 25"), out
    assert "it may be cut short; text after that is missing" in lines[0]
    _, verbose, _ = run(runner, "check", "-", "--no-config", "-v", input=cut)
    # first, as a warning; not again among the parser's notes (CYD-DOC-INTACT's finding quotes it: a verdict)
    assert sum(line.startswith("<stdin>:25: warning html.truncated") for line in verbose.splitlines()) == 1
    assert sum("warning html.truncated" in line for line in verbose.splitlines()) == 1
    damaged = tmp_path / "damaged.htm"
    damaged.write_bytes(hostile.damaged_ixbrl())
    _, out, _ = run(runner, "check", str(damaged), "--no-config")
    assert re.match(rf"{re.escape(str(damaged))}:\d+: warning xml.recovered not well-formed XML at line", out), out
    _, out, err = run(runner, "check", str(damaged), "--no-config", "--format", "html", "-o", str(tmp_path / "r.html"))
    assert out == "" and " warning xml.recovered " in err.splitlines()[0]
    # A whole document, and the real filings: not a word more than before.
    _, out, _ = run(runner, "check", str(EXAMPLES / "granite-peak-8k.htm"), "--no-config")
    assert "warning html.truncated" not in out and " note " not in out


def test_summary_goes_to_stderr_when_the_report_goes_to_a_file(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    code, out, err = run(runner, "check", DEFICIENT, "--no-config", "--format", "html", "-o", str(target))
    assert code == 1 and out == "" and target.is_file()
    assert err.splitlines()[-1].startswith(f"1 document: {tally(DEFICIENT)}")
    assert f"{DEFICIENT}: form unknown" in err
    _, _, err = run(runner, "check", DEFICIENT, "--no-config", "--format", "json", "-o", str(tmp_path / "r.json"), "-q")
    assert err.count("\n") == 1
    _, out, err = run(runner, "check", DEFICIENT, "--no-config", "--format", "json")
    assert err == "" and json.loads(out)  # stdout stays pure JSON


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", STRONG, "--bogus"], "cydcheck: error: no such option '--bogus'"),
        (["check"], "cydcheck: error: missing argument 'PATHS...' (see 'cydcheck check --help')"),
        (["check", STRONG, "--form", "10-Q"], "cydcheck: error: invalid value for '--form': '10-Q' is not a form"),
        (["check", STRONG, "--fail-on", "sometimes"], "cydcheck: error: invalid value for '--fail-on'"),
        (["chek"], "cydcheck: error: no such command 'chek'"),
        (["rules", "show"], "cydcheck: error: missing argument 'NAME' (see 'cydcheck rules show --help')"),
        (["check", "missing.txt"], "cydcheck: error: missing.txt: no such file"),
    ],
)
def test_one_error_style_for_usage_errors_too(runner: CliRunner, args: list[str], message: str) -> None:
    code, out, err = run(runner, *args)
    assert code == 2 and out == ""
    assert err.startswith(message) and err.count("\n") == 1 and "Usage:" not in err, err


@pytest.mark.parametrize(
    ("spelling", "form"),
    [
        ("10-K", Form.TEN_K),
        ("10K", Form.TEN_K),
        ("10k", Form.TEN_K),
        ("Form 10-K", Form.TEN_K),
        ("form 10k", Form.TEN_K),
        ("10-K/A", Form.TEN_K),
        ("20F", Form.TWENTY_F),
        ("20-f", Form.TWENTY_F),
        ("8K", Form.EIGHT_K),
        ("8-K", Form.EIGHT_K),
        ("FORM 8-K", Form.EIGHT_K),
        ("10-Q", None),
        ("10-F", None),
        ("K", None),
    ],
)
def test_form_spellings(spelling: str, form: Form | None) -> None:
    assert parse_form(spelling) is form


def test_form_option_accepts_common_spellings(runner: CliRunner) -> None:
    for spelling in ("10K", "Form 20-F", "8k"):
        _, out, _ = run(runner, "check", STRONG, "--form", spelling, "--format", "json", "--no-config")
        assert json.loads(out)["documents"][0]["form"] == parse_form(spelling).value  # type: ignore[union-attr]


def test_stdin_is_read_with_dash(runner: CliRunner) -> None:
    text = cidocs.markdown(cidocs.draft_2025())
    code, out, _ = run(runner, "check", "-", "--no-config", input=text.encode())
    assert code == 1 and out.startswith("<stdin>:") and "CYD106-B1III-PROVIDERS" in out
    code, out, _ = run(runner, "check", "-", "--no-config", "--format", "json", input=Path(STRONG).read_bytes())
    doc = json.loads(out)["documents"][0]
    assert code == 0 and doc["source"] == "<stdin>" and doc["format"] == "rpage"  # sniffed by content
    yaml_draft = (EXAMPLES / "harbor-lane-draft.yaml").read_bytes()
    _, out, _ = run(runner, "parse", "-", input=yaml_draft)
    assert json.loads(out)["format"] == "data"
    _, out, _ = run(runner, "parse", "-", "--format-in", "markdown", input=yaml_draft)
    assert json.loads(out)["format"] == "markdown"
    code, _, err = run(runner, "check", "-", "-", input=b"x")
    assert code == 2 and "standard input can be read once" in err


def test_parse_several_documents_is_one_json_value(runner: CliRunner) -> None:
    code, out, _ = run(runner, "parse", str(EXAMPLES))
    docs = json.loads(out)
    assert code == 0 and isinstance(docs, list)
    # The bundled disclosures, in the scan's sorted order (examples/ci and examples/plugins hold none).
    assert [d["source"] for d in docs] == sorted(str(p) for p in EXAMPLES.iterdir() if p.is_file())
    _, out, _ = run(runner, "parse", STRONG, DEFICIENT)
    assert [d["source"] for d in json.loads(out)] == [STRONG, DEFICIENT]
    _, out, _ = run(runner, "parse", str(EXAMPLES), "--ndjson")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["source"] for r in rows] == [d["source"] for d in docs]
    _, out, _ = run(runner, "parse", STRONG)
    assert isinstance(json.loads(out), dict)  # one file: one object, as before


@pytest.mark.shared
def test_the_corpus_run_prints_problems_and_summaries_only(runner: CliRunner) -> None:
    folder = CORPUS / "ixbrl"
    code, out, _ = run(runner, "check", str(folder), "--no-config", "--fail-on", "never")
    report = cydcheck.check([folder], config=None)
    problems = sum(f.failing or f.outcome.value == "review" for d in report.documents for f in d.findings)
    lines = out.splitlines()
    assert code == 0 and len(report.documents) == 12
    assert len(lines) == problems + 12 + 1
    assert not any(" pass " in line or " n/a " in line for line in lines)
    for line in lines[:problems]:
        m = PROBLEM.match(line)
        assert m is not None and m["line"] is not None and m["col"] is not None, line  # inline XBRL: line AND column
