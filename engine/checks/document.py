"""Check kinds about the document as a whole: ``located`` (whether the parser found the cybersecurity item itself,
not only a reference to another document), ``drafting_notes`` (no unresolved drafting notes) and ``intact`` (the
source was read whole: no part of it damaged, cut short or left unexpanded)."""

from __future__ import annotations

from pydantic import Field

from ..model import SOURCE_DAMAGE, Evidence, SectionStatus
from ..reading import Reading
from .base import CheckKind, CheckParams, CheckResult, Verdict

_SAID = {
    SectionStatus.FOUND: "the section was found",
    SectionStatus.INCORPORATED_BY_REFERENCE: "the item only incorporates the disclosure by reference",
    SectionStatus.MISSING: "no cybersecurity section was found",
}


class LocatedParams(CheckParams):
    status: tuple[SectionStatus, ...] = Field(default=(SectionStatus.FOUND,), min_length=1)


class Located(CheckKind[LocatedParams]):
    name = "located"
    description = "The document's section status is one of `status` (found, incorporated_by_reference, missing)."
    Params = LocatedParams

    def evaluate(self, reading: Reading) -> CheckResult:
        doc = reading.doc
        status = doc.section_status
        verdict = Verdict.PASS if status in self.params.status else Verdict.FAIL
        how = doc.located_by or _SAID[status]
        return CheckResult(verdict, observed=how, values={"status": status.value, "how": how})


class DraftingNotesParams(CheckParams):
    max: int = Field(default=0, ge=0, description="how many unresolved notes are tolerated")


class DraftingNotes(CheckKind[DraftingNotesParams]):
    name = "drafting_notes"
    description = (
        "The text holds no more than `max` unresolved drafting notes (bracketed notes, NTD, TBD, [●], reviewer "
        "comments — the reading layer's `notes` vocabulary). The message can quote {count} and {notes}."
    )
    Params = DraftingNotesParams

    def evaluate(self, reading: Reading) -> CheckResult:
        notes = reading.notes
        shown = "; ".join(
            f"“{' '.join(n.text.split())[:80]}”"
            + (f" (line {n.location.line})" if n.location and n.location.line else "")
            for n in notes
        )
        count = len(notes)
        verdict = Verdict.PASS if count <= self.params.max else Verdict.FAIL
        evidence = tuple(
            Evidence(field=n.field, start=n.start, end=n.end, quote=n.text, location=n.location) for n in notes[:20]
        )
        observed = f"{count} unresolved drafting note{'s' if count != 1 else ''}" + (f": {shown}" if notes else "")
        return CheckResult(verdict, evidence, observed, {"count": str(count), "notes": shown or "none"})


class IntactParams(CheckParams):
    codes: tuple[str, ...] = Field(
        default=tuple(sorted(SOURCE_DAMAGE)),
        min_length=1,
        description="the parser diagnostics (warnings) that say part of the source was not read",
    )


class Intact(CheckKind[IntactParams]):
    name = "intact"
    description = (
        "The parser read the source whole: it reported no warning with one of `codes` (by default every code that "
        "says text is damaged, cut short, unexpanded or replaced). The message can quote {count} and {problems}."
    )
    Params = IntactParams

    def evaluate(self, reading: Reading) -> CheckResult:
        found = [d for d in reading.doc.diagnostics if d.level == "warning" and d.code in self.params.codes]
        problems = "; ".join(f"{d.code}: {d.message}" for d in found)
        count = len(found)
        observed = f"{count} problem{'s' if count != 1 else ''}: {problems}" if found else "nothing reported damaged"
        return CheckResult(
            Verdict.FAIL if found else Verdict.PASS,
            observed=observed,
            values={"count": str(count), "problems": problems or "none"},
        )
