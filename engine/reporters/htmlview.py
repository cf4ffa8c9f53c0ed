"""The HTML report's view of a :class:`~cydcheck.model.Report`: what counsel read, computed once in Python so the
template only lays it out.

Requirement first: each document's requirements are grouped (needs attention, met, not applicable) and each carries
its verdict, its fix, its quoted evidence (linked both ways to the marked disclosure), its rules and its suggestions;
a requirement with nothing in the text says where such text would belong. XBRL element names are shown by their
plain label. Nothing here renders markup: every string is escaped by the template.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from base64 import b64encode
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from ..model import (
    TEXT_FIELD,
    Disclosure,
    DocumentResult,
    Evidence,
    Fact,
    FactKind,
    Finding,
    Form,
    Outcome,
    Report,
    RequirementState,
    RequirementVerdict,
    Severity,
)
from ..taxonomy import Element, catalogue
from .portfolioview import PeersView, PortfolioView, build_peers, build_portfolio
from .templating import where

STATUS_LABEL: dict[str, str] = {
    "fail": "Not met",
    "warning": "Not met (warning)",
    "notice": "Not met (notice)",
    "review": "Needs review",
    "pass": "Met",
    "waived": "Waived",
    "skip": "Not applicable",
    "not-checked": "Not checked",
}
"""A requirement's status in words: every badge and grid cell says it, so colour is never the only signal."""

STATUS_SYMBOL: dict[str, str] = {
    "fail": "✗",
    "warning": "!",
    "notice": "i",
    "review": "?",
    "pass": "✓",
    "waived": "W",
    "skip": "–",
    "not-checked": "·",
}

_WORST_FIRST: tuple[RequirementState, ...] = ("fail", "warning", "review", "notice", "waived", "pass", "skip")
ATTENTION: tuple[RequirementState, ...] = ("fail", "warning", "review", "notice")
SETTLED: tuple[RequirementState, ...] = ("pass", "waived")

# Where an Item 106 / Item 1.05 answer usually stands: the sub-headings the rule text itself uses. Shown for a
# requirement the text does not answer, with a link when the disclosure has that heading.
_USUAL_HEADING: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    ("106.b", "Risk Management and Strategy", re.compile(r"\brisk\s+management\b.{0,20}\bstrategy\b", re.I)),
    ("106.c", "Governance", re.compile(r"\bgovernance\b", re.I)),
    ("1.05", "Item 1.05. Material Cybersecurity Incidents", re.compile(r"\bitem\s*1\.05\b", re.I)),
)
_SHORT_QUOTE = 200
"""How much of a quote a met requirement shows (characters)."""
_HEADING_MAX = 90
"""A line longer than this is prose, not a heading."""


@dataclass(frozen=True)
class ElementRef:
    """A cyd element as a reader sees it: its plain label, the element name in small print."""

    plain: str
    name: str


@dataclass(frozen=True)
class Quote:
    """One quoted span under a requirement, and where it stands."""

    text: str
    tagged_as: ElementRef | None
    where: str
    anchor: str | None
    """The id of the span in the marked disclosure (None when the quote is not in the section text)."""

    @property
    def short(self) -> str:
        """The quote cut to its opening words, for a requirement that is met (the whole passage is marked in the
        disclosure, a link away)."""
        if len(self.text) <= _SHORT_QUOTE:
            return self.text
        cut = self.text[:_SHORT_QUOTE].rsplit(" ", 1)[0].rstrip(" ,;:")
        return cut + " …"


@dataclass(frozen=True)
class RuleView:
    finding: Finding
    label: str
    tone: str
    observed: str


@dataclass(frozen=True)
class ElementState:
    """A cyd element that would carry a requirement's answer, and whether (and how) it is tagged."""

    element: ElementRef
    flag: bool
    tagged: bool
    value: str
    anchor: str | None


@dataclass(frozen=True)
class Absence:
    """Where the answer to an unanswered requirement would belong."""

    heading: str | None
    heading_anchor: str | None
    elements: tuple[ElementState, ...]


