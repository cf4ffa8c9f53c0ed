"""``deadline``: a Form 8-K Item 1.05 report is filed within N business days after the incident was determined to be
material. Weekends and US federal holidays (the days EDGAR is closed) do not count; the calendar comes from the
maintained ``holidays`` library, not from a list kept here.

The determination date is the one the user gives (``--determined-on``), else the date an asserted sentence ties to
the determination ("On June 2, 2025, we determined that the incident was material" — not "we have not yet
determined…", which the reading layer reads as negated). The filing date is the one given (``--filed-on``), else the
signature date.

When the determination date is unknown, discovery bounds it: a company cannot determine an incident material before
it discovers it, so a report filed within N business days of the earliest discovery date the text gives cannot be
late. The check then passes and says so; it skips only when neither bound decides.

Which words state a determination, a discovery or an Attorney General delay is the rule's to say (parameters), not
this module's.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import TYPE_CHECKING

from pydantic import Field, field_validator

from ..model import Evidence
from ..reading import Reading, Status, Vocabulary
from ..text import find_dates
from .base import CheckKind, CheckParams, CheckResult, Verdict, evidence, valid_phrases
from .mentions import PhrasePattern, _pattern

if TYPE_CHECKING:
    import holidays

# The holidays library is imported when a calendar is first needed (an 8-K is checked, or a rule names a calendar
# other than the default): importing it costs more than the rest of this module, and most runs check no 8-K.
DEFAULT_CALENDAR = "US"


class DeadlineParams(CheckParams):
    business_days: int = Field(default=4, ge=1, le=60)
    calendar: str = Field(
        default=DEFAULT_CALENDAR, description="country code of the public-holiday calendar (holidays library)"
    )
    determined: tuple[str, ...] = Field(min_length=1, description="words that state the materiality determination")
    material: tuple[str, ...] = Field(min_length=1, description="a determination sentence must also say this")
    discovered: tuple[str, ...] = Field(
        default=(), description="words that state when the incident was discovered (the determination's lower bound)"
    )
    exempt: tuple[str, ...] = Field(
        default=(), description="phrases saying the deadline was lawfully delayed (Item 1.05(c)): the check skips"
    )

    @field_validator("determined", "material", "discovered", "exempt", mode="after")
    @classmethod
    def _valid(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return valid_phrases(value)

    @field_validator("calendar", mode="after")
    @classmethod
    def _known_calendar(cls, value: str) -> str:
        if value == DEFAULT_CALENDAR:  # as when left out (pydantic does not validate a default): no lookup needed
            return value
        import holidays

        if value not in _registered_codes() and value not in holidays.list_supported_countries():
            raise ValueError(f"unknown holiday calendar '{value}' (a country code such as 'US')")
        return value


@cache
def _registered_codes() -> frozenset[str]:
    """The countries' two-letter codes as the holidays registry lists them, read without importing a module per
    country (list_supported_countries imports some 250: a third of a second at every start). Any other code (an
    alias, a three-letter code) is looked up the slow way."""
    try:
        from holidays.registry import COUNTRIES
    except ImportError:  # a holidays release that moved its registry
        return frozenset()
    return frozenset(entry[1] for entry in COUNTRIES.values() if len(entry) > 1)


@cache
def _calendar(country: str, year: int) -> holidays.HolidayBase:
    import holidays

    return holidays.country_holidays(country, years=[year, year + 1])


def _business_day(day: dt.date, country: str) -> bool:
    return day.weekday() < 5 and day not in _calendar(country, day.year)


def due_date(start: dt.date, business_days: int, country: str = DEFAULT_CALENDAR) -> tuple[dt.date, list[str]]:
    """The last day to file: ``business_days`` business days after ``start``, and the holidays passed over."""
    day, counted, skipped = start, 0, []
    while counted < business_days:
        day += dt.timedelta(days=1)
        if _business_day(day, country):
            counted += 1
        elif day.weekday() < 5:  # a weekday that does not count: a holiday
            skipped.append(f"{_calendar(country, day.year)[day]} ({day.isoformat()})")
    return day, skipped


def _business_days_between(start: dt.date, end: dt.date, country: str) -> int:
    """Business days after ``start`` up to and including ``end`` (0 when ``end`` is not after ``start``)."""
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        count += _business_day(day, country)
    return count


def dated_statement(
    reading: Reading, verbs: PhrasePattern, also: PhrasePattern | None, earliest: bool
) -> tuple[dt.date, Evidence] | None:
    """The date an asserted sentence of the section ties to one of ``verbs`` (the date nearest the verb); the first
    such sentence, or with ``earliest`` the earliest date of all."""
    found: list[tuple[dt.date, Evidence]] = []
    for sentence in reading.sentences("text"):
        if also is not None and not also.search(sentence.text):
            continue
        verbs_at = [
            m.start()
            for m in verbs.finditer(sentence.text)
            if sentence.status_at(sentence.start + m.start(), sentence.start + m.end()) is Status.ASSERTED
        ]
        dates = find_dates(sentence.text)
        if verbs_at and dates:
            best = min(dates, key=lambda d: min(abs(d[0] - v) for v in verbs_at))
            found.append((best[2], evidence(reading.doc, "text", sentence.start, sentence.end)))
            if not earliest:
                break
    return min(found, key=lambda f: f[0]) if found else None


class Deadline(CheckKind[DeadlineParams]):
    name = "deadline"
    description = (
        "Filed within `business_days` business days (weekends and `calendar` public holidays excluded) after the "
        "materiality determination — or, when its date is unknown, after the earliest stated discovery, which the "
        "determination cannot precede; skips when no bound decides or the text reports a lawful delay (`exempt`)."
    )
    Params = DeadlineParams

    def __init__(self, params: DeadlineParams, vocabulary: Vocabulary) -> None:
        super().__init__(params, vocabulary)
        self.determined = _pattern(self.phrases(params.determined))
        self.material = _pattern(self.phrases(params.material))
        self.discovered = _pattern(self.phrases(params.discovered))
        self.exempt = _pattern(self.phrases(params.exempt))

    def evaluate(self, reading: Reading) -> CheckResult:
        params, doc = self.params, reading.doc
        if self.exempt is not None and self.exempt.search(doc.text):
            return CheckResult(
                Verdict.SKIP,
                observed="the text reports a lawful delay of the filing (e.g. by the Attorney General, Item 1.05(c)); "
                "check the deadline against that determination",
            )
        if doc.filed_on is not None:
            filed, filed_said = doc.filed_on, "given with --filed-on"
        elif doc.signed_on is not None:
            filed, filed_said = doc.signed_on, "the signature date"
        else:
            return CheckResult(
                Verdict.SKIP, observed="the filing date is unknown (no dated signature block); give --filed-on"
            )
        ev: tuple[Evidence, ...] = ()
        assert self.determined is not None  # min_length=1
        found = (
            None if doc.determined_on is not None else dated_statement(reading, self.determined, self.material, False)
        )
        if doc.determined_on is not None:
            determined, said = doc.determined_on, "given with --determined-on"
        elif found is not None:
            (determined, first), said = found, "stated in the text"
            ev = (first,)
        else:
            return self._by_discovery(reading, filed, filed_said)
        due, skipped = due_date(determined, params.business_days, params.calendar)
        late = max(0, _business_days_between(due, filed, params.calendar))
        holiday_note = f"; holidays not counted: {', '.join(skipped)}" if skipped else ""
        observed = (
            f"determined material {determined.isoformat()} ({said}); filed {filed.isoformat()} ({filed_said}); "
            f"due {due.isoformat()}, {params.business_days} business days later{holiday_note}"
        )
        return CheckResult(
            Verdict.PASS if filed <= due else Verdict.FAIL,
            ev,
            observed,
            {
                "determined": determined.isoformat(),
                "filed": filed.isoformat(),
                "due": due.isoformat(),
                "late": str(late),
                "business_days": str(params.business_days),
            },
        )

    def _by_discovery(self, reading: Reading, filed: dt.date, filed_said: str) -> CheckResult:
        params = self.params
        unknown = "the text does not say when the incident was determined to be material; give --determined-on"
        if self.discovered is None:
            return CheckResult(Verdict.SKIP, observed=unknown)
        found = dated_statement(reading, self.discovered, None, True)
        if found is None:
            return CheckResult(Verdict.SKIP, observed=unknown)
        discovered, ev = found
        due, _ = due_date(discovered, params.business_days, params.calendar)
        if filed > due:
            return CheckResult(
                Verdict.SKIP,
                (ev,),
                f"{unknown}; filed {filed.isoformat()}, more than {params.business_days} business days after the "
                f"discovery on {discovered.isoformat()}, so it depends on when the determination was made",
            )
        return CheckResult(
            Verdict.PASS,
            (ev,),
            f"discovered {discovered.isoformat()} (stated in the text); filed {filed.isoformat()} ({filed_said}), "
            f"within {params.business_days} business days of discovery — the determination cannot precede discovery, "
            "so the report cannot be late",
            {
                "determined": f"no earlier than the discovery on {discovered.isoformat()}",
                "filed": filed.isoformat(),
                "due": f"{due.isoformat()} at the earliest",
                "late": "0",
                "business_days": str(params.business_days),
            },
        )
