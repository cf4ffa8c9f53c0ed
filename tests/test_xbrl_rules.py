"""The XBRL tagging rules on the real corpus (the verdicts a reviewer of the tagging would give) and on inline XBRL
we write ourselves; plus form-worded citations."""

from __future__ import annotations

from pathlib import Path

import cydcheck
import pytest
from cydcheck.model import Finding, Form, Outcome
from helpers import CORPUS, IXBRL, corpus_report, disclosure
from helpers import finding as evaluate

TAGGING = ("xbrl.required", "xbrl.flags", "xbrl.flag-text", "xbrl.taxonomy")

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def corpus() -> dict[str, dict[str, Finding]]:
    report = corpus_report()
    return {Path(r.disclosure.source).name.split("_")[0]: {f.rule_id: f for f in r.findings} for r in report.documents}


def outcome(found: dict[str, Finding], rule_id: str) -> str:
    f = found[rule_id]
    return f"{f.outcome.value}:{f.severity.value}" if f.outcome is Outcome.FAIL else f.outcome.value


def test_fully_tagged_large_filers_pass_every_tagging_rule(corpus: dict[str, dict[str, Finding]]) -> None:
    for ticker in ("IBM", "AMZN", "NFLX", "NVDA", "HD", "WMT", "KO", "CMP"):
        fails = [f.rule_id for f in corpus[ticker].values() if f.requirement in TAGGING and f.outcome is Outcome.FAIL]
        assert fails == [], ticker
        assert corpus[ticker]["CYD-XBRL-TAXONOMY"].outcome is Outcome.PASS


def test_before_the_tagging_date_nothing_fails_tagging(corpus: dict[str, dict[str, Finding]]) -> None:
    # AAPL: untagged, FY ended 2024-09-28. ADBE: tagged early (voluntarily), FY ended 2024-11-29.
    for ticker in ("AAPL", "ADBE", "GME", "MARA", "JCI", "AI"):
        for rule_id in ("CYD-XBRL-REQUIRED", "CYD-XBRL-COMPLETE", "CYD-XBRL-FLAGS"):
            f = corpus[ticker][rule_id]
            assert f.outcome is Outcome.SKIP, (ticker, rule_id)
            assert "periods ending on or after 2024-12-15" in (f.skip_reason or "") or "html" in (f.skip_reason or "")
    assert "this one ends 2024-11-29" in (corpus["ADBE"]["CYD-XBRL-REQUIRED"].skip_reason or "")
    assert corpus["ADBE"]["CYD-XBRL-TAXONOMY"].outcome is Outcome.PASS


def test_unitedhealth_missing_blocks_and_duplicate_flag(corpus: dict[str, dict[str, Finding]]) -> None:
    unh = corpus["UNH"]
    assert outcome(unh, "CYD-XBRL-REQUIRED") == "fail:error"
    assert "CybersecurityRiskBoardOfDirectorsOversightTextBlock" in unh["CYD-XBRL-REQUIRED"].message
    assert "CybersecurityRiskRoleOfManagementTextBlock" in unh["CYD-XBRL-REQUIRED"].message
    assert outcome(unh, "CYD-XBRL-FLAGS") == "pass"  # the duplicate agrees with itself
    assert outcome(unh, "CYD-XBRL-FLAG-DUPLICATE") == "fail:notice"
    assert (
        "CybersecurityRiskManagementThirdPartyEngagedFlag is tagged 2 times" in unh["CYD-XBRL-FLAG-DUPLICATE"].message
    )
    assert len(unh["CYD-XBRL-FLAG-DUPLICATE"].evidence) == 2


@pytest.mark.parametrize(
    ("ticker", "missing"),
    [
        ("ABBV", "CybersecurityRiskBoardOfDirectorsOversightTextBlock"),  # one fact only
        ("NOC", "CybersecurityRiskManagementProcessesForAssessingIdentifyingAndManagingThreatsTextBlock"),
        ("LPTH", "CybersecurityRiskRoleOfManagementTextBlock"),
        ("AOXY", "CybersecurityRiskBoardOfDirectorsOversightTextBlock"),  # one block and one flag
        ("YYAI", "CybersecurityRiskRoleOfManagementTextBlock"),
    ],
)
def test_partially_tagged_filings_fail_required_elements(
    corpus: dict[str, dict[str, Finding]], ticker: str, missing: str
) -> None:
    f = corpus[ticker]["CYD-XBRL-REQUIRED"]
    assert f.outcome is Outcome.FAIL and missing in f.message
    assert corpus[ticker]["CYD-XBRL-FLAGS"].outcome is Outcome.FAIL


