"""Finding the cybersecurity section in every layout (engine/parsers/sections.py), on fictional documents written here
and in tests/fixtures; then on the real labelled filings in ../shared, whose sections a lawyer delimited by hand."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from pathlib import Path

import cydcheck
import pytest
from cydcheck.model import Disclosure, Form, SectionStatus, SourceLocation
from cydcheck.parsers import sections
from cydcheck.parsers.headings import HeadingStyle
from cydcheck.parsers.htmltext import Paragraph
from cydcheck.text import word_count
from helpers import CORPUS, IXBRL, LABELS, SEED, write_docx

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BODY = (
    "We maintain a program to assess, identify and manage material risks from cybersecurity threats. "
    "The Audit Committee oversees it and our CISO reports to the committee each quarter."
)
# Long enough to win on word count if it were ever taken for the section.
DECOY = " ".join(["Our trucks carry refrigerated freight between ports and depots."] * 30)


def parse_html(tmp_path: Path, body: str, name: str = "filing.htm") -> Disclosure:
    path = tmp_path / name
    path.write_text(f'<html><head><meta charset="utf-8"></head><body>{body}</body></html>', encoding="utf-8")
    return cydcheck.parse(path)


def ten_k(heading: str, *, before: str = "", after: str = "<p>ITEM 2. PROPERTIES</p><p>We lease offices.</p>") -> str:
    """A small 10-K: cover, a table of contents listing Item 1C, Item 1 (long), Item 1B, the heading under test."""
    return (
        "<p>FORM 10-K</p><p>For the fiscal year ended December 31, 2025</p>"
        "<table><tr><td>Item 1.</td><td>Business</td><td>3</td></tr>"
        "<tr><td>Item 1C.</td><td>Cybersecurity</td><td>21</td></tr>"
        "<tr><td>Item 2.</td><td>Properties</td><td>22</td></tr></table>"
        f"<p>ITEM 1. BUSINESS</p><p>{DECOY}</p><p>ITEM 1B. UNRESOLVED STAFF COMMENTS</p><p>None.</p>"
        f"{before}{heading}<p>{BODY}</p>{after}"
    )


# --- Item headings in their real spellings --------------------------------------------------------------------

SPELLINGS = [
    "<p>Item 1C. Cybersecurity</p>",
    "<p>ITEM 1C: CYBERSECURITY</p>",
    "<p>Item 1C — Cybersecurity</p>",
    "<p>Item 1C – Cybersecurity</p>",
    "<p>Item 1C - Cybersecurity</p>",
    "<p>Item&nbsp;1C.&nbsp;&nbsp;Cybersecurity</p>",
    "<p>Item\u2009\u202f1C.\u00a0Cybersecurity</p>",
    "<p>ITEM 1C.CYBERSECURITY</p>",
    "<p>Item1C. Cybersecurity</p>",
    "<p>Item 1 C. Cybersecurity</p>",
    "<p>item 1c. cybersecurity</p>",
    "<p>Item 1C.</p>",
    "<p>I\u00adtem 1C. Cyber\u200bsecurity</p>",
    "<p><b>Item 1C.</b> <b>Cybersecurity</b></p>",
    "<p><font size=3><b>ITEM 1C. CYBERSECURITY</b></font></p>",
    "<p>PART I — ITEM 1C. CYBERSECURITY</p>",
    "<h2>Item 1C. Cybersecurity.</h2>",
    # Headings split across elements: the title in the next paragraph, cell or span.
    "<p>ITEM 1C.</p><p>CYBERSECURITY</p>",
    "<div><span>Item 1C.</span></div><div><span>Cybersecurity</span></div>",
    "<table><tr><td><div>Item 1C.</div></td><td><div>Cybersecurity</div></td></tr></table>",
    # A two-cell table row read as one paragraph.
    "<table><tr><td>Item 1C.</td><td>Cybersecurity</td></tr></table>",
]


@pytest.mark.parametrize("heading", SPELLINGS)
def test_item_heading_spellings(tmp_path: Path, heading: str) -> None:
    doc = parse_html(tmp_path, ten_k(heading))
    assert doc.section_status is SectionStatus.FOUND and doc.form is Form.TEN_K
    assert doc.text == BODY  # not the table-of-contents row, not Item 1, not the heading's title
    assert doc.located_by is not None and doc.located_by.startswith("Item 1C heading at line 1")


def test_utf8_html_without_a_charset_keeps_its_odd_spaces(tmp_path: Path) -> None:
    path = tmp_path / "undeclared.htm"
    heading = "<p>Item\u00a01C.\u2009Cybersecurity</p>"
    path.write_bytes(f"<html><body>{ten_k(heading)}</body></html>".encode())
    assert cydcheck.parse(path).text == BODY


def test_split_heading_says_where_its_title_is(tmp_path: Path) -> None:
    doc = parse_html(tmp_path, ten_k("<p>ITEM 1C.</p><p>CYBERSECURITY</p>"))
    assert doc.located_by == 'Item 1C heading at line 1, its title "CYBERSECURITY" in the next paragraph'


def test_run_in_heading_keeps_the_rest_of_its_paragraph(tmp_path: Path) -> None:
    path = tmp_path / "draft.md"
    path.write_text(f"# Form 10-K\n\n**Item 1C. Cybersecurity.** {BODY}\n\n## Item 2. Properties\n\nWe lease.\n")
    doc = cydcheck.parse(path)
    assert doc.text == BODY and doc.located_by == "Item 1C heading at line 3 (run-in heading)"
    assert doc.locate("text", 0) == SourceLocation(line=3, column=3 + len("Item 1C. Cybersecurity. "))


def test_twenty_f_item_16k(tmp_path: Path) -> None:
    doc = parse_html(
        tmp_path,
        "<p>FORM 20-F</p><p>For the fiscal year ended March 31, 2025</p><p>PART II</p>"
        "<p>Item 16J. Insider Trading Policies</p><p>We have adopted an insider trading policy.</p>"
        f"<p>ITEM 16K. CYBERSECURITY</p><p>{BODY}</p>"
        "<p>PART III</p><p>Item 17. Financial Statements</p><p>See F-1.</p>",
    )
    assert (doc.form, doc.text, doc.located_by) == (Form.TWENTY_F, BODY, "Item 16K heading at line 1")


def test_eight_k_item_105_and_its_date_of_report(tmp_path: Path) -> None:
    doc = parse_html(
        tmp_path,
        "<p>FORM 8-K</p><p>Date of Report (Date of earliest event reported): June 5, 2025</p>"
        "<p>Item 1.05 Material Cybersecurity Incidents</p><p>On June 2, 2025 we detected ransomware on our servers.</p>"
        "<p>Item 9.01 Financial Statements and Exhibits.</p><p>104 Cover Page Interactive Data File.</p>",
    )
    assert doc.form is Form.EIGHT_K and doc.text == "On June 2, 2025 we detected ransomware on our servers."
    assert doc.report_date == dt.date(2025, 6, 5) and doc.period_end is None
    assert doc.located_by == "Item 1.05 heading at line 1"


# --- Never the table of contents, a cross-reference or a running header ---------------------------------------


@pytest.mark.parametrize(
    "reference",
    [
        "<p>Item 1C of this Annual Report describes our cybersecurity program.</p>",
        "<p>Item 1C, “Cybersecurity,” in this Annual Report on Form 10-K</p>",
        "<p>See Item 1C. Cybersecurity.</p>",
        "<p>Item 1C (continued)</p>",
    ],
)
def test_a_cross_reference_is_not_a_heading(tmp_path: Path, reference: str) -> None:
    # The reference stands before a long stretch: read as a heading, it would win on words.
    body = ten_k("<p>Item 1C. Cybersecurity</p>").replace(
        "<p>ITEM 1. BUSINESS</p>", f"<p>ITEM 1. BUSINESS</p>{reference}"
    )
    doc = parse_html(tmp_path, body)
    assert doc.text == BODY


def test_a_table_of_contents_alone_is_no_section(tmp_path: Path) -> None:
    doc = parse_html(tmp_path, ten_k("", after="<p>ITEM 2. PROPERTIES</p><p>We lease offices.</p>").replace(BODY, ""))
    assert doc.section_status is SectionStatus.MISSING and doc.text == "" and doc.located_by is None


RUNNING_HEADERS = [
    "<p>PART I</p><p>Item 1C. Cybersecurity (continued)</p>",
    "<p>PART I … Item 1C</p>",
    "<p>PART I</p>",
    "<p>Item 1C. Cybersecurity (cont’d)</p>",
]


@pytest.mark.parametrize("header", RUNNING_HEADERS)
def test_a_running_page_header_inside_the_section_is_dropped(tmp_path: Path, header: str) -> None:
    first, second = "We assess cybersecurity risks every quarter.", "The Audit Committee oversees the program."
    doc = parse_html(
        tmp_path,
        "<p>FORM 10-K</p><p>PART I</p><p>ITEM 1B. UNRESOLVED STAFF COMMENTS</p><p>None.</p>"
        f"<p>ITEM 1C. CYBERSECURITY</p><p>{first}</p><p>12</p>{header}<p>{second}</p>"
        "<p>ITEM 2. PROPERTIES</p><p>We lease.</p><p>PART II</p><p>ITEM 5. MARKET</p><p>Nasdaq.</p>",
    )
    assert doc.text == f"{first}\n{second}"  # everything before the header is kept, the header left out


def test_a_running_header_in_a_plain_text_filing(tmp_path: Path) -> None:
    path = tmp_path / "converted.txt"
    path.write_text(
        "FORM 10-K\n\nITEM 1B. UNRESOLVED STAFF COMMENTS\n\nNone.\n\nITEM 1C. CYBERSECURITY\n\n"
        "We assess cybersecurity risks every quarter.\n\n14\n\nPART I ... ITEM 1C\n\n"
        "The Audit Committee oversees the program.\n\nITEM 2. PROPERTIES\n\nWe lease.\n"
    )
    doc = cydcheck.parse(path)
    assert doc.text == "We assess cybersecurity risks every quarter.\nThe Audit Committee oversees the program."
    assert doc.located_by == "Item 1C heading at line 7"


def test_running_footers_and_page_numbers_are_left_out(tmp_path: Path) -> None:
    footer = "<div>Acme Corp | 2025 Annual Report | {n}</div><div>Table of Contents</div>"
    part_footer = "<div>Risk Factors and Other Key Information</div><div>{n}</div>"
    filler = "".join(
        f"<p>Risk factor {n} could harm us badly.</p>" + part_footer.format(n=n) + footer.format(n=n)
        for n in range(3, 9)
    )
    doc = parse_html(
        tmp_path,
        f"<p>FORM 10-K</p><p>ITEM 1A. RISK FACTORS</p>{filler}<p>ITEM 1C. CYBERSECURITY</p>"
        f"<p>We assess cybersecurity risks.</p>{part_footer.format(n=9)}{footer.format(n=9)}"
        "<p>The Audit Committee oversees them.</p><p>ITEM 2. PROPERTIES</p><p>We lease.</p>",
    )
    assert doc.text == "We assess cybersecurity risks.\nThe Audit Committee oversees them."


# --- Cross-reference indexes ------------------------------------------------------------------------------------

CROSSREF_TEXT = [
    "Our information security program is designed to protect our tracking, dispatch and billing systems",
    "Risk Management and Strategy",
    "Governance",
    "reports to the committee every quarter.",
]


def _check_crossref(doc: Disclosure) -> None:
    assert doc.section_status is SectionStatus.FOUND and doc.form is Form.TEN_K
    assert doc.text.startswith(CROSSREF_TEXT[0])  # not the front table of contents, not the risk factor
    assert all(part in doc.text for part in CROSSREF_TEXT)  # sub-headings do not end the section
    assert doc.text.endswith(CROSSREF_TEXT[-1])  # the next 14pt heading "Properties" does
    assert "Annual Report and Form 10-K" not in doc.text and "\n9\n" not in doc.text  # footer, page number


def test_cross_reference_index_by_hyperlink() -> None:
    doc = cydcheck.parse(FIXTURES / "crossref-10k.htm")
    _check_crossref(doc)
    assert doc.located_by == (
        'cross-reference index (Item 1C entry at line 53) → link #cyber → "Cybersecurity" heading at line 32'
    )


def test_cross_reference_index_by_title_and_page(tmp_path: Path) -> None:
    """Without hyperlinks: the index's title, on the index's page (the risk factor titled "Cybersecurity" on page 6
    has more words)."""
    path = tmp_path / "nolinks.htm"
    path.write_text(re.sub(r' href="[^"]*"', "", (FIXTURES / "crossref-10k.htm").read_text()), encoding="utf-8")
    doc = cydcheck.parse(path)
    _check_crossref(doc)
    assert doc.located_by == 'cross-reference index (Item 1C entry at line 53) → "Cybersecurity" heading at line 32'


def test_cross_reference_index_ends_at_the_same_bold_capitals(tmp_path: Path) -> None:
    heading = '<p><b><font color="#0075c0">{}</font></b></p>'
    doc = parse_html(
        tmp_path,
        "<p>FORM 10-K</p>"
        + heading.format("RISK FACTORS")
        + f"<p>{DECOY}</p>"
        + heading.format("CYBERSECURITY")
        + '<p><font color="#0075c0">Governance</font></p>'
        + f"<p>{BODY}</p>"
        + heading.format("LEGAL PROCEEDINGS")
        + "<p>None.</p><p>Form 10-K Cross-Reference Index</p><table>"
        "<tr><td><p>Item 1A</p></td><td><p>Risk Factors</p></td><td><p>Page 3</p></td></tr>"
        "<tr><td><p>Item 1C</p></td><td><p>Cybersecurity</p></td><td><p>Page 4</p></td></tr>"
        "<tr><td><p>Item 3</p></td><td><p>Legal Proceedings</p></td><td><p>Page 5</p></td></tr></table>",
    )
    assert doc.text == f"Governance\n{BODY}"
    assert doc.located_by is not None and '→ "CYBERSECURITY" heading' in doc.located_by


def test_cross_reference_index_by_a_quoted_caption(tmp_path: Path) -> None:
    doc = parse_html(
        tmp_path,
        "<p>FORM 10-K</p><h2>Operational Risk</h2><p>Revenue depends on our systems.</p>"
        f"<h2>Managing Cyber Risk</h2><p>{BODY}</p><h2>Legal Proceedings</h2><p>None.</p>"
        "<h2>Form 10-K Cross-Reference Index</h2><table>"
        "<tr><td>Item 1A.</td><td>Risk Factors</td><td>Pages 3-4</td></tr>"
        "<tr><td>Item 1C.</td><td>Cybersecurity</td><td>See “Managing Cyber Risk” on page 5</td></tr>"
        "<tr><td>Item 3.</td><td>Legal Proceedings</td><td>Page 6</td></tr></table>",
    )
    assert doc.text == BODY and doc.located_by is not None and '"Managing Cyber Risk" heading' in doc.located_by


# --- Sections titled only "Cybersecurity" ------------------------------------------------------------------------


def annual_report(title: str, body: str) -> str:
    return (
        "<p>FORM 20-F</p><h2>Operating and Financial Review</h2><p>Revenue grew.</p>"
        f"<h2>{title}</h2><h3>Governance</h3><p>{body}</p><h2>Legal Proceedings</h2><p>None.</p>"
    )


def test_standalone_cybersecurity_heading(tmp_path: Path) -> None:
    doc = parse_html(tmp_path, annual_report("Cybersecurity", BODY))
    assert doc.form is Form.TWENTY_F and doc.text == f"Governance\n{BODY}"
    assert doc.located_by == 'stand-alone "Cybersecurity" heading at line 1 (no Item 16K heading)'


def test_standalone_heading_must_be_about_cybersecurity(tmp_path: Path) -> None:
    doc = parse_html(tmp_path, annual_report("Cybersecurity", "We sell shoes in twelve countries."))
    assert doc.section_status is SectionStatus.MISSING


def test_standalone_heading_only_without_an_item_heading(tmp_path: Path) -> None:
    item = f"<p>ITEM 16K. CYBERSECURITY</p><p>{BODY} Item body.</p><p>ITEM 17. FINANCIAL STATEMENTS</p>"
    doc = parse_html(tmp_path, annual_report("Cybersecurity", DECOY + " cyber cyber") + item)
    assert doc.text == f"{BODY} Item body." and doc.located_by == "Item 16K heading at line 1"


def test_heading_styles_rank() -> None:
    title = HeadingStyle(size=14.0, color="#0068b5")
    assert title.closes(HeadingStyle(size=14.0, color="#0068b5"))  # the next section
    assert title.closes(HeadingStyle(size=16.0))  # a part heading
    assert not title.closes(HeadingStyle(size=11.0, color="#0068b5"))  # a sub-heading
    assert HeadingStyle(level=2).closes(HeadingStyle(level=1)) and not HeadingStyle(level=2).closes(
        HeadingStyle(level=3)
    )
    assert not HeadingStyle().closes(HeadingStyle())  # nothing known, nothing concluded


def test_markdown_heading_levels_end_a_titled_section() -> None:
    paras = [
        Paragraph("Form 10-K Cross-Reference Index", SourceLocation(line=1), None, 1),
        Paragraph("Item 1C Cybersecurity", SourceLocation(line=2), None),
        Paragraph("Page 2", SourceLocation(line=3), None),
        Paragraph("Item 2 Properties", SourceLocation(line=4), None),
        Paragraph("Cybersecurity", SourceLocation(line=5), None, 2),
        Paragraph("Governance", SourceLocation(line=6), None, 3),
        Paragraph(BODY, SourceLocation(line=7), None),
        Paragraph("Properties", SourceLocation(line=8), None, 2),
        Paragraph("We lease.", SourceLocation(line=9), None),
    ]
    located = sections.locate(paras, Form.TEN_K)
    assert located.body == (5, 6) and located.heading == 4


# --- Linear work --------------------------------------------------------------------------------------------------


def _best_time(paras: list[Paragraph]) -> float:
    """The best of three runs: these machines are shared, and one slow run says nothing about the algorithm."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        sections.locate(paras, Form.TEN_K)
        times.append(time.perf_counter() - start)
    return min(times)


