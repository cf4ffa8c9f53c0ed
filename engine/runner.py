"""Rules × disclosures → findings → report. Pure functions: no I/O here."""

from __future__ import annotations

import datetime as dt
import fnmatch
import string
from collections.abc import Iterable, Mapping, Sequence

from .model import (
    Disclosure,
    DocumentResult,
    FactKind,
    Finding,
    Form,
    Outcome,
    Report,
    RequirementStatus,
    SectionStatus,
    Severity,
    Waiver,
    WaiverStatus,
    summarize,
)
from .rules import Requirement, Rule, RuleSet, cite
from .taxonomy import catalogue

ANNUAL_FORMS = (Form.TEN_K, Form.TWENTY_F)


def effective_forms(doc: Disclosure) -> tuple[Form, ...]:
    """The forms a document is judged as: its own, or, when unknown, what its tagged facts suggest."""
    if doc.form is not Form.UNKNOWN:
        return (doc.form,)
    cat = catalogue()
    forms = {form for f in doc.facts if (e := cat.by_name(f.name)) for form in e.forms}
    if forms == {Form.EIGHT_K.value}:
        return (Form.EIGHT_K,)
    return ANNUAL_FORMS


def skip_reason(rule: Rule, doc: Disclosure) -> str | None:
    """Why ``rule`` does not apply to ``doc``, or None when it does."""
    spec = rule.spec
    forms = effective_forms(doc)
    if not set(forms) & set(spec.applies_to):
        shown = "/".join(f.value for f in spec.applies_to)
        what = (
            f"this is {'an' if doc.form is Form.EIGHT_K else 'a'} {doc.form.value}"
            if doc.form is not Form.UNKNOWN
            else ("the form is unknown and the document reads as " + "/".join(f.value for f in forms) + " (see --form)")
        )
        return f"applies to Form {shown}; {what}"
    when = spec.when
    if doc.section_status not in when.section:
        return {
            SectionStatus.MISSING: "no cybersecurity section was found to judge",
            SectionStatus.INCORPORATED_BY_REFERENCE: "the item incorporates the disclosure by reference; judge the "
            "referenced document",
            SectionStatus.FOUND: "the section was found",
        }[doc.section_status]
    for name, wanted in when.flags.items():
        values = [f.value for f in doc.facts_named(name) if f.kind is FactKind.FLAG]
        if wanted not in values:
            state = (
                "not tagged"
                if not values
                else " and ".join("not answered" if v is None else str(v).lower() for v in values)
            )
            return f"applies when {name} is {str(wanted).lower()}; it is {state}"
    if when.formats and doc.format not in when.formats:
        return (
            f"judges {'/'.join(when.formats)} sources; this one was read as {doc.format}, which carries no XBRL "
            "tagging to judge"
        )
    if when.tagged is not None and doc.tagged is not when.tagged:
        return (
            "applies only to tagged (inline XBRL) disclosures"
            if when.tagged
            else ("applies only to untagged disclosures")
        )
    period = doc.period_end or doc.report_date  # an 8-K has no period: its date of report stands for it
    if when.period_end is not None and period is not None and not when.period_end.contains(period):
        return f"applies to periods ending {when.period_end.describe()}; this one ends {period.isoformat()}"
    return None


class _Template(string.Formatter):
    """str.format that leaves unknown {placeholders} as written instead of raising."""

    def get_value(self, key: int | str, args: object, kwargs: Mapping[str, object]) -> object:
        return kwargs.get(str(key), "{" + str(key) + "}")


_FORMAT = _Template()


def _render(template: str, values: Mapping[str, str]) -> str:
    try:
        return _FORMAT.vformat(template, (), values)
    except (ValueError, IndexError):  # a stray brace in a message is text, not a template error
        return template


def evaluate(rule: Rule, doc: Disclosure) -> Finding:
    spec = rule.spec
    common = {
        "rule_id": spec.id,
        "requirement": spec.requirement,
        "title": spec.title,
        "citation": cite(spec.citation, effective_forms(doc)),
        "severity": spec.severity,
        "fix": spec.fix,
        "rationale": spec.rationale,
    }
    reason = skip_reason(rule, doc)
    if reason is not None:
        return Finding(outcome=Outcome.SKIP, message=f"Not applicable: {reason}.", skip_reason=reason, **common)
    result = rule.check.evaluate(doc)
    if result.passed is None:
        return Finding(
            outcome=Outcome.SKIP,
            message=f"Not applicable: {result.observed}.",
            skip_reason=result.observed,
            observed=result.observed,
            **common,
        )
    if result.passed:
        message = _render(spec.success, result.values) if spec.success else f"{spec.title}."
        outcome = Outcome.PASS
    else:
        message = _render(spec.message, result.values)
        outcome = Outcome.FAIL
    return Finding(outcome=outcome, message=message, observed=result.observed, evidence=result.evidence, **common)


