"""A fictional counsel's Word draft (Larkspur Tools Inc., Form 10-K Item 1C), built in code: headings, a table, runs
with mixed formatting, a tracked insertion and deletion, a reviewer's comment, a drafting note — what drafts in
review look like. ``examples/larkspur-draft.docx`` is this file's output (``python tests/worddraft.py`` rewrites it;
a test checks they agree). The company, people and facts are invented.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "larkspur-draft.docx"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REVIEWER = "J. Rivera"
REVIEWER_COMMENT = "Confirm with the CFO before filing."
FIXED = (2025, 1, 15, 9, 0, 0)

RISK_INTRO = (
    "We maintain a cybersecurity risk management program designed to identify, assess and manage material risks "
    "from cybersecurity threats to our systems and data. "
)
RISK_NIST = (
    "The program follows the ",
    "NIST Cybersecurity Framework",
    ", and our security team monitors our network ",
)
RISK_INSERTED = "and endpoints around the clock"
RISK_DELETED = " every business day"
RISK_END = ", runs quarterly vulnerability scans and tests our incident response plan each year."
ERM = (
    "Cybersecurity risk is one of the risk categories in our enterprise risk management program: our security team "
    "reports its assessment of cybersecurity risks to the enterprise risk committee each quarter, and that committee "
    "ranks them with the company's other risks."
)
HEDGED = "We may, from time to time, engage third-party consultants to assess our program."
MATERIAL = "We have not experienced any material cybersecurity incidents."
BOARD = (
    "Our Board of Directors oversees cybersecurity risk through its Audit Committee. Our Chief Information Security "
    "Officer briefs the Audit Committee on cybersecurity risks and incidents each quarter."
)
CISO = "Our Chief Information Security Officer leads our security team and reports to our Chief Financial Officer. "
NOTE = "[NTD: confirm the CISO's certifications with HR.]"
TABLE = [
    ("Role", "Responsibility"),
    (
        "Chief Information Security Officer",
        "Monitors the prevention, detection, mitigation and remediation of cybersecurity incidents through daily "
        "reports from the security operations center.",
    ),
]


def _tracked(paragraph: object, kind: str, text: str, change_id: int) -> None:
    """A tracked insertion (``ins``) or deletion (``del``) by the reviewer, appended to the paragraph."""
    from docx.oxml import parse_xml

    tag = "w:delText" if kind == "del" else "w:t"
    xml = (
        f'<w:{kind} xmlns:w="{W_NS}" w:id="{change_id}" w:author="{REVIEWER}" w:date="2025-01-14T10:00:00Z">'
        f'<w:r><{tag} xml:space="preserve">{text}</{tag}></w:r></w:{kind}>'
    )
    paragraph._p.append(parse_xml(xml))  # type: ignore[attr-defined]


def build() -> bytes:
    """The draft's bytes, the same on every run (fixed zip timestamps and comment date)."""
    import datetime as dt

    import docx
    from docx.shared import Pt

    document = docx.Document()
    document.core_properties.author = "Larkspur Tools Inc. legal"
    document.core_properties.created = dt.datetime(2025, 1, 14, 9, 0, 0)
    document.core_properties.modified = dt.datetime(2025, 1, 15, 9, 0, 0)
    document.core_properties.last_modified_by = REVIEWER
    document.core_properties.revision = 3
    document.add_paragraph("Larkspur Tools Inc. — Form 10-K Item 1C draft", style="Title")
    document.add_heading("Item 1C. Cybersecurity", level=1)
    document.add_heading("Risk Management and Strategy", level=2)
    p = document.add_paragraph()
    p.add_run(RISK_INTRO)
    p.add_run(RISK_NIST[0])
    p.add_run(RISK_NIST[1]).italic = True
    p.add_run(RISK_NIST[2])
    _tracked(p, "ins", RISK_INSERTED, 1)
    _tracked(p, "del", RISK_DELETED, 2)
    p.add_run(RISK_END)
    document.add_paragraph(ERM)
    hedged = document.add_paragraph()
    hedged.add_run(HEDGED).font.size = Pt(11)
    material = document.add_paragraph()
    run = material.add_run(MATERIAL)
    comment = document.add_comment(run, text=REVIEWER_COMMENT, author=REVIEWER, initials="JR")
    comment._comment_elm.date = dt.datetime(2025, 1, 14, 11, 30, tzinfo=dt.timezone.utc)  # type: ignore[attr-defined]
    document.add_heading("Governance", level=2)
    document.add_paragraph(BOARD)
    ciso = document.add_paragraph()
    ciso.add_run(CISO)
    ciso.add_run(NOTE).bold = True
    table = document.add_table(rows=len(TABLE), cols=2)
    table.style = "Table Grid"
    for row, cells in zip(table.rows, TABLE, strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    document.add_heading("Item 2. Properties", level=1)
    document.add_paragraph("We lease our headquarters in Portland, Oregon.")
    saved = io.BytesIO()
    document.save(saved)
    return repack(saved.getvalue())


def repack(data: bytes) -> bytes:
    """The same package with fixed member timestamps: the same bytes on every build."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            new.writestr(fixed, old.read(info.filename))
    return out.getvalue()


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else EXAMPLE
    target.write_bytes(build())
    print(f"wrote {target}")