def test_thousands_of_headings_locate_in_linear_time(tmp_path: Path) -> None:
    """4,000 "Item 1C" headings (about 200 KB of HTML) took 68 s when every heading scanned to the end."""
    html = "<p>Item 1C. Cybersecurity</p><p>We manage cyber risk.</p>" * 4000
    paras = [Paragraph(t, SourceLocation(line=1), None) for t in re.findall(r"<p>(.*?)</p>", html)]
    located = sections.locate(paras, Form.TEN_K)
    assert located.status is SectionStatus.FOUND and len(located.body) == 4000
    small = _best_time(paras)
    assert small < 1.5
    large = _best_time(paras * 4)
    assert large < 10 * max(small, 0.05)  # four times the input: far from the sixteen times of quadratic work
    start = time.perf_counter()
    doc = parse_html(tmp_path, html)
    assert time.perf_counter() - start < 5 and doc.section_status is SectionStatus.FOUND


def test_many_index_entries_and_titles_stay_linear(tmp_path: Path) -> None:
    html = "<p>Item 1C. Cybersecurity</p><p>65</p><p>Item 2</p><p><b>Cybersecurity</b></p>" * 3000
    start = time.perf_counter()
    doc = parse_html(tmp_path, html)
    assert time.perf_counter() - start < 5 and doc.section_status is SectionStatus.MISSING


