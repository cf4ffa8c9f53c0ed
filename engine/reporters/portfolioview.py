"""The HTML report's portfolio view: the statistics of :mod:`cydcheck.portfolio` as inline SVG bar charts, laid out
here (every coordinate computed in Python) so the template only writes the elements.

The charts need no script and no style attribute (the page's Content-Security-Policy is unchanged): colours come from
classes in the report's stylesheet. Each chart has a ``<title>`` and a ``<desc>`` that say what it shows, and the page
gives its numbers in a table beside it, so neither a screen reader nor a grey-scale print loses anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Peers, Report, RequirementTally
from ..portfolio import SECTIONS, Portfolio, portfolio

WIDTH = 640
"""The charts' coordinate width (they scale to the page)."""
_BAR_X = 4
_BAR_WIDTH = 520
_VALUE_X = _BAR_X + _BAR_WIDTH + 8
_ROW = 36
_LABEL_CHARS = 95

REQUIREMENT_PARTS: tuple[tuple[str, str], ...] = (
    ("pass", "Met"),
    ("waived", "Waived"),
    ("review", "Needs review"),
    ("fail", "Not met"),
    ("skip", "Not applicable"),
)
SECTION_TONES = ("s1", "s2", "s3")


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    tone: str
    title: str


@dataclass(frozen=True)
class Row:
    y: int
    label: str
    segments: tuple[Segment, ...]
    value: str

    @property
    def label_y(self) -> int:
        return self.y + 12

    @property
    def bar_y(self) -> int:
        return self.y + 16

    @property
    def value_y(self) -> int:
        return self.y + 27


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    desc: str
    rows: tuple[Row, ...]
    legend: tuple[tuple[str, str], ...]
    width: int = WIDTH

    @property
    def height(self) -> int:
        return len(self.rows) * _ROW + 4


@dataclass(frozen=True)
class PortfolioView:
    portfolio: Portfolio
    numbers: dict[str, int]
    requirements: Chart
    committee: Chart | None
    words: Chart | None
    sections: tuple[str, ...] = SECTIONS

    @property
    def committee_tally(self) -> RequirementTally | None:
        return self.portfolio.committee


@dataclass(frozen=True)
class PeerRow:
    number: int | None
    tally: RequirementTally
    here: tuple[str, ...]
    """Each reviewed document's status on the requirement ("" when not on its checklist)."""


@dataclass(frozen=True)
class PeersView:
    peers: Peers
    chart: Chart
    rows: tuple[PeerRow, ...]
    documents: tuple[str, ...]
    """The headings of the reviewed documents (one column each)."""


def _short(text: str, limit: int = _LABEL_CHARS) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:") + " …"


def _segments(parts: Sequence[tuple[int, str, str]], scale: float) -> tuple[Segment, ...]:
    out = []
    x = float(_BAR_X)
    for count, tone, title in parts:
        if count <= 0:
            continue
        width = count * scale
        out.append(Segment(round(x, 2), round(width, 2), tone, title))
        x += width
    return tuple(out)


def requirement_chart(
    chart_id: str, tallies: Sequence[RequirementTally], numbers: dict[str, int], what: str, title: str
) -> Chart:
    """One bar per requirement: how many of the documents meet it, are waived, need review, do not meet it, or have
    it not applicable; the bar's full width is every reviewed document with the requirement on its checklist."""
    rows = []
    for n, t in enumerate(tallies):
        whole = t.applies + t.not_applicable
        number = numbers.get(t.key)
        name = f"{number}. {t.title}" if number is not None else t.title
        counts = {"pass": t.met, "waived": t.waived, "review": t.review, "fail": t.not_met, "skip": t.not_applicable}
        parts = [
            (counts[tone], tone, f"{name}: {label.lower()} in {counts[tone]} of {whole}")
            for tone, label in REQUIREMENT_PARTS
        ]
        rows.append(
            Row(
                y=n * _ROW,
                label=_short(name),
                segments=_segments(parts, _BAR_WIDTH / whole if whole else 0.0),
                value=f"{t.met} of {t.applies}",
            )
        )
    desc = "; ".join(f"{t.key}: met by {t.met} of {t.applies}" for t in tallies)
    return Chart(
        id=chart_id,
        title=title,
        desc=f"For each requirement, how many {what} meet it, of those it applies to. {desc}.",
        rows=tuple(rows),
        legend=REQUIREMENT_PARTS,
    )


