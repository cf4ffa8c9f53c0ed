"""Each check kind on its own, with disclosures built in code."""

from __future__ import annotations

import pytest
from cydcheck.checks.absent import Absent, AbsentParams
from cydcheck.checks.base import Verdict
from cydcheck.checks.flags import Flag, FlagParams, FlagRequires
from cydcheck.checks.logic import AllOf, AnyOf, Not
from cydcheck.checks.mentions import Mentions, MentionsParams
from cydcheck.checks.names import Names, NamesParams
from cydcheck.checks.present import Present
from helpers import build, disclosure, judge
from pydantic import ValidationError


class call:
    def __init__(self, kind, **params) -> None:  # type: ignore[no-untyped-def]
        self.check = build(kind, **params)

    def evaluate(self, doc):  # type: ignore[no-untyped-def]
        return judge(self.check, doc)


BOARD = "Our Board oversees cybersecurity risk. The Audit Committee receives quarterly reports from the CISO."


def test_present_words_in_element_and_untagged_fallback() -> None:
    tagged = disclosure(facts={"board_oversight": BOARD})
    assert call(Present, **{"in": ["board_oversight"], "min_words": 10}).evaluate(tagged).passed
    assert not call(Present, **{"in": ["board_oversight"], "min_words": 100}).evaluate(tagged).passed
    # Tagged document without that element: the default fallback (the same for every kind) reads the section…
    other = disclosure(text=BOARD, facts={"management_role": "x"})
    assert call(Present, **{"in": ["board_oversight"]}).evaluate(other).passed
    # …`untagged` only when nothing is tagged…
    assert not call(Present, **{"in": ["board_oversight"], "fallback": "untagged"}).evaluate(other).passed
    assert (
        call(Present, fallback="untagged", min_words=10, **{"in": ["board_oversight"]})
        .evaluate(disclosure(text=BOARD))
        .passed
    )


def test_present_all_mode() -> None:
    doc = disclosure(facts={"board_oversight": BOARD})
    params = {"in": ["board_oversight", "management_role"], "mode": "all", "fallback": "none"}
    result = call(Present, **params).evaluate(doc)
    assert not result.passed and "CybersecurityRiskRoleOfManagementTextBlock" in result.observed


def test_mentions_same_sentence_groups_and_evidence_offsets() -> None:
    doc = disclosure(text=BOARD)
    check = call(Mentions, terms=["report*"], **{"with": ["committee"]})
    result = check.evaluate(doc)
    assert result.passed
    (ev,) = result.evidence
    assert doc.text[ev.start : ev.end] == ev.quote == "The Audit Committee receives quarterly reports from the CISO."
    # Both words exist, but not in one sentence.
    assert not call(Mentions, terms=["oversees"], **{"with": ["CISO"]}).evaluate(doc).passed


def test_mentions_without_and_min() -> None:
    doc = disclosure(text="Vendors may harm us. We assess vendors yearly. We review vendors.")
    assert call(Mentions, terms=["vendor*"], without=["may"], min=2).evaluate(doc).passed
    assert not call(Mentions, terms=["vendor*"], without=["may"], min=3).evaluate(doc).passed


def test_mentions_prefers_elements_then_falls_back_to_text() -> None:
    doc = disclosure(text="The CISO reports to the board.", facts={"board_oversight": "The board oversees risk."})
    result = call(Mentions, terms=["CISO"], **{"in": ["board_oversight"]}).evaluate(doc)
    assert result.passed and result.evidence[0].field == "text"
    none = call(Mentions, terms=["CISO"], fallback="none", **{"in": ["board_oversight"]}).evaluate(doc)
    assert not none.passed


