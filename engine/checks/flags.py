"""Flag check kinds: ``flag`` (a flag is tagged, optionally with a given value) and ``flag_requires`` (a flag value
requires something else to hold)."""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator

from ..model import Disclosure, Evidence, Fact, FactKind
from ..reading import Reading
from .base import CheckKind, CheckParams, CheckResult, CompositeKind, Verdict, resolve_element


def flag_facts(doc: Disclosure, name: str) -> tuple[Fact, ...]:
    return tuple(f for f in doc.facts_named(name) if f.kind is FactKind.FLAG)


def flag_evidence(fact: Fact) -> Evidence:
    return Evidence(field=f"fact:{fact.id}", start=0, end=len(fact.text), quote=fact.text, location=fact.location)


def _show(value: object) -> str:
    return "not answered" if value is None else str(value).lower()


class _FlagNamed(CheckParams):
    flag: str

    @field_validator("flag", mode="after")
    @classmethod
    def _known(cls, value: str) -> str:
        return resolve_element(value, kind=FactKind.FLAG)


class FlagParams(_FlagNamed):
    equals: bool | None = Field(default=None, description="the value required; omit to accept either")


class Flag(CheckKind[FlagParams]):
    name = "flag"
    description = "The flag is tagged with a boolean value (equal to `equals`, if given)."
    Params = FlagParams

    def evaluate(self, reading: Reading) -> CheckResult:
        facts = flag_facts(reading.doc, self.params.flag)
        if not facts:
            return CheckResult(Verdict.FAIL, observed=f"{self.params.flag} is not tagged", values={"value": "untagged"})
        values = [f.value for f in facts]
        answered = [v for v in values if isinstance(v, bool)]
        if self.params.equals is None:
            passed = bool(answered)
        else:
            passed = bool(answered) and all(v is self.params.equals for v in answered)
        shown = ", ".join(_show(v) for v in values)
        return CheckResult(
            Verdict.PASS if passed else Verdict.FAIL,
            tuple(flag_evidence(f) for f in facts),
            f"{self.params.flag} = {shown}",
            {"value": shown},
        )


class FlagRequiresParams(_FlagNamed):
    equals: bool = True
    then: dict[str, Any] = Field(description="the check that must hold when the flag has that value")


class FlagRequires(CompositeKind[FlagRequiresParams]):
    name = "flag_requires"
    description = (
        "When the flag is tagged with `equals` (default true), the `then` check must pass; otherwise the check "
        "does not apply (skip)."
    )
    Params = FlagRequiresParams
    children = ("then",)

    def evaluate(self, reading: Reading) -> CheckResult:
        params = self.params
        facts = flag_facts(reading.doc, params.flag)
        values = [f.value for f in facts if isinstance(f.value, bool)]
        if not values or params.equals not in values:
            state = "not tagged" if not facts else ", ".join(_show(f.value) for f in facts)
            return CheckResult(Verdict.SKIP, observed=f"{params.flag} is {state}")
        result = self.checks[0].evaluate(reading)
        flag_ev = tuple(flag_evidence(f) for f in facts if f.value is params.equals)
        return CheckResult(
            result.verdict,
            flag_ev + result.evidence,
            f"{params.flag} = {_show(params.equals)}; {result.observed}",
            result.values,
            result.reason,
        )
