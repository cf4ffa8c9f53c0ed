"""Check kinds about the XBRL tagging itself rather than what the text says: ``tagged`` (required elements carry
facts), ``flags_answered`` (each flag once, with a boolean value, duplicates consistent) and ``taxonomy_years`` (the
cyd taxonomy's year matches the other standard taxonomies, as EDGAR requires — EFM 6.22.03)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from ..model import FactKind
from ..reading import Reading
from .base import CheckKind, CheckParams, CheckResult, Verdict, resolve_element
from .flags import flag_evidence


def _names(value: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(resolve_element(v) for v in value)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class TaggedParams(CheckParams):
    elements: tuple[str, ...] = Field(min_length=1, description="cyd elements (names or aliases) that must be tagged")

    _resolve = field_validator("elements", mode="after")(_names)


class Tagged(CheckKind[TaggedParams]):
    name = "tagged"
    description = "Every element in `elements` carries at least one fact with a value (not nil, not empty)."
    Params = TaggedParams

    def evaluate(self, reading: Reading) -> CheckResult:
        params, doc = self.params, reading.doc
        known = [f for f in doc.facts if f.known]
        missing = [n for n in params.elements if not any(f.value not in (None, "") for f in doc.facts_named(n))]
        if not known:
            observed = "no cyd facts: the disclosure is not tagged"
        elif missing:
            observed = f"{_plural(len(missing), 'element')} not tagged: {', '.join(missing)}"
        else:
            observed = f"all {_plural(len(params.elements), 'required element')} tagged"
        return CheckResult(
            Verdict.FAIL if missing else Verdict.PASS,
            observed=observed,
            values={
                "missing": ", ".join(missing) or "none",
                "count": str(len(missing)),
                "tagged": "some" if known else "none",
                "form": doc.form.value if doc.form.value != "unknown" else "annual report",
                "period_end": doc.period_end.isoformat() if doc.period_end else "an unknown date",
                # The same, worded to read in a sentence whatever the cover says (what a rule's message has used
                # as {form} and {period_end} keeps its value): "The Form 10-K for the period ending 2024-12-31",
                # "The annual report for a period whose end is not stated".
                "filing": f"Form {doc.form.value}" if doc.form.value != "unknown" else "annual report",
                "period": f"the period ending {doc.period_end.isoformat()}"
                if doc.period_end
                else "a period whose end is not stated",
            },
        )


class FlagsAnsweredParams(CheckParams):
    flags: tuple[str, ...] = Field(min_length=1, description="the flag elements the form requires")
    duplicates: Literal["consistent", "forbidden"] = Field(
        default="consistent", description="whether a flag tagged twice with the same value passes"
    )
    require: bool = Field(default=True, description="false: judge only the flags that are tagged")

    @field_validator("flags", mode="after")
    @classmethod
    def _flags(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(resolve_element(v, kind=FactKind.FLAG) for v in value)


class FlagsAnswered(CheckKind[FlagsAnsweredParams]):
    name = "flags_answered"
    description = (
        "Each flag in `flags` is tagged (unless `require: false`) with a boolean value; a flag tagged more than once "
        "fails when the values differ (or always, with `duplicates: forbidden`). Skips when nothing is tagged."
    )
    Params = FlagsAnsweredParams

    def evaluate(self, reading: Reading) -> CheckResult:
        params, doc = self.params, reading.doc
        if not doc.tagged:
            return CheckResult(Verdict.SKIP, observed="the disclosure carries no cyd facts (see xbrl.required)")
        tagged = [n for n in params.flags if any(f.kind is FactKind.FLAG for f in doc.facts_named(n))]
        if not tagged and not params.require:
            # Nothing to judge: "each once" about flags that are not there would contradict xbrl.flags.
            return CheckResult(Verdict.SKIP, observed="none of the flags is tagged (see xbrl.flags)")
        problems: list[str] = []
        shown = []
        for name in params.flags:
            facts = [f for f in doc.facts_named(name) if f.kind is FactKind.FLAG]
            values = [f.value for f in facts]
            before = len(problems)
            if not facts:
                if params.require:
                    problems.append(f"{name} is not tagged")
            elif any(not isinstance(v, bool) for v in values):
                problems.append(f"{name} has no boolean value ({', '.join(str(v) for v in values)})")
            elif len(set(values)) > 1:
                problems.append(f"{name} is tagged {len(facts)} times with different values")
            elif len(facts) > 1 and params.duplicates == "forbidden":
                problems.append(f"{name} is tagged {len(facts)} times (same value)")
            if len(problems) > before:
                shown.extend(facts)
        answered = f"{len(tagged)} of {_plural(len(params.flags), 'flag')} tagged, each once"
        observed = "; ".join(problems) if problems else answered
        return CheckResult(
            Verdict.FAIL if problems else Verdict.PASS,
            evidence=tuple(flag_evidence(f) for f in shown[:6]),
            observed=observed,
            values={"problems": "; ".join(problems) or "none"},
        )


class TaxonomyYearsParams(CheckParams):
    family: str = "cyd"
    against: tuple[str, ...] = Field(
        default=("us-gaap", "dei", "srt", "ecd"), description="standard taxonomies whose year must match"
    )


class TaxonomyYears(CheckKind[TaxonomyYearsParams]):
    name = "taxonomy_years"
    description = (
        "The `family` taxonomy is used in one year only, the same year as each `against` taxonomy the source uses. "
        "Skips when the source declares no `family` namespace."
    )
    Params = TaxonomyYearsParams

    def evaluate(self, reading: Reading) -> CheckResult:
        params, doc = self.params, reading.doc
        years = sorted({t.year for t in doc.taxonomies if t.family == params.family})
        if not years:
            return CheckResult(Verdict.SKIP, observed=f"the source declares no {params.family} taxonomy namespace")
        others = {
            t.family: sorted({u.year for u in doc.taxonomies if u.family == t.family})
            for t in doc.taxonomies
            if t.family in params.against
        }
        listed = ", ".join(f"{fam} {'/'.join(map(str, ys))}" for fam, ys in sorted(others.items()))
        mine = f"{params.family} {'/'.join(map(str, years))}"
        if len(years) > 1:
            return CheckResult(Verdict.FAIL, observed=f"{mine}: more than one year", values={"years": mine})
        clash = sorted(fam for fam, ys in others.items() if ys != years)
        observed = f"{mine}; {listed}" if listed else f"{mine}; no other standard taxonomy to compare"
        return CheckResult(
            Verdict.FAIL if clash else Verdict.PASS,
            observed=observed,
            values={"years": f"{mine}; {listed}", "clash": ", ".join(clash) or "none"},
        )
