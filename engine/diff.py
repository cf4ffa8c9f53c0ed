"""Year over year: what changed between two versions of a disclosure (last year's 10-K and this year's draft, in
any formats), checked with the same rules.

Per requirement, its verdict before and after. Over the section text, the sentences (as the reading layer splits
them, whitespace folded) added, removed and changed: :mod:`difflib` aligns the two lists of sentences, and within a
replaced run a removed and an added sentence that are mostly alike (similarity ≥ :data:`CHANGED`) are one changed
sentence; the rest stay removed and added.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Sequence
from typing import Literal

from pydantic import Field

from .model import TEXT_FIELD, DocumentResult, Frozen, RequirementState, SourceLocation
from .reading import read
from .reading.vocabulary import Vocabulary

CHANGED = 0.6
"""How alike (difflib ratio, 0–1) a removed and an added sentence must be to count as one sentence changed."""
_PAIRING_LIMIT = 10_000
"""Beyond this many sentence pairs in one replaced run, no pairing (removed and added): keeps the diff fast."""

_RANK: dict[str, int] = {"fail": 0, "warning": 1, "review": 2, "notice": 3, "waived": 4, "pass": 5}


class Side(Frozen):
    """One of the two documents compared."""

    source: str
    format: str
    form: str
    issuer: str | None = None
    period_end: dt.date | None = None
    status: str


class RequirementChange(Frozen):
    key: str
    title: str
    citation: str
    before: RequirementState | None = Field(description="None: the requirement is not in that document's checklist.")
    after: RequirementState | None

    @property
    def trend(self) -> Literal["same", "better", "worse", "other"]:
        """Whether the verdict moved towards met (better) or away from it (worse)."""
        if self.before == self.after:
            return "same"
        old, new = _RANK.get(self.before or ""), _RANK.get(self.after or "")
        if old is None or new is None:
            return "other"
        return "better" if new > old else "worse"


class SentenceChange(Frozen):
    kind: Literal["added", "removed", "changed"]
    before: str | None = None
    after: str | None = None
    before_location: SourceLocation | None = None
    after_location: SourceLocation | None = None


class DisclosureDiff(Frozen):
    old: Side
    new: Side
    requirements: tuple[RequirementChange, ...]
    sentences: tuple[SentenceChange, ...]
    unchanged: int = Field(description="Sentences the same in both.")

    @property
    def changed_requirements(self) -> tuple[RequirementChange, ...]:
        return tuple(r for r in self.requirements if r.trend != "same")


def _side(result: DocumentResult) -> Side:
    doc = result.disclosure
    return Side(
        source=doc.source,
        format=doc.format,
        form=doc.form.value,
        issuer=doc.issuer,
        period_end=doc.period_end,
        status=result.status,
    )


def _sentences(result: DocumentResult, vocab: Vocabulary) -> list[tuple[str, SourceLocation | None]]:
    doc = result.disclosure
    out = []
    for s in read(doc, vocab).sentences(TEXT_FIELD):
        text = " ".join(s.text.split())
        if text:
            out.append((text, doc.locate(TEXT_FIELD, s.start)))
    return out


def requirement_changes(old: DocumentResult, new: DocumentResult) -> tuple[RequirementChange, ...]:
    before = {r.key: r for r in old.requirements}
    after = {r.key: r for r in new.requirements}
    keys = [r.key for r in new.requirements] + [k for k in before if k not in after]
    out = []
    for key in keys:
        about = after.get(key) or before[key]
        out.append(
            RequirementChange(
                key=key,
                title=about.title,
                citation=about.citation,
                before=before[key].status if key in before else None,
                after=after[key].status if key in after else None,
            )
        )
    return tuple(out)


def sentence_changes(
    old: Sequence[tuple[str, SourceLocation | None]], new: Sequence[tuple[str, SourceLocation | None]]
) -> tuple[tuple[SentenceChange, ...], int]:
    """The changes from ``old`` to ``new`` sentences (text, location), in reading order, and how many are equal."""
    a = [t for t, _ in old]
    b = [t for t, _ in new]
    changes: list[SentenceChange] = []
    unchanged = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            unchanged += i2 - i1
        elif tag == "delete":
            changes += [_removed(old[i]) for i in range(i1, i2)]
        elif tag == "insert":
            changes += [_added(new[j]) for j in range(j1, j2)]
        else:
            changes += _pair(old[i1:i2], new[j1:j2])
    return tuple(changes), unchanged


def _removed(item: tuple[str, SourceLocation | None]) -> SentenceChange:
    return SentenceChange(kind="removed", before=item[0], before_location=item[1])


def _added(item: tuple[str, SourceLocation | None]) -> SentenceChange:
    return SentenceChange(kind="added", after=item[0], after_location=item[1])


def _pair(
    old: Sequence[tuple[str, SourceLocation | None]], new: Sequence[tuple[str, SourceLocation | None]]
) -> list[SentenceChange]:
    """A replaced run: each old sentence paired, in order, with the most alike new one still ahead, if alike enough."""
    if len(old) * len(new) > _PAIRING_LIMIT:
        return [_removed(o) for o in old] + [_added(n) for n in new]
    out: list[SentenceChange] = []
    j = 0
    for o in old:
        best, best_ratio = None, CHANGED
        matcher = difflib.SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(o[0])
        for k in range(j, len(new)):
            matcher.set_seq1(new[k][0])
            if matcher.real_quick_ratio() >= best_ratio and matcher.quick_ratio() >= best_ratio:
                ratio = matcher.ratio()
                if ratio >= best_ratio:
                    best, best_ratio = k, ratio
        if best is None:
            out.append(_removed(o))
            continue
        out += [_added(n) for n in new[j:best]]
        n = new[best]
        out.append(SentenceChange(kind="changed", before=o[0], after=n[0], before_location=o[1], after_location=n[1]))
        j = best + 1
    out += [_added(n) for n in new[j:]]
    return out


def compare(old: DocumentResult, new: DocumentResult, vocab: Vocabulary) -> DisclosureDiff:
    """Two checked documents → what changed."""
    sentences, unchanged = sentence_changes(_sentences(old, vocab), _sentences(new, vocab))
    return DisclosureDiff(
        old=_side(old),
        new=_side(new),
        requirements=requirement_changes(old, new),
        sentences=sentences,
        unchanged=unchanged,
    )


def word_diff(before: str, after: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """The words of a changed sentence, each side as (text, changed) runs: what a view highlights."""
    a, b = before.split(" "), after.split(" ")
    left: list[tuple[str, bool]] = []
    right: list[tuple[str, bool]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if i2 > i1:
            left.append((" ".join(a[i1:i2]), tag != "equal"))
        if j2 > j1:
            right.append((" ".join(b[j1:j2]), tag != "equal"))
    return left, right