# --- How the section was found, in every parser -----------------------------------------------------------------


def docx(tmp_path: Path, paragraphs: list[str], name: str = "draft.docx") -> Path:
    return write_docx(tmp_path / name, paragraphs)


def test_located_by_in_every_parser(tmp_path: Path) -> None:
    ixbrl = tmp_path / "t.htm"
    ixbrl.write_bytes(IXBRL)
    assert cydcheck.parse(ixbrl).located_by == "Item 1C heading at line 13"
    word = docx(tmp_path, ["FORM 10-K", "Item 1C. Cybersecurity", BODY, "Item 2. Properties", "We lease."])
    assert cydcheck.parse(word).located_by == "Item 1C heading at paragraph 2"
    whole = docx(tmp_path, ["Governance", BODY], "whole.docx")
    assert cydcheck.parse(whole).located_by == "the whole draft (it has no item headings)"
    data = tmp_path / "draft.yaml"
    data.write_text(f"form: 10-K\ntext: {BODY}\n")
    assert cydcheck.parse(data).located_by == "the data draft's own text and facts"
    instance = tmp_path / "i.xml"
    instance.write_text(
        '<xbrli:xbrl xmlns:xbrli="http://www.xbrl.org/2003/instance" xmlns:cyd="http://xbrl.sec.gov/cyd/2024">'
        f'<cyd:CybersecurityRiskRoleOfManagementTextBlock contextRef="c">{BODY}'
        "</cyd:CybersecurityRiskRoleOfManagementTextBlock></xbrli:xbrl>"
    )
    assert cydcheck.parse(instance).located_by == "the tagged cyd text blocks"


