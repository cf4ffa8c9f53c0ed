"""A set of checked disclosures seen together: how many meet each requirement, how many name a board committee, how
long each one's sections are — computed from the report's verdicts, never re-judged. The HTML report shows it for a
report of two documents or more; ``--peers`` uses the same tallies to place a disclosure against a folder of others.

Only reviewed documents are counted (one not reviewed has no verdicts to count); each tally says of how many.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .model import DocumentResult, Peers, RequirementTally, RuleInfo, SkippedInput

COMMITTEE = "106.c.1.committee"
"""The requirement whose verdict says whether a disclosure names the board committee that oversees cybersecurity."""

NOT_MET = ("fail", "warning", "notice")

SECTIONS = ("Risk management and strategy", "Governance", "Other text")
"""The parts a section's words are counted in: the two sub-headings Item 106 itself uses, and the rest (an
introduction before them, or the whole section when it has neither heading; an 8-K's Item 1.05)."""

_HEADINGS = (
    (0, re.compile(r"\brisk\s+management\b.{0,20}\bstrategy\b", re.I)),
    (1, re.compile(r"\bgovernance\b", re.I)),
)
_HEADING_MAX = 90
"""A line longer than this is prose, not a heading."""


@dataclass(frozen=True)
class SectionWords:
    """How many words one document's cybersecurity section has, by part (in the order of :data:`SECTIONS`)."""

    source: str
    name: str
    counts: tuple[int, int, int]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class Portfolio:
    documents: int
    reviewed: int
    requirements: tuple[RequirementTally, ...]
    words: tuple[SectionWords, ...]
    """Reviewed documents only, in report order."""

    @property
    def committee(self) -> RequirementTally | None:
        """How many name a board committee (the committee requirement's verdict), of those it applies to."""
        return next((t for t in self.requirements if t.key == COMMITTEE), None)


_NOT_APPLICABLE = ("skip", "not-checked")


def order_of(rules: Sequence[RuleInfo]) -> list[str]:
    """Requirement keys in checklist order: the order of the rules that ran."""
    return list(dict.fromkeys(r.requirement for r in rules))


def tally(results: Sequence[DocumentResult], order: Sequence[str] = ()) -> tuple[RequirementTally, ...]:
    """Every requirement any reviewed document's checklist has (in ``order``, then as first seen) and how the
    reviewed documents stand on it."""
    reviewed = [r for r in results if r.reviewed]
    titles: dict[str, str] = {}
    for result in reviewed:
        for verdict in result.requirements:
            titles.setdefault(verdict.key, verdict.title)
    rank = {key: i for i, key in enumerate(order)}
    first = {key: i for i, key in enumerate(titles)}
    keys = sorted(titles, key=lambda k: (rank.get(k, len(rank)), first[k]))
    out = []
    for key in keys:
        states: list[str] = [v.status for r in reviewed for v in r.requirements if v.key == key]
        met = states.count("pass")
        not_met = sum(states.count(s) for s in NOT_MET)
        review = states.count("review")
        waived = states.count("waived")
        out.append(
            RequirementTally(
                key=key,
                title=titles[key],
                met=met,
                not_met=not_met,
                review=review,
                waived=waived,
                not_applicable=sum(states.count(s) for s in _NOT_APPLICABLE),
                applies=met + not_met + review + waived,
            )
        )
    return tuple(out)


def section_words(result: DocumentResult) -> SectionWords:
    """The section's words by part: a short line naming "Risk Management and Strategy" or "Governance" starts that
    part; words before either heading, or in a section with neither, are "other text"."""
    counts = [0, 0, 0]
    part = 2
    for line in result.disclosure.text.split("\n"):
        words = len(line.split())
        if len(line.strip()) <= _HEADING_MAX:
            for index, pattern in _HEADINGS:
                if pattern.search(line):
                    part = index
                    break
        counts[part] += words
    doc = result.disclosure
    return SectionWords(doc.source, doc.issuer or doc.source, (counts[0], counts[1], counts[2]))


def portfolio(results: Sequence[DocumentResult], rules: Sequence[RuleInfo] = ()) -> Portfolio:
    """The set's standing, requirement by requirement, and each reviewed document's words by section."""
    return Portfolio(
        documents=len(results),
        reviewed=sum(r.reviewed for r in results),
        requirements=tally(results, order_of(rules)),
        words=tuple(section_words(r) for r in results if r.reviewed),
    )


def peer_standing(
    sources: Sequence[str],
    results: Sequence[DocumentResult],
    skipped: Sequence[SkippedInput] = (),
    order: Sequence[str] = (),
    placed: Sequence[DocumentResult] = (),
) -> Peers:
    """``--peers``: how the peer documents stand on each requirement that applies both to some peer and to some
    reviewed document ``placed`` against them (a 10-K is not shown against an 8-K peer's Item 1.05)."""
    applicable = {v.key for r in placed if r.reviewed for v in r.requirements if v.status not in _NOT_APPLICABLE}
    return Peers(
        sources=tuple(sources),
        documents=len(results),
        reviewed=sum(r.reviewed for r in results),
        requirements=tuple(t for t in tally(results, order) if t.applies and t.key in applicable),
        skipped=tuple(skipped),
    )


def standing(peers: Peers, key: str) -> RequirementTally | None:
    """The peers' tally of one requirement, if any peer's checklist has it."""
    return next((t for t in peers.requirements if t.key == key), None)
