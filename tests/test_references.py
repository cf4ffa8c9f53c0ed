"""An Item 1C incorporated by reference is followed to the document that holds it, when that document is checked in
the same run; otherwise the filing is reported as not reviewed, never as clean."""

from __future__ import annotations

from pathlib import Path

import cydcheck
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
