"""``names``: the text names a board committee or a management position or committee — and which: the finding
quotes them. Names are the reading layer's actor mentions (vocabulary ``actors``), plus a rule's ``extra`` phrases."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator

from ..model import Evidence
from ..reading import Reading, Status, Vocabulary
from ..reading.model import WEAK
from .base import (
    CheckKind,
    CheckResult,
    ScopedParams,
    Verdict,
    describe_fields,
    evidence,
    scoped,
    valid_phrases,
    weak_reason,
)
from .mentions import _as_groups, _pattern, known_categories

ENTITIES = {
    "committee": ("board_committee",),
    "position": ("management_position", "management_committee"),
    "any": ("board_committee", "management_position", "management_committee"),
}


class NamesParams(ScopedParams):
    entity: Literal["committee", "position", "any"] = Field(
        description="committee: a board committee; position: a management position or committee; any: either"
    )
    extra: tuple[str, ...] = Field(default=(), description="more phrases that count as a name")
    near: tuple[str, ...] = Field(default=(), description="the sentence must also contain one of these")
    min: int = Field(default=1, ge=1, description="distinct names needed")
    act: tuple[tuple[str, ...], ...] = Field(
        default=(), description="each group: the sentence also says one of its acts (e.g. that they are responsible)"
    )
    weak: tuple[Status, ...] = Field(default=tuple(sorted(WEAK, key=lambda s: s.value)))

    _groups = field_validator("act", mode="before")(_as_groups)

    @field_validator("extra", "near", mode="after")
    @classmethod
    def _valid(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return valid_phrases(value)


_GENERIC = frozenset(
    "a an the of its our their board board's board’s committee committees subcommittee sub-committee".split()
)


def _generic(name: str) -> bool:
    """ "A committee of the board" names no committee."""
    return not [w for w in re.findall(r"[\w’'-]+", name.lower()) if w not in _GENERIC]


def _normal(name: str) -> str:
    name = " ".join(name.split())
    name = re.sub(r"^(?:and|our|the|its|of|a|an)\s+", "", name, flags=re.I)
    return name[:1].upper() + name[1:]


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z]+", name) if w.lower() not in ("and", "of", "the", "for")).upper()


def _without_acronyms(names: list[str]) -> list[str]:
    """ "Chief Information Security Officer" and "CISO" are one name: the acronym of another name is left out."""
    spelled = {_initials(n) for n in names if " " in n}
    return [n for n in names if " " in n or n.upper() not in spelled]


class Names(CheckKind[NamesParams]):
    name = "names"
    description = (
        "Extracts named board committees and/or management positions and committees (the reading layer's actors, "
        "plus `extra`) in sentences of the allowed `status`; passes with at least `min` distinct names. The message "
        "can quote them as {names}."
    )
    Params = NamesParams

    def __init__(self, params: NamesParams, vocabulary: Vocabulary) -> None:
        super().__init__(params, vocabulary)
        self.categories = set(ENTITIES[params.entity])
        self.extra = _pattern(self.phrases(params.extra))
        self.near = _pattern(self.phrases(params.near))
        self.act = known_categories(params.act, vocabulary.acts, "act")

    def evaluate(self, reading: Reading) -> CheckResult:
        return scoped(reading, self.params, self._judge)

    def _judge(self, reading: Reading, fields: list[str]) -> CheckResult:
        allowed, weak = set(self.params.status), set(self.params.weak) - set(self.params.status)
        names: dict[str, str] = {}
        weak_names: dict[str, Status] = {}
        spans: list[Evidence] = []
        weak_spans: list[Evidence] = []
        for field_name in fields:
            for sentence in reading.sentences(field_name):
                if self.near is not None and not self.near.search(sentence.text):
                    continue
                # A name counts where the sentence also says the act asked for; the act's status caps the name's
                # ("We are recruiting a CISO, who will take responsibility": the responsibility is a future one).
                act_status: Status | None = None
                if self.act:
                    statuses = [
                        [sentence.status_at(m.start, m.end) for m in sentence.acts if m.category in group]
                        for group in self.act
                    ]
                    if not all(statuses):
                        continue
                    firsts = [next((s for s in group if s in allowed), group[0]) for group in statuses]
                    act_status = next((s for s in firsts if s not in allowed), None)
                found = [(m.start, m.end) for m in sentence.actors if m.category in self.categories]
                if self.extra is not None:
                    found += [
                        (sentence.start + m.start(), sentence.start + m.end())
                        for m in self.extra.finditer(sentence.text)
                    ]
                # A name inside a longer one ("CISO" in "Chief … Officer (CISO)" is not) counts once.
                kept = [s for s in set(found) if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in found)]
                strong_here = weak_here = False
                for a, b in sorted(kept):
                    status = act_status or sentence.status_at(a, b)
                    name = _normal(reading.doc.field_text(field_name)[a:b])
                    if _generic(name):
                        continue
                    if status in allowed:
                        names.setdefault(name.lower(), name)
                        strong_here = True
                    elif status in weak:
                        weak_names.setdefault(name.lower(), status)
                        weak_here = True
                ev = evidence(reading.doc, field_name, sentence.start, sentence.end)
                if strong_here and len(spans) < 5:
                    spans.append(ev)
                elif weak_here and len(weak_spans) < 5:
                    weak_spans.append(ev)
        listed = "; ".join(_without_acronyms(list(names.values())))
        where = describe_fields(fields)
        values = {"names": listed or "none", "count": str(len(names))}
        if len(names) >= self.params.min:
            return CheckResult(Verdict.PASS, tuple(spans), f"named: {listed} in {where}", values)
        if weak_names:
            reason = weak_reason(set(weak_names.values()), len(weak_names))
            return CheckResult(
                Verdict.REVIEW, tuple(weak_spans), f"no name asserted in {where}; {reason}", values, reason
            )
        observed = (f"named: {listed}" if names else "no committee or position named") + f" in {where}"
        return CheckResult(Verdict.FAIL, tuple(spans), observed, values)
