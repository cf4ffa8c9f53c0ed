"""The HTML report as counsel read it: requirement first, plain words, evidence linked both ways, safe by construction.

These tests read the generated HTML with the standard library's parser; tests/test_browser.py opens it in Chromium.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import cydcheck
import pytest
from cydcheck.model import Report
from cydcheck.plugins import registry
from cydcheck.reporters.htmlview import css_string, plain_words
from cydcheck.rules import RuleSet
from cydcheck.taxonomy import catalogue
from helpers import CORPUS, EXAMPLES

# A fictional draft whose every string tries to become markup, script, style or a template.
HOSTILE_ISSUER = 'Evil "Co" </style><script>window.__pwned=8</script> \\"; } body { display: none } @import url(x);'
HOSTILE_TEXT = (
    "Risk Management and Strategy\n"
    "We assess, identify and manage material risks from cybersecurity threats through our security program. "
    '<script>window.__pwned = 1</script> <img src=x onerror="window.__pwned=2"> '
    '<a href="javascript:window.__pwned=3">click</a> [link](javascript:window.__pwned=4) '
    '<svg onload="window.__pwned=5"></svg> {{ 7*7 }} </style></textarea><style>body{display:none}</style>\n'
    "Governance\n"
    "Our board of directors oversees cybersecurity risk <script>window.__pwned=7</script> through its Audit "
    "Committee, which receives quarterly reports from our Chief Information Security Officer.\n"
)


def hostile_draft(directory: Path) -> Path:
    path = directory / "hostile-draft.json"
    path.write_text(
        json.dumps(
            {"issuer": HOSTILE_ISSUER, "form": "10-K", "period_end": "2025-12-31", "text": HOSTILE_TEXT}, indent=1
        ),
        encoding="utf-8",
    )
    return path


def render(report: Report) -> str:
    return registry().reporters["html"].render(report)


class Page(HTMLParser):
    """Every element with its attributes, the text of <style> and <script>, and ids."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.raw: dict[str, list[str]] = {"style": [], "script": []}
        self._in: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag in self.raw:
            self._in = tag
            self.raw[tag].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self.raw[self._in][-1] += data

    @property
    def ids(self) -> set[str]:
        return {a["id"] for _, a in self.tags if "id" in a}

    def hrefs(self) -> list[str]:
        return [a["href"] for t, a in self.tags if t == "a" and "href" in a]


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@pytest.fixture(scope="module")
def hostile_html(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = hostile_draft(tmp_path_factory.mktemp("hostile"))
    return render(cydcheck.check([path], rules=cydcheck.load_rules()))


@pytest.fixture(scope="module")
def seed_report(seed_path: Path) -> Report:
    return cydcheck.check([seed_path], rules=cydcheck.load_rules())


@pytest.fixture(scope="module")
def seed_html(seed_report: Report) -> str:
    return render(seed_report)


# --- safety -------------------------------------------------------------------------------------------------------


def test_hostile_text_is_escaped_and_never_markup(hostile_html: str) -> None:
    page = Page(hostile_html)
    assert "window.__pwned" in hostile_html  # it is shown, as text
    assert [t for t, _ in page.tags].count("script") == 1  # ours only
    assert "__pwned" not in page.raw["script"][0]
    assert not any(t in ("img", "svg", "iframe", "textarea", "object", "embed", "base", "form") for t, _ in page.tags)
    for tag, attrs in page.tags:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
    assert all(h.startswith("#") for h in page.hrefs())
    assert "{{ 7*7 }}" in hostile_html  # quoted text is data, never template
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in hostile_html


def test_only_our_style_and_script_may_run(hostile_html: str) -> None:
    """The Content-Security-Policy allows exactly the inline style and script the report carries, by hash."""
    page = Page(hostile_html)
    csp = next(a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp and "base-uri 'none'" in csp
    styles, scripts = page.raw["style"], page.raw["script"]
    assert len(styles) == 2 and len(scripts) == 1
    style_src = re.search(r"style-src ([^;]+)", csp)
    script_src = re.search(r"script-src ([^;]+)", csp)
    assert style_src and script_src
    assert set(style_src.group(1).split()) == {_sha(s) for s in styles}
    assert script_src.group(1).split() == [_sha(scripts[0])]
    assert not [a for t, a in page.tags if "style" in a]  # an inline style attribute would need 'unsafe-inline'


def test_hostile_issuer_cannot_escape_the_running_header(hostile_html: str) -> None:
    page_css = Page(hostile_html).raw["style"][1]
    assert "</style" not in page_css.lower() and "@import" not in page_css and "url(" not in page_css
    # The header is one CSS string: no raw quote, backslash-quote or newline can end it.
    header = re.search(r'content: (".*?(?<!\\)");', page_css)
    assert header is not None
    assert '"' not in header.group(1)[1:-1].replace('\\"', "")
    assert "\\22 " in header.group(1) and "\\3c " in header.group(1)


def test_css_string_escapes_everything_that_could_close_it() -> None:
    assert css_string("Acme Co. 10-K") == '"Acme Co. 10-K"'
    out = css_string("a\"b'c\\d\ne</style>;{}")
    assert not set(out[1:-1]) & set("\"'\n<>;{}") and out.count('"') == 2


def test_self_contained(seed_html: str) -> None:
    page = Page(seed_html)
    for tag, attrs in page.tags:
        for name in ("src", "href", "action", "srcset", "poster"):
            value = attrs.get(name)
            assert value is None or value.startswith("#"), (tag, name, value)
    assert "@import" not in seed_html and "url(" not in seed_html and "http://" not in seed_html.split("<body", 1)[0]


def test_same_report_same_bytes(seed_report: Report) -> None:
    assert render(seed_report) == render(seed_report)


# --- requirement first --------------------------------------------------------------------------------------------


def _section_order(html: str, doc: int = 0) -> list[str]:
    return re.findall(rf'<section class="req [\w-]+" id="doc{doc}-req-([^"]+)"', html)


def test_requirements_in_attention_order_then_met(seed_report: Report, seed_html: str) -> None:
    verdicts = {r.key: r for r in seed_report.documents[0].requirements}
    order = _section_order(seed_html)
    statuses = [verdicts[k].status for k in order]
    rank = {"fail": 0, "warning": 1, "review": 2, "notice": 3, "pass": 4, "waived": 4}
    assert statuses == sorted(statuses, key=rank.__getitem__)
    assert statuses[0] == "fail" and "pass" in statuses
    # Within a group, checklist order.
    checklist = [r.key for r in seed_report.documents[0].requirements]
    for group in ("fail", "pass"):
        keys = [k for k in order if verdicts[k].status == group]
        assert keys == sorted(keys, key=checklist.index)
    # Not applicable requirements are listed (with their reason), not given a section.
    skipped = [k for k, v in verdicts.items() if v.status == "skip"]
    assert skipped and not set(skipped) & set(order)
    for key in skipped:
        assert f'<li id="doc0-req-{key}">' in seed_html


def test_every_requirement_section_says_status_verdict_fix_and_evidence(seed_report: Report, seed_html: str) -> None:
    for r in seed_report.documents[0].requirements:
        if r.status in ("skip", "not-checked"):
            continue
        section = _section(seed_html, f"doc0-req-{r.key}")
        assert f'<span class="badge {r.status}">' in section
        assert r.citation.replace("&", "&amp;") in section
        if r.fix:
            assert "What to fix:" in section
        assert section.count('<blockquote class="quote">') == len(r.evidence)
        if not r.evidence and r.status in ("fail", "warning"):
            assert "Nothing in the text answers this." in section


def _section(html: str, anchor: str) -> str:
    start = html.index(f'id="{anchor}"')
    return html[start : html.index("</section>", start)]


def test_summary_lists_what_must_be_fixed(seed_report: Report, seed_html: str) -> None:
    summary = seed_html[seed_html.index('<section class="summary"') :]
    summary = summary[: summary.index("</section>")]
    failing = [r for r in seed_report.documents[0].requirements if r.status == "fail"]
    assert failing and "Not ready to file" in summary and "Must fix before filing" in summary
    for r in failing:
        assert f'href="#doc0-req-{r.key}"' in summary


def test_suggestions_are_never_failures(seed_report: Report, seed_html: str) -> None:
    doc = seed_report.documents[0]
    suggested = [r for r in doc.requirements if r.suggestions]
    assert suggested
    for r in suggested:
        section = _section(seed_html, f"doc0-req-{r.key}")
        assert "Suggestions" in section
        for rule_id in r.suggestions:
            line = section[section.index(rule_id) - 400 : section.index(rule_id)]
            assert '<span class="badge small suggestion">Suggestion</span>' in line


def test_rules_collapse_when_they_agree(seed_html: str) -> None:
    details = re.findall(r'<details class="rules"( open)?>\s*<summary>([^<]*)</summary>', seed_html)
    assert details
    for is_open, summary in details:
        assert bool(is_open) == ("differ" in summary), summary


# --- human words --------------------------------------------------------------------------------------------------


def test_element_names_only_in_small_print(seed_html: str) -> None:
    visible = re.sub(r'<small class="name">[^<]*</small>', "", seed_html)
    for element in catalogue().elements:
        assert element.name not in visible, element.name
    assert "Board oversight — text block" in seed_html


def test_plain_words_replaces_element_names_in_messages() -> None:
    said = plain_words("applies when CybersecurityRiskManagementProcessesIntegratedFlag is true")
    assert said == "applies when the “Processes integrated into overall risk management” flag is true"


def test_every_element_has_a_plain_label() -> None:
    for element in catalogue().elements:
        assert element.plain and not re.search(r"[a-z][A-Z]", element.plain), element.name


def test_no_internal_ids_in_titles_or_headings(seed_html: str) -> None:
    page = Page(seed_html)
    for _, attrs in page.tags:
        title = attrs.get("title", "")
        assert not re.search(r"\bd\d+-[a-z]\d|CYD[0-9A-Z-]*-|\b\d{3}\.[a-z]\.", title), title
    for heading in re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", seed_html, re.S):
        assert not re.search(r"CYD[0-9A-Z-]*-|\b106\.[a-z]\.\d", heading), heading


COMPANY_SUFFIX = re.compile(r"\b(?:Inc|Corp|Corporation|LLC|Ltd|plc|N\.A|& Co)\b\.?")


def test_rule_rationales_name_no_company(ruleset: RuleSet) -> None:
    for rule in ruleset.rules:
        assert not COMPANY_SUFFIX.search(rule.spec.rationale), rule.spec.id


@pytest.mark.shared
def test_rule_rationales_name_no_filer_of_the_corpus(ruleset: RuleSet) -> None:
    """No rationale names a company whose filing is in the corpus (an example filer inside every client's report)."""
    names = set()
    for path in sorted((CORPUS / "ixbrl").iterdir()):
        issuer = cydcheck.parse(path).issuer or ""
        first = re.sub(r"[^A-Za-z ]", " ", issuer).split()
        if first and len(first[0]) > 2:
            names.add(first[0].capitalize())
    assert len(names) >= 10
    for rule in ruleset.rules:
        words = set(re.findall(r"[A-Z][a-z]+", rule.spec.rationale))
        assert not words & names, (rule.spec.id, words & names)


# --- evidence marked, linked both ways ----------------------------------------------------------------------------


def test_links_resolve_and_highlights_link_to_their_requirement(seed_html: str) -> None:
    page = Page(seed_html)
    ids = page.ids
    for href in page.hrefs():
        assert href[1:] in ids, href
    marks = [a for t, a in page.tags if t == "a" and "hl" in a.get("class", "").split()]
    assert marks
    for a in marks:
        assert a["href"].startswith("#doc0-req-") and a["title"].startswith("Supports ")
    # Every quote under a requirement links to its place in the text, where a mark links back.
    quote_links = re.findall(r'<a href="#(d0-q\d+)">see it in the text</a>', seed_html)
    assert quote_links
    for anchor in quote_links:
        after = seed_html[seed_html.index(f'id="{anchor}"') :][:400]
        assert '<a class="hl' in after


def test_highlights_coloured_by_requirement_status_with_a_legend(seed_report: Report, seed_html: str) -> None:
    tones = set(re.findall(r'<a class="hl" href="#doc0-req-[^"]+" title="[^"]*"><mark class="([\w-]+)">', seed_html))
    assert {"pass", "warning"} <= tones
    legend = seed_html[seed_html.index('<p class="legend">') :]
    legend = legend[: legend.index("</p>")]
    for tone in tones:
        assert f'<mark class="{tone}">' in legend


def test_where_an_unanswered_requirement_would_belong(tmp_path: Path, ruleset: RuleSet) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(
        "Risk Management and Strategy\n\nWe maintain a cybersecurity program to assess, identify and manage material "
        "risks from cybersecurity threats, and we monitor our systems.\n\n"
        "Governance\n\nOur Chief Information Security Officer leads the program.\n",
        encoding="utf-8",
    )
    html = render(cydcheck.check([draft], rules=ruleset, form="10-K"))
    section = _section(html, "doc0-req-106.c.1.board")
    assert "Nothing in the text answers this." in section
    assert "Governance" in section and 'href="#d0-h-governance"' in section
    assert 'id="d0-h-governance"' in html


# --- documents that were not reviewed, and many documents ---------------------------------------------------------


def test_not_reviewed_document_never_looks_clean(tmp_path: Path, ruleset: RuleSet) -> None:
    draft = tmp_path / "incorporated.json"
    draft.write_text(
        json.dumps(
            {
                "issuer": "Fictional Bancorp",
                "form": "10-K",
                "section_status": "incorporated_by_reference",
                "text": "The information required by this Item 1C is incorporated by reference to our Annual Report.",
            },
            indent=1,
        ),
        encoding="utf-8",
    )
    html = render(cydcheck.check([draft], rules=ruleset))
    assert '<span class="badge not-checked">Not reviewed</span>' in html
    assert "incorporates the disclosure by reference" in html
    for green in ('class="badge pass"', 'class="banner pass"', 'class="req pass"', "Ready"):
        assert green not in html.split("<main>", 1)[1], green


def test_a_source_cut_short_is_said_at_the_top_of_its_summary(tmp_path: Path, ruleset: RuleSet) -> None:
    """The cut was noted only under "Reading the source", below the checklist, in the warning colour of any note."""
    cut = tmp_path / "cut-8k.htm"
    cut.write_bytes((EXAMPLES / "granite-peak-8k.htm").read_bytes()[:2000])
    html = render(cydcheck.check([cut], rules=ruleset))
    summary = html.split('<section class="summary"', 1)[1].split("</section>", 1)[0]
    banner = summary.split('role="alert">', 1)[1].split("</div>", 1)[0]
    assert summary.index('role="alert"') < summary.index('<div class="banner', summary.index("</div>"))
    assert '<span class="badge warning">Source damaged</span>' in banner
    assert "the document ends inside &lt;p&gt; at line 25 without closing it: it may be cut short" in banner
    whole = render(cydcheck.check([EXAMPLES / "granite-peak-8k.htm"], rules=ruleset))
    assert "Source damaged" not in whole and 'role="alert"' not in whole


def test_many_documents_have_contents_grid_and_back_links(tmp_path: Path, ruleset: RuleSet) -> None:
    a = hostile_draft(tmp_path)
    b = tmp_path / "plain.txt"
    b.write_text("Governance\nOur board of directors oversees cybersecurity risk.\n", encoding="utf-8")
    report = cydcheck.check([a, b], rules=ruleset)
    html = render(report)
    page = Page(html)
    assert 'id="contents"' in html and html.count('href="#contents"') == 2
    for i, result in enumerate(report.documents):
        assert f'href="#doc{i}"' in html
        for r in result.requirements:
            assert f'href="#doc{i}-req-{r.key}"' in html  # its grid cell
    cells = [a for t, a in page.tags if t == "td" and "cell" in a.get("class", "")]
    assert len(cells) >= 2 * len(report.documents[1].requirements)
    for href in page.hrefs():
        assert href[1:] in page.ids, href
    # Each document has its own running header (a CSS named page).
    assert "@page doc0 " in page.raw["style"][1] and "@page doc1 " in page.raw["style"][1]
