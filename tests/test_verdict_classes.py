"""The classes of error a securities lawyer found in keyword matching, each in sentences written for this test (not
taken from any filing), judged at the level counsel read: the requirement's verdict.

1 sentences that assert nothing about the company · 2 word-sense collisions · 3 "whether" accepted for "how" ·
4 pointers accepted as answers · 5 drafting notes read as disclosure · 6 rules contradicting each other ·
7 direct board oversight · 8 expertise of the wrong person · 9 Form 8-K (tests/test_eight_k.py) · 10 paraphrase.
"""

from __future__ import annotations

from functools import cache

import cydcheck
import pytest
from cydcheck.model import DocumentResult, Form, Outcome
from cydcheck.pipeline import Setup, check_document
from helpers import disclosure


@cache
def _setup() -> Setup:
    return Setup(rules=cydcheck.load_rules())


def judged(text: str, **facts: str) -> DocumentResult:
    return check_document(disclosure(text=text, facts=facts or None, form=Form.TEN_K), _setup())


def status(text: str, key: str) -> str:
    return next(r.status for r in judged(text).requirements if r.key == key)


# 1. Sentences that assert nothing about the company are not evidence.
@pytest.mark.parametrize(
    ("text", "key", "expected"),
    [
        # conditional: what would happen in an incident is not how the board is informed
        ("In the event of an incident, management will notify the board.", "106.c.1.informed", "review"),
        # negated: no processes described — it answers "if any", so a reader confirms it; never "met"
        ("We have not adopted formal processes for monitoring and assessing cyber threats.", "106.b.1", "review"),
        # a qualification policy is not the expertise of the people in the roles: about no one → not met; about the
        # role itself → a reader decides
        (
            "Our Chief Information Security Officer leads the program. Candidates for this role must hold a relevant "
            "certification and a degree in computer science.",
            "106.c.2.i.expertise",
            "fail",
        ),
        (
            "Our Chief Information Security Officer leads the program. The Chief Information Security Officer must "
            "hold a relevant certification.",
            "106.c.2.i.expertise",
            "review",
        ),
        # a disclaimer is not remediation monitored by management
        (
            "There can be no assurance that our Chief Information Security Officer will detect or remediate every "
            "incident.",
            "106.c.2.ii",
            "fail",
        ),
        # dependence on providers is neither engaging assessors nor overseeing providers
        ("We rely on third-party service providers for payroll and hosting.", "106.b.1.ii", "fail"),
        ("We rely on third-party service providers for payroll and hosting.", "106.b.1.iii", "fail"),
    ],
)
def test_class_1_statements_that_assert_nothing(text: str, key: str, expected: str) -> None:
    assert status(text, key) == expected


# 2. Word-sense collisions are settled once, in the reading layer.
@pytest.mark.parametrize(
    ("text", "key", "expected"),
    [
        ("Our enterprise risk management framework assesses cyber risk alongside other risks.", "106.c.2.role", "fail"),
        ("We monitor our systems around the clock for threats and incidents.", "106.c.2.ii", "fail"),
        ("Our security team engages in regular testing of controls.", "106.b.1.ii", "fail"),
        (
            "Our Chief Information Security Officer leads our program, which is certified to ISO 27001.",
            "106.c.2.i.expertise",
            "fail",
        ),
    ],
)
def test_class_2_word_senses(text: str, key: str, expected: str) -> None:
    assert status(text, key) == expected


# 3. "Whether" is not "how".
def test_class_3_integration_stated_is_not_integration_described() -> None:
    assert status("Our cybersecurity program is aligned with our enterprise risk management.", "106.b.1.i") == "warning"
    described = (
        "Cybersecurity risks are assessed and prioritized alongside our other enterprise risks in the annual "
        "enterprise risk assessment, and the results are reported to the Risk Committee."
    )
    assert status(described, "106.b.1.i") == "pass"


# 4. Pointers are not answers.
def test_class_4_a_pointer_does_not_answer_106_b_2() -> None:
    pointer = "See Item 1A for risks that are reasonably likely to materially affect us."
    result = judged(pointer)
    verdict = next(r for r in result.requirements if r.key == "106.b.2")
    assert verdict.status == "fail"
    # The finding quotes the pointer it did not accept, and says why.
    finding = next(f for f in result.findings if f.rule_id == "CYD106-B2-AFFECTED")
    assert "cross reference" in finding.observed and finding.evidence[0].quote == pointer


# 5. Drafting notes are never evidence, and are always reported.
def test_class_5_drafting_notes() -> None:
    text = (
        "We engage [NTD: confirm vendor name] a third-party assessor each year.\n"
        "Our Chief Information Security Officer reports to the Audit Committee [Company to confirm].\n"
        "TBD"
    )
    result = judged(text)
    verdicts = {r.key: r for r in result.requirements}
    assert verdicts["106.b.1.ii"].status == "fail"  # the only sentence engaging anyone is unsettled
    assert verdicts["106.c.2.iii"].status == "fail"
    notes = verdicts["doc.drafting-notes"]
    assert notes.status == "warning" and notes.summary.startswith("3 unresolved drafting note")
    assert [e.quote for e in notes.evidence] == ["[NTD: confirm vendor name]", "[Company to confirm]", "TBD"]


# 6. No report shows a pass and a contradicting failure for the same thing.
def test_class_6_one_verdict_per_requirement_without_contradiction() -> None:
    years_only = "Our Chief Information Security Officer has over 20 years of experience in information security."
    result = judged(years_only)
    mine = [f for f in result.findings if f.requirement == "106.c.2.i.expertise"]
    assert len(mine) == 1 and mine[0].outcome is Outcome.FAIL and mine[0].substance == "thin"
    # No flag rule claims flags that are not there.
    untagged = judged("Our board oversees cybersecurity.", processes="We assess cyber risks.")
    duplicates = next(f for f in untagged.findings if f.rule_id == "CYD-XBRL-FLAG-DUPLICATE")
    assert duplicates.outcome is not Outcome.PASS or "each once" not in duplicates.message


# 7. A board that oversees directly has no committee to name.
def test_class_7_direct_board_oversight() -> None:
    text = "Our Board of Directors oversees cybersecurity risk directly and hears from the CISO each quarter."
    assert status(text, "106.c.1.board") == "pass"
    assert status(text, "106.c.1.committee") == "pass"


# 8. The expertise must be the responsible person's.
def test_class_8_expertise_of_the_wrong_person() -> None:
    wrong = (
        "Our Chief Financial Officer is responsible for assessing and managing cybersecurity risks. "
        "Our IT manager holds a degree in computer science and the CISSP certification."
    )
    result = judged(wrong)
    assert next(r for r in result.requirements if r.key == "106.c.2.i.expertise").status == "fail"
    finding = next(f for f in result.findings if f.rule_id == "CYD106-C2I-EXPERTISE")
    assert "not for the responsible" in finding.observed
    right = wrong.replace("Our IT manager holds", "Our Chief Financial Officer holds")
    assert status(right, "106.c.2.i.expertise") == "pass"


# 10. Answers in other words.
@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Cyber risks have, or are likely to, materially affect us, including our operating results.", "106.b.2"),
        (
            "We have not identified cyber risks that have materially affected us or that could reasonably be expected "
            "to materially affect our business strategy, results of operations or financial condition.",
            "106.b.2",
        ),
        ("All assessments of our cybersecurity program are performed by our internal team.", "106.b.1.ii"),
        ("The Audit Committee receives quarterly briefings from our Chief Security Officer.", "106.c.2.iii"),
    ],
)
def test_class_10_paraphrase(text: str, key: str) -> None:
    assert status(text, key) == "pass"