_STATUS_ORDER = ("fail", "warning", "notice", "waived", "pass", "skip")


def requirement_status(req: Requirement, findings: list[Finding], forms: Sequence[Form]) -> RequirementStatus:
    mine = [f for f in findings if f.requirement == req.key]
    statuses = set()
    for f in mine:
        if f.waived:
            statuses.add("waived")
        elif f.outcome is Outcome.FAIL:
            statuses.add({Severity.ERROR: "fail", Severity.WARNING: "warning", Severity.NOTICE: "notice"}[f.severity])
        else:
            statuses.add(f.outcome.value)
    status = next((s for s in _STATUS_ORDER if s in statuses), "not-checked")
    return RequirementStatus(
        key=req.key,
        title=req.title,
        citation=cite(req.citation, forms),
        status=status,
        rule_ids=tuple(f.rule_id for f in mine),
    )


def check_disclosure(doc: Disclosure, rules: RuleSet) -> DocumentResult:
    findings = [evaluate(rule, doc) for rule in rules.rules if rule.spec.enabled]
    forms = effective_forms(doc)
    requirements = tuple(
        requirement_status(req, findings, forms) for req in rules.requirements.values() if set(forms) & set(req.forms)
    )
    return DocumentResult(disclosure=doc, findings=tuple(findings), requirements=requirements)


def waiver_applies(waiver: Waiver, finding: Finding, source: str) -> bool:
    return (
        finding.outcome is Outcome.FAIL
        and (waiver.rule is None or waiver.rule == finding.rule_id)
        and (waiver.requirement is None or waiver.requirement == finding.requirement)
        and (not waiver.documents or any(fnmatch.fnmatch(source, pattern) for pattern in waiver.documents))
    )


def apply_waivers(
    results: Sequence[DocumentResult], waivers: Sequence[Waiver], rules: RuleSet, today: dt.date
) -> tuple[tuple[DocumentResult, ...], tuple[WaiverStatus, ...]]:
    """Mark the failures active waivers accept (the first matching waiver in file order wins) and say how each
    waiver fared. An expired waiver accepts nothing."""
    active = [w for w in waivers if w.expires >= today]
    out = []
    for result in results:
        findings = []
        for f in result.findings:
            waiver = next((w for w in active if waiver_applies(w, f, result.disclosure.source)), None)
            findings.append(f.model_copy(update={"waived_by": waiver}) if waiver else f)
        waived = tuple(findings)
        reqs = tuple(
            requirement_status(rules.requirements[r.key], findings, effective_forms(result.disclosure))
            if r.key in rules.requirements
            else r
            for r in result.requirements
        )
        out.append(result.model_copy(update={"findings": waived, "requirements": reqs}))
    statuses = []
    for w in waivers:
        matched = sum(waiver_applies(w, f, r.disclosure.source) for r in results for f in r.findings)
        if w.expires < today:
            status, message = (
                "expired",
                (
                    f"waiver for {w.target} ({w.origin}) expired on {w.expires.isoformat()}; "
                    f"{matched} failure{'s' if matched != 1 else ''} it named count again — renew it or fix them"
                ),
            )
        elif matched:
            status, message = "active", f"waives {matched} failure{'s' if matched != 1 else ''} of {w.target}"
        else:
            known = (w.rule is None or rules.get(w.rule) is not None) and (
                w.requirement is None or w.requirement in rules.requirements
            )
            status, message = (
                "unmatched",
                (
                    f"waiver for {w.target} ({w.origin}) matches no failure"
                    + ("; remove it if the issue is fixed" if known else "; it names no known rule or requirement")
                ),
            )
        statuses.append(WaiverStatus(waiver=w, status=status, matched=matched, message=message))
    return tuple(out), tuple(statuses)


def build_report(
    docs: Iterable[Disclosure],
    rules: RuleSet,
    version: str,
    waivers: Sequence[Waiver] = (),
    today: dt.date | None = None,
) -> Report:
    results = tuple(check_disclosure(d, rules) for d in docs)
    statuses: tuple[WaiverStatus, ...] = ()
    if waivers:
        results, statuses = apply_waivers(results, waivers, rules, today or dt.date.today())
    enabled = sum(1 for r in rules.rules if r.spec.enabled)
    return Report(version=version, documents=results, summary=summarize(results, enabled), waivers=statuses)


def exit_code(report: Report, fail_on: str) -> int:
    """0 when no failure is at or above ``fail_on`` (error|warning|notice|never), else 1. An expired waiver fails
    the run whatever ``fail_on`` says (except never): the acceptance it recorded has lapsed."""
    if fail_on == "never":
        return 0
    if report.expired_waivers:
        return 1
    threshold = Severity(fail_on).rank
    worst = report.worst_failure()
    return 1 if worst is not None and worst.rank >= threshold else 0
