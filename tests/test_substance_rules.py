"""Rules from staff comments and practice, on the real corpus: answering Item 106(b)(2) only by pointing to the risk
factors, saying who informs the board, and hedged boilerplate."""

from __future__ import annotations

from pathlib import Path

import cydcheck
import pytest
from cydcheck.model import Form, Outcome
from helpers import CORPUS, disclosure
from helpers import finding as evaluate

RULES = cydcheck.load_rules()

pytestmark = pytest.mark.shared


def finding(path: Path, rule_id: str) -> cydcheck.Finding:
    (result,) = cydcheck.check([path], rules=RULES).documents
    return next(f for f in result.findings if f.rule_id == rule_id)


@pytest.mark.parametrize(
    "name", ["ixbrl/AMZN_10-K_FY2024.htm", "ixbrl/ADBE_10-K_FY2024.htm", "ixbrl/NVDA_10-K_FY2025.htm"]
)
def test_a_pointer_to_the_risk_factors_does_not_answer_106_b_2(name: str) -> None:
    # Each points to Item 1A and says nothing in the item about material effects: not met, at error.
    f = finding(CORPUS / name, "CYD106-B2-AFFECTED")
    assert f.outcome is Outcome.FAIL and f.severity.value == "error" and f.substance == "absent"


def test_past_incidents_alone_answer_half_of_106_b_2() -> None:
    # "to date these incidents have not had a material impact": the past half, not the forward-looking one.
    f = finding(CORPUS / "ixbrl" / "NFLX_10-K_FY2024.htm", "CYD106-B2-AFFECTED")
    assert f.outcome is Outcome.FAIL and f.substance == "thin" and f.severity.value == "warning"
    assert any("have not had a material impact" in e.quote for e in f.evidence)


def test_both_halves_answered_beside_a_pointer_is_met() -> None:
    # Coca-Cola answers (b)(2) in its own words (and may also point to Item 1A).
    assert finding(CORPUS / "ixbrl" / "KO_10-K_FY2024.htm", "CYD106-B2-AFFECTED").outcome is Outcome.PASS


def test_who_informs_the_board() -> None:
    # "receives regular reports from our VP of Security and Privacy Engineering"
    assert finding(CORPUS / "ixbrl" / "NFLX_10-K_FY2024.htm", "CYD106-C1-WHO").outcome is Outcome.PASS
    rule = RULES.get("CYD106-C1-WHO")
    assert rule is not None
    vague = evaluate(rule, disclosure("The Audit Committee is kept informed of cybersecurity risks.", form=Form.TEN_K))
    assert vague.outcome is Outcome.FAIL


def test_hedged_sentences_are_quoted_as_a_warning() -> None:
    f = finding(CORPUS / "text" / "GME_10-K_FY2023.htm", "CYD-DRAFT-HEDGED")
    assert f.outcome is Outcome.FAIL and f.severity.value == "warning" and f.evidence
    rule = RULES.get("CYD-DRAFT-HEDGED")
    assert rule is not None
    text = "We may engage consultants as appropriate. We engage an assessor each year."
    result = evaluate(rule, disclosure(text, form=Form.TEN_K))
    assert [e.quote for e in result.evidence] == ["We may engage consultants as appropriate."]
    assert result.message.startswith("1 hedged")


@pytest.mark.parametrize(
    ("name", "rule_id", "expected"),
    [
        # "processes to oversee and identify material risks … associated with our use of third-party technology"
        ("ixbrl/AMZN_10-K_FY2024.htm", "CYD106-B1III-PROVIDERS", Outcome.PASS),
        ("text/GME_10-K_FY2023.htm", "CYD106-B1III-PROVIDERS", Outcome.PASS),
        # cyber threats assessed in the annual enterprise risk assessment the Board oversees
        ("ixbrl/NFLX_10-K_FY2024.htm", "CYD106-B1I-INTEGRATED", Outcome.PASS),
        # the "integrated" block is about integrating security into software development, not into risk management
        ("xbrl/ZCAR_10-K_FY2025_instance_rolled2026.xml", "CYD106-B1I-INTEGRATED", Outcome.FAIL),
        # "not … materially affected or are reasonably anticipated to have a material effect"
        ("xbrl/CMP_10-K_FY2025_instance_rolled2026.xml", "CYD106-B2-AFFECTED", Outcome.PASS),
        # past incidents only: stated, not the forward-looking half (a warning)
        ("text/JCI_10-K_FY2024.htm", "CYD106-B2-AFFECTED", Outcome.FAIL),
        ("text/MARA_10-K_FY2023.htm", "CYD106-B2-AFFECTED", Outcome.FAIL),
    ],
)
def test_reviewer_verdicts_on_the_corpus(name: str, rule_id: str, expected: Outcome) -> None:
    assert finding(CORPUS / name, rule_id).outcome is expected
