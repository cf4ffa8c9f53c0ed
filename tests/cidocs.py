"""Fictional disclosures for the CI-format, terminal, baseline and diff tests: a company that does not exist, its
FY2024 Item 1C and its FY2025 draft, written as Markdown, untagged HTML and one-line inline XBRL."""

from __future__ import annotations

from html import escape

STRONG = {
    "Risk Management and Strategy": [
        "Calder Ridge Instruments maintains a cybersecurity program designed to assess, identify and manage material "
        "risks from cybersecurity threats to our information systems, our laboratory instruments and the data of our "
        "customers. The program is aligned with the NIST Cybersecurity Framework.",
        "Our security operations team monitors our networks around the clock to detect threats. We run quarterly "
        "vulnerability scans and an annual external penetration test, and we track identified vulnerabilities to "
        "remediation.",
        "Cybersecurity risk management is integrated into our enterprise risk management program: cyber risks are "
        "scored in the same annual enterprise risk assessment as our other risks and are reported through the same "
        "channels to senior management and the Audit Committee.",
        "We engage third-party assessors, including an independent firm that performs an annual penetration test, "
        "and outside forensic consultants on retainer for incident response.",
        "We oversee and identify risks from our third-party service providers through a vendor risk management "
        "process: vendors with access to our systems or data complete a security due diligence review before "
        "onboarding, agree to contractual security requirements, and are reassessed each year according to their "
        "risk tier.",
        "We have not identified risks from cybersecurity threats, including as a result of any previous cybersecurity "
        "incidents, that have materially affected or are reasonably likely to materially affect us, including our "
        "business strategy, results of operations or financial condition.",
    ],
    "Governance": [
        "Our Board of Directors oversees risks from cybersecurity threats and has delegated primary oversight to its "
        "Audit Committee, which reviews our cybersecurity program and its results.",
        "The Audit Committee receives a report from our Chief Information Security Officer at each quarterly meeting, "
        "covering the threat landscape, the results of assessments and any significant incidents. The Chair of the "
        "Audit Committee reports on these discussions to the full Board.",
        "Our Chief Information Security Officer leads our cybersecurity program and is responsible for assessing and "
        "managing material risks from cybersecurity threats. The CISO reports to our Chief Technology Officer and "
        "chairs our Cybersecurity Steering Committee, which meets monthly to review cyber risks.",
        "Our CISO has 18 years of experience in information security. Before joining Calder Ridge in 2020, she led "
        "security operations at a regional bank and served as deputy CISO of a medical device maker. She holds a "
        "master's degree in computer science and the CISSP and CISM certifications.",
        "Our security operations team notifies the CISO of significant security events under our incident escalation "
        "procedure. Our incident response plan sets out how we contain and mitigate incidents, remediate affected "
        "systems and recover operations, and the Steering Committee monitors prevention, detection, mitigation and "
        "remediation metrics each month.",
    ],
}
"""A disclosure that meets every Item 106 requirement (the FY2024 filing)."""


def draft_2025() -> dict[str, list[str]]:
    """The FY2025 draft: one sentence reworded, one added, the third-party oversight paragraph dropped (a
    regression), and the vendor paragraph moved later — so text moves and baseline matching must not use offsets."""
    risk = list(STRONG["Risk Management and Strategy"])
    risk[1] = risk[1].replace("quarterly vulnerability scans", "monthly vulnerability scans")
    del risk[4]  # third-party service providers: no longer described
    risk.insert(0, "This section describes our approach to cybersecurity for fiscal 2025.")
    return {"Risk Management and Strategy": risk, "Governance": list(STRONG["Governance"])}


def markdown(sections: dict[str, list[str]], title: str = "Item 1C. Cybersecurity") -> str:
    out = [f"# {title}", ""]
    for heading, paragraphs in sections.items():
        out += [f"## {heading}", ""]
        for p in paragraphs:
            out += [p, ""]
    return "\n".join(out)


def html(sections: dict[str, list[str]], one_line: bool = False, ids: bool = True) -> str:
    """An untagged 10-K's Item 1C as HTML; ``one_line`` puts the body on one line, as EDGAR filings often do."""
    parts = ['<div id="item1c"><p><b>Item 1C. Cybersecurity</b></p>']
    n = 0
    for heading, paragraphs in sections.items():
        parts.append(f"<p><b>{escape(heading)}</b></p>")
        for p in paragraphs:
            n += 1
            ident = f' id="s{n}"' if ids and n % 2 == 0 else ""
            parts.append(f'<div style="margin:0"><p><span{ident} style="font-size:10pt">{escape(p)}</span></p></div>')
    parts.append("</div><p><b>Item 2. Properties</b></p><p>We lease our offices.</p>")
    sep = "" if one_line else "\n"
    body = sep.join(parts)
    return (
        "<html><head><title>Calder Ridge Instruments 10-K</title>\n"
        "<script>if (a<b && c>d) { x = '<p>not a tag</p>'; }</script></head>\n"
        "<body><!-- cover page <p>commented out</p> -->\n"
        "<p>UNITED STATES SECURITIES AND EXCHANGE COMMISSION</p><p>FORM 10-K</p>\n"
        "<p>For the fiscal year ended December 31, 2025</p><p>Calder Ridge Instruments, Inc.</p>\n"
        f"{body}\n</body></html>\n"
    )


def ixbrl(sections: dict[str, list[str]]) -> str:
    """An inline XBRL 10-K (dei facts, no cyd tags: its fiscal year ends before tagging was required) whose body is
    one long line."""
    body = html(sections, one_line=True).split("<body>", 1)[1].split("</body>", 1)[0].replace("\n", "")
    body = body.replace("<!-- cover page <p>commented out</p> -->", "<!-- <p>hidden</p> --><![CDATA[ <p>x</p> ]]>")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:ix="http://www.xbrl.org/2013/inlineXBRL" '
        'xmlns:xbrli="http://www.xbrl.org/2003/instance" xmlns:dei="http://xbrl.sec.gov/dei/2024">\n'
        "<head><title>Calder Ridge Instruments 10-K</title></head>\n"
        '<body><div style="display:none"><ix:header><ix:hidden>'
        '<ix:nonNumeric name="dei:DocumentType" contextRef="c1">10-K</ix:nonNumeric>'
        '<ix:nonNumeric name="dei:DocumentPeriodEndDate" contextRef="c1">September 28, 2024</ix:nonNumeric>'
        "</ix:hidden><ix:resources>"
        '<xbrli:context id="c1"><xbrli:entity><xbrli:identifier scheme="x">1</xbrli:identifier></xbrli:entity>'
        "<xbrli:period><xbrli:startDate>2023-10-01</xbrli:startDate><xbrli:endDate>2024-09-28</xbrli:endDate>"
        "</xbrli:period></xbrli:context></ix:resources></ix:header></div>"
        f"{body}</body></html>\n"
    )
