"""Form 8-K Item 1.05: our own reports, on time and late across federal holidays, and the content rules.

The calendar facts the deadline tests rely on: Thanksgiving 2025 is Thursday, November 27; Independence Day 2025 is
Friday, July 4; Juneteenth 2025 is Thursday, June 19; New Year's Day 2022 fell on a Saturday and was observed on
Friday, December 31, 2021.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import cydcheck
import pytest
from click.testing import CliRunner
from cydcheck.checks.deadline import due_date
from cydcheck.cli import cli
from cydcheck.model import Form, Given, Outcome

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "granite-peak-8k.htm"


def eight_k(
    tmp_path: Path,
    body: str,
    signed: str | None = "December 2, 2025",
    name: str = "8k.htm",
) -> Path:
    signature = (
        f"<p>SIGNATURES</p><table><tr><td>Date: {signed}</td><td>By: /s/ A. Officer</td></tr></table>" if signed else ""
    )
    paras = "".join(f"<p>{p}</p>" for p in body.strip().split("\n\n"))
    html = (
        "<html><body><p>FORM 8-K</p><p>Date of Report (Date of earliest event reported): November 21, 2025</p>"
        "<p>Fictional Co.</p><p>(Exact name of registrant as specified in its charter)</p>"
        f"<p>Item 1.05 Material Cybersecurity Incidents.</p>{paras}"
        f"<p>Item 9.01 Financial Statements and Exhibits.</p><p>104 Cover Page Interactive Data File.</p>{signature}"
        "</body></html>"
    )
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    return path


INCIDENT = """On November 21, 2025, we detected that a threat actor had gained unauthorized access to our network and
deployed ransomware, which encrypted servers supporting our distribution centers.

