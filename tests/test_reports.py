"""The reports: Markdown and text are safe and stable."""

from __future__ import annotations

from pathlib import Path

import cydcheck
from cydcheck.plugins import registry
from cydcheck.rules import RuleSet

HOSTILE = (
    "|Cybersecurity Risk Management and Strategy Disclosure\n|12 Months Ended\nDec. 31, 2025\n"
    "|Cybersecurity Risk Board of Directors Oversight [Text Block]\n"
    "|Our <script>alert('x')</script> Board oversees cybersecurity & \"risk\" <img src=x onerror=alert(1)>. "
    "The Audit Committee {{ 7*7 }} receives quarterly reports from the CISO.\n"
)


def _report(tmp_path: Path, ruleset: RuleSet) -> cydcheck.Report:
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    return cydcheck.check([path], rules=ruleset)


# The HTML report has its own tests: tests/test_html_report.py (markup) and tests/test_browser.py (Chromium).


def test_markdown_escapes_and_lists_failures(tmp_path: Path, ruleset: RuleSet) -> None:
    md = registry().reporters["markdown"].render(_report(tmp_path, ruleset))
    assert "<script>" not in md
    assert "| 106.c.1.board |" in md and "### What to fix" in md


def test_text_summary(seed_path: Path, ruleset: RuleSet) -> None:
    report = cydcheck.check([seed_path], rules=ruleset)
    text = registry().reporters["text"].render(report)
    assert f"{seed_path}:" in text and " error 106.b.1.i CYD106-B1I-INTEGRATED " in text
    assert text.splitlines()[-1].startswith("1 document: ")