def _committee_chart(t: RequirementTally) -> Chart:
    whole = t.applies + t.not_applicable
    others = t.review + t.waived
    parts = [
        (t.met, "pass", f"name a committee: {t.met} of {whole}"),
        (others, "review", f"need review or waived: {others} of {whole}"),
        (t.not_met, "fail", f"do not name one: {t.not_met} of {whole}"),
        (t.not_applicable, "skip", f"not applicable: {t.not_applicable} of {whole}"),
    ]
    row = Row(
        0,
        "Board committee responsible for cybersecurity oversight",
        _segments(parts, _BAR_WIDTH / whole if whole else 0.0),
        f"{t.met} of {t.applies}",
    )
    return Chart(
        id="pf-committee",
        title="Disclosures that name a board committee",
        desc=f"{t.met} of {t.applies} disclosures name the board committee responsible for cybersecurity oversight "
        f"({t.not_met} do not, {others} need review or are waived).",
        rows=(row,),
        legend=(
            ("pass", "Names one"),
            ("review", "Needs review or waived"),
            ("fail", "Does not"),
            ("skip", "Not applicable"),
        ),
    )


def _words_chart(p: Portfolio) -> Chart | None:
    if not p.words:
        return None
    longest = max(w.total for w in p.words) or 1
    rows = []
    for n, w in enumerate(p.words):
        parts = [
            (count, tone, f"{w.name}: {section.lower()}, {count:,} words")
            for count, tone, section in zip(w.counts, SECTION_TONES, SECTIONS, strict=True)
        ]
        rows.append(Row(n * _ROW, _short(w.name), _segments(parts, _BAR_WIDTH / longest), f"{w.total:,}"))
    desc = "; ".join(
        f"{w.name}: {w.total:,} words ("
        + ", ".join(f"{s.lower()} {c:,}" for s, c in zip(SECTIONS, w.counts, strict=True))
        + ")"
        for w in p.words
    )
    return Chart(
        id="pf-words",
        title="Words in the cybersecurity section, by part",
        desc=f"Each reviewed disclosure's length in words, split into its parts. {desc}.",
        rows=tuple(rows),
        legend=tuple(zip(SECTION_TONES, SECTIONS, strict=True)),
    )


def build_portfolio(report: Report, numbers: dict[str, int]) -> PortfolioView | None:
    """The portfolio section of a report of two documents or more (None for one)."""
    if len(report.documents) < 2:
        return None
    p = portfolio(report.documents, report.rules)
    committee = p.committee
    return PortfolioView(
        portfolio=p,
        numbers=numbers,
        requirements=requirement_chart(
            "pf-requirements", p.requirements, numbers, "disclosures", "Requirements met across the disclosures"
        ),
        committee=_committee_chart(committee)
        if committee is not None and committee.applies + committee.not_applicable
        else None,
        words=_words_chart(p),
    )


def build_peers(report: Report, numbers: dict[str, int], headings: Sequence[str]) -> PeersView | None:
    """``--peers``: the peers' chart and, per requirement, where each reviewed document stands."""
    peers = report.peers
    if peers is None:
        return None
    reviewed = [(d, h) for d, h in zip(report.documents, headings, strict=True) if d.reviewed]
    rows = tuple(
        PeerRow(
            numbers.get(t.key),
            t,
            tuple(next((v.status for v in d.requirements if v.key == t.key), "") for d, _ in reviewed),
        )
        for t in peers.requirements
    )
    chart = requirement_chart(
        "peers-requirements", peers.requirements, numbers, "peers", "Requirements met by the peers"
    )
    return PeersView(peers, chart, rows, tuple(h for _, h in reviewed))