On November 25, 2025, we determined that the incident was material. The incident is reasonably likely to have a
material impact on our results of operations for the fourth quarter."""


def findings(path: Path, given: Given | None = None) -> dict[str, cydcheck.Finding]:
    (doc,) = cydcheck.check([path], given=given).documents
    return {f.rule_id: f for f in doc.findings}


@pytest.mark.parametrize(
    ("start", "due", "skipped"),
    [
        (dt.date(2025, 11, 25), dt.date(2025, 12, 2), ["Thanksgiving Day (2025-11-27)"]),  # Tue → next Tue
        (dt.date(2025, 11, 18), dt.date(2025, 11, 24), []),  # no holiday: Tue → Mon
        (dt.date(2025, 7, 1), dt.date(2025, 7, 8), ["Independence Day (2025-07-04)"]),
        (dt.date(2025, 6, 16), dt.date(2025, 6, 23), ["Juneteenth National Independence Day (2025-06-19)"]),
        (dt.date(2021, 12, 29), dt.date(2022, 1, 5), ["New Year's Day (observed) (2021-12-31)"]),
        (dt.date(2025, 6, 6), dt.date(2025, 6, 12), []),  # a Friday: the weekend does not count
    ],
)
def test_due_date_skips_weekends_and_federal_holidays(start: dt.date, due: dt.date, skipped: list[str]) -> None:
    assert due_date(start, 4) == (due, skipped)


def test_on_time_only_because_thanksgiving_does_not_count(tmp_path: Path) -> None:
    # Determined Tue Nov 25; without the holiday the deadline would be Mon Dec 1.
    f = findings(eight_k(tmp_path, INCIDENT, signed="December 2, 2025"))["CYD105-DEADLINE"]
    assert f.outcome is Outcome.PASS
    assert "due 2025-12-02" in f.observed and "Thanksgiving Day (2025-11-27)" in f.observed
    assert f.evidence and "we determined that the incident was material" in f.evidence[0].quote


def test_late_across_thanksgiving(tmp_path: Path) -> None:
    f = findings(eight_k(tmp_path, INCIDENT, signed="December 3, 2025"))["CYD105-DEADLINE"]
    assert f.outcome is Outcome.FAIL and f.severity.value == "error"
    assert f.message.startswith("Filed 2025-12-03, 1 business day(s) after the deadline of 2025-12-02")


def test_filing_date_and_determination_date_given_on_the_command_line(tmp_path: Path) -> None:
    path = eight_k(tmp_path, INCIDENT, signed="December 2, 2025")
    late = findings(path, Given(filed_on=dt.date(2025, 12, 10)))["CYD105-DEADLINE"]
    assert late.outcome is Outcome.FAIL and "given with --filed-on" in late.observed
    moved = findings(path, Given(determined_on=dt.date(2025, 11, 28)))["CYD105-DEADLINE"]
    assert moved.outcome is Outcome.PASS and "given with --determined-on" in moved.observed
    runner = CliRunner()
    result = runner.invoke(
        cli, ["check", str(path), "--filed-on", "2025-12-09", "--format", "json"], catch_exceptions=False
    )
    assert result.exit_code == 1
    (doc,) = json.loads(result.stdout)["documents"]
    (deadline,) = [f for f in doc["findings"] if f["rule_id"] == "CYD105-DEADLINE"]
    assert deadline["outcome"] == "fail" and "5 business day(s) after" in deadline["message"]
    bad = runner.invoke(cli, ["check", str(path), "--filed-on", "12/09/2025"])
    assert bad.exit_code == 2 and "--filed-on" in bad.stderr


def test_unknown_dates_skip_and_say_what_to_give(tmp_path: Path) -> None:
    undated = findings(eight_k(tmp_path, INCIDENT, signed=None))["CYD105-DEADLINE"]
    assert undated.outcome is Outcome.SKIP and "--filed-on" in (undated.skip_reason or "")
    text = INCIDENT.replace("On November 25, 2025, we determined that the incident was material.", "")
    no_determination = findings(eight_k(tmp_path, text, name="b.htm"))["CYD105-DEADLINE"]
    assert no_determination.outcome is Outcome.SKIP and "--determined-on" in (no_determination.skip_reason or "")


def test_attorney_general_delay_skips_the_deadline(tmp_path: Path) -> None:
    text = INCIDENT + (
        "\n\nThe U.S. Attorney General determined that disclosure posed a substantial risk to national security and"
        " notified the Commission, which delayed this filing."
    )
    f = findings(eight_k(tmp_path, text, signed="January 5, 2026"))["CYD105-DEADLINE"]
    assert f.outcome is Outcome.SKIP and "Attorney General" in f.message


def test_a_state_attorney_general_notice_is_not_a_delay(tmp_path: Path) -> None:
    text = INCIDENT + "\n\nWe have notified the attorneys general of affected states as required."
    assert findings(eight_k(tmp_path, text, signed="December 3, 2025"))["CYD105-DEADLINE"].outcome is Outcome.FAIL


def test_not_material_under_item_105_points_to_item_801(tmp_path: Path) -> None:
    text = """On November 21, 2025, we detected unauthorized access to our email system.

