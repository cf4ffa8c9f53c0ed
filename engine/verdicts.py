"""Findings → one verdict per requirement, and whether the document was reviewed at all.

The stated logic, applied to a requirement's findings (its rules that apply to the document):

1. suggestions (severity ``suggestion``) never decide: they are listed with the requirement;
2. an unwaived failure at ``error`` → **not met** (``fail``);
3. else a rule that asks for review → **needs review** (``review``): the evidence is weak, a reader decides;
4. else an unwaived failure at ``warning`` / ``notice`` → not met at that severity (``warning`` / ``notice``);
5. else failures that are all waived → ``waived``;
6. else a pass → **met** (``pass``);
7. else nothing applied → not applicable (``skip``) — or ``not-checked`` when the document was not reviewed (its item
   is missing, incorporated by reference, or it is no disclosure at all), so such a report can never look clean.

The rules of one requirement are written so they never contradict each other (one rule decides whether the answer
is there and, for "how" requirements, how fully — a ``graded`` check; others test distinct aspects): the verdict's
sentence, fix and evidence come from the finding that decided it.
"""

from __future__ import annotations

from collections.abc import Sequence

from .model import (
    Disclosure,
    DocumentStatus,
    Evidence,
    Finding,
    Form,
    Outcome,
    RequirementState,
    RequirementVerdict,
    SectionStatus,
    Severity,
)
from .rules import Requirement, cite

NOT_A_DISCLOSURE = "not-a-disclosure"
"""The diagnostic code a parser gives a document with no cybersecurity content at all."""


def document_status(doc: Disclosure) -> tuple[DocumentStatus, str | None]:
    """Whether the document can be reviewed, and if not, why — in words a reader understands."""
    if any(d.code == NOT_A_DISCLOSURE for d in doc.diagnostics):
        return "not-a-disclosure", "not a disclosure: the file says nothing about cybersecurity"
    if doc.section_status is SectionStatus.MISSING:
        return "missing", "not reviewed: no Item 1C / 16K / 1.05 cybersecurity section was found"
    if doc.section_status is SectionStatus.INCORPORATED_BY_REFERENCE:
        return "incorporated-by-reference", "not reviewed: " + _incorporation(doc)
    return "reviewed", None


def _incorporation(doc: Disclosure) -> str:
    first = " ".join(doc.text.split())
    first = first if len(first) <= 200 else first[:197] + "…"
    return f"the item incorporates the disclosure by reference (“{first}”)" if first else "incorporated by reference"


def _decide(applied: list[Finding]) -> tuple[RequirementState, list[Finding]]:
    counted = [f for f in applied if f.severity is not Severity.SUGGESTION]
    active = [f for f in counted if f.failing]
    errors = [f for f in active if f.severity is Severity.ERROR]
    if errors:
        return "fail", errors
    review = [f for f in counted if f.outcome is Outcome.REVIEW]
    if review:
        return "review", review
    warnings = [f for f in active if f.severity is Severity.WARNING]
    if warnings:
        return "warning", warnings
    notices = [f for f in active if f.severity is Severity.NOTICE]
    if notices:
        return "notice", notices
    waived = [f for f in counted if f.waived]
    if waived:
        return "waived", waived
    passed = [f for f in counted if f.outcome is Outcome.PASS]
    if passed:
        return "pass", passed
    return "skip", []


def requirement_verdict(
    req: Requirement, findings: Sequence[Finding], forms: Sequence[Form], reviewed: bool = True, note: str | None = None
) -> RequirementVerdict:
    mine = [f for f in findings if f.requirement == req.key]
    applied = [f for f in mine if f.outcome is not Outcome.SKIP]
    state, deciding = _decide(applied) if applied else ("skip", [])
    if not mine or (state == "skip" and not reviewed):
        state = "not-checked"
    suggestions = tuple(f.rule_id for f in applied if f.suggestion)
    if state == "not-checked":
        summary = note or "No rule checks this requirement."
    elif state == "skip":
        summary = next((f.message for f in mine if f.skip_reason), "Not applicable.")
    else:
        summary = deciding[0].message
    evidence: list[Evidence] = []
    for f in deciding:
        evidence.extend(e for e in f.evidence if e not in evidence)
    fix = deciding[0].fix if state not in ("pass", "skip", "not-checked") and deciding else None
    return RequirementVerdict(
        key=req.key,
        title=req.title,
        citation=cite(req.citation, forms),
        status=state,
        summary=summary,
        fix=fix,
        evidence=tuple(evidence[:8]),
        rule_ids=tuple(f.rule_id for f in mine),
        suggestions=suggestions,
    )


def requirement_verdicts(
    requirements: dict[str, Requirement],
    findings: Sequence[Finding],
    forms: Sequence[Form],
    reviewed: bool = True,
    note: str | None = None,
) -> tuple[RequirementVerdict, ...]:
    """The checklist: every requirement of the document's forms, in catalogue order."""
    return tuple(
        requirement_verdict(req, findings, forms, reviewed, note)
        for req in requirements.values()
        if set(forms) & set(req.forms)
    )
