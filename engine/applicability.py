"""Whether a rule applies to a document: its forms, the form the document is judged as, and the rule's ``when``
conditions. Decided once per document (the forms) and once per rule and document (the reason to skip), before any
check runs; a check never decides applicability."""

from __future__ import annotations

from .model import Disclosure, FactKind, Form, SectionStatus
from .rules import Rule
from .taxonomy import catalogue

ANNUAL_FORMS = (Form.TEN_K, Form.TWENTY_F)

_SECTION = {
    SectionStatus.MISSING: "no cybersecurity section was found to judge",
    SectionStatus.INCORPORATED_BY_REFERENCE: "the item incorporates the disclosure by reference; judge the referenced "
    "document",
    SectionStatus.FOUND: "the section was found",
}


def document_forms(doc: Disclosure) -> tuple[Form, ...]:
    """The forms a document is judged as: its own, or, when unknown, what its tagged facts suggest (an annual report
    unless every tagged element is a Form 8-K one)."""
    if doc.form is not Form.UNKNOWN:
        return (doc.form,)
    cat = catalogue()
    forms = {form for f in doc.facts if (e := cat.by_name(f.name)) for form in e.forms}
    if forms == {Form.EIGHT_K.value}:
        return (Form.EIGHT_K,)
    return ANNUAL_FORMS


def skip_reason(rule: Rule, doc: Disclosure, forms: tuple[Form, ...]) -> str | None:
    """Why ``rule`` does not apply to ``doc`` (judged as ``forms``), or None when it does."""
    spec = rule.spec
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
        return _SECTION[doc.section_status]
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
            else "applies only to untagged disclosures"
        )
    period = doc.period_end or doc.report_date  # an 8-K has no period: its date of report stands for it
    if when.period_end is not None and period is not None and not when.period_end.contains(period):
        return f"applies to periods ending {when.period_end.describe()}; this one ends {period.isoformat()}"
    return None