@dataclass(frozen=True)
class RequirementView:
    number: int
    verdict: RequirementVerdict
    anchor: str
    label: str
    quotes: tuple[Quote, ...]
    rules: tuple[RuleView, ...]
    rules_agree: bool
    suggestions: tuple[Finding, ...]
    absence: Absence | None

    @property
    def status(self) -> str:
        return self.verdict.status


@dataclass(frozen=True)
class Piece:
    """A run of the section text, the requirements that rest on it, and the anchors that start or end there."""

    text: str
    tone: str
    """The status of the worst requirement the text supports ("" when none)."""
    title: str
    starts: tuple[str, ...]
    """Ids of evidence spans, headings and tagged facts that start here."""
    refs: tuple[tuple[int, str, str], ...]
    """(number, anchor, status) of each requirement whose evidence span ends at this piece's end."""
    link: str | None
    """The requirement the marked text links to (the worst it supports)."""


@dataclass(frozen=True)
class NotApplicable:
    title: str
    citation: str
    reason: str
    anchor: str | None
    number: int | None
    rules: tuple[str, ...] = ()
    """For rules outside the checklist: their titles."""


@dataclass(frozen=True)
class FlagView:
    element: ElementRef
    value: str


@dataclass(frozen=True)
class DocumentView:
    index: int
    anchor: str
    result: DocumentResult
    page: str
    """The CSS named page of the document (its running header)."""
    heading: str
    form: str
    period: str
    requirements: tuple[RequirementView, ...]
    attention: tuple[RequirementView, ...]
    settled: tuple[RequirementView, ...]
    not_applicable: tuple[NotApplicable, ...]
    other_forms: tuple[NotApplicable, ...]
    pieces: tuple[Piece, ...]
    legend: tuple[str, ...]
    flags: tuple[FlagView, ...]
    counts: dict[str, int]
    suggestion_count: int

    @property
    def doc(self) -> Disclosure:
        return self.result.disclosure

    @property
    def reviewed(self) -> bool:
        return self.result.reviewed

    @property
    def not_reviewed_reason(self) -> str:
        """Why the document was not reviewed, as a sentence: "The item incorporates the disclosure by reference…"."""
        note = (self.result.status_note or "no disclosure to review").removeprefix("not reviewed: ")
        return note[:1].upper() + note[1:]

    def by_status(self, *states: str) -> tuple[RequirementView, ...]:
        return tuple(r for r in self.requirements if r.status in states)

    def cell(self, key: str) -> RequirementView | None:
        return next((r for r in self.requirements if r.verdict.key == key), None)


@dataclass(frozen=True)
class Column:
    number: int
    key: str
    title: str
    citation: str


@dataclass(frozen=True)
class ReportView:
    report: Report
    documents: tuple[DocumentView, ...]
    columns: tuple[Column, ...]
    """Every requirement of any document's checklist, numbered once for the whole report."""
    page_css: str
    """The running headers: one CSS named page per document (its company, form and period)."""
    portfolio: PortfolioView | None = None
    """For two documents or more: how the set stands (charts and their numbers)."""
    peers: PeersView | None = None
    """With --peers: how the peers stand, and each document against them."""


def build(report: Report) -> ReportView:
    columns = _columns(report)
    numbers = {c.key: c.number for c in columns}
    documents = tuple(_document(result, i, numbers) for i, result in enumerate(report.documents))
    return ReportView(
        report,
        documents,
        columns,
        _page_css(documents),
        build_portfolio(report, numbers),
        build_peers(report, numbers, [d.heading for d in documents]),
    )


def _columns(report: Report) -> tuple[Column, ...]:
    order = {r.requirement: i for i, r in reversed(list(enumerate(report.rules)))}
    seen: dict[str, RequirementVerdict] = {}
    for result in report.documents:
        for verdict in result.requirements:
            seen.setdefault(verdict.key, verdict)
    keys = sorted(seen, key=lambda k: (order.get(k, len(order)), list(seen).index(k)))
    return tuple(Column(i + 1, k, seen[k].title, seen[k].citation) for i, k in enumerate(keys))


def requirement_anchor(doc_index: int, key: str) -> str:
    return f"doc{doc_index}-req-{key}"


# --- element names in words ------------------------------------------------------------------------------------


