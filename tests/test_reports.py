"""The reports: HTML is self-contained and escapes everything it quotes; Markdown and text are safe and stable."""

from __future__ import annotations

import re
from html.parser import HTMLParser
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


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_html_escapes_disclosure_text(tmp_path: Path, ruleset: RuleSet) -> None:
    html = registry().reporters["html"].render(_report(tmp_path, ruleset))
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html  # quoted text is data, never template
    collector = _Collector()
    collector.feed(html)
    assert {t for t, _ in collector.tags} <= {
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "main",
        "h1",
        "h2",
        "h3",
        "p",
        "dl",
        "dt",
        "dd",
        "div",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "a",
        "span",
        "section",
        "article",
        "header",
        "blockquote",
        "details",
        "summary",
        "mark",
        "strong",
        "ul",
        "li",
        "footer",
    }


def test_html_is_self_contained(tmp_path: Path, ruleset: RuleSet) -> None:
    html = registry().reporters["html"].render(_report(tmp_path, ruleset))
    collector = _Collector()
    collector.feed(html)
    for tag, attrs in collector.tags:
        for name in ("src", "href"):
            value = attrs.get(name)
            assert value is None or value.startswith("#"), (tag, name, value)
    assert "@import" not in html and "url(" not in html
    assert "@media print" in html


def test_html_has_checklist_findings_and_highlights(seed_path: Path, ruleset: RuleSet) -> None:
    report = cydcheck.check([seed_path], rules=ruleset)
    html = registry().reporters["html"].render(report)
    shown = [r.key for r in report.documents[0].requirements]
    assert "106.b.1" in shown and "1.05.a.nature" not in shown  # a 10-K / 20-F reading: no Item 1.05 rows
    for key in shown:
        assert f'id="doc0-req-{key}"' in html
    assert "Reg. S-K Item 106(b)(1)(iii)" in html
    assert "What to do:" in html
    marks = re.findall(r"<mark class=\"(\w*)\"[^>]*>(.*?)</mark>", html, re.S)
    assert any("over 20 years of industrial experience" in text for _, text in marks)
    assert "2 requirements not met" in html


def test_markdown_escapes_and_lists_failures(tmp_path: Path, ruleset: RuleSet) -> None:
    md = registry().reporters["markdown"].render(_report(tmp_path, ruleset))
    assert "<script>" not in md
    assert "| 106.c.1.board |" in md and "### What to fix" in md


def test_text_summary(seed_path: Path, ruleset: RuleSet) -> None:
    report = cydcheck.check([seed_path], rules=ruleset)
    text = registry().reporters["text"].render(report)
    assert f"{seed_path}:" in text and " error 106.b.1.i CYD106-B1I-INTEGRATED " in text
    assert text.splitlines()[-1].startswith("1 document: ")