@pytest.mark.shared
def test_located_by_on_an_r_page() -> None:
    assert cydcheck.parse(SEED).located_by == "the R page's cyd text blocks"


def test_ixbrl_without_a_heading_falls_back_to_the_tagged_blocks(tmp_path: Path) -> None:
    path = tmp_path / "exhibit.htm"
    path.write_bytes(IXBRL.replace(b"Item 1C. Cybersecurity", b"Our program"))
    doc = cydcheck.parse(path)
    assert doc.located_by == "the tagged cyd text blocks (no item heading found)"


# --- Cover data -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cover",
    [
        "<p>Date of Report (Date of earliest event reported): June 5, 2025</p>",
        "<p>Date of report (date of earliest event reported) June 5, 2025</p>",
        "<p>DATE OF REPORT (DATE OF EARLIEST EVENT REPORTED): JUNE 5, 2025</p>",
        "<p>Date of Report: 06/05/2025</p>",
        "<p>Date of Report (Date of earliest event reported):</p><p>June 5, 2025</p>",
        "<table><tr><td>June 5, 2025</td></tr>"
        "<tr><td>(Date of Report (Date of earliest event reported))</td></tr></table>",
        "<p>June&nbsp;5,&nbsp;2025 (Date of earliest event reported)</p>",
    ],
)
def test_eight_k_date_of_report_spellings(tmp_path: Path, cover: str) -> None:
    doc = parse_html(
        tmp_path,
        f"<p>FORM 8-K</p>{cover}<p>Fictional Freight Co.</p><p>(Exact name of registrant as specified in its charter)"
        "</p><p>Item 1.05 Material Cybersecurity Incidents</p><p>We detected ransomware.</p>",
    )
    assert (doc.report_date, doc.period_end, doc.issuer) == (dt.date(2025, 6, 5), None, "Fictional Freight Co.")