def element_ref(name: str) -> ElementRef:
    element = catalogue().by_name(name)
    return ElementRef(element.plain_label if element else _split_camel(name), name)


def _split_camel(name: str) -> str:
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).split()
    return " ".join(words[:1] + [w.lower() for w in words[1:]])


@cache
def _names_pattern() -> re.Pattern[str]:
    names = sorted((e.name for e in catalogue().elements), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b")


def plain_words(text: str) -> str:
    """A message with every cyd element name replaced by its plain label in quotes: the reader never has to parse
    ``CybersecurityRiskBoardOfDirectorsOversightTextBlock``."""

    def swap(m: re.Match[str]) -> str:
        element = catalogue().by_name(m.group(0))
        if element is None:  # pragma: no cover - the pattern is built from the catalogue
            return m.group(0)
        kind = "flag" if element.kind is FactKind.FLAG else "text block"
        return f"the “{element.plain}” {kind}"

    return _names_pattern().sub(swap, text)


# --- one document --------------------------------------------------------------------------------------------------


@dataclass
class _Span:
    id: str
    start: int
    end: int
    numbers: list[int]


def _document(result: DocumentResult, index: int, numbers: dict[str, int]) -> DocumentView:
    doc = result.disclosure
    prefix = f"d{index}"
    spans: dict[tuple[int, int], _Span] = {}

    def span_for(ev: Evidence, number: int) -> str | None:
        at = _offsets(doc, ev)
        if at is None:
            return None
        span = spans.get(at)
        if span is None:
            span = spans[at] = _Span(f"{prefix}-q{len(spans) + 1}", at[0], at[1], [])
        if number not in span.numbers:
            span.numbers.append(number)
        return span.id

    headings = _headings(doc.text)
    fact_starts = _fact_starts(doc)
    anchors: dict[int, list[str]] = {}
    for heading, at in headings.items():
        anchors.setdefault(at, []).append(f"{prefix}-h-{_slug(heading)}")
    for fact_id, at in fact_starts.items():
        anchors.setdefault(at, []).append(f"{prefix}-f-{_slug(fact_id)}")

    views: list[RequirementView] = []
    for verdict in result.requirements:
        number = numbers[verdict.key]
        mine = [f for f in result.findings if f.requirement == verdict.key]
        quotes = tuple(
            Quote(
                text=ev.quote,
                tagged_as=element_ref(ev.field.removeprefix("fact:")) if ev.field != TEXT_FIELD else None,
                where=where(ev.location),
                anchor=span_for(ev, number) if result.reviewed else None,
            )
            for ev in verdict.evidence
        )
        applied = [f for f in mine if f.outcome is not Outcome.SKIP]
        rules = tuple(_rule_view(f) for f in applied)
        counted = {r.tone for r, f in zip(rules, applied, strict=True) if f.severity is not Severity.SUGGESTION}
        suggestions = tuple(
            f for f in applied if f.severity is Severity.SUGGESTION and f.outcome in (Outcome.FAIL, Outcome.REVIEW)
        )
        views.append(
            RequirementView(
                number=number,
                verdict=verdict,
                anchor=requirement_anchor(index, verdict.key),
                label=STATUS_LABEL[verdict.status],
                quotes=quotes,
                rules=rules,
                rules_agree=len(counted) <= 1 and not suggestions,
                suggestions=suggestions,
                absence=_absence(doc, verdict, prefix, headings, fact_starts) if not quotes else None,
            )
        )

    status = {v.number: v.status for v in views}
    anchor_of = {v.number: v.anchor for v in views}
    title_of = {v.number: v.verdict.title for v in views}
    pieces = _pieces(doc.text, list(spans.values()), anchors, status, anchor_of, title_of)
    checklist = {v.verdict.key for v in views}
    other = [f for f in result.findings if f.requirement not in checklist]
    tones = sorted({p.tone for p in pieces if p.tone}, key=_WORST_FIRST.index)
    issuer = doc.issuer or doc.source
    return DocumentView(
        index=index,
        anchor=f"doc{index}",
        result=result,
        page=f"doc{index}",
        heading=issuer,
        form=doc.form.value if doc.form is not Form.UNKNOWN else "form unknown",
        period=f"period ended {doc.period_end.isoformat()}" if doc.period_end else "period not stated",
        requirements=tuple(views),
        attention=tuple(sorted((v for v in views if v.status in ATTENTION), key=lambda v: ATTENTION.index(v.status)))
        if result.reviewed
        else (),
        settled=tuple(v for v in views if v.status in SETTLED),
        not_applicable=tuple(
            NotApplicable(
                v.verdict.title,
                v.verdict.citation,
                plain_words(v.verdict.summary.removeprefix("Not applicable: ")),
                v.anchor,
                v.number,
            )
            for v in views
            if v.status in ("skip", "not-checked") and result.reviewed
        ),
        other_forms=_other_forms(other),
        pieces=tuple(pieces),
        legend=tuple(tones),
        flags=tuple(
            FlagView(element_ref(f.name), "not answered" if f.value is None else str(f.value).lower())
            for f in doc.facts
            if f.kind is FactKind.FLAG
        ),
        counts={state: sum(v.status == state for v in views) for state in STATUS_LABEL},
        suggestion_count=sum(len(v.suggestions) for v in views),
    )


def _rule_view(f: Finding) -> RuleView:
    if f.waived:
        label, tone = "Waived", "waived"
    elif f.severity is Severity.SUGGESTION and f.outcome in (Outcome.FAIL, Outcome.REVIEW):
        label, tone = "Suggestion", "suggestion"
    elif f.outcome is Outcome.FAIL:
        label, tone = {"error": ("Fail", "fail"), "warning": ("Warning", "warning"), "notice": ("Notice", "notice")}[
            f.severity.value
        ]
    elif f.outcome is Outcome.REVIEW:
        label, tone = "Needs review", "review"
    else:
        label, tone = "Pass", "pass"
    observed = plain_words(f.observed) if f.observed and f.observed not in f.message else ""
    return RuleView(f, label, tone, observed)


def _other_forms(findings: Iterable[Finding]) -> tuple[NotApplicable, ...]:
    """Rules whose requirement is not in this document's checklist (Form 8-K rules on an annual report…), one line
    per reason."""
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(plain_words(f.skip_reason or f.message), []).append(f)
    return tuple(
        NotApplicable(
            title=f"{len(fs)} rule{'s' if len(fs) != 1 else ''}",
            rules=tuple(f.title for f in fs),
            citation="; ".join(dict.fromkeys(f.citation for f in fs)),
            reason=reason,
            anchor=None,
            number=None,
        )
        for reason, fs in groups.items()
    )


def _offsets(doc: Disclosure, ev: Evidence) -> tuple[int, int] | None:
    """Where an evidence span stands in the section text (a fact's text is part of the section)."""
    if ev.field == TEXT_FIELD:
        at: tuple[int, int] | None = (ev.start, ev.end)
    else:
        found = doc.text.find(ev.quote) if ev.quote.strip() else -1
        at = (found, found + len(ev.quote)) if found >= 0 else None
    if at is None or not (0 <= at[0] < at[1] <= len(doc.text)):
        return None
    return at


def _headings(text: str) -> dict[str, int]:
    """The usual sub-headings the section has: heading → offset of its line."""
    found: dict[str, int] = {}
    offset = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if 0 < len(stripped) <= _HEADING_MAX and not stripped.endswith((".", ",", ";")):
            for _, heading, pattern in _USUAL_HEADING:
                if heading not in found and pattern.search(stripped):
                    found[heading] = offset
        offset += len(line) + 1
    return found


def _fact_starts(doc: Disclosure) -> dict[str, int]:
    """Where each tagged text block starts in the section text (when it does)."""
    out: dict[str, int] = {}
    for fact in doc.facts:
        if fact.kind is FactKind.TEXT and fact.known and fact.text.strip():
            head = fact.text.strip()[:80]
            at = doc.text.find(head)
            if at >= 0:
                out.setdefault(fact.id, at)
    return out


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _absence(
    doc: Disclosure,
    verdict: RequirementVerdict,
    prefix: str,
    headings: dict[str, int],
    fact_starts: dict[str, int],
) -> Absence | None:
    if verdict.status not in ATTENTION:
        return None
    heading = next((h for key, h, _ in _USUAL_HEADING if verdict.key.startswith(key + ".")), None)
    elements: list[ElementState] = []
    if doc.tagged:
        form = doc.form.value if doc.form is not Form.UNKNOWN else None
        for element in _elements_for(verdict.key):
            if form is not None and form not in element.forms:
                continue
            facts = doc.facts_named(element.name)
            elements.append(_element_state(element, facts, prefix, fact_starts))
    return Absence(
        heading=heading,
        heading_anchor=f"{prefix}-h-{_slug(heading)}" if heading and heading in headings else None,
        elements=tuple(elements),
    )


def _elements_for(key: str) -> tuple[Element, ...]:
    return tuple(e for e in catalogue().elements if key in e.requirements)


def _element_state(element: Element, facts: Sequence[Fact], prefix: str, fact_starts: dict[str, int]) -> ElementState:
    ref = ElementRef(element.plain_label, element.name)
    flag = element.kind is FactKind.FLAG
    if not facts:
        return ElementState(ref, flag, False, "", None)
    values = ", ".join(dict.fromkeys("not answered" if f.value is None else str(f.value).lower() for f in facts))
    anchor = next((f"{prefix}-f-{_slug(f.id)}" for f in facts if f.id in fact_starts), None)
    return ElementState(ref, flag, True, values if flag else "", anchor)


def _pieces(
    text: str,
    spans: list[_Span],
    anchors: dict[int, list[str]],
    status: dict[int, str],
    anchor_of: dict[int, str],
    title_of: dict[int, str],
) -> list[Piece]:
    """Cut the section text at every span boundary and anchor; each piece knows the requirements resting on it."""
    if not text:
        return []
    cuts = sorted({0, len(text)} | {s.start for s in spans} | {s.end for s in spans} | set(anchors))
    pieces: list[Piece] = []
    for a, b in itertools.pairwise(cuts):
        over = [s for s in spans if s.start <= a and b <= s.end]
        numbers = sorted({n for s in over for n in s.numbers}, key=lambda n: (_WORST_FIRST.index(status[n]), n))
        tone = status[numbers[0]] if numbers else ""
        title = "; ".join(f"Supports {n}. {title_of[n]} — {STATUS_LABEL[status[n]].lower()}" for n in numbers)
        starts = [s.id for s in spans if s.start == a] + anchors.get(a, [])
        refs = sorted({(n, anchor_of[n], status[n]) for s in over if s.end == b for n in s.numbers}, key=lambda r: r[0])
        pieces.append(
            Piece(text[a:b], tone, title, tuple(starts), tuple(refs), anchor_of[numbers[0]] if numbers else None)
        )
    return pieces


# --- print: running headers ------------------------------------------------------------------------------------


def css_string(text: str) -> str:
    """A CSS string literal of untrusted text: everything but letters, digits and plain punctuation escaped, so it
    can neither close the string nor the <style> element."""
    out = []
    for ch in text:
        if ch.isalnum() or ch in " .,-/:&’":
            out.append(ch)
        else:
            out.append(f"\\{ord(ch):x} ")
    return '"' + "".join(out) + '"'


def _page_css(documents: Sequence[DocumentView]) -> str:
    """One CSS named page per document, its margin boxes naming the company, form and period, so a printed page can
    be traced to its filing."""
    if len(documents) == 1:  # one document: every page is its page (a named page would break after the title)
        d = documents[0]
        header = " · ".join((d.heading, d.form, d.period))
        return f"@page {{ @top-left {{ content: {css_string(header)}; }} }}\n"
    lines = []
    for d in documents:
        header = " · ".join(x for x in (d.heading, d.form, d.period) if x)
        lines.append(f"@page {d.page} {{ @top-left {{ content: {css_string(header)}; }} }}")
        lines.append(f"#{d.anchor} {{ page: {d.page}; }}")
    return "\n".join(lines) + "\n"


def csp_hash(source: str) -> str:
    """The Content-Security-Policy source expression allowing exactly this inline script or style."""
    return "'sha256-" + b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"
