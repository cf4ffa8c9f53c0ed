"""Rule documentation: one Markdown page per rule and an index, from fixed templates (``rule.md.j2``,
``rules-index.md.j2``), in checklist order — the same rules give the same bytes.

A page says what a reviewer needs to trust a rule: what it checks and under which requirement and citation, how
severe a failure is (and how a thin answer or weak evidence is worded), which forms and periods it applies to, why
it exists, text that passes and text that fails (its own examples, which ``cydcheck rules test`` runs), and how to
fix a failure. :func:`missing` names what a rule lacks for that; ``cydcheck rules docs`` refuses to document a
rule that lacks any of it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .checks.base import CheckKind, CompositeKind
from .checks.logic import Graded
from .model import Form, SectionStatus, Severity
from .reporters.templating import environment
from .rules import ExampleDoc, Requirement, Rule, RuleSet, RuleSpec, When, cite

INDEX = "index.md"
DEFAULT_REVIEW = "Needs review: {reason}."
SEVERITY_MEANING = {
    Severity.ERROR: "a failure fails the requirement and, by default, the run (exit 1)",
    Severity.WARNING: "a failure is a warning; it fails the run when --fail-on is warning, review or notice",
    Severity.NOTICE: "a failure is a notice; it fails the run only when --fail-on is notice",
    Severity.SUGGESTION: "a suggestion: it never changes the requirement's verdict nor fails a run",
}


@dataclass(frozen=True)
class ExampleView:
    """One example as a reader sees it: its text, and what else the example document carries."""

    text: str
    facts: tuple[tuple[str, str], ...]
    flags: tuple[tuple[str, str], ...]
    setting: tuple[tuple[str, str], ...]  # form, format, dates, section status…

    @property
    def fence(self) -> str:
        """A code fence longer than any run of backticks in the example, so no text can close it."""
        longest = max((len(run) for run in _backtick_runs(self.text, *(t for _, t in self.facts))), default=0)
        return "`" * max(3, longest + 1)


@dataclass(frozen=True)
class RulePage:
    rule: Rule
    requirement: Requirement
    filename: str
    citations: tuple[tuple[str, str], ...]  # (forms it reads for, citation)
    severity_meaning: str
    conditions: tuple[str, ...]
    wording: dict[str, str]  # fail, pass, thin, review: the report's words, {placeholders} shown as ‹name›
    check: str  # the kind, and what it does
    examples: dict[str, tuple[ExampleView, ...]]

    @property
    def spec(self) -> RuleSpec:
        return self.rule.spec


def _backtick_runs(*texts: str) -> list[str]:
    runs: list[str] = []
    for text in texts:
        run = ""
        for ch in text + "\n":
            if ch == "`":
                run += ch
            elif run:
                runs.append(run)
                run = ""
    return runs


def filename(rule: Rule) -> str:
    return f"{rule.id}.md"


def missing(rule: Rule, requirements: dict[str, Requirement]) -> list[str]:
    """What the rule lacks for its page (empty when nothing): every field a reader relies on must say something."""
    spec = rule.spec
    lacks: list[str] = []
    for name, value in (
        ("title", spec.title),
        ("message", spec.message),
        ("rationale", spec.rationale),
        ("fix", spec.fix),
    ):
        if not value.strip():
            lacks.append(name)
    requirement = requirements.get(spec.requirement)
    if requirement is None:
        lacks.append(f"requirement '{spec.requirement}' (not in any requirements.yaml)")
    elif not requirement.title.strip():
        lacks.append(f"a title for requirement '{spec.requirement}'")
    if not cite(spec.citation, spec.applies_to).strip():
        lacks.append("citation")
    if isinstance(rule.check, Graded) and spec.thin is None:
        lacks.append("thin (the severity and wording of a thin answer, for a graded check)")
    for expected, docs in _example_sets(rule).items():
        if expected in ("pass", "fail") and not docs:
            lacks.append(f"examples.{expected}")
        for index, doc in enumerate(docs):
            if not doc.model_dump(exclude_defaults=True):
                lacks.append(f"examples.{expected}[{index}] (an empty example)")
    return lacks


def _example_sets(rule: Rule) -> dict[str, tuple[ExampleDoc, ...]]:
    ex = rule.spec.examples
    return {"pass": ex.passing, "fail": ex.failing, "thin": ex.thin, "review": ex.review}


def _example(doc: ExampleDoc) -> ExampleView:
    setting: list[tuple[str, str]] = []
    if doc.form is not Form.UNKNOWN:
        setting.append(("form", doc.form.value))
    if doc.format != "example":
        setting.append(("input format", doc.format))
    if doc.section_status is not SectionStatus.FOUND:
        setting.append(("section", doc.section_status.value.replace("_", " ")))
    for name in ("period_end", "signed_on", "filed_on", "determined_on"):
        day = getattr(doc, name)
        if day is not None:
            setting.append((name.replace("_", " "), day.isoformat()))
    if doc.namespaces:
        setting.append(("taxonomies", ", ".join(doc.namespaces)))
    flags = tuple(
        (name, ", ".join(str(v).lower() for v in (value if isinstance(value, tuple) else (value,))))
        for name, value in doc.flags.items()
    )
    return ExampleView(doc.text.strip(), tuple(doc.facts.items()), flags, tuple(setting))


def _conditions(when: When) -> tuple[str, ...]:
    out: list[str] = []
    if when.period_end is not None:
        out.append(f"fiscal periods ending {when.period_end.describe()}")
    for name, value in when.flags.items():
        out.append(f"when {name} is tagged {str(value).lower()}")
    if when.tagged is not None:
        out.append("only disclosures tagged in Inline XBRL" if when.tagged else "only untagged disclosures")
    if when.formats:
        out.append(f"only input read as {', '.join(when.formats)}")
    if tuple(when.section) != (SectionStatus.FOUND,):
        out.append(f"section status {', '.join(s.value.replace('_', ' ') for s in when.section)}")
    return tuple(out)


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _can_review(check: CheckKind[Any]) -> bool:
    """Whether the check, or one of its sub-checks, asks for review on weak evidence: by convention, a kind that
    can has a ``weak`` parameter (the statuses that alone are only for a reviewer)."""
    if getattr(check.params, "weak", ()):
        return True
    return isinstance(check, CompositeKind) and any(_can_review(c) for c in check.checks)


def tidy(markdown: str) -> str:
    """No runs of blank lines outside code fences (templates leave some where an optional part is empty)."""
    out: list[str] = []
    fence = ""
    for line in markdown.split("\n"):
        stripped = line.strip()
        if fence:
            if stripped == fence:
                fence = ""
        elif stripped.startswith("```"):
            fence = stripped[: len(stripped) - len(stripped.lstrip("`"))]
        elif not stripped and out and not out[-1].strip():
            continue
        out.append(line)
    return "\n".join(out)


def _citations(rule: Rule) -> tuple[tuple[str, str], ...]:
    citation = rule.spec.citation
    if isinstance(citation, str):
        return ((", ".join(f.value for f in rule.spec.applies_to), citation),)
    return tuple((form.value, text) for form, text in citation.items())


def page(rule: Rule, requirements: dict[str, Requirement]) -> RulePage:
    spec = rule.spec
    kind = type(rule.check)
    wording = {"fail": spec.message, "pass": spec.success or f"{spec.title}."}
    if spec.thin is not None:
        wording["thin"] = spec.thin.message
    if spec.review or spec.examples.review or _can_review(rule.check):
        wording["review"] = spec.review or DEFAULT_REVIEW
    return RulePage(
        rule=rule,
        requirement=requirements[spec.requirement],
        filename=filename(rule),
        citations=_citations(rule),
        severity_meaning=SEVERITY_MEANING[spec.severity],
        conditions=_conditions(spec.when),
        wording={k: _PLACEHOLDER.sub(r"‹\1›", v) for k, v in wording.items()},
        check=f"`{kind.name}` — {' '.join(kind.description.split())}",
        examples={k: tuple(_example(d) for d in v) for k, v in _example_sets(rule).items()},
    )


def render(ruleset: RuleSet, rules: Sequence[Rule] | None = None) -> dict[str, str]:
    """File name → Markdown: a page per rule and the index. Raises ValueError naming the first rule that lacks
    something a page needs (see :func:`missing`)."""
    chosen = list(ruleset.rules if rules is None else rules)
    for rule in chosen:
        lacks = missing(rule, ruleset.requirements)
        if lacks:
            raise ValueError(f"{rule.path}: rule {rule.id} cannot be documented: it lacks {'; '.join(lacks)}")
    env = environment(autoescape=False)
    pages = [page(r, ruleset.requirements) for r in chosen]
    out = {p.filename: tidy(env.get_template("rule.md.j2").render(page=p)) for p in pages}
    groups = [
        (req, [p for p in pages if p.rule.spec.requirement == key])
        for key, req in ruleset.requirements.items()
        if any(p.rule.spec.requirement == key for p in pages)
    ]
    out[INDEX] = tidy(env.get_template("rules-index.md.j2").render(groups=groups, count=len(pages)))
    return out
