"""The typed data that flows through cydcheck: source → parser → Disclosure → rules → Finding → Report.

Every model is frozen: once a parser has produced a `Disclosure`, nothing downstream may change it, and a
`Finding` is a verdict, not a work area.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Callable
from enum import Enum
from itertools import pairwise
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer

_T = TypeVar("_T")

TEXT_FIELD = "text"
"""The evidence field that names the plain text of the whole cybersecurity section."""


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Form(str, Enum):
    TEN_K = "10-K"
    TWENTY_F = "20-F"
    EIGHT_K = "8-K"
    UNKNOWN = "unknown"


class FactKind(str, Enum):
    FLAG = "flag"
    TEXT = "text"
    OTHER = "other"


class Outcome(str, Enum):
    """A rule's verdict on one document."""

    PASS = "pass"
    FAIL = "fail"
    REVIEW = "review"
    """The only evidence is weak (hedged, conditional, a future plan…): a reader must decide, never a green pass."""
    SKIP = "skip"


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"
    SUGGESTION = "suggestion"
    """Not required by the rule text; practice or staff comments suggest it. Never changes a requirement's verdict
    and never fails the run."""

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.SUGGESTION: 0, Severity.NOTICE: 1, Severity.WARNING: 3, Severity.ERROR: 4}
REVIEW_RANK = 2
"""Where "needs review" stands among severities for ``--fail-on``: above a notice, below a warning."""


class SectionStatus(str, Enum):
    """Whether the parser found the cybersecurity disclosure itself."""

    FOUND = "found"
    INCORPORATED_BY_REFERENCE = "incorporated_by_reference"
    MISSING = "missing"


class SourceLocation(Frozen):
    """Where something stands in the original file: line/column for text sources, element for XML/Word."""

    line: int | None = None
    column: int | None = None
    element: str | None = None
    file: str | None = Field(
        default=None,
        description="The file this place is in when it is not the document's own: the exhibit an item incorporated by "
        "reference was read from. Left out when it is the document's own file.",
    )

    @model_serializer(mode="wrap")
    def _without_own_file(self, handler: SerializerFunctionWrapHandler) -> dict[str, object]:
        # Most locations are in the document's own file: saying nothing keeps every such report as it was.
        out: dict[str, object] = handler(self)
        if out.get("file") is None:
            out.pop("file", None)
        return out

    def in_file(self, file: str) -> SourceLocation:
        """This place, said to be in ``file`` (unless it already names its file)."""
        return self if self.file is not None else self.model_copy(update={"file": file})


class Segment(Frozen):
    """A run of a field's text, [start, end), that came from one place in the source."""

    start: int
    end: int
    location: SourceLocation


class Fact(Frozen):
    """One tagged fact of the disclosure (a cyd text block or flag, or another element)."""

    id: str = Field(description="Unique within the document: the local name, with '#2', '#3'… on duplicates.")
    name: str = Field(description="Element local name, e.g. CybersecurityRiskBoardOfDirectorsOversightTextBlock.")
    namespace: str | None = None
    label: str | None = Field(default=None, description="The label the source showed, if any.")
    known: bool = Field(default=True, description="False when the element is not in the cyd catalogue.")
    kind: FactKind
    value: bool | str | None = Field(description="A bool for flags, plain text for text blocks, None if nil.")
    text: str = Field(default="", description="The plain text the source shows for the fact.")
    location: SourceLocation | None = None
    segments: tuple[Segment, ...] = ()
    hidden: bool = Field(default=False, description="Tagged in ix:hidden: a real fact, not shown on the page.")
    period_end: dt.date | None = Field(default=None, description="End of the fact's context period, if known.")


SOURCE_DAMAGE = frozenset({"xml.recovered", "html.truncated", "xml.entity", "draft.unreadable"})
"""Diagnostic codes that say part of the source was not read as written — damaged, cut short, text missing or
replaced — so a requirement judged not met may be met in what is missing: every report shows them, not only ``-v``."""


