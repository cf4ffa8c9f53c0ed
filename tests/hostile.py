"""Hostile inputs made in code (nothing real copied): each one once took cydcheck quadratic time or memory, crashed it,
or misread it. Used by tests/test_hostile_inputs.py, the fuzz tests and tests/fuzz/fuzz_parsers.py; also runnable to
write them to a folder for timing the whole process:

    python tests/hostile.py OUT_DIR [--scale 1.0]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

IX_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:ix="http://www.xbrl.org/2013/inlineXBRL" '
    'xmlns:ixt="http://www.xbrl.org/inlineXBRL/transformation/2020-02-12" '
    'xmlns:xbrli="http://www.xbrl.org/2003/instance" xmlns:cyd="http://xbrl.sec.gov/cyd/2024" '
    'xmlns:dei="http://xbrl.sec.gov/dei/2024">\n<head><title>t</title></head><body>\n'
    '<div style="display:none"><ix:header><ix:hidden>'
    '<ix:nonNumeric name="dei:DocumentType" contextRef="c1">10-K</ix:nonNumeric></ix:hidden><ix:resources>'
    '<xbrli:context id="c1"><xbrli:entity><xbrli:identifier scheme="x">1</xbrli:identifier></xbrli:entity>'
    "<xbrli:period><xbrli:endDate>2024-12-31</xbrli:endDate></xbrli:period></xbrli:context>"
    "</ix:resources></ix:header></div>\n"
)
IX_TAIL = "</body></html>\n"
BOARD = "cyd:CybersecurityRiskBoardOfDirectorsOversightTextBlock"
ROLE = "CybersecurityRiskRoleOfManagementTextBlock"
XBRL_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<xbrli:xbrl xmlns:xbrli="http://www.xbrl.org/2003/instance" xmlns:cyd="http://xbrl.sec.gov/cyd/2024" '
    'xmlns:dei="http://xbrl.sec.gov/dei/2024">\n'
    '<xbrli:context id="c"><xbrli:entity><xbrli:identifier scheme="x">1</xbrli:identifier></xbrli:entity>'
    "<xbrli:period><xbrli:endDate>2024-12-31</xbrli:endDate></xbrli:period></xbrli:context>\n"
    '<dei:DocumentType contextRef="c">10-K</dei:DocumentType>\n'
)


def ixbrl(body: str) -> bytes:
    return (IX_HEAD + body + IX_TAIL).encode()


def shared_chain_ixbrl(facts: int = 1000, links: int = 1000) -> bytes:
    """``facts`` text blocks whose continuedAt all name the head of one chain of ``links`` continuations: read naively,
    every fact re-walks and re-copies the whole chain (facts × links)."""
    heads = "".join(
        f'<p><ix:nonNumeric name="{BOARD}" contextRef="c1" continuedAt="k0">Board fact {i}.</ix:nonNumeric></p>\n'
        for i in range(facts)
    )
    chain = "".join(
        f'<ix:continuation id="k{i}"' + (f' continuedAt="k{i + 1}"' if i + 1 < links else "") + f"><p>Part {i}.</p>"
        "</ix:continuation>\n"
        for i in range(links)
    )
    return ixbrl("<p>Item 1C. Cybersecurity</p>\n" + heads + chain)


def long_chain_ixbrl(links: int) -> bytes:
    """One text block continued ``links`` times."""
    chain = "".join(
        f'<ix:continuation id="k{i}"' + (f' continuedAt="k{i + 1}"' if i + 1 < links else "") + f"><p>Part {i}.</p>"
        "</ix:continuation>\n"
        for i in range(links)
    )
    head = f'<p><ix:nonNumeric name="{BOARD}" contextRef="c1" continuedAt="k0">Board.</ix:nonNumeric></p>\n'
    return ixbrl("<p>Item 1C. Cybersecurity</p>\n" + head + chain)


def nested_facts_ixbrl(depth: int) -> bytes:
    """Text blocks nested ``depth`` deep inside one another: each outer fact's text repeats every inner one's."""
    opening = "".join(f'<ix:nonNumeric name="{BOARD}" contextRef="c1">Level {i}. ' for i in range(depth))
    return ixbrl("<p>" + opening + "</ix:nonNumeric>" * depth + "</p>\n")


def deep_ixbrl(depth: int) -> bytes:
    """A tagged text block under ``depth`` nested <div>s: past 256 levels libxml2 asks for XML_PARSE_HUGE."""
    fact = f'<ix:nonNumeric name="{BOARD}" contextRef="c1"><p>The board oversees cybersecurity.</p></ix:nonNumeric>'
    return ixbrl("<div>" * depth + fact + "</div>" * depth)


def damaged_ixbrl() -> bytes:
    """A tagged 10-K with one damaged tag (an unclosed <b> inside a paragraph) far from the cyd facts."""
    body = (
        "<p>Item 1A. Risk Factors</p><p>We face <b>risks.</p>\n"
        "<p>Item 1C. Cybersecurity</p>\n"
        f'<ix:nonNumeric name="{BOARD}" contextRef="c1"><p>The Board oversees cybersecurity risk through its audit '
        "committee.</p></ix:nonNumeric>\n"
        "<p>Item 2. Properties</p><p>We rent.</p>\n"
    )
    return ixbrl(body)


def many_facts_xbrl(facts: int) -> bytes:
    """An XBRL instance with ``facts`` distinct text blocks (the fact-only section deduplicates their paragraphs)."""
    body = "".join(
        f'<cyd:{ROLE} contextRef="c">Management fact number {i} describes a distinct process.</cyd:{ROLE}>\n'
        for i in range(facts)
    )
    return (XBRL_HEAD + body + "</xbrli:xbrl>\n").encode()


def xbrl_text_block(inner: str, doctype: str = "") -> bytes:
    """An XBRL instance whose role-of-management text block holds ``inner`` as written (markup, comments,
    entity references)."""
    head = XBRL_HEAD.replace("\n", "\n" + doctype, 1) if doctype else XBRL_HEAD
    return (head + f'<cyd:{ROLE} contextRef="c">{inner}</cyd:{ROLE}>\n</xbrli:xbrl>\n').encode()


def laughs_doctype(root: str, levels: int = 10) -> str:
    """A 'billion laughs' internal subset: entity lol{n} is ten lol{n-1}, ``levels`` deep (10 levels: 10^10 'lol's)."""
    entities = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, levels)]
    return f"<!DOCTYPE {root} [\n" + "\n".join(entities) + "\n]>\n"


def billion_laughs_ixbrl(levels: int = 10) -> bytes:
    """A tagged 10-K whose board text block is nothing but the bomb's top entity."""
    fact = f'<ix:nonNumeric name="{BOARD}" contextRef="c1">&lol{levels - 1};</ix:nonNumeric>'
    body = f"<p>Item 1C. Cybersecurity</p>\n{fact}"
    return ixbrl(body).replace(b"<html ", (laughs_doctype("html", levels) + "<html ").encode(), 1)


