"""Drafts in each format, written here, and hostile inputs: every one ends as a Disclosure or a one-line error."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import cydcheck
import pytest
from click.testing import CliRunner
from cydcheck.cli import cli
from cydcheck.errors import InputError
from cydcheck.model import Form, SectionStatus
from helpers import IXBRL

FIXTURES = Path(__file__).resolve().parent / "fixtures"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _p(text: str, style: str | None = None) -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def make_docx(body: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
        )
        zf.writestr(
            "word/document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>',
        )
        zf.writestr(
            "word/comments.xml",
            f'<w:comments {W}><w:comment w:id="0"><w:p><w:r><w:t>SECRET REVIEWER '
            "COMMENT</w:t></w:r></w:p></w:comment></w:comments>",
        )
    return buffer.getvalue()


DOCX_BODY = (
    _p("FORM 10-K")
    + _p("Item 1A. Risk Factors", "Heading1")
    + _p("Cyber attacks could harm us.")
    + _p("Item 1C. Cybersecurity", "Heading1")
    + _p("Risk Management and Strategy", "Heading2")
    + '<w:p><w:r><w:t xml:space="preserve">We assess and manage cybersecurity risks </w:t></w:r>'
    '<w:ins w:id="1" w:author="Counsel"><w:r><w:t>through our enterprise risk management program</w:t></w:r></w:ins>'
    '<w:del w:id="2" w:author="Counsel"><w:r><w:delText>DELETED WORDS</w:delText></w:r></w:del>'
    '<w:commentRangeStart w:id="0"/><w:r><w:t>.</w:t></w:r><w:commentRangeEnd w:id="0"/>'
    '<w:r><w:commentReference w:id="0"/></w:r></w:p>'
    + "<w:tbl><w:tr><w:tc>"
    + _p("CISO")
    + "</w:tc><w:tc>"
    + _p("20 years; CISSP")
    + "</w:tc></w:tr></w:tbl>"
    + _p("Our CISO briefs the Audit Committee quarterly.", "ListParagraph")
    + _p("Item 2. Properties", "Heading1")
    + _p("We lease offices.")
)


def test_docx_section_tracked_changes_comments_and_tables(tmp_path: Path) -> None:
    path = tmp_path / "draft.docx"
    path.write_bytes(make_docx(DOCX_BODY))
    doc = cydcheck.parse(path)
    assert doc.format == "docx" and doc.form is Form.TEN_K and doc.section_status is SectionStatus.FOUND
    assert doc.text.split("\n") == [
        "Risk Management and Strategy",
        "We assess and manage cybersecurity risks through our enterprise risk management program.",
        "CISO 20 years; CISSP",
        "Our CISO briefs the Audit Committee quarterly.",
    ]
    assert "DELETED" not in doc.text and "SECRET" not in doc.text
    assert doc.locate("text", 0).element == "paragraph 5"  # type: ignore[union-attr]


def test_docx_of_the_disclosure_alone_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "only.docx"
    path.write_bytes(make_docx(_p("Governance", "Heading1") + _p("The Board oversees cybersecurity risk.")))
    doc = cydcheck.parse(path)
    assert doc.section_status is SectionStatus.FOUND
    assert doc.text == "Governance\nThe Board oversees cybersecurity risk."


def test_docx_zip_bomb_is_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"<a>" + b" " * (300 * 1024 * 1024) + b"</a>")
    path = tmp_path / "bomb.docx"
    path.write_bytes(buffer.getvalue())
    assert path.stat().st_size < 2 * 1024 * 1024
    with pytest.raises(InputError, match=r"bomb\.docx: .*over the limit"):
        cydcheck.parse(path)


def test_markdown_draft(tmp_path: Path) -> None:
    path = tmp_path / "draft.md"
    path.write_text(
        "# Item 1C. Cybersecurity\n\n## Governance\n\nThe **Audit Committee** oversees\ncyber risk.\n\n"
        "- Our CISO briefs it [quarterly](https://x.invalid).\n\n# Item 2. Properties\n\nOffices.\n"
    )
    doc = cydcheck.parse(path)
    assert doc.format == "markdown" and doc.section_status is SectionStatus.FOUND
    assert doc.text == "Governance\nThe Audit Committee oversees cyber risk.\nOur CISO briefs it quarterly."
    at = doc.text.index("Our CISO")
    loc = doc.locate("text", at)
    assert loc is not None and (loc.line, loc.column) == (8, 3)


def test_plain_text_draft_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "draft.txt"
    path.write_text("Risk Management and Strategy\n\nWe assess and manage\ncybersecurity risks.\n")
    doc = cydcheck.parse(path)
    assert doc.format == "markdown"
    assert doc.text == "Risk Management and Strategy\nWe assess and manage cybersecurity risks."


def test_untagged_html_fixture_windows_1252_and_toc() -> None:
    doc = cydcheck.parse(FIXTURES / "untagged-10k.htm")
    assert doc.format == "html" and doc.form is Form.TEN_K
    assert doc.issuer == "Acme Widget Corp." and str(doc.period_end) == "2024-12-31"
    lines = doc.text.split("\n")
    assert lines[0] == "Risk Management and Strategy"  # not the table-of-contents row, not the cross-reference
    assert "21" not in lines  # page number dropped
    assert lines[-1].endswith("café & “quotes”.")
    assert "We lease" not in doc.text


def test_eight_k_item_105_is_found(tmp_path: Path) -> None:
    path = tmp_path / "8k.htm"
    path.write_text(
        "<html><body><p>FORM 8-K</p><p>Date of Report (Date of earliest event reported): March 3, 2025</p>"
        "<p>Item 1.05 Material Cybersecurity Incidents.</p><p>On February 26, 2025 we detected unauthorized access "
        "to our billing systems.</p><p>Item 9.01 Financial Statements and Exhibits.</p><p>None.</p>"
        "<p>SIGNATURES</p></body></html>"
    )
    doc = cydcheck.parse(path)
    # The date of report is the 8-K's own date, not the end of a period.
    assert doc.form is Form.EIGHT_K and str(doc.report_date) == "2025-03-03" and doc.period_end is None
    assert doc.text == "On February 26, 2025 we detected unauthorized access to our billing systems."


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:ix="http://www.xbrl.org/2013/inlineXBRL"
 xmlns:cyd="http://xbrl.sec.gov/cyd/2024"><body><p>Item 1C. Cybersecurity</p>
<ix:nonNumeric name="cyd:CybersecurityRiskRoleOfManagementTextBlock" contextRef="c">Secret: &xxe;</ix:nonNumeric>
<p>Item 2. Properties</p></body></html>"""

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<xbrli:xbrl xmlns:xbrli="http://www.xbrl.org/2003/instance" xmlns:cyd="http://xbrl.sec.gov/cyd/2024">
<cyd:CybersecurityRiskRoleOfManagementTextBlock contextRef="c">&lol9;</cyd:CybersecurityRiskRoleOfManagementTextBlock>
</xbrli:xbrl>"""


def test_external_entities_are_never_resolved(tmp_path: Path) -> None:
    path = tmp_path / "xxe.htm"
    path.write_bytes(XXE)
    try:
        doc = cydcheck.parse(path)
    except InputError as exc:
        assert "xxe.htm" in str(exc)
        return
    assert "root:" not in doc.text and all("root:" not in f.text for f in doc.facts)


def test_entity_expansion_bomb_ends_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "lol.xml"
    path.write_bytes(LAUGHS)
    try:
        doc = cydcheck.parse(path)
    except InputError as exc:
        assert "lol.xml" in str(exc)
        return
    assert all(len(f.text) < 10_000 for f in doc.facts)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (  # names the inline XBRL namespace but is not XML at all: no recovering read
            "broken.htm",
            b"Notes on tagging with http://www.xbrl.org/2013/inlineXBRL <p>unclosed",
            "broken.htm:1: not well-formed XML",
        ),
        ("fake.docx", b"PK\x03\x04 not really a zip", "fake.docx: not a readable .docx"),
        ("empty.xml", b"", "empty.xml: the file is empty"),
        ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00", "image.png: binary content, not a format cydcheck reads"),
    ],
)
def test_hostile_files_are_one_line_exit_2(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 2, result.output
    assert message in result.stderr and result.stderr.count("\n") == 1


def test_format_in_forces_a_parser(tmp_path: Path) -> None:
    path = tmp_path / "notes.dat"
    path.write_text("Governance\n\nThe Board oversees cybersecurity risk.\n")
    with pytest.raises(InputError, match="not a format"):
        cydcheck.parse(path)
    assert cydcheck.parse(path, format_in="markdown").text.startswith("Governance")


def test_inline_xbrl_semantics(tmp_path: Path) -> None:
    path = tmp_path / "mini.htm"
    path.write_bytes(IXBRL)
    doc = cydcheck.parse(path)
    assert (doc.format, doc.form, doc.issuer, str(doc.period_end)) == (
        "ixbrl",
        Form.TEN_K,
        "Fictional Freight Co.",
        "2025-12-31",
    )
    facts = {f.name.removeprefix("CybersecurityRisk"): f for f in doc.facts}
    hidden = facts["ManagementThirdPartyEngagedFlag"]
    assert hidden.hidden and hidden.value is True
    processes = facts["ManagementProcessesForAssessingIdentifyingAndManagingThreatsTextBlock"]
    # ix:exclude dropped; nested block and flag text kept; continuations in chain order; untagged text between not.
    assert processes.text.split("\n") == [
        "We assess risks.",
        "It is integrated into ERM.",
        "Second part.",
        "Third part, a list item.",
    ]
    flag = facts["ManagementProcessesIntegratedFlag"]
    assert flag.value is True and flag.text == "It is integrated into ERM."
    assert facts["MateriallyAffectedOrReasonablyLikelyToMateriallyAffectRegistrantFlag"].value is False
    assert facts["BoardOfDirectorsOversightTextBlock"].text == "Board text.\nOnce."
    assert any(d.code == "continuation.broken" for d in doc.diagnostics)
    # The section is the visible Item 1C, untagged text included, hidden facts not.
    assert "Untagged sentence between the parts." in doc.text and "PAGE 12" in doc.text
    assert "We rent" not in doc.text and "10-K" not in doc.text
    assert processes.location is not None and processes.location.line == 15  # libxml2: where the start tag ends


def test_non_breaking_hyphens_read_as_hyphens_in_every_format(tmp_path: Path) -> None:
    # Word writes a non-breaking hyphen as an element, HTML filings as &#8209; (U+2011), typesetters as U+2010:
    # "third‑party" must read as "third-party", or every rule phrase written with a hyphen misses it.
    sentence = "We assess the cybersecurity of third{h}party service providers before onboarding."
    word = tmp_path / "draft.docx"
    word.write_bytes(
        make_docx(
            '<w:p><w:r><w:t xml:space="preserve">We assess the cybersecurity of third</w:t><w:noBreakHyphen/>'
            '<w:t xml:space="preserve">party service providers before onboarding.</w:t></w:r></w:p>'
        )
    )
    html = tmp_path / "draft.htm"
    body = f"<p>Item 1C. Cybersecurity</p><p>{sentence.format(h='&#8209;')}</p><p>Item 2. Properties</p>"
    html.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    markdown = tmp_path / "draft.md"
    markdown.write_text(sentence.format(h="\u2010") + "\n", encoding="utf-8")
    for path in (word, html, markdown):
        assert cydcheck.parse(path).text == sentence.format(h="-"), path.name