We have not yet determined whether the incident is material. Our investigation is ongoing."""
    result = findings(eight_k(tmp_path, text))
    assert result["CYD105-DETERMINATION"].outcome is Outcome.FAIL
    assert "Item 8.01" in result["CYD105-DETERMINATION"].message
    assert "not yet determined whether the incident is material" in result["CYD105-DETERMINATION"].evidence[0].quote
    # Open questions without the undertaking to amend: a notice at most (the 8-K/A is a duty, not a sentence).
    assert result["CYD105-INSTR2"].outcome is Outcome.FAIL and result["CYD105-INSTR2"].severity.value == "notice"
    assert result["CYD105-IMPACT"].outcome is Outcome.FAIL  # nothing on financial condition or results


def test_the_bundled_8k_example_passes_every_item_105_rule() -> None:
    (doc,) = cydcheck.check([EXAMPLE]).documents
    assert doc.disclosure.form is Form.EIGHT_K and doc.disclosure.signed_on == dt.date(2025, 12, 2)
    item_105 = {f.rule_id: f.outcome for f in doc.findings if f.requirement.startswith("1.05.")}
    assert len(item_105) == 7 and set(item_105.values()) == {Outcome.PASS}
    # every annual-report rule is skipped, each saying why
    annual = [f for f in doc.findings if f.requirement.startswith("106.")]
    assert annual and all(f.outcome is Outcome.SKIP and "applies to Form 10-K/20-F" in f.message for f in annual)


def test_a_vague_incident_report_fails_nature_scope_and_timing(tmp_path: Path) -> None:
    text = "We recently experienced a cybersecurity incident. We determined on November 25, 2025 that it is material."
    result = findings(eight_k(tmp_path, text))
    for rule_id in ("CYD105-NATURE", "CYD105-SCOPE", "CYD105-TIMING", "CYD105-IMPACT"):
        assert result[rule_id].outcome is Outcome.FAIL, rule_id
    assert result["CYD105-DETERMINATION"].outcome is Outcome.PASS


def ixbrl_8k(tmp_path: Path, blocks: dict[str, str], period: str = "2025-11-21") -> Path:
    facts = "".join(
        f'<ix:nonNumeric name="cyd:{name}" contextRef="c1" escape="true"><p>{text}</p></ix:nonNumeric>'
        for name, text in blocks.items()
    )
    untagged = "" if blocks else f"<p>{INCIDENT}</p>"
    html = f"""<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:ix="http://www.xbrl.org/2013/inlineXBRL"
 xmlns:xbrli="http://www.xbrl.org/2003/instance" xmlns:cyd="http://xbrl.sec.gov/cyd/2025"
 xmlns:dei="http://xbrl.sec.gov/dei/2025" xmlns:us-gaap="http://fasb.org/us-gaap/2025"><head><title>8-K</title></head><body>
<div style="display:none"><ix:header><ix:hidden>
<ix:nonNumeric name="dei:DocumentType" contextRef="c1">8-K</ix:nonNumeric>
<ix:nonNumeric name="dei:DocumentPeriodEndDate" contextRef="c1">{period}</ix:nonNumeric>
</ix:hidden><ix:resources><xbrli:context id="c1"><xbrli:entity><xbrli:identifier scheme="x">1</xbrli:identifier>
</xbrli:entity><xbrli:period><xbrli:instant>{period}</xbrli:instant></xbrli:period></xbrli:context></ix:resources>
</ix:header></div>
<p>Item 1.05 Material Cybersecurity Incidents.</p>{facts}{untagged}
<p>Item 9.01 Financial Statements and Exhibits.</p><p>104 Cover Page Interactive Data File.</p>
</body></html>"""
    path = tmp_path / "8k-ixbrl.htm"
    path.write_text(html, encoding="utf-8")
    return path


def test_inline_xbrl_8k_must_tag_its_incident_blocks(tmp_path: Path) -> None:
    paras = INCIDENT.split("\n\n")
    tagged = {
        "MaterialCybersecurityIncidentNatureTextBlock": paras[0],
        "MaterialCybersecurityIncidentScopeTextBlock": paras[0],
        "MaterialCybersecurityIncidentTimingTextBlock": paras[0],
        "MaterialCybersecurityIncidentMaterialImpactOrReasonablyLikelyMaterialImpactTextBlock": paras[1],
    }
    ok = findings(ixbrl_8k(tmp_path, tagged))
    assert ok["CYD-XBRL-REQUIRED-8K"].outcome is Outcome.PASS
    assert ok["CYD-XBRL-TAXONOMY"].outcome is Outcome.PASS
    assert ok["CYD105-NATURE"].outcome is Outcome.PASS
    untagged = findings(ixbrl_8k(tmp_path, {}))
    f = untagged["CYD-XBRL-REQUIRED-8K"]
    assert f.outcome is Outcome.FAIL and "no cyd facts" in f.observed
    # Before Item 1.05 tagging applied (December 18, 2024), an untagged 8-K does not fail.
    early = findings(ixbrl_8k(tmp_path, {}, period="2024-06-03"))["CYD-XBRL-REQUIRED-8K"]
    assert early.outcome is Outcome.SKIP and "on or after 2024-12-18" in (early.skip_reason or "")


def test_markdown_8k_draft_dates_from_its_signature(tmp_path: Path) -> None:
    draft = tmp_path / "draft-8k.md"
    draft.write_text(
        "# FORM 8-K\n\n## Item 1.05 Material Cybersecurity Incidents\n\n"
        + INCIDENT.replace("\n", " ").replace("  ", "\n\n")
        + "\n\n## Item 9.01 Financial Statements and Exhibits\n\n104 Cover Page Interactive Data File.\n\n"
        "## SIGNATURES\n\nDate: December 3, 2025\n\nBy: /s/ A. Officer\n",
        encoding="utf-8",
    )
    (doc,) = cydcheck.check([draft]).documents
    assert doc.disclosure.form is Form.EIGHT_K and doc.disclosure.signed_on == dt.date(2025, 12, 3)
    deadline = next(f for f in doc.findings if f.rule_id == "CYD105-DEADLINE")
    assert deadline.outcome is Outcome.FAIL and deadline.evidence[0].location is not None
    assert deadline.evidence[0].location.line is not None  # the determination sentence, by line in the draft


def test_instruction_2_asks_for_the_statement_not_the_undertaking(tmp_path: Path) -> None:
    # Everything known is described; the financial impact is stated as not yet determined; no 8-K/A sentence.
    text = """On November 21, 2025, we detected that a threat actor had gained unauthorized access to our network and