class Diagnostic(Frozen):
    """Something the parser noticed and the reader should see (an unknown label, a duplicate fact…)."""

    level: Literal["warning", "notice"] = "warning"
    code: str
    message: str
    location: SourceLocation | None = None

    @property
    def damage(self) -> bool:
        """A warning that part of the source was not read (:data:`SOURCE_DAMAGE`)."""
        return self.level == "warning" and self.code in SOURCE_DAMAGE


class Taxonomy(Frozen):
    """A standard taxonomy the source uses, from its namespace: ``http://fasb.org/us-gaap/2024`` → us-gaap 2024."""

    family: str = Field(description="e.g. 'cyd', 'dei', 'us-gaap', 'srt'.")
    year: int
    namespace: str


class Disclosure(Frozen):
    """A cybersecurity disclosure in one typed shape, whatever format it came in."""

    source: str = Field(description="The path as the user gave it.")
    format: str = Field(description="The parser that read it, e.g. 'rpage'.")
    form: Form = Form.UNKNOWN
    issuer: str | None = None
    cik: str | None = None
    period_end: dt.date | None = None
    report_date: dt.date | None = Field(
        default=None, description="Form 8-K: the date of report (date of earliest event reported)."
    )
    section_status: SectionStatus = SectionStatus.FOUND
    located_by: str | None = Field(
        default=None,
        description="How the section was found, e.g. 'Item 1C heading at line 4120' or 'cross-reference index → "
        '"Cybersecurity" heading at line 9002\'.',
    )
    section_source: str | None = Field(
        default=None,
        description="The file the section was read from when it is not this one: the exhibit an incorporated item "
        "refers to. Evidence locations are lines of that file.",
    )
    facts: tuple[Fact, ...] = ()
    text: str = Field(default="", description="Plain text of the whole cybersecurity section.")
    text_segments: tuple[Segment, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    taxonomies: tuple[Taxonomy, ...] = Field(default=(), description="Standard taxonomies the source declares.")
    signed_on: dt.date | None = Field(default=None, description="The date of the signature block (Form 8-K).")
    filed_on: dt.date | None = Field(default=None, description="The filing date, when given (--filed-on).")
    determined_on: dt.date | None = Field(
        default=None, description="When the incident was determined to be material, when given (--determined-on)."
    )

    def facts_named(self, name: str) -> tuple[Fact, ...]:
        return tuple(f for f in self.facts if f.name == name)

    def fact(self, fact_id: str) -> Fact | None:
        return next((f for f in self.facts if f.id == fact_id), None)

    @property
    def tagged(self) -> bool:
        """True when the source carries any known cyd fact."""
        return any(f.known for f in self.facts)

    def field_text(self, field: str) -> str:
        """The text an evidence span's offsets index into."""
        if field == TEXT_FIELD:
            return self.text
        fact = self.fact(field.removeprefix("fact:"))
        return fact.text if fact is not None else ""

    def locate(self, field: str, offset: int) -> SourceLocation | None:
        """Map an offset in a field back to its place in the source file."""
        if field == TEXT_FIELD:
            segments = self.text_segments
        else:
            fact = _fact_index(self.facts).get(field.removeprefix("fact:"))
            if fact is None:
                return None
            segments = fact.segments
            if not segments:
                return fact.location
        seg = _segment_at(segments, offset)
        if seg is None:
            return None
        loc = seg.location
        # A text source's segment is its source line verbatim: an offset into it moves the column. A markup
        # source's column is its element's start tag (markup and entities lie between), so it stays.
        if (
            loc.line is not None
            and loc.column is not None
            and loc.element is None
            and "\n" not in self.field_text(field)[seg.start : offset]
        ):
            return loc.model_copy(update={"column": loc.column + (offset - seg.start)})
        return loc


# Evidence is located once per quote: the look-ups below are indexed once per tuple (held, so its id stays its
# own), not scanned per quote. A few recent tuples are kept; the models stay frozen and compare as before.
_INDEXES: dict[int, tuple[object, object]] = {}
_INDEXES_KEPT = 16


def _cached(key: tuple[object, ...], build: Callable[[], _T]) -> _T:
    found = _INDEXES.get(id(key))
    if found is not None and found[0] is key:
        return found[1]  # type: ignore[return-value]
    value = build()
    if len(_INDEXES) >= _INDEXES_KEPT:
        _INDEXES.pop(next(iter(_INDEXES)))
    _INDEXES[id(key)] = (key, value)
    return value


def _fact_index(facts: tuple[Fact, ...]) -> dict[str, Fact]:
    """Fact id → the first fact with it (what :meth:`Disclosure.fact` returns)."""

    def build() -> dict[str, Fact]:
        index: dict[str, Fact] = {}
        for fact in facts:
            index.setdefault(fact.id, fact)
        return index

    return _cached(facts, build)


def _segment_at(segments: tuple[Segment, ...], offset: int) -> Segment | None:
    """The first segment holding ``offset`` ([start, end), or the very end of the last one). Segments as parsers build
    them (in order, disjoint, none empty) are searched by bisection; any others (a hand-written draft) in order."""

    def build() -> list[int] | None:
        ordered = all(s.start < s.end for s in segments) and all(a.end <= b.start for a, b in pairwise(segments))
        return [s.start for s in segments] if ordered else None

    if not segments:
        return None
    starts = _cached(segments, build)
    last = segments[-1].end
    if starts is None:
        return next((s for s in segments if s.start <= offset < s.end or offset == s.end == last), None)
    i = bisect_right(starts, offset) - 1
    if i >= 0 and (offset < segments[i].end or offset == segments[i].end == last):
        return segments[i]
    return None


class Evidence(Frozen):
    """A quoted span that a verdict rests on."""

    field: str = Field(description="'text' (the section) or 'fact:<id>'.")
    start: int
    end: int
    quote: str
    location: SourceLocation | None = None


class Given(Frozen):
    """What the user states about a document (``--form``, ``--filed-on``, ``--determined-on``); it wins over what the
    parser read."""

    form: Form | None = None
    filed_on: dt.date | None = None
    determined_on: dt.date | None = None

    def apply(self, doc: Disclosure) -> Disclosure:
        update = {k: v for k, v in self if v is not None}
        return doc.model_copy(update=update) if update else doc


class Waiver(Frozen):
    """A failure the legal team has accepted: which rule or requirement, why, who approved it, and until when."""

    origin: str = Field(description="Where the waiver is written, e.g. '.cydcheck.yaml:14'.")
    rule: str | None = None
    requirement: str | None = None
    documents: tuple[str, ...] = Field(default=(), description="Glob patterns on document paths; empty = all.")
    reason: str
    approved_by: str
    expires: dt.date

    @property
    def target(self) -> str:
        parts = [
            f"rule {self.rule}" if self.rule else "",
            f"requirement {self.requirement}" if self.requirement else "",
        ]
        return " and ".join(p for p in parts if p)


class WaiverStatus(Frozen):
    """How one waiver fared in a run: active (waived something), expired (waives nothing, fails the run) or unmatched
    (nothing failed that it names: stale, or a typo)."""

    waiver: Waiver
    status: Literal["active", "expired", "unmatched"]
    matched: int = Field(description="Failing findings it names (waived only while active).")
    message: str


Substance = Literal["absent", "thin", "described"]
"""How fully a graded rule found its requirement answered: not at all, stated without substance, described."""


class Finding(Frozen):
    """The verdict of one rule on one disclosure."""

    rule_id: str
    requirement: str
    title: str
    citation: str
    outcome: Outcome
    severity: Severity
    message: str
    observed: str = Field(default="", description="What the check found, in words: the diagnostic half.")
    fix: str | None = None
    rationale: str = ""
    evidence: tuple[Evidence, ...] = ()
    skip_reason: str | None = None
    review_reason: str | None = Field(default=None, description="Why the rule could not decide (outcome review).")
    substance: Substance | None = Field(default=None, description="For graded rules: absent, thin or described.")
    waived_by: Waiver | None = Field(default=None, description="The active waiver that accepts this failure.")
    new: bool | None = Field(
        default=None,
        description="With --baseline: whether this failure or review is absent from the baseline report (only new ones "
        "fail the run); None without a baseline, and for passes and skips.",
    )

    @property
    def failing(self) -> bool:
        """A failure that counts: not waived, and not a mere suggestion."""
        return self.outcome is Outcome.FAIL and self.waived_by is None and self.severity is not Severity.SUGGESTION

    @property
    def suggestion(self) -> bool:
        """A suggestion the text does not follow (listed with its requirement; never a failure)."""
        return self.outcome is Outcome.FAIL and self.severity is Severity.SUGGESTION

    @property
    def waived(self) -> bool:
        return self.outcome is Outcome.FAIL and self.waived_by is not None

    @property
    def known(self) -> bool:
        """In the baseline report: shown, but it does not fail the run."""
        return self.new is False


RequirementState = Literal["pass", "fail", "warning", "notice", "review", "waived", "skip", "not-checked"]
"""A requirement's verdict: met (pass); not met, by the severity of the worst failure (fail = error, warning,
notice); needs review; waived (its only failures are waived); not applicable (skip); no rule checked it."""


class RequirementVerdict(Frozen):
    """One requirement key's verdict for one document, combined from its rules (see :mod:`cydcheck.verdicts`)."""

    key: str
    title: str
    citation: str
    status: RequirementState
    summary: str = Field(default="", description="The verdict in one sentence.")
    fix: str | None = Field(default=None, description="What to change, when the requirement is not met or in doubt.")
    evidence: tuple[Evidence, ...] = Field(default=(), description="The sentences the verdict rests on.")
    rule_ids: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = Field(default=(), description="Rules whose suggestions the text does not follow.")


DocumentStatus = Literal[
    "reviewed", "incorporated-by-reference", "missing", "not-a-disclosure", "unreadable", "timed-out"
]
"""Whether a document was reviewed at all: a document whose item is incorporated by reference, missing, or not a
disclosure has nothing the requirements could be judged on, and must never look clean. ``unreadable`` (a file that
could not be read or parsed, kept in the report with ``--keep-going``) and ``timed-out`` (over the ``--timeout``
budget) count against the run as an error-level failure."""

FAILED_STATUSES: tuple[DocumentStatus, ...] = ("unreadable", "timed-out")
"""Document statuses that fail the run like an error: the batch went on, but the document was never checked."""


class DocumentResult(Frozen):
    disclosure: Disclosure
    status: DocumentStatus = "reviewed"
    status_note: str | None = Field(default=None, description="Why the document was not reviewed, in words.")
    findings: tuple[Finding, ...]
    requirements: tuple[RequirementVerdict, ...]

    @property
    def reviewed(self) -> bool:
        return self.status == "reviewed"

    @property
    def failed(self) -> bool:
        """Unreadable or timed out: never checked, and counted against the run as an error."""
        return self.status in FAILED_STATUSES

    def counts(self) -> dict[str, int]:
        return _count(self.findings)

    def requirement_counts(self) -> dict[str, int]:
        """How many requirements stand at each verdict (only those that apply to this document)."""
        out = {state: 0 for state in ("pass", "fail", "warning", "notice", "review", "waived")}
        for r in self.requirements:
            if r.status in out:
                out[r.status] += 1
        return out


class Summary(Frozen):
    documents: int
    rules: int
    findings: int
    passed: int
    failed: int
    skipped: int
    waived: int
    review: int = 0
    errors: int
    warnings: int
    notices: int
    suggestions: int = 0
    not_reviewed: int = Field(default=0, description="Documents that could not be reviewed (missing, incorporated…).")
    unreadable: int = Field(default=0, description="Documents that could not be read or parsed (--keep-going).")
    timed_out: int = Field(default=0, description="Documents over the --timeout budget.")


class RuleInfo(Frozen):
    """What a reporter may say about a rule that ran (SARIF's ``tool.driver.rules``, JUnit's test cases, rule
    documentation): its metadata, never its check."""

    id: str
    title: str
    requirement: str
    citation: str
    severity: Severity
    forms: tuple[Form, ...]
    rationale: str
    fix: str
    source: str = Field(description="Where the rule is written, e.g. 'cydcheck:item106/b2-affected.yaml'.")


class SkippedInput(Frozen):
    """A file a directory scan found but did not check: plainly not a disclosure (a README, a licence, a file that
    never mentions cybersecurity) or cydcheck's own earlier report."""

    source: str
    reason: str


class RequirementTally(Frozen):
    """How a set of documents stands on one requirement: how many meet it, how many do not, and of how many. Only
    reviewed documents whose checklist has the requirement count; ``applies`` leaves out those where it is not
    applicable."""

    key: str
    title: str
    met: int = Field(description="Documents whose verdict is met (pass).")
    not_met: int = Field(description="Not met: fail, warning or notice.")
    review: int = Field(description="Needs review.")
    waived: int = 0
    not_applicable: int = 0
    applies: int = Field(description="met + not_met + review + waived: the documents the requirement applies to.")


class Peers(Frozen):
    """``--peers DIR``: the checked disclosures placed against a folder of others, requirement by requirement."""

    sources: tuple[str, ...] = Field(description="The peer paths as given.")
    documents: int = Field(description="Peer documents checked.")
    reviewed: int = Field(description="Of them, reviewed (the others are counted nowhere below).")
    requirements: tuple[RequirementTally, ...]
    skipped: tuple[SkippedInput, ...] = ()


class Report(Frozen):
    tool: str = "cydcheck"
    version: str
    documents: tuple[DocumentResult, ...]
    summary: Summary
    waivers: tuple[WaiverStatus, ...] = ()
    skipped: tuple[SkippedInput, ...] = ()
    rules: tuple[RuleInfo, ...] = Field(default=(), description="Every enabled rule of the run, in checklist order.")
    peers: Peers | None = Field(default=None, description="With --peers: how the peer set stands on each requirement.")

    def worst_rank(self) -> int | None:
        """The rank of the most severe thing that counts against the run (see ``--fail-on``): a failure's severity,
        a requirement that needs review (:data:`REVIEW_RANK`), an unmatched waiver (a warning). Findings the baseline
        already holds (``new`` is False) do not count."""
        ranks = [f.severity.rank for d in self.documents for f in d.findings if f.failing and not f.known]
        ranks += [
            REVIEW_RANK for d in self.documents for r in d.requirements if r.status == "review" and _new_review(d, r)
        ]
        ranks += [Severity.WARNING.rank for w in self.waivers if w.status == "unmatched"]
        ranks += [Severity.ERROR.rank for d in self.documents if d.failed]
        return max(ranks) if ranks else None

    @property
    def expired_waivers(self) -> tuple[WaiverStatus, ...]:
        return tuple(w for w in self.waivers if w.status == "expired")


def _new_review(result: DocumentResult, verdict: RequirementVerdict) -> bool:
    """A requirement that needs review counts against the run unless every review behind it is in the baseline."""
    reviews = [f for f in result.findings if f.requirement == verdict.key and f.outcome is Outcome.REVIEW]
    return not reviews or any(not f.known for f in reviews)


def _count(findings: tuple[Finding, ...] | list[Finding]) -> dict[str, int]:
    fails = [f for f in findings if f.failing]
    return {
        "findings": len(findings),
        "passed": sum(f.outcome is Outcome.PASS for f in findings),
        "failed": len(fails),
        "skipped": sum(f.outcome is Outcome.SKIP for f in findings),
        "waived": sum(f.waived for f in findings),
        "review": sum(f.outcome is Outcome.REVIEW for f in findings),
        "errors": sum(f.severity is Severity.ERROR for f in fails),
        "warnings": sum(f.severity is Severity.WARNING for f in fails),
        "notices": sum(f.severity is Severity.NOTICE for f in fails),
        "suggestions": sum(f.suggestion for f in findings),
    }


def summarize(documents: tuple[DocumentResult, ...], rule_count: int) -> Summary:
    findings = [f for d in documents for f in d.findings]
    return Summary(
        documents=len(documents),
        rules=rule_count,
        not_reviewed=sum(not d.reviewed for d in documents),
        unreadable=sum(d.status == "unreadable" for d in documents),
        timed_out=sum(d.status == "timed-out" for d in documents),
        **_count(findings),
    )
