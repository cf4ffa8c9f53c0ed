"""An Item 1C incorporated by reference is followed to the document that holds it, when that document is checked in
the same run; otherwise the filing is reported as not reviewed, never as clean."""

from __future__ import annotations

import json
import re
from pathlib import Path

import cydcheck
from cydcheck.reporters.github import workflow_commands
from cydcheck.reporters.json import JsonReporter
from cydcheck.reporters.junit import JunitReporter
from cydcheck.reporters.sarif import SarifReporter
from cydcheck.reporters.text import TextReporter
from helpers import EXHIBIT, FILING


def _write(folder: Path) -> tuple[Path, Path]:
    filing, exhibit = folder / "acme-10k.htm", folder / "acme-ex13.htm"
    filing.write_text(FILING, encoding="utf-8")
    exhibit.write_text(EXHIBIT, encoding="utf-8")
    return filing, exhibit


def test_the_referenced_exhibit_in_the_same_run_is_checked_as_the_filings_disclosure(tmp_path: Path) -> None:
    filing, exhibit = _write(tmp_path)
    for paths in ([tmp_path], [filing, exhibit]):
        report = cydcheck.check(paths, config=None)
        (doc,) = report.documents  # one filing, not the exhibit again on its own
        d = doc.disclosure
        assert d.source.endswith("acme-10k.htm") and d.section_source is not None
        assert d.section_source.endswith("acme-ex13.htm") and doc.status == "reviewed"
        assert d.issuer == "Acme Widgets Corp." and str(d.period_end) == "2025-12-31"  # the filing's cover
        verdicts = {r.key: r.status for r in doc.requirements}
        assert verdicts["106.c.1.board"] == "pass" and verdicts["106.c.1.committee"] == "pass"
        located = next(f for f in doc.findings if f.rule_id == "CYD-DOC-LOCATED")
        assert "incorporated by reference → " in located.message and "acme-ex13.htm" in located.message


def test_without_the_exhibit_the_filing_is_not_reviewed(tmp_path: Path) -> None:
    filing, _ = _write(tmp_path)
    (doc,) = cydcheck.check([filing], config=None).documents
    assert doc.status == "incorporated-by-reference" and doc.status_note and "not reviewed" in doc.status_note
    assert all(r.status in ("not-checked", "notice", "pass", "skip") for r in doc.requirements)
    assert not any(r.status == "pass" for r in doc.requirements if r.key.startswith("106."))


def test_every_place_read_from_the_exhibit_names_the_exhibit_in_every_format(tmp_path: Path) -> None:
    # Lines of the exhibit given under the filing's name send an editor, a code-scanning alert or a reader to the
    # wrong file.

    filing, exhibit = _write(tmp_path)
    report = cydcheck.check([filing, exhibit], config=None)
    (doc,) = report.documents
    assert doc.disclosure.text_segments
    assert all(s.location.file == str(exhibit) for s in doc.disclosure.text_segments)
    failing = [f for f in doc.findings if f.failing]
    assert failing  # the fixture's exhibit leaves some requirements unmet: their place is the exhibit's section
    exhibit_lines = {s.location.line for s in doc.disclosure.text_segments}

    text = TextReporter(verbose=True).render(report)
    placed = re.findall(r"^(\S+?):(\d+)(?::\d+)?: ", text, flags=re.M)
    assert placed and all(name == str(exhibit) and int(line) in exhibit_lines for name, line in placed), placed

    sarif = json.loads(SarifReporter().render(report))
    uris = {
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for result in sarif["runs"][0]["results"]
        for loc in result.get("locations", [])
        if "region" in loc["physicalLocation"]
    }
    assert uris and all(uri.endswith("acme-ex13.htm") for uri in uris), uris

    commands = [c for c in workflow_commands(report).splitlines() if c.startswith("::") and "line=" in c]
    assert commands and all("file=" + str(exhibit) in c for c in commands), commands

    junit = JunitReporter().render(report)
    lines = re.findall(r'file="([^"]+)" line="\d+"', junit)
    assert lines and set(lines) == {str(exhibit)}

    # The JSON report says the file on those places only: a place in the document's own file stays as it was.
    data = json.loads(JsonReporter().render(report))
    places = [ev["location"] for f in data["documents"][0]["findings"] for ev in f["evidence"] if ev["location"]]
    assert places and all(place["file"] == str(exhibit) for place in places)
    alone = json.loads(JsonReporter().render(cydcheck.check([exhibit], config=None)))
    assert not any(
        "file" in ev["location"] for f in alone["documents"][0]["findings"] for ev in f["evidence"] if ev["location"]
    )