def billion_laughs_xbrl(levels: int = 10) -> bytes:
    """An XBRL instance whose role-of-management text block is nothing but the bomb's top entity."""
    return xbrl_text_block(f"&lol{levels - 1};", laughs_doctype("xbrli:xbrl", levels))


def markdown_paragraphs(count: int) -> bytes:
    """A Markdown draft of ``count`` short paragraphs, each naming the board (so rules quote many of them)."""
    return "".join(f"The board of directors oversees cybersecurity risk, item {i}.\n\n" for i in range(count)).encode()


def markdown_one_paragraph(size: int) -> bytes:
    """One paragraph of about ``size`` bytes: ordinary sentences with no blank line between them."""
    sentence = "The audit committee oversees cybersecurity risk and reports to the board each quarter. "
    return (sentence * (size // len(sentence) + 1))[:size].encode()


def deep_html(depth: int) -> bytes:
    """An untagged 10-K whose Item 1C sits under ``depth`` nested <div>s."""
    return (
        "<html><body><p>FORM 10-K</p>"
        + "<div>" * depth
        + "<p>Item 1C. Cybersecurity</p><p>The Board oversees cybersecurity risk through its audit committee, which "
        "the CISO informs every quarter.</p><p>Item 2. Properties</p><p>We rent.</p>"
        + "</div>" * depth
        + "</body></html>"
    ).encode()


def rpage(line_ending: str = "\n") -> bytes:
    """A small fictional R page (11 facts) with the given line ending."""
    rows = [
        "|",
        "Cybersecurity Risk Management and Strategy Disclosure",
        "|12 Months Ended",
        "Dec. 31, 2024",
        "|Cybersecurity Risk Management, Strategy, and Governance [Line Items]",
        "|Cybersecurity Risk Management Processes for Assessing, Identifying, and Managing Threats [Text Block]",
        "|",
        "We assess cybersecurity risk through our enterprise risk management program.",
        "We engage outside assessors each year.",
        "|Cybersecurity Risk Management Processes Integrated [Flag]",
        "|true",
        "|Cybersecurity Risk Management Third Party Engaged [Flag]",
        "|true",
        "|Cybersecurity Risk Third Party Oversight and Identification Processes [Flag]",
        "|true",
        "|Cybersecurity Risk Materially Affected or Reasonably Likely to Materially Affect Registrant [Flag]",
        "|false",
        "|Cybersecurity Risk Board of Directors Oversight [Text Block]",
        "|The Board oversees cybersecurity risk through its audit committee.",
        "|Cybersecurity Risk Board Committee or Subcommittee Responsible for Oversight [Text Block]",
        "|audit committee",
        "|Cybersecurity Risk Role of Management [Text Block]",
        "|Our CISO leads the program and reports to the audit committee each quarter.",
        "|Cybersecurity Risk Management Positions or Committees Responsible [Flag]",
        "|true",
        "|Cybersecurity Risk Management Expertise of Management Responsible [Text Block]",
        "|Our CISO holds the CISSP certification and led security teams for twenty years.",
        "|Cybersecurity Risk Management Positions or Committees Responsible Report to Board [Flag]",
        "|true",
    ]
    return (line_ending.join(rows) + line_ending).encode()


def json_scalar(size: int) -> bytes:
    return json.dumps({"text": "a" * size}).encode()


def json_nested(depth: int) -> bytes:
    return ('{"text": "x", "facts": ' + "[" * depth + "]" * depth + "}").encode()


def yaml_nested(depth: int) -> bytes:
    return ("text: x\nfacts: " + "[" * depth + "]" * depth + "\n").encode()


def write_all(out: Path, scale: float = 1.0) -> list[Path]:
    """The inputs the 2024 adversarial trial timed, at its sizes (``scale`` shrinks or grows them)."""
    n = lambda value: max(1, int(value * scale))  # noqa: E731
    files = {
        "shared-chain.htm": shared_chain_ixbrl(n(1000), n(1000)),
        "many-facts.xml": many_facts_xbrl(n(50_000)),
        "paragraphs.md": markdown_paragraphs(n(20_000)),
        "one-paragraph.md": markdown_one_paragraph(n(30_000_000)),
        "scalar.json": json_scalar(n(20_000_000)),
        "nested-1e5.json": json_nested(n(100_000)),
        "nested-1e6.json": json_nested(n(1_000_000)),
        "deep.html": deep_html(n(1000)),
        "deep.htm": deep_ixbrl(n(1000)),
        "rpage-cr.txt": rpage("\r"),
    }
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in files.items():
        path = out / name
        path.write_bytes(data)
        paths.append(path)
    return paths


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    for path in write_all(args.out, args.scale):
        print(f"{path}\t{path.stat().st_size:,}")