def test_missing_flags_are_named(corpus: dict[str, dict[str, Finding]]) -> None:
    assert "CybersecurityRiskThirdPartyOversightAndIdentificationProcessesFlag is not tagged" in (
        corpus["NOC"]["CYD-XBRL-FLAGS"].observed
    )
    assert (
        "PositionsOrCommitteesResponsibleReportToBoardFlag is not tagged" in corpus["ZCAR"]["CYD-XBRL-FLAGS"].observed
    )


def test_zoomcar_flag_true_contradicted_by_its_text(corpus: dict[str, dict[str, Finding]]) -> None:
    f = corpus["ZCAR"]["CYD-XBRL-FLAG-AFFECTED-TRUE"]
    assert outcome(corpus["ZCAR"], "CYD-XBRL-FLAG-AFFECTED-TRUE") == "fail:error"
    quotes = " ".join(e.quote for e in f.evidence)
    assert "We have not yet fully determined the materiality of the Cybersecurity" in quotes
    assert "we do not believe that any cybersecurity threats" in quotes


def test_starbucks_engaged_flag_false_but_text_engages_experts(corpus: dict[str, dict[str, Finding]]) -> None:
    f = corpus["SBUX"]["CYD-XBRL-FLAG-ENGAGED-FALSE"]
    assert f.outcome is Outcome.FAIL and f.severity.value == "warning"
    assert f.evidence[0].quote.startswith("We engage third-party security experts")


def test_no_flag_text_contradiction_elsewhere(corpus: dict[str, dict[str, Finding]]) -> None:
    flagged = {
        (t, r)
        for t, found in corpus.items()
        for r, f in found.items()
        if f.requirement == "xbrl.flag-text" and f.failing
    }
    assert flagged == {("ZCAR", "CYD-XBRL-FLAG-AFFECTED-TRUE"), ("SBUX", "CYD-XBRL-FLAG-ENGAGED-FALSE")}


def test_the_twenty_f_without_facts_fails_located_and_tagging(corpus: dict[str, dict[str, Finding]]) -> None:
    # No section and no cyd fact, for a period that requires tagging: both defects are said plainly — and nothing else.
    pavs = corpus["PAVS"]
    assert sorted(r for r, f in pavs.items() if f.failing) == ["CYD-DOC-LOCATED", "CYD-XBRL-REQUIRED"]
    required = pavs["CYD-XBRL-REQUIRED"]
    assert "Form 20-F for the period ending 2025-03-31 must be tagged" in required.message


def test_taxonomy_years_must_agree(tmp_path: Path) -> None:
    good = tmp_path / "good.htm"
    good.write_bytes(IXBRL)
    bad = tmp_path / "bad.htm"
    bad.write_bytes(
        IXBRL.replace(
            b'xmlns:dei="http://xbrl.sec.gov/dei/2025"',
            b'xmlns:dei="http://xbrl.sec.gov/dei/2025" xmlns:us-gaap="http://fasb.org/us-gaap/2024"',
        )
    )
    found = {
        Path(r.disclosure.source).name: {f.rule_id: f for f in r.findings}
        for r in cydcheck.check([good, bad]).documents
    }
    assert found["good.htm"]["CYD-XBRL-TAXONOMY"].outcome is Outcome.PASS
    mixed = found["bad.htm"]["CYD-XBRL-TAXONOMY"]
    assert mixed.outcome is Outcome.FAIL and "cyd 2025; dei 2025, us-gaap 2024" in mixed.message


def test_twenty_f_findings_cite_item_16k_and_ten_k_findings_item_106() -> None:
    rule = cydcheck.load_rules().get("CYD106-B1III-PROVIDERS")
    assert rule is not None
    twenty_f = evaluate(rule, disclosure("Nothing.", form=Form.TWENTY_F))
    ten_k = evaluate(rule, disclosure("Nothing.", form=Form.TEN_K))
    unknown = evaluate(rule, disclosure("Nothing."))
    assert twenty_f.citation == "Form 20-F Item 16K(b)(1)(iii)"
    assert ten_k.citation == "Reg. S-K Item 106(b)(1)(iii) (Form 10-K Part I, Item 1C)"
    assert unknown.citation == f"{ten_k.citation}; {twenty_f.citation}"
    (result,) = cydcheck.check([CORPUS / "xbrl" / "PAVS_20-F_FY2025_instance_rolled2026.xml"]).documents
    assert all("Reg. S-K" not in r.citation for r in result.requirements)