def test_eight_k_date_of_report_in_word_markdown_and_inline_xbrl(tmp_path: Path) -> None:
    lines = ["FORM 8-K", "Date of Report (Date of earliest event reported): June 5, 2025", "Item 1.05", BODY]
    assert cydcheck.parse(docx(tmp_path, lines)).report_date == dt.date(2025, 6, 5)
    md = tmp_path / "8k.md"
    md.write_text("\n\n".join(lines))
    assert cydcheck.parse(md).report_date == dt.date(2025, 6, 5)
    ixbrl = tmp_path / "8k.htm"
    ixbrl.write_bytes(
        IXBRL.replace(b">10-K<", b">8-K<")
        .replace(b"Item 1C. Cybersecurity", b"Item 1.05 Material Cybersecurity Incidents")
        .replace(
            b'<ix:nonNumeric name="dei:DocumentType" contextRef="c1">',
            b'<ix:nonNumeric name="dei:DocumentPeriodEndDate" contextRef="c1">2025-06-05</ix:nonNumeric>'
            b'<ix:nonNumeric name="dei:DocumentType" contextRef="c1">',
        )
    )
    doc = cydcheck.parse(ixbrl)
    assert (doc.form, doc.report_date, doc.period_end) == (Form.EIGHT_K, dt.date(2025, 6, 5), None)


