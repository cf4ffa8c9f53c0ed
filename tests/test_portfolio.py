"""The portfolio view: --format csv, the HTML report's charts for a set, and --peers in every format."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import cydcheck
import pytest
from click.testing import CliRunner
from cydcheck.cli import cli
from cydcheck.model import DocumentResult, RequirementVerdict
from cydcheck.portfolio import COMMITTEE, portfolio, section_words, tally
from cydcheck.reporters.csv import COLUMNS, cell
from helpers import EXAMPLES, disclosure

CHECK = ["check", "--no-config", "--fail-on", "never", "--as-of", "2026-01-01", "--jobs", "1"]


def _result(source: str, states: dict[str, str], text: str = "", status: str = "reviewed") -> DocumentResult:
    verdicts = tuple(RequirementVerdict(key=k, title=f"title {k}", citation="c", status=v) for k, v in states.items())  # type: ignore[arg-type]
    return DocumentResult(
        disclosure=disclosure(text=text).model_copy(update={"source": source}),
        status=status,  # type: ignore[arg-type]
        findings=(),
        requirements=verdicts,
    )


def test_tally_counts_reviewed_documents_only() -> None:
    results = [
        _result("a", {"x": "pass", COMMITTEE: "pass"}),
        _result("b", {"x": "fail", COMMITTEE: "warning"}),
        _result("c", {"x": "review", COMMITTEE: "skip"}),
        _result("d", {"x": "waived", COMMITTEE: "pass"}),
        _result("e", {"x": "not-checked", COMMITTEE: "not-checked"}, status="missing"),
    ]
    x, committee = tally(results, order=["x", COMMITTEE])
    assert (x.met, x.not_met, x.review, x.waived, x.not_applicable, x.applies) == (1, 1, 1, 1, 0, 4)
    assert (committee.met, committee.not_met, committee.not_applicable, committee.applies) == (2, 1, 1, 3)
    p = portfolio(results)
    assert p.documents == 5 and p.reviewed == 4 and p.committee == committee and len(p.words) == 4


def test_words_are_counted_by_the_parts_item_106_names() -> None:
    intro = "Intro words here."
    risk = "Risk Management and Strategy\nWe assess risks every year."
    prose = (
        "A long line that names our risk management and strategy in passing is prose, not a heading, because it runs "
        "on for well over ninety characters."
    )
    governance = f"Governance\nThe board oversees it.\n{prose}"
    words = section_words(_result("a", {}, f"{intro}\n{risk}\n{governance}\n"))
    assert words.counts == (len(risk.split()), len(governance.split()), len(intro.split()))
    assert section_words(_result("b", {}, "No headings at all.")).counts == (0, 0, 4)


def test_csv_is_one_row_per_document_and_requirement(runner: CliRunner) -> None:
    result = runner.invoke(cli, [*CHECK, str(EXAMPLES), "--format", "csv"])
    assert result.exit_code == 0, result.output
    raw = result.stdout_bytes.decode("utf-8")
    assert raw.endswith("\r\n") and "\n" not in raw.replace("\r\n", "")  # RFC 4180 line ends
    rows = list(csv.reader(io.StringIO(raw, newline="")))
    assert tuple(rows[0]) == COLUMNS
    report = cydcheck.check([EXAMPLES], config=None)
    expected = [(d.disclosure.source, r.key, r.status) for d in report.documents for r in d.requirements]
    assert [(r[0], r[4], r[6]) for r in rows[1:]] == expected
    eight_k = next(r for r in rows[1:] if r[1] == "8-K")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", eight_k[2])  # the date of report stands in for a period


@pytest.mark.parametrize("value", ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_csv_cells_a_spreadsheet_would_evaluate_are_neutralised(value: str) -> None:
    assert cell(value) == "'" + value
    assert cell("Acme =1") == "Acme =1" and cell(None) == "" and cell("2025-12-31") == "2025-12-31"


def test_csv_neutralises_an_issuer_written_as_a_formula(tmp_path: Path, runner: CliRunner) -> None:
    draft = tmp_path / "draft.yaml"
    draft.write_text(
        'form: 10-K\nissuer: "=cmd|\' /C calc\'!A0"\ntext: "The board oversees cybersecurity risk, with the '
        'Audit Committee."\n',
        encoding="utf-8",
    )
    result = runner.invoke(cli, [*CHECK, str(draft), "--format", "csv"])
    rows = list(csv.reader(io.StringIO(result.stdout, newline="")))
    assert {r[3] for r in rows[1:]} == {"'=cmd|' /C calc'!A0"}


def test_the_html_report_of_a_set_has_the_portfolio_charts(runner: CliRunner) -> None:
    result = runner.invoke(cli, [*CHECK, str(EXAMPLES), "--format", "html"])
    page = result.stdout
    assert 'id="portfolio"' in page and "Across the set" in page
    charts = re.findall(r"<svg class=\"chart\" role=\"img\" aria-labelledby=\"([\w-]+)-t \1-d\"", page)
    assert charts == ["pf-requirements", "pf-committee", "pf-words"]
    for chart in charts:
        assert f'<title id="{chart}-t">' in page and f'<desc id="{chart}-d">' in page
    svg = "".join(re.findall(r"<svg.*?</svg>", page, re.S))
    assert "style=" not in svg and "<script" not in svg  # nothing the Content-Security-Policy would have to allow
    assert "Requirements met across the disclosures</caption>" in page and "Words by section</caption>" in page
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    assert csp is not None and csp.group(1).startswith("default-src 'none'; style-src ") and "unsafe" not in page
    one = runner.invoke(cli, [*CHECK, str(EXAMPLES / "northwind-strong.txt"), "--format", "html"]).stdout
    assert 'id="portfolio"' not in one and "<svg" not in one


def test_peers_place_a_disclosure_against_a_folder(tmp_path: Path, runner: CliRunner) -> None:
    draft = str(EXAMPLES / "northwind-deficient.txt")
    peers = tmp_path / "peers"
    peers.mkdir()
    for name in ("northwind-strong.txt", "harbor-lane-draft.yaml", "granite-peak-8k.htm"):
        (peers / name).write_bytes((EXAMPLES / name).read_bytes())
    result = runner.invoke(cli, [*CHECK, draft, "--peers", str(peers), "--format", "json"])
    report = json.loads(result.stdout)
    assert [d["source"] for d in report["documents"]] == [draft]  # the peers are counted, not reported
    block = report["peers"]
    assert block["sources"] == [str(peers)] and block["documents"] == 3 and block["reviewed"] == 3
    alone = cydcheck.check([peers], config=None)
    (placed,) = cydcheck.check([draft], config=None).documents
    here = {v.key for v in placed.requirements if v.status not in ("skip", "not-checked")}
    expected = {t.key: (t.met, t.applies) for t in tally(alone.documents) if t.applies and t.key in here}
    assert {t["key"]: (t["met"], t["applies"]) for t in block["requirements"]} == expected
    # Only what applies to the draft: the 8-K peer's Item 1.05 requirements are not placed against a 10-K.
    assert not any(t["key"].startswith("1.05.") for t in block["requirements"]) and "106.b.2" in expected
    expertise = next(t for t in block["requirements"] if t["key"] == "106.c.2.i.expertise")
    assert expertise["applies"] == 2  # the two annual reports; the 8-K's checklist does not have it

    text = runner.invoke(cli, [*CHECK, draft, "--peers", str(peers)]).stdout
    assert f"peers: 3 documents in {peers}, 3 reviewed" in text
    assert re.search(r"^  106\.c\.2\.i\.expertise met by \d of 2 peers; here: ", text, re.M)
    markdown = runner.invoke(cli, [*CHECK, draft, "--peers", str(peers), "--format", "markdown"]).stdout
    assert "## Against peers" in markdown and "| Peers that meet it |" in markdown
    html = runner.invoke(cli, [*CHECK, draft, "--peers", str(peers), "--format", "html"]).stdout
    assert 'id="peers"' in html and '<title id="peers-requirements-t">' in html
    plain = json.loads(runner.invoke(cli, [*CHECK, draft, "--format", "json"]).stdout)
    assert "peers" not in plain


def test_a_peer_folder_that_is_an_output_is_refused(tmp_path: Path, runner: CliRunner) -> None:
    peer = tmp_path / "peer.txt"
    peer.write_bytes((EXAMPLES / "northwind-strong.txt").read_bytes())
    draft = str(EXAMPLES / "northwind-deficient.txt")
    result = runner.invoke(cli, [*CHECK, draft, "--peers", str(peer), "--format", "json", "-o", str(peer)])
    assert result.exit_code == 2 and peer.read_bytes() == (EXAMPLES / "northwind-strong.txt").read_bytes()
