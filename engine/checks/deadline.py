"""``deadline``: a Form 8-K Item 1.05 report is filed within N business days after the incident was determined to be
material. Weekends and US federal holidays (the days EDGAR is closed) do not count; the calendar comes from the
maintained ``holidays`` library, not from a list kept here.

The determination date is the one the user gives (``--determined-on``), else the date the text ties to the
determination ("On June 2, 2025, we determined that the incident was material"). The filing date is the one given
(``--filed-on``), else the signature date.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import holidays
from pydantic import Field, field_validator

from ..model import TEXT_FIELD, Disclosure, Evidence
from ..text import find_dates, phrase_pattern, sentences
from .base import CheckCall, CheckKind, CheckParams, CheckResult, evidence, valid_phrases


class DeadlineParams(CheckParams):
    business_days: int = Field(default=4, ge=1, le=60)
    calendar: str = Field(default="US", description="country code of the public-holiday calendar (holidays library)")
    determined: tuple[str, ...] = Field(
        default=("determin*", "conclu*"), description="words that state the materiality determination"
    )
    material: tuple[str, ...] = Field(default=("material*",), description="the sentence must also say this")
    negations: tuple[str, ...] = Field(
        default=("not yet", "has not", "have not", "had not", "not been", "whether", "unable to"),
        description="a sentence with one of these is no determination",
    )
    exempt: tuple[str, ...] = Field(
        default=(
            r"re:\battorney\s+general\b[^.]{0,200}\b(?:delay\w*|national\s+security|public\s+safety)",
            r"re:\b(?:delay\w*|national\s+security|public\s+safety)\b[^.]{0,200}\battorney\s+general\b",
        ),
        description="phrases saying the deadline was lawfully delayed (Item 1.05(c))",
    )

    @field_validator("determined", "material", "negations", "exempt", mode="after")
    @classmethod
    def _valid(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return valid_phrases(value)

    @field_validator("calendar", mode="after")
    @classmethod
    def _known_calendar(cls, value: str) -> str:
        if value not in holidays.list_supported_countries():
            raise ValueError(f"unknown holiday calendar '{value}' (a country code such as 'US')")
        return value


@cache
def _calendar(country: str, year: int) -> holidays.HolidayBase:
    return holidays.country_holidays(country, years=[year, year + 1])


def _business_day(day: dt.date, country: str) -> bool:
    return day.weekday() < 5 and day not in _calendar(country, day.year)


def due_date(start: dt.date, business_days: int, country: str = "US") -> tuple[dt.date, list[str]]:
    """The last day to file: ``business_days`` business days after ``start``, and the holidays passed over."""
    day, counted, skipped = start, 0, []
    while counted < business_days:
        day += dt.timedelta(days=1)
        if _business_day(day, country):
            counted += 1
        elif day.weekday() < 5:  # a weekday that does not count: a holiday
            skipped.append(f"{_calendar(country, day.year)[day]} ({day.isoformat()})")
    return day, skipped


def determination_in_text(doc: Disclosure, params: DeadlineParams) -> tuple[dt.date, Evidence] | None:
    """The date a sentence ties to the materiality determination: the date nearest the determination word."""
    determined = [phrase_pattern(p) for p in params.determined]
    material = [phrase_pattern(p) for p in params.material]
    negations = [phrase_pattern(p) for p in params.negations]
    for start, end in sentences(doc.text):
        sentence = doc.text[start:end]
        if not any(p.search(sentence) for p in material) or any(p.search(sentence) for p in negations):
            continue
        verbs = [m.start() for p in determined for m in p.finditer(sentence)]
        dates = find_dates(sentence)
        if verbs and dates:
            best = min(dates, key=lambda d: min(abs(d[0] - v) for v in verbs))
            return best[2], evidence(doc, TEXT_FIELD, start, end)
    return None


class Deadline(CheckKind):
    name = "deadline"
    description = (
        "Filed within `business_days` business days (weekends and `calendar` public holidays excluded) after the "
        "materiality determination; skips when either date is unknown or the text reports an Attorney General delay."
    )
    Params = DeadlineParams

    @classmethod
    def evaluate(cls, params: DeadlineParams, doc: Disclosure, children: tuple[CheckCall, ...]) -> CheckResult:
        exempt = next((m for p in params.exempt if (m := phrase_pattern(p).search(doc.text))), None)
        if exempt is not None:
            return CheckResult(
                passed=None,
                observed="the text refers to the Attorney General, who may delay the filing (Item 1.05(c)); "
                "check the deadline against that determination",
            )
        ev: tuple[Evidence, ...] = ()
        if doc.determined_on is not None:
            determined, said = doc.determined_on, "given with --determined-on"
        elif (found := determination_in_text(doc, params)) is not None:
            determined, said = found[0], "stated in the text"
            ev = (found[1],)
        else:
            return CheckResult(
                passed=None,
                observed="the text does not say when the incident was determined to be material; give --determined-on",
            )
        if doc.filed_on is not None:
            filed, filed_said = doc.filed_on, "given with --filed-on"
        elif doc.signed_on is not None:
            filed, filed_said = doc.signed_on, "the signature date"
        else:
            return CheckResult(
                passed=None, observed="the filing date is unknown (no dated signature block); give --filed-on"
            )
        due, skipped = due_date(determined, params.business_days, params.calendar)
        late = max(0, _business_days_between(due, filed, params.calendar))
        holiday_note = f"; holidays not counted: {', '.join(skipped)}" if skipped else ""
        observed = (
            f"determined material {determined.isoformat()} ({said}); filed {filed.isoformat()} ({filed_said}); "
            f"due {due.isoformat()}, {params.business_days} business days later{holiday_note}"
        )
        return CheckResult(
            passed=filed <= due,
            evidence=ev,
            observed=observed,
            values={
                "determined": determined.isoformat(),
                "filed": filed.isoformat(),
                "due": due.isoformat(),
                "late": str(late),
                "business_days": str(params.business_days),
            },
        )


def _business_days_between(start: dt.date, end: dt.date, country: str) -> int:
    """Business days after ``start`` up to and including ``end`` (0 when ``end`` is not after ``start``)."""
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        count += _business_day(day, country)
    return count