def test_a_ten_k_keeps_its_period_and_has_no_date_of_report(tmp_path: Path) -> None:
    doc = parse_html(tmp_path, ten_k("<p>Item 1C. Cybersecurity</p>"))
    assert (doc.period_end, doc.report_date) == (dt.date(2025, 12, 31), None)


@pytest.mark.parametrize(
    ("title", "registrant"),
    [
        ("Acme Corp — Form 10-K Item 1C draft", "Acme Corp"),
        ("Northwind Holdings plc: Item 1C", "Northwind Holdings plc"),
        ("Granite Peak Foods, Inc. - Annual Report on Form 10-K", "Granite Peak Foods, Inc."),
        ("Draft — Form 10-K Item 1C", None),
        ("Cybersecurity disclosure — Item 1C", None),
        ("Meeting notes: Item 1C review", None),
        ("Item 1C. Cybersecurity", None),
        ("We describe our program in Form 10-K Item 1C", None),
        ("Q3 2025 — Form 8-K", None),
        ("Board update — Item 1C", None),
        ("Walmart — Form 10-K", None),  # no legal form: a miss, not a guess
    ],
)
def test_registrant_from_a_draft_title(tmp_path: Path, title: str, registrant: str | None) -> None:
    assert cydcheck.parse(docx(tmp_path, [title, "Governance", BODY])).issuer == registrant
    md = tmp_path / "draft.md"
    md.write_text(f"# {title}\n\n## Governance\n\n{BODY}\n")
    assert cydcheck.parse(md).issuer == registrant