def test_mentions_counts_a_sentence_repeated_in_two_blocks_once() -> None:
    s = "Our CISO reports to the Audit Committee."
    doc = disclosure(facts={"board_oversight": s, "board_informed": s})
    result = call(Mentions, terms=["CISO"], min=2, **{"in": ["board_oversight", "board_informed"]}).evaluate(doc)
    assert not result.passed


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"terms": []}, "what a sentence must say"),
        ({"terms": ["re:("]}, "bad phrase"),
        ({"terms": ["x"], "bogus": 1}, "Extra"),
        ({"terms": ["x"], "in": ["NoSuchElement"]}, "unknown cyd element"),
        ({"terms": ["x"], "in": ["processes_integrated_flag"]}, "not a text element"),
    ],
)
def test_mentions_params_are_validated(params: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        MentionsParams.model_validate(params)


def test_names_extracts_committees_and_positions() -> None:
    doc = disclosure(
        text="Our board delegates oversight to its Audit and Risk Committee. "
        "Our Chief Information Security Officer (CISO) leads the Security Steering Committee."
    )
    committees = call(Names, entity="committee", near=["board"]).evaluate(doc)
    assert committees.passed and committees.values["names"] == "Audit and Risk Committee"
    positions = call(Names, entity="position").evaluate(doc)
    # "CISO" is the acronym of a name already found: one name, not two.
    assert positions.values["names"] == "Chief Information Security Officer; Security Steering Committee"
    assert not call(Names, entity="position").evaluate(disclosure(text="Management handles it.")).passed
    assert (
        call(Names, entity="position", extra=["Head of Trust"])
        .evaluate(disclosure(text="Our Head of Trust leads it."))
        .passed
    )
    with pytest.raises(ValidationError):
        NamesParams.model_validate({"entity": "director"})


def test_absent_phrase_must_not_stand_alone() -> None:
    check = call(Absent, terms=["regularly", "periodically"], unless=["quarterly", "annually"], within="sentence")
    bad = check.evaluate(disclosure(text="The CISO regularly updates the committee. All good."))
    assert bad.passed is False and bad.evidence[0].quote == "The CISO regularly updates the committee."
    ok = check.evaluate(disclosure(text="The CISO regularly, and at least quarterly, updates the committee."))
    assert ok.passed
    assert check.evaluate(disclosure(text="Nothing vague here.")).passed
    scope = call(Absent, terms=["regularly"], unless=["quarterly"])
    assert scope.evaluate(disclosure(text="We update regularly. Reports are quarterly.")).passed
    with pytest.raises(ValidationError):
        AbsentParams.model_validate({"terms": ["x"], "within": "page"})


def test_flag_kind() -> None:
    doc = disclosure(flags={"third_party_engaged_flag": True})
    assert call(Flag, flag="third_party_engaged_flag").evaluate(doc).passed
    assert not call(Flag, flag="third_party_engaged_flag", equals=False).evaluate(doc).passed
    assert not call(Flag, flag="positions_flag").evaluate(doc).passed
    assert (
        not call(Flag, flag="third_party_engaged_flag")
        .evaluate(disclosure(flags={"third_party_engaged_flag": None}))
        .passed
    )
    with pytest.raises(ValidationError, match="not a flag element"):
        FlagParams.model_validate({"flag": "board_oversight"})


def _requires(flag_value: bool | None) -> object:
    check = build(
        FlagRequires, build(Mentions, terms=["ransomware"]), flag="materially_affected_flag", then={"kind": "mentions"}
    )
    doc = disclosure(text="A ransomware attack cost us $10 million.", flags={"materially_affected_flag": flag_value})
    return judge(check, doc)


def test_flag_requires() -> None:
    assert _requires(True).passed is True  # type: ignore[attr-defined]
    assert _requires(False).passed is None  # type: ignore[attr-defined]
    assert _requires(None).passed is None  # type: ignore[attr-defined]


def test_logic_kinds() -> None:
    doc = disclosure(text=BOARD)
    yes, no = build(Mentions, terms=["board"]), build(Mentions, terms=["vendor"])
    skip = build(FlagRequires, yes, flag="materially_affected_flag", then={})
    many, one = {"checks": [{}]}, {"check": {}}
    assert judge(build(AllOf, yes, yes, **many), doc).passed is True
    assert judge(build(AllOf, yes, no, **many), doc).passed is False
    assert judge(build(AllOf, yes, skip, **many), doc).passed is True
    assert judge(build(AllOf, skip, skip, **many), doc).passed is None
    assert judge(build(AnyOf, no, yes, **many), doc).passed is True
    assert judge(build(AnyOf, no, no, **many), doc).passed is False
    assert judge(build(Not, no, **one), doc).passed is True
    assert judge(build(Not, skip, **one), doc).passed is None
    assert judge(build(Not, skip, **one), doc).verdict is Verdict.SKIP
