"""Rules from staff comments and practice, on the real corpus: answering Item 106(b)(2) only by pointing to the risk
factors, saying who informs the board, and hedged boilerplate."""

from __future__ import annotations

from pathlib import Path

import cydcheck
import pytest
from cydcheck.model import Form, Outcome
from cydcheck.runner import evaluate
from helpers import CORPUS, disclosure

RULES = cydcheck.load_rules()

pytestmark = pytest.mark.shared


def finding(path: Path, rule_id: str) -> cydcheck.Finding:
    (result,) = cydcheck.check([path], rules=RULES).documents
    return next(f for f in result.findings if f.rule_id == rule_id)


@pytest.mark.parametrize(
    ("name", "quote"),
    [
        ("ixbrl/AMZN_10-K_FY2024.htm", "is discussed in Item 1A of Part I"),
        ("ixbrl/ADBE_10-K_FY2024.htm", "see the risks described in the section titled"),
        ("ixbrl/NFLX_10-K_FY2024.htm", 'See "Risk Factors'),
    ],
)
def test_cross_reference_alone_does_not_answer_106_b_2(name: str, quote: str) -> None:
    f = finding(CORPUS / name, "CYD106-B2-XREF")
    assert f.outcome is Outcome.FAIL and f.severity.value == "warning"
    assert any(quote in e.quote for e in f.evidence)
    assert finding(CORPUS / name, "CYD106-B2-LIKELY").outcome is Outcome.FAIL


def test_cross_reference_beside_an_answer_is_fine() -> None:
    # Coca-Cola answers (b)(2) in its own words (and may also point to Item 1A).
    assert finding(CORPUS / "ixbrl" / "KO_10-K_FY2024.htm", "CYD106-B2-XREF").outcome is Outcome.PASS


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
        ("xbrl/CMP_10-K_FY2025_instance_rolled2026.xml", "CYD106-B2-LIKELY", Outcome.PASS),
        # past incidents only
        ("text/JCI_10-K_FY2024.htm", "CYD106-B2-LIKELY", Outcome.FAIL),
        ("text/MARA_10-K_FY2023.htm", "CYD106-B2-LIKELY", Outcome.FAIL),
    ],
)
def test_reviewer_verdicts_on_the_corpus(name: str, rule_id: str, expected: Outcome) -> None:
    assert finding(CORPUS / name, rule_id).outcome is expected
