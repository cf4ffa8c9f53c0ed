"""``located``: whether the parser found the cybersecurity item itself (not only a reference to another document)."""

from __future__ import annotations

from pydantic import Field

from ..model import Disclosure, SectionStatus
from .base import CheckCall, CheckKind, CheckParams, CheckResult

_SAID = {
    SectionStatus.FOUND: "the section was found",
    SectionStatus.INCORPORATED_BY_REFERENCE: "the item only incorporates the disclosure by reference",
    SectionStatus.MISSING: "no cybersecurity section was found",
}


class LocatedParams(CheckParams):
    status: tuple[SectionStatus, ...] = Field(default=(SectionStatus.FOUND,), min_length=1)


class Located(CheckKind):
    name = "located"
    description = "The document's section status is one of `status` (found, incorporated_by_reference, missing)."
    Params = LocatedParams

    @classmethod
    def evaluate(cls, params: LocatedParams, doc: Disclosure, children: tuple[CheckCall, ...]) -> CheckResult:
        return CheckResult(
            passed=doc.section_status in params.status,
            observed=_SAID[doc.section_status],
            values={"status": doc.section_status.value},
        )
