"""JUnit XML (GitLab, Jenkins, Azure DevOps, CircleCI test reports): the compliance checklist as tests.

One ``<testsuite>`` per document and one ``<testcase>`` per rule in it — passes included, so coverage shows:

- pass → an empty testcase (a suggestion the text does not follow is still a pass: its advice is in
  ``<system-out>``);
- fail → ``<failure type="error|warning|notice">``; needs review → ``<failure type="review">``: a reader must decide,
  and a green test would say the requirement is met;
- not applicable → ``<skipped type="not-applicable">`` with the reason; waived → ``<skipped type="waived">`` with the
  waiver's reason, approver and expiry; with ``--baseline``, a failure the baseline holds → ``<skipped
  type="baseline">`` (it does not fail the run either).

No timestamps, durations or host names: the same report gives the same bytes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..model import DocumentResult, Finding, Outcome, Report
from .base import Reporter
from .text import file_of, visible, where


def xml_text(text: str) -> str:
    """Text XML 1.0 can carry: control characters (ESC, NUL…) shown as escapes, line breaks kept."""
    return "\n".join(visible(line) for line in text.replace("\r\n", "\n").split("\n"))


def _details(doc: DocumentResult, f: Finding) -> str:
    lines = [f.message]
    if f.outcome is Outcome.REVIEW and f.review_reason:
        lines.append(f"Why review: {f.review_reason}")
    if f.observed:
        lines.append(f"Observed: {f.observed}")
    if f.fix:
        lines.append(f"Fix: {f.fix}")
    lines.append(f"Citation: {f.citation}")
    for ev in f.evidence:
        at = ev.location
        place = ""
        if at is not None:
            place = (
                " ("
                + ", ".join(
                    p
                    for p in (
                        f"line {at.line}" if at.line is not None else "",
                        f"column {at.column}" if at.column is not None else "",
                        at.element or "",
                    )
                    if p
                )
                + ")"
            )
        lines.append(f"> {' '.join(ev.quote.split())}{place}")
    return xml_text("\n".join(lines))


def testcase(doc: DocumentResult, f: Finding) -> ET.Element:
    source = doc.disclosure.source
    case = ET.Element(
        "testcase", {"classname": xml_text(source), "name": xml_text(f"{f.rule_id} {f.requirement}: {f.title}")}
    )
    case.set("file", xml_text(source))
    loc = where(doc, f) if f.outcome in (Outcome.FAIL, Outcome.REVIEW) else None
    if loc is not None and loc.line is not None:
        case.set("file", xml_text(file_of(source, loc)))  # the line is in that file (an exhibit, at times)
        case.set("line", str(loc.line))
    if f.outcome is Outcome.SKIP:
        ET.SubElement(
            case,
            "skipped",
            {"type": "not-applicable", "message": xml_text(f"not applicable: {f.skip_reason or f.message}")},
        )
    elif f.waived_by is not None:
        w = f.waived_by
        message = f"waived until {w.expires.isoformat()} by {w.approved_by}: {w.reason} ({w.origin})"
        ET.SubElement(case, "skipped", {"type": "waived", "message": xml_text(message)}).text = _details(doc, f)
    elif f.known and (f.failing or f.outcome is Outcome.REVIEW):
        ET.SubElement(
            case, "skipped", {"type": "baseline", "message": xml_text(f"known from the baseline: {f.message}")}
        ).text = _details(doc, f)
    elif f.failing:
        ET.SubElement(case, "failure", {"type": f.severity.value, "message": xml_text(f.message)}).text = _details(
            doc, f
        )
    elif f.outcome is Outcome.REVIEW:
        ET.SubElement(
            case, "failure", {"type": "review", "message": xml_text(f"needs review: {f.message}")}
        ).text = _details(doc, f)
    elif f.suggestion:
        ET.SubElement(case, "system-out").text = xml_text(f"suggestion: {f.message}" + (f" {f.fix}" if f.fix else ""))
    return case


def _tally(cases: list[ET.Element]) -> dict[str, str]:
    return {
        "tests": str(len(cases)),
        "failures": str(sum(c.find("failure") is not None for c in cases)),
        "errors": str(sum(c.find("error") is not None for c in cases)),
        "skipped": str(sum(c.find("skipped") is not None for c in cases)),
    }


def junit_xml(report: Report) -> str:
    root = ET.Element("testsuites", {"name": "cydcheck"})
    everything: list[ET.Element] = []
    for doc in report.documents:
        cases = [testcase(doc, f) for f in doc.findings]
        if doc.failed:  # --keep-going / --timeout: the document could not be tested at all
            case = ET.Element("testcase", {"classname": xml_text(doc.disclosure.source), "name": doc.status})
            case.set("file", xml_text(doc.disclosure.source))
            ET.SubElement(case, "error", {"type": doc.status, "message": xml_text(doc.status_note or doc.status)})
            cases.append(case)
        everything += cases
        suite = ET.SubElement(root, "testsuite", {"name": xml_text(doc.disclosure.source), **_tally(cases)})
        props = ET.SubElement(suite, "properties")
        d = doc.disclosure
        for name, value in (
            ("format", d.format),
            ("form", d.form.value),
            ("period_end", d.period_end.isoformat() if d.period_end else ""),
            ("status", doc.status),
            ("status_note", doc.status_note or ""),
        ):
            ET.SubElement(props, "property", {"name": name, "value": xml_text(value)})
        suite.extend(cases)
    root.attrib.update(_tally(everything))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


class JunitReporter(Reporter):
    name = "junit"
    description = "JUnit XML: one test per rule and document, passes included (CI test reports)"
    extension = ".xml"

    def render(self, report: Report) -> str:
        return junit_xml(report)
