"""The R-page parser against the seed (checked against an independent reading of its lines) and hostile input."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from cydcheck.errors import InputError
from cydcheck.model import FactKind, SectionStatus
from cydcheck.parsers.rpage import RPageParser
from cydcheck.sources import SourceFile, read_source
from cydcheck.taxonomy import catalogue


def _independent_rows(text: str) -> list[tuple[str, str]]:
    """(label, value) pairs read the simplest possible way: a '|…[Text Block]' or '|…[Flag]' line, then every
    line up to the next label or the first '|X' pop-up."""
    lines = text.splitlines()
    rows: list[tuple[str, list[str]]] = []
    for line in lines:
        if line.startswith("|X"):
            break
        if re.match(r"^\|.*\[(Text Block|Flag)\]$", line):
            rows.append((line[1:], []))
        elif rows:
            rows[-1][1].append(line.lstrip("|"))
    return [(label, "\n".join(v for v in value if v.strip())) for label, value in rows]


def test_seed_facts_match_an_independent_reading(seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8")
    doc = RPageParser().parse(read_source(seed_path))
    expected = _independent_rows(text)
    assert len(doc.facts) == len(expected) == 15
    cat = catalogue()
    for fact, (label, value) in zip(doc.facts, expected, strict=True):
        assert fact.known, label
        assert cat.by_label(label) is not None and cat.by_label(label).name == fact.name  # type: ignore[union-attr]
        if fact.kind is FactKind.FLAG:
            assert fact.value is {"true": True, "false": False}[value.strip()]
        else:
            assert fact.text == value.strip()
    assert doc.period_end == dt.date(2024, 12, 31)
    assert doc.section_status is SectionStatus.FOUND
    assert doc.diagnostics == ()


def test_seed_flags(seed_path: Path) -> None:
    doc = RPageParser().parse(read_source(seed_path))
    flags = {f.name: f.value for f in doc.facts if f.kind is FactKind.FLAG}
    assert flags == {
        "CybersecurityRiskManagementProcessesIntegratedFlag": True,
        "CybersecurityRiskManagementThirdPartyEngagedFlag": True,
        "CybersecurityRiskThirdPartyOversightAndIdentificationProcessesFlag": True,
        "CybersecurityRiskMateriallyAffectedOrReasonablyLikelyToMateriallyAffectRegistrantFlag": False,
        "CybersecurityRiskManagementPositionsOrCommitteesResponsibleFlag": True,
        "CybersecurityRiskManagementPositionsOrCommitteesResponsibleReportToBoardFlag": True,
    }


def test_section_text_holds_each_paragraph_once(seed_path: Path) -> None:
    doc = RPageParser().parse(read_source(seed_path))
    paragraphs = doc.text.split("\n")
    assert len(paragraphs) == len(set(paragraphs))
    # Every text block's every paragraph is in the section text.
    for fact in doc.facts:
        if fact.kind is FactKind.TEXT:
            for para in fact.text.split("\n"):
                assert para in doc.text
    assert doc.text.startswith("Risk Management and Strategy\n")


def test_offsets_map_back_to_source_lines(seed_path: Path) -> None:
    lines = seed_path.read_text(encoding="utf-8").splitlines()
    doc = RPageParser().parse(read_source(seed_path))
    for needle in ("20 years of industrial experience", "audit committee and our risk", "full authority"):
        at = doc.text.index(needle)
        loc = doc.locate("text", at)
        assert loc is not None and loc.line is not None and loc.column is not None
        line = lines[loc.line - 1]
        assert line[loc.column - 1 :].startswith(needle)


def _src(text: str, name: str = "x.txt") -> SourceFile:
    return SourceFile(name, text.encode("utf-8"))


def test_unknown_label_is_a_warning_not_a_crash() -> None:
    doc = RPageParser().parse(_src("|Title\n|Cybersecurity Moon Base Readiness [Text Block]\n|We are ready.\n"))
    assert [d.code for d in doc.diagnostics] == ["label.unknown"]
    assert "line 2" in doc.diagnostics[0].message
    assert doc.facts[0].known is False and doc.facts[0].name == "CybersecurityMoonBaseReadinessTextBlock"


def test_label_matching_ignores_case_and_punctuation() -> None:
    doc = RPageParser().parse(
        _src(
            "|T\n|CYBERSECURITY RISK BOARD OF DIRECTORS OVERSIGHT [TEXT BLOCK]\n|x\n"
            "|Cybersecurity Risk Board Committee or Sub-committee Responsible for Oversight [Text Block]\n|y\n"
            "|CybersecurityRiskRoleOfManagementTextBlock\n|z\n"
        )
    )
    names = [f.name for f in doc.facts]
    assert names[:2] == [
        "CybersecurityRiskBoardOfDirectorsOversightTextBlock",
        "CybersecurityRiskBoardCommitteeOrSubcommitteeResponsibleForOversightTextBlock",
    ]
    assert all(f.known for f in doc.facts[:2])


def test_terse_filer_label_matches_loosely_with_a_notice() -> None:
    doc = RPageParser().parse(_src("|T\n|Role of Management [Text Block]\n|Our CISO leads.\n"))
    assert doc.facts[0].name == "CybersecurityRiskRoleOfManagementTextBlock"
    assert [d.code for d in doc.diagnostics] == ["label.loose"]


def test_expanded_definitions_give_element_names() -> None:
    text = (
        "|T\n|12 Months Ended\nSep. 27, 2025\n|Line [Line Items]\n|Governance oversight [Text Block]\n|Board text\n"
        "|X\n- Definition\nSomething\n+ Details\nName: cyd_CybersecurityRiskManagementTextBlockLineItems\n"
        "|X\n- Definition\nx\n+ Details\nName: cyd_CybersecurityRiskBoardOfDirectorsOversightTextBlock\n"
    )
    doc = RPageParser().parse(_src(text))
    assert doc.facts[0].name == "CybersecurityRiskBoardOfDirectorsOversightTextBlock"
    assert doc.period_end == dt.date(2025, 9, 27)


def test_duplicate_flag_is_kept_and_reported() -> None:
    doc = RPageParser().parse(_src("|T\n|Cybersecurity Risk Management Third Party Engaged [Flag]\n|true\n|false\n"))
    assert [f.id for f in doc.facts] == [
        "CybersecurityRiskManagementThirdPartyEngagedFlag",
        "CybersecurityRiskManagementThirdPartyEngagedFlag#2",
    ]
    assert {d.code for d in doc.diagnostics} == {"rpage.columns", "fact.duplicate"}


def test_non_boolean_flag_is_not_answered() -> None:
    doc = RPageParser().parse(_src("|T\n|Cybersecurity Risk Management Third Party Engaged [Flag]\n|maybe\n"))
    assert doc.facts[0].value is None
    assert doc.diagnostics[0].code == "flag.value"


@pytest.mark.parametrize("text", ["no cells at all\n", "|just\n|cells\n", ""])
def test_not_an_r_page(text: str) -> None:
    with pytest.raises(InputError, match="not an R page"):
        RPageParser().parse(_src(text))


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbf|T\n|Cybersecurity Risk Role of Management [Text Block]\n|Caf\xc3\xa9 \xe2\x80\x94 ok\n",
        b"|T\n|Cybersecurity Risk Role of Management [Text Block]\n|Caf\xe9 \x97 ok\n",
    ],
    ids=["utf8-bom", "windows-1252"],
)
def test_encodings(data: bytes) -> None:
    doc = RPageParser().parse(SourceFile("x.txt", data))
    assert doc.facts[0].text == "Café — ok"


def test_sniff() -> None:
    parser = RPageParser()
    assert parser.sniff(_src("|Cybersecurity Risk Management and Strategy Disclosure\n|x [Text Block]\n")) == 95
    assert parser.sniff(_src("|Something\n|x [Flag]\n")) == 70
    assert parser.sniff(_src("<html><body>Item 1C</body></html>")) == 0
