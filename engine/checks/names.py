"""``names``: the text names a committee or a management position (and which — the finding quotes them)."""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

import yaml
from pydantic import Field, field_validator

from ..model import Disclosure, Evidence
from ..resources import data_text
from ..text import phrase_pattern, sentences
from .base import (
    CheckCall,
    CheckKind,
    CheckResult,
    ScopedParams,
    describe_fields,
    evidence,
    scoped,
    valid_phrases,
)


@cache
def vocabulary() -> dict[str, tuple[str, ...]]:
    raw = data_text("names.yaml")
    return {k: tuple(v) for k, v in yaml.safe_load(raw).items()}


class NamesParams(ScopedParams):
    entity: Literal["committee", "position", "any"]
    extra: tuple[str, ...] = Field(default=(), description="more phrases that count as a name")
    near: tuple[str, ...] = Field(default=(), description="the sentence must also contain one of these")
    min: int = Field(default=1, ge=1, description="distinct names needed")

    @field_validator("extra", "near", mode="after")
    @classmethod
    def _valid(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return valid_phrases(value)


def _normal(name: str) -> str:
    name = " ".join(name.split())
    name = re.sub(r"^(?:and|our|the|its|of)\s+", "", name, flags=re.I)
    return name[:1].upper() + name[1:]


def _matches(sentence: str, phrases: tuple[str, ...]) -> list[str]:
    """Names in a sentence, in reading order; a match inside a longer one ("CISO" in "Chief … (CISO)" is not)."""
    spans = {(m.start(), m.end()) for p in phrases for m in phrase_pattern(p).finditer(sentence) if m.group()}
    kept = [s for s in spans if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans)]
    return [_normal(sentence[a:b]) for a, b in sorted(kept)]


class Names(CheckKind):
    name = "names"
    description = (
        "Extracts named committees and/or management positions (built-in vocabulary plus `extra`); passes "
        "with at least `min` distinct names. The message can quote them as {names}."
    )
    Params = NamesParams

    @classmethod
    def evaluate(cls, params: NamesParams, doc: Disclosure, children: tuple[CheckCall, ...]) -> CheckResult:
        vocab = vocabulary()
        kinds = ("committee", "position") if params.entity == "any" else (params.entity,)
        phrases = tuple(p for k in kinds for p in vocab[k]) + params.extra

        def judge(d: Disclosure, fields: list[str]) -> CheckResult:
            names: dict[str, None] = {}
            spans: list[Evidence] = []
            for field_name in fields:
                text = d.field_text(field_name)
                for start, end in sentences(text):
                    sentence = text[start:end]
                    if params.near and not any(phrase_pattern(p).search(sentence) for p in params.near):
                        continue
                    found = _matches(sentence, phrases)
                    for name in found:
                        if name.lower() not in {n.lower() for n in names}:
                            names[name] = None
                    if found and len(spans) < 5:
                        spans.append(evidence(d, field_name, start, end))
            listed = "; ".join(names)
            passed = len(names) >= params.min
            observed = (
                f"named: {listed}" if names else "no committee or position named"
            ) + f" in {describe_fields(fields)}"
            return CheckResult(
                passed=passed,
                evidence=tuple(spans),
                observed=observed,
                values={"names": listed or "none", "count": str(len(names))},
            )

        return scoped(doc, params, judge)
