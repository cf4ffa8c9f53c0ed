"""The HTML report in a real browser (headless Chromium driven by Playwright, the system browser, never a download):
nothing from a hostile disclosure runs, links resolve, the page works without script, it prints within bounds with a
running header naming the filing, and the basics of accessibility hold.

The tests skip when no Chromium or no Playwright is installed; with CYDCHECK_REQUIRE_BROWSER=1 (CI) they fail instead.
"""

from __future__ import annotations

import io
import itertools
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cydcheck
import pytest
from cydcheck.model import Report
from cydcheck.plugins import registry
from helpers import CORPUS
from test_html_report import hostile_draft

REQUIRE_BROWSER = "CYDCHECK_REQUIRE_BROWSER"
# What a root sandbox without a network needs (see the README's HTML section).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SEED_MAX_PAGES = 6


def _unavailable(reason: str) -> None:
    if os.environ.get(REQUIRE_BROWSER, "") not in ("", "0"):
        pytest.fail(f"{reason}; {REQUIRE_BROWSER} is set, so this is a failure, not a skip", pytrace=False)
    pytest.skip(reason)


def chromium_path() -> str | None:
    return os.environ.get("CYDCHECK_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the browser tests need Playwright (pip install '.[test]')")
    path = chromium_path()
    if path is None:
        _unavailable("the browser tests need Chromium (Debian: apt-get install chromium)")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def write(tmp_path: Path, report: Report, name: str = "report.html") -> Path:
    out = tmp_path / name
    out.write_text(registry().reporters["html"].render(report), encoding="utf-8")
    return out


class Opened:
    """A report open in a fresh page, with every console error and page error it caused."""

    def __init__(self, browser: Any, path: Path, javascript: bool = True) -> None:
        self.context = browser.new_context(java_script_enabled=javascript, viewport={"width": 1200, "height": 900})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")

    def js(self, expression: str) -> Any:
        return self.page.evaluate(expression)

    def pdf(self) -> bytes:
        data: bytes = self.page.pdf(format="Letter")
        return data

    def close(self) -> None:
        self.context.close()


