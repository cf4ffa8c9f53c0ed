"""``present``: an element (or the section) is there, with at least a minimum of words that say something
(headings, drafting notes and page furniture do not count)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ..reading import Reading
from ..reading.model import WHOLE_SENTENCE
from ..text import word_count
from .base import CheckKind, CheckResult, ScopedParams, Verdict, evidence, scoped


class PresentParams(ScopedParams):
    min_words: int = Field(default=1, ge=1)
    mode: Literal["any", "all"] = "any"


class Present(CheckKind[PresentParams]):
    name = "present"
    description = (
        "The named text elements (or the section text) are present with at least `min_words` words of sentences "
        "that say something; `mode: all` needs every element."
    )
    Params = PresentParams

    def evaluate(self, reading: Reading) -> CheckResult:
        return scoped(reading, self.params, self._judge)

    def _judge(self, reading: Reading, fields: list[str]) -> CheckResult:
        counts = {
            f: sum(word_count(s.text) for s in reading.sentences(f) if s.status not in WHOLE_SENTENCE) for f in fields
        }
        ok = [f for f, n in counts.items() if n >= self.params.min_words]
        if self.params.mode == "all" and fields != ["text"]:
            names = {f.removeprefix("fact:").split("#")[0] for f in ok}
            missing = [n for n in self.params.in_ if n not in names]
            passed = not missing
            observed = "all present" if passed else "missing or too short: " + ", ".join(missing)
        else:
            passed = bool(ok)
            best = max(counts.values(), default=0)
            observed = f"{best} words" + ("" if passed else f" (at least {self.params.min_words} needed)")
        spans = []
        for f in ok[:3]:
            first = next((s for s in reading.sentences(f) if s.status not in WHOLE_SENTENCE), None)
            if first is not None:
                spans.append(evidence(reading.doc, f, first.start, first.end))
        return CheckResult(
            Verdict.PASS if passed else Verdict.FAIL,
            tuple(spans),
            observed,
            {"words": str(max(counts.values(), default=0))},
        )
