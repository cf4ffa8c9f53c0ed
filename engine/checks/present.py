"""``present``: an element (or the section) is there, with at least a minimum of words."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ..model import Disclosure
from ..text import sentences, word_count
from .base import CheckCall, CheckKind, CheckResult, Fallback, ScopedParams, evidence, scoped


def _first_sentence(text: str) -> tuple[int, int]:
    spans = sentences(text)
    return spans[0] if spans else (0, 0)


class PresentParams(ScopedParams):
    min_words: int = Field(default=1, ge=1)
    mode: Literal["any", "all"] = "any"
    fallback: Fallback = "untagged"


class Present(CheckKind):
    name = "present"
    description = (
        "The named text elements (or, untagged, the section text) are present with at least `min_words` words; "
        "`mode: all` needs every element."
    )
    Params = PresentParams

    @classmethod
    def evaluate(cls, params: PresentParams, doc: Disclosure, children: tuple[CheckCall, ...]) -> CheckResult:
        def judge(d: Disclosure, fields: list[str]) -> CheckResult:
            counts = {f: word_count(d.field_text(f)) for f in fields}
            ok = [f for f, n in counts.items() if n >= params.min_words]
            if params.mode == "all" and fields != ["text"]:
                names = {f.removeprefix("fact:").split("#")[0] for f in ok}
                missing = [n for n in params.in_ if n not in names]
                passed = not missing
                observed = "all present" if passed else "missing or too short: " + ", ".join(missing)
            else:
                passed = bool(ok)
                best = max(counts.values(), default=0)
                observed = f"{best} words" + ("" if passed else f" (at least {params.min_words} needed)")
            spans = tuple(evidence(d, f, *_first_sentence(d.field_text(f))) for f in ok[:3])
            return CheckResult(
                passed=passed, evidence=spans, observed=observed, values={"words": str(max(counts.values(), default=0))}
            )

        return scoped(doc, params, judge)