def test_registrant_from_a_draft_cover(tmp_path: Path) -> None:
    lines = ["Fictional Freight Co.", "(Exact name of registrant as specified in its charter)", "Governance", BODY]
    assert cydcheck.parse(docx(tmp_path, lines)).issuer == "Fictional Freight Co."


# --- What is not a disclosure -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("README.md", "# widgetlib\n\nA library for widgets.\n\n## Install\n\n    pip install widgetlib\n"),
        ("notes.txt", "Team meeting, 3 March\n\nAttendees: Ana, Ben.\n\nWe agreed to move the launch to May.\n"),
    ],
)
def test_a_document_without_cybersecurity_content_is_not_a_disclosure(tmp_path: Path, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_text(content)
    doc = cydcheck.parse(path)
    assert doc.section_status is SectionStatus.MISSING and doc.text == "" and doc.located_by is None
    assert [d.code for d in doc.diagnostics] == ["not-a-disclosure"]
    assert "no cybersecurity content" in doc.diagnostics[0].message
    (result,) = cydcheck.check([path]).documents
    assert [f.rule_id for f in result.findings if f.failing] == ["CYD-DOC-LOCATED"]


def test_a_word_document_without_cybersecurity_content(tmp_path: Path) -> None:
    doc = cydcheck.parse(docx(tmp_path, ["Quarterly sales plan", "We will open two stores."]))
    assert doc.section_status is SectionStatus.MISSING and doc.diagnostics[0].code == "not-a-disclosure"


@pytest.mark.parametrize(
    "sentence",
    [
        "The Board oversees cyber risk.",
        "Our information security team reports to the CIO.",
        "We have had no material security incidents.",
    ],
)
def test_a_real_draft_is_still_read_whole(tmp_path: Path, sentence: str) -> None:
    path = tmp_path / "draft.txt"
    path.write_text(f"Governance\n\n{sentence}\n")
    doc = cydcheck.parse(path)
    assert doc.section_status is SectionStatus.FOUND and doc.text == f"Governance\n{sentence}"


# --- The real labelled filings ------------------------------------------------------------------------------------


def _labels() -> list[tuple[str, dict[str, object]]]:
    out = []
    for part in sorted(LABELS.glob("part_*.json")):
        for name, label in json.loads(part.read_text(encoding="utf-8")).items():
            if label.get("section_found"):
                out.append((name, label))
    return out


def _normal(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.lower().split())


LABELLED = _labels() if LABELS.is_dir() else []
WORD_TOLERANCE = 0.15


@pytest.mark.shared
@pytest.mark.parametrize(("name", "label"), LABELLED, ids=[name for name, _ in LABELLED])
def test_real_sections_match_the_labels(name: str, label: dict[str, object]) -> None:
    (path,) = [p for p in CORPUS.rglob(name)]
    doc = cydcheck.parse(path)
    assert doc.section_status is SectionStatus.FOUND and doc.located_by
    assert _normal(doc.text).startswith(_normal(str(label["first_words"])))
    if path.suffix != ".xml":  # an instance's label counts its overlapping blocks twice
        expected = int(str(label["section_words"]))
        assert abs(word_count(doc.text) - expected) <= WORD_TOLERANCE * expected, (word_count(doc.text), expected)


@pytest.mark.shared
def test_cross_reference_layouts_in_real_filings() -> None:
    for name in ("INTC_10-K_FY2023.htm", "MCD_10-K_FY2023.htm"):
        doc = cydcheck.parse(CORPUS / "html" / name)
        assert doc.located_by is not None and doc.located_by.startswith("cross-reference index"), name
        assert "Item 1C" not in doc.text.split("\n")[0] and "Page" not in doc.text.split("\n")[0]
