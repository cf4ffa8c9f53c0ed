"""Every real filing in ../shared/corpus parses, and its cyd facts match figures computed here independently.

The independent reading uses the standard library's ElementTree (not lxml) and plain string handling: facts are
found by their name's prefix bound to the cyd namespace, flags read from their transform or text, and a text block's
content is its element's text plus its continuation chain, ix:exclude left out. Offsets and paragraph breaks are the
parser's business, so text is compared with all whitespace removed.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import cydcheck
import pytest
from cydcheck.model import FactKind, Form, SectionStatus
from helpers import CORPUS, corpus_report, parsed

IX = "{http://www.xbrl.org/2013/inlineXBRL}"
IXBRL = sorted((CORPUS / "ixbrl").glob("*.htm")) + sorted((CORPUS / "text").glob("*.htm"))
INSTANCES = sorted((CORPUS / "xbrl").glob("*.xml"))

pytestmark = pytest.mark.shared


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _ix_text(el: ET.Element, chains: dict[str, ET.Element]) -> str:
    def text_of(node: ET.Element) -> str:
        out = [node.text or ""]
        for child in node:
            if child.tag != f"{IX}exclude":
                out.append(text_of(child))
            out.append(child.tail or "")
        return "".join(out)

    parts = [text_of(el)]
    nxt = el.get("continuedAt")
    while nxt:
        parts.append(text_of(chains[nxt]))
        nxt = chains[nxt].get("continuedAt")
    return "".join(parts)


def independent_ixbrl(path: Path) -> list[tuple[str, object]]:
    raw = path.read_text(encoding="utf-8", errors="replace")
    prefixes = set(re.findall(r'xmlns:([\w.-]+)="http://xbrl\.sec\.gov/cyd/\d{4}"', raw))
    root = ET.fromstring(path.read_bytes())
    chains = {c.get("id"): c for c in root.iter(f"{IX}continuation")}
    out: list[tuple[str, object]] = []
    for el in root.iter(f"{IX}nonNumeric"):
        prefix, _, local = (el.get("name") or "").partition(":")
        if prefix not in prefixes:
            continue
        if local.endswith("Flag"):
            fmt = el.get("format") or ""
            out.append((local, {"ixt:fixed-true": True, "ixt:fixed-false": False}.get(fmt)))
        else:
            out.append((local, _squash(html.unescape(_ix_text(el, chains)))))  # type: ignore[arg-type]
    return out


def independent_instance(path: Path) -> list[tuple[str, object]]:
    root = ET.fromstring(path.read_bytes())
    out: list[tuple[str, object]] = []
    for el in root:
        m = re.match(r"\{http://xbrl\.sec\.gov/cyd/\d{4}\}(\w+)$", el.tag)
        if not m:
            continue
        value = el.text or ""
        if m.group(1).endswith("Flag"):
            out.append((m.group(1), {"true": True, "false": False}.get(value.strip())))
        else:
            stripped = html.unescape(re.sub(r"<[^>]*>", "", value))
            out.append((m.group(1), _squash(stripped)))
    return out


def _ours(path: Path) -> list[tuple[str, object]]:
    doc = parsed(path)
    return [(f.name, f.value if f.kind is FactKind.FLAG else _squash(f.text)) for f in doc.facts]


@pytest.mark.parametrize("path", IXBRL, ids=[p.name for p in IXBRL])
def test_ixbrl_facts_match_an_independent_reading(path: Path) -> None:
    assert _ours(path) == independent_ixbrl(path)


@pytest.mark.parametrize("path", INSTANCES, ids=[p.name for p in INSTANCES])
def test_instance_facts_match_an_independent_reading(path: Path) -> None:
    assert _ours(path) == independent_instance(path)


# Distinct cyd elements per file, from MANIFEST.md.
MANIFEST_DISTINCT = {
    "IBM_10-K_FY2024.htm": 15,
    "AMZN_10-K_FY2024.htm": 15,
    "NFLX_10-K_FY2024.htm": 15,
    "NVDA_10-K_FY2025.htm": 15,
    "HD_10-K_FY2024.htm": 15,
    "WMT_10-K_FY2025.htm": 15,
    "ADBE_10-K_FY2024.htm": 15,
    "UNH_10-K_FY2024.htm": 14,
    "KO_10-K_FY2024.htm": 16,
    "ABBV_10-K_FY2024.htm": 1,
    "AAPL_10-K_FY2024.htm": 0,
    "WFC_10-K_FY2024.htm": 0,
    "CMP_10-K_FY2025_instance_rolled2026.xml": 15,
    "NOC_10-K_FY2025_instance_rolled2026.xml": 12,
    "SBUX_10-K_FY2025_instance_rolled2026.xml": 14,
    "ZCAR_10-K_FY2025_instance_rolled2026.xml": 14,
    "LPTH_10-K_FY2025_instance_rolled2026.xml": 4,
    "YYAI_10-K_FY2025_instance_rolled2026.xml": 4,
    "AOXY_10-K_FY2025_instance_rolled2026.xml": 2,
    "PAVS_20-F_FY2025_instance_rolled2026.xml": 0,
    "GME_10-K_FY2023.htm": 0,
    "MARA_10-K_FY2023.htm": 0,
    "JCI_10-K_FY2024.htm": 0,
    "AI_10-K_FY2024.htm": 0,
    "CL_10-K_FY2023.htm": 0,
    "CSCO_10-K_FY2024.htm": 0,
    "INTC_10-K_FY2023.htm": 0,
    "MCD_10-K_FY2023.htm": 0,
    "PEP_10-K_FY2023.htm": 0,
    "VZ_10-K_FY2023.htm": 0,
    "WBA_10-K_FY2024.htm": 0,
}


def test_manifest_counts_and_whole_corpus_parses() -> None:
    files = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".htm", ".xml"))
    assert {p.name for p in files} == set(MANIFEST_DISTINCT)
    for path in files:
        doc = parsed(path)
        assert len({f.name for f in doc.facts if f.known}) == MANIFEST_DISTINCT[path.name], path.name
        assert doc.form in (Form.TEN_K, Form.TWENTY_F), path.name
        assert doc.issuer and doc.period_end, path.name


def test_unh_flag_tagged_twice_and_blocks_missing() -> None:
    doc = parsed(CORPUS / "ixbrl" / "UNH_10-K_FY2024.htm")
    names = Counter(f.name for f in doc.facts)
    assert names["CybersecurityRiskManagementThirdPartyEngagedFlag"] == 2
    assert "CybersecurityRiskBoardOfDirectorsOversightTextBlock" not in names
    assert "CybersecurityRiskRoleOfManagementTextBlock" not in names
    assert any(d.code == "fact.duplicate" and "ThirdPartyEngagedFlag" in d.message for d in doc.diagnostics)
    # The untagged board narrative is still in the section text, so the prose rules can read it.
    assert "Board" in doc.text and doc.section_status is SectionStatus.FOUND


def test_abbvie_single_fact_with_continuations() -> None:
    doc = parsed(CORPUS / "ixbrl" / "ABBV_10-K_FY2024.htm")
    (fact,) = doc.facts
    assert fact.name == "CybersecurityRiskManagementProcessesForAssessingIdentifyingAndManagingThreatsTextBlock"
    assert len(fact.text.split()) > 300  # the chain was followed


def test_twenty_f_without_cyd_facts_is_missing() -> None:
    doc = parsed(CORPUS / "xbrl" / "PAVS_20-F_FY2025_instance_rolled2026.xml")
    assert doc.form is Form.TWENTY_F and not doc.facts and doc.section_status is SectionStatus.MISSING
    (result,) = cydcheck.check([CORPUS / "xbrl" / "PAVS_20-F_FY2025_instance_rolled2026.xml"]).documents
    failed = sorted(f.rule_id for f in result.findings if f.failing)
    assert failed == ["CYD-DOC-LOCATED", "CYD-XBRL-REQUIRED"]  # no section, and the tagging its period requires
    assert result.status == "missing" and all(
        r.status == "not-checked" for r in result.requirements if r.key.startswith("106.")
    )


def test_incorporation_by_reference_is_reported_plainly() -> None:
    (result,) = cydcheck.check([CORPUS / "ixbrl" / "WFC_10-K_FY2024.htm"]).documents
    assert result.disclosure.section_status is SectionStatus.INCORPORATED_BY_REFERENCE
    assert [(f.rule_id, f.severity.value) for f in result.findings if f.failing] == [("CYD-DOC-INCORPORATED", "notice")]


def test_filing_before_the_tagging_date_is_read_from_its_text() -> None:
    doc = parsed(CORPUS / "ixbrl" / "AAPL_10-K_FY2024.htm")
    assert not doc.facts and doc.section_status is SectionStatus.FOUND
    assert str(doc.period_end) == "2024-09-28"
    assert "Head of Corporate Information Security" in doc.text
    assert "Item 2" not in doc.text and "Properties" not in doc.text.split("\n")[-1]


@pytest.mark.parametrize(
    ("name", "first", "last_words"),
    [
        (
            "GME_10-K_FY2023.htm",
            "Risk Management and Strategy",
            "oversight responsibility for our cybersecurity program.",
        ),
        ("JCI_10-K_FY2024.htm", "Cybersecurity Strategy and Risk Management", "Computer Information Systems."),
        ("MARA_10-K_FY2023.htm", "Information Security Program", "of material cybersecurity incidents."),
    ],
)
def test_untagged_item_1c_boundaries(name: str, first: str, last_words: str) -> None:
    doc = parsed(CORPUS / "text" / name)
    assert doc.text.split("\n")[0] == first
    assert doc.text.endswith(last_words)


def test_zoomcar_flag_true_with_undetermined_materiality() -> None:
    doc = parsed(CORPUS / "xbrl" / "ZCAR_10-K_FY2025_instance_rolled2026.xml")
    flag = next(
        f for f in doc.facts if f.name.startswith("CybersecurityRiskMateriallyAffected") and f.kind.value == "flag"
    )
    assert flag.value is True
    assert "not yet fully determined the materiality" in doc.text


def test_whole_corpus_checks_without_error() -> None:
    report = corpus_report()
    assert report.summary.documents == 24
    for result in report.documents:
        keys = {f.requirement for f in result.findings}
        assert "doc.located" in keys