def pdf_pages(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


@pytest.fixture(scope="module")
def seed_report(seed_path: Path) -> Report:
    return cydcheck.check([seed_path], rules=cydcheck.load_rules())


@pytest.fixture()
def seed_page(browser: Any, seed_report: Report, tmp_path: Path) -> Iterator[Opened]:
    opened = Opened(browser, write(tmp_path, seed_report))
    yield opened
    opened.close()


# --- nothing from the disclosure runs ------------------------------------------------------------------------------

LIVE_ELEMENTS = """() => ({
  pwned: window.__pwned === undefined ? null : String(window.__pwned),
  scripts: document.scripts.length,
  // The report's own charts (the portfolio's and the peers' views) are the only SVG it may hold.
  embedded: document.querySelectorAll("img, svg, iframe, object, embed, form, base, link, textarea").length
    - document.querySelectorAll(":is(#portfolio, #peers) svg.chart").length,
  charts: document.querySelectorAll(":is(#portfolio, #peers) svg.chart").length,
  handlers: [...document.querySelectorAll("*")]
    .filter(e => [...e.attributes].some(a => a.name.startsWith("on"))).length,
  jsLinks: [...document.querySelectorAll("[href], [src], [action]")].filter(e => /^\\s*javascript:/i.test(
    e.getAttribute("href") || e.getAttribute("src") || e.getAttribute("action") || "")).length,
  bodyShown: getComputedStyle(document.body).display !== "none",
  filterShown: !document.getElementById("filter").hidden,
})"""


def test_hostile_disclosure_never_runs_nor_becomes_live(browser: Any, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    drafts = [hostile_draft(tmp_path / "a"), hostile_draft(tmp_path / "b")]
    report = cydcheck.check(drafts, rules=cydcheck.load_rules())
    opened = Opened(browser, write(tmp_path, report))
    try:
        state = opened.js(LIVE_ELEMENTS)
        assert state["pwned"] is None
        assert state["scripts"] == 1  # the report's own
        assert state["embedded"] == 0 and state["handlers"] == 0 and state["jsLinks"] == 0
        assert state["charts"] == 3  # two documents: the portfolio's three charts, nothing else drawn
        assert state["bodyShown"]
        # The report's own script and styles pass its Content-Security-Policy (no "Refused to…" errors), so the
        # policy is what keeps anything else from running.
        assert state["filterShown"]
        assert opened.errors == []
        text = opened.js("document.body.innerText")
        assert "<script>window.__pwned = 1</script>" in text and "{{ 7*7 }}" in text
        # Clicking every highlight only moves within the page.
        for link in opened.page.locator("a.hl").all()[:5]:
            link.click()
            assert opened.js("location.protocol") == "file:" and opened.js("window.__pwned") is None
    finally:
        opened.close()


def test_policy_blocks_what_slips_into_the_page(browser: Any, tmp_path: Path, seed_report: Report) -> None:
    """Defence in depth: even a script element planted in the file after rendering does not run."""
    html = registry().reporters["html"].render(seed_report)
    planted = html.replace(
        "</main>", "<script>window.__pwned = 9</script><img src=x onerror='window.__pwned=10'></main>"
    )
    path = tmp_path / "planted.html"
    path.write_text(planted, encoding="utf-8")
    opened = Opened(browser, path)
    try:
        assert opened.js("window.__pwned === undefined")
        assert any("Content Security Policy" in e for e in opened.errors)
    finally:
        opened.close()


# --- links, anchors, script as a nicety ----------------------------------------------------------------------------

BROKEN_LINKS = """() => {
  const ids = [...document.querySelectorAll("[id]")].map(e => e.id);
  const broken = [...document.querySelectorAll("a[href]")].map(a => a.getAttribute("href"))
    .filter(h => !h.startsWith("#") || !document.getElementById(decodeURIComponent(h.slice(1))));
  return {broken, duplicates: ids.length - new Set(ids).size};
}"""


def test_links_and_anchors_resolve_both_ways(seed_page: Opened) -> None:
    state = seed_page.js(BROKEN_LINKS)
    assert state == {"broken": [], "duplicates": 0}
    # A highlight leads to its requirement; the requirement's quote leads back to the highlight.
    first = seed_page.page.locator("a.hl").first
    target = first.get_attribute("href")
    first.click()
    assert seed_page.js("location.hash") == target
    assert seed_page.js(f"document.getElementById({target[1:]!r}).tagName") == "SECTION"
    back = seed_page.page.locator(f"{_css_id(target[1:])} .quote a").first
    quote_target = back.get_attribute("href")
    back.click()
    assert seed_page.js("location.hash") == quote_target
    assert seed_page.js(f"document.getElementById({quote_target[1:]!r}).nextElementSibling.className") == "hl"


def _css_id(anchor: str) -> str:
    return "#" + re.sub(r"([^\w-])", r"\\\1", anchor)


def test_filter_by_status_and_page_complete_without_script(browser: Any, seed_page: Opened, tmp_path: Path) -> None:
    page = seed_page.page
    page.get_by_role("button", name="Needs attention").click()
    assert page.locator(".group.settled").is_hidden() and page.locator(".group.attention").is_visible()
    page.get_by_role("button", name="Everything").click()
    assert page.locator(".group.settled").is_visible()

    no_script = Opened(browser, Path(page.url.removeprefix("file://")), javascript=False)
    try:
        assert no_script.page.locator("#filter").is_hidden()
        for group in (".group.attention", ".group.settled", ".group.na", ".disclosure"):
            assert no_script.page.locator(group).is_visible(), group
        assert no_script.js(BROKEN_LINKS)["broken"] == []
    finally:
        no_script.close()


# --- print ---------------------------------------------------------------------------------------------------------


def test_seed_prints_within_bounds_with_header_page_numbers_and_rationale(
    seed_page: Opened, seed_report: Report
) -> None:
    pages = pdf_pages(seed_page.pdf())
    assert 1 <= len(pages) <= SEED_MAX_PAGES, len(pages)
    doc = seed_report.documents[0].disclosure
    for number, text in enumerate(pages, 1):
        assert f"Page {number} of {len(pages)}" in text
        assert (doc.issuer or doc.source) in text  # the running header names the filing
    printed = re.sub(r"\s+", " ", " ".join(pages))
    # Collapsed on screen, every rule's rationale is printed.
    agreeing = seed_page.page.locator("details.rules:not([open]) .why").first.inner_text(timeout=1000)
    assert not seed_page.page.locator("details.rules:not([open]) .why").first.is_visible()
    assert re.sub(r"\s+", " ", agreeing)[:80] in printed


def fictional_filings(directory: Path) -> list[Path]:
    """Three small fictional filings (one incorporated by reference: not reviewed) for the many-documents report."""
    paths = []
    for name, text, extra in (
        ("Alder Freight Co.", "Governance\n\nOur board of directors oversees cybersecurity risk.\n", ""),
        ("Birch Mills Inc.", "Risk Management and Strategy\n\nWe assess cybersecurity risks annually.\n", ""),
        ("Cedar Bancorp", "Item 1C is incorporated by reference to our Annual Report.", "incorporated_by_reference"),
    ):
        path = directory / f"{name.split()[0].lower()}.yaml"
        status = f"section_status: {extra}\n" if extra else ""
        path.write_text(
            f"issuer: {name}\nform: 10-K\nperiod_end: 2025-12-31\n{status}text: |-\n  "
            + text.replace("\n", "\n  ")
            + "\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def test_many_filings_print_each_on_its_own_pages(browser: Any, tmp_path: Path) -> None:
    report = cydcheck.check(fictional_filings(tmp_path), rules=cydcheck.load_rules())
    opened = Opened(browser, write(tmp_path, report))
    try:
        assert opened.js(BROKEN_LINKS) == {"broken": [], "duplicates": 0}
        pages = pdf_pages(opened.pdf())
    finally:
        opened.close()
    headings = [d.disclosure.issuer or d.disclosure.source for d in report.documents]
    owner: list[int | None] = []
    for text in pages:
        header = text.split("\n", 1)[0]
        found = [i for i, h in enumerate(headings) if header.startswith(h)]
        owner.append(found[0] if found else None)
    first = [owner.index(i) for i in range(len(headings))]  # every filing has pages headed with its name …
    assert first == sorted(first)
    for i, start in enumerate(first):  # … and its first page starts with its own title, not the end of another
        assert headings[i] in pages[start].split("\n", 2)[-1][:300], (i, pages[start][:300])
        assert all(o == i for o in owner[start : (first[i + 1] if i + 1 < len(first) else len(owner))])
    assert all(o is None for o in owner[: first[0]])  # the contents and the grid come first
    assert "Not reviewed" in pages[first[2]]


@pytest.mark.shared
def test_corpus_report_links_resolve_and_prints_compactly(browser: Any, tmp_path: Path) -> None:
    from pypdf import PdfReader

    report = cydcheck.check([CORPUS / "ixbrl"], rules=cydcheck.load_rules())
    opened = Opened(browser, write(tmp_path, report))
    try:
        assert opened.js(BROKEN_LINKS) == {"broken": [], "duplicates": 0}
        pages = len(PdfReader(io.BytesIO(opened.pdf())).pages)
    finally:
        opened.close()
    # 12 filings printed to 166 pages before the report was rebuilt requirement first; now about 6 a filing.
    assert len(report.documents) < pages <= 8 * len(report.documents), pages


# --- accessibility -------------------------------------------------------------------------------------------------

COLOURS = """() => {
  const bg = e => { for (; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor;
    if (c !== "rgba(0, 0, 0, 0)" && c !== "transparent") return c; } return "rgb(255, 255, 255)"; };
  return [...document.querySelectorAll(".badge, .cell a, mark, a.ref, .banner .head, .suggestions .label, small.name")]
    .filter(e => e.offsetParent !== null)
    .map(e => [e.className || e.tagName, getComputedStyle(e).color, bg(e)]);
}"""


def _luminance(rgb: str) -> float:
    channels = [int(c) / 255 for c in re.findall(r"\d+", rgb)[:3]]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(fg: str, bg: str) -> float:
    a, b = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def test_status_colours_have_enough_contrast(browser: Any, tmp_path: Path, seed_report: Report) -> None:
    report = cydcheck.check([hostile_draft(tmp_path)], rules=cydcheck.load_rules())
    for path in (write(tmp_path, seed_report, "seed.html"), write(tmp_path, report, "many.html")):
        opened = Opened(browser, path)
        try:
            colours = opened.js(COLOURS)
        finally:
            opened.close()
        assert len({c[0] for c in colours}) > 5
        low = [(what, fg, bg, round(contrast(fg, bg), 2)) for what, fg, bg in colours if contrast(fg, bg) < 4.5]
        assert low == []


OUTLINE = """() => ({
  main: document.querySelectorAll("main").length,
  banner: document.querySelectorAll("body > header").length,
  contentinfo: document.querySelectorAll("body > footer").length,
  navLabelled: [...document.querySelectorAll("nav")].every(n => n.getAttribute("aria-label")),
  headings: [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].map(h => Number(h.tagName[1])),
  lang: document.documentElement.lang,
  title: document.title,
  wordless: [...document.querySelectorAll(".badge, td.cell, a.ref")].filter(e => !e.textContent.trim()).length,
  unlabelledMarks: [...document.querySelectorAll("a.hl")].filter(a => !a.title.startsWith("Supports ")).length,
})"""


def test_landmarks_headings_and_words_for_every_status(seed_page: Opened) -> None:
    outline = seed_page.js(OUTLINE)
    assert outline["main"] == 1 and outline["banner"] == 1 and outline["contentinfo"] == 1 and outline["navLabelled"]
    assert outline["lang"] == "en" and outline["title"].startswith("Cybersecurity disclosure review")
    levels = outline["headings"]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels
    assert outline["wordless"] == 0 and outline["unlabelledMarks"] == 0
