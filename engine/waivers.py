"""Waivers: failures the legal team has accepted, with a reason, an approver and an end date. Applied to a
document's findings before its requirement verdicts are decided; then each waiver is told how it fared."""

from __future__ import annotations

import datetime as dt
import fnmatch
from collections.abc import Sequence

from .model import DocumentResult, Finding, Outcome, Waiver, WaiverStatus
from .rules import RuleSet


def waiver_applies(waiver: Waiver, finding: Finding, source: str) -> bool:
    return (
        finding.outcome is Outcome.FAIL
        and (waiver.rule is None or waiver.rule == finding.rule_id)
        and (waiver.requirement is None or waiver.requirement == finding.requirement)
        and (not waiver.documents or any(fnmatch.fnmatch(source, pattern) for pattern in waiver.documents))
    )


def apply_waivers(findings: Sequence[Finding], waivers: Sequence[Waiver], source: str, today: dt.date) -> list[Finding]:
    """Mark the failures an active waiver accepts (the first matching waiver in file order wins). An expired waiver
    accepts nothing."""
    active = [w for w in waivers if w.expires >= today]
    out = []
    for f in findings:
        waiver = next((w for w in active if waiver_applies(w, f, source)), None)
        out.append(f.model_copy(update={"waived_by": waiver}) if waiver else f)
    return out


def waiver_statuses(
    results: Sequence[DocumentResult], waivers: Sequence[Waiver], rules: RuleSet, today: dt.date
) -> tuple[WaiverStatus, ...]:
    """How each waiver fared in the run: active, expired (fails the run) or unmatched (stale, or a typo)."""
    statuses = []
    for w in waivers:
        matched = sum(waiver_applies(w, f, r.disclosure.source) for r in results for f in r.findings)
        if w.expires < today:
            status, message = (
                "expired",
                f"waiver for {w.target} ({w.origin}) expired on {w.expires.isoformat()}; "
                f"{matched} failure{'s' if matched != 1 else ''} it named count again — renew it or fix them",
            )
        elif matched:
            status, message = "active", f"waives {matched} failure{'s' if matched != 1 else ''} of {w.target}"
        else:
            known = (w.rule is None or rules.get(w.rule) is not None) and (
                w.requirement is None or w.requirement in rules.requirements
            )
            status, message = (
                "unmatched",
                f"waiver for {w.target} ({w.origin}) matches no failure"
                + ("; remove it if the issue is fixed" if known else "; it names no known rule or requirement"),
            )
        statuses.append(WaiverStatus(waiver=w, status=status, matched=matched, message=message))
    return tuple(statuses)