deployed ransomware, which encrypted servers supporting our distribution centers.

On November 25, 2025, we determined that the incident was material. The incident has disrupted shipments from our
distribution centers. We have not yet determined the impact of the incident on our financial condition or results of
operations."""
    (doc,) = cydcheck.check([eight_k(tmp_path, text)]).documents
    status = {r.key: r.status for r in doc.requirements}
    assert status["1.05.a.impact"] == "pass"  # "not yet determined" is the answer Instruction 2 allows
    assert status["1.05.instr2"] == "notice"  # no undertaking to file an 8-K/A: worth a note, not a failure
    assert status["1.05.determination"] == "pass"


def test_material_to_operations_while_financial_impact_is_open_is_item_105(tmp_path: Path) -> None:
    text = """On November 21, 2025, we detected ransomware on servers supporting our plants, which we took offline.

On November 24, 2025, we determined that the incident has had a material impact on our operations. We have not
yet determined whether the incident is reasonably likely to materially impact our financial condition or results of
operations, and we will file an amendment to this Form 8-K within four business days after we do."""
    result = findings(eight_k(tmp_path, text))
    assert result["CYD105-DETERMINATION"].outcome is Outcome.PASS
    assert result["CYD105-INSTR2"].outcome is Outcome.PASS


def test_filed_within_four_business_days_of_discovery_cannot_be_late(tmp_path: Path) -> None:
    # No determination date anywhere; discovery on Monday, November 17, 2025; filed Friday, November 21.
    text = """On November 17, 2025, we discovered that a threat actor had accessed our customer portal and copied
customer names and email addresses.

We have determined that the incident is material."""
    f = findings(eight_k(tmp_path, text, signed="November 21, 2025"))["CYD105-DEADLINE"]
    assert f.outcome is Outcome.PASS
    assert "cannot precede discovery" in f.observed and "no earlier than the discovery on 2025-11-17" in f.message
    # Filed later than that, the discovery bound decides nothing: skip, and say what to give.
    late = findings(eight_k(tmp_path, text, signed="December 1, 2025", name="late.htm"))["CYD105-DEADLINE"]
    assert late.outcome is Outcome.SKIP and "--determined-on" in (late.skip_reason or "")
