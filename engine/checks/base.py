"""What a check kind is (the model is Vale's ``internal/check/definition.go``: a few general kinds, one file each).

A check kind is a class with

- ``name``: what rule files write in ``check: {kind: ...}``;
- ``Params``: a pydantic model (``extra="forbid"``) that validates the rule's parameters when the rule is loaded;
- a constructor that receives the validated parameters and the vocabulary and compiles what it needs once (phrase
  patterns, named phrase lists) — a rule's check is an instance, built at load time;
- ``evaluate(reading)``: judges one document as the reading layer read it, and never raises.

Composite kinds (``all_of``, ``any_of``, ``not``, ``flag_requires``, ``graded``) alone take sub-checks: they name the
parameter that holds them in ``children`` and receive them built.

Text-reading kinds share one scope, explicit in the rule file and the same for every kind: ``in`` (tagged elements to
read first) and ``fallback`` (``text``: then the whole section text, when the elements are missing or do not satisfy
the check — the default; ``untagged``: only when the document carries no cyd facts at all; ``none``: never). And they
count only sentences whose status is in ``status`` (default: asserted).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, ClassVar, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..model import TEXT_FIELD, Disclosure, Evidence, FactKind
from ..reading import Reading, Status, Vocabulary
from ..reading.model import WEAK
from ..taxonomy import catalogue
from ..text import phrase_source


class CheckParams(BaseModel):
    """Base of every kind's parameters: frozen, and unknown keys are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


Fallback = Literal["text", "untagged", "none"]
DEFAULT_STATUS = (Status.ASSERTED,)


class ScopedParams(CheckParams):
    """Parameters of kinds that read text: which tagged elements, when to read the section instead, and which
    sentences count."""

    in_: tuple[str, ...] = Field(default=(), alias="in", description="tagged text elements to read first")
    fallback: Fallback = Field(
        default="text",
        description="text: then the section text when the elements are missing or do not satisfy the check; "
        "untagged: only when nothing is tagged; none: never",
    )
    status: tuple[Status, ...] = Field(
        default=DEFAULT_STATUS,
        min_length=1,
        description="sentence statuses that count as evidence (reading layer); default: asserted statements",
    )

    @field_validator("in_", mode="after")
    @classmethod
    def _known_elements(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(resolve_element(v, kind=FactKind.TEXT) for v in value)


def resolve_element(name: str, kind: FactKind | None = None) -> str:
    """The local name for an element name or alias; ValueError (a rule-file error) if unknown or of another kind."""
    element = catalogue().resolve(name)
    if element is None:
        raise ValueError(f"unknown cyd element '{name}'")
    if kind is not None and element.kind is not kind:
        raise ValueError(f"'{name}' is a {element.kind.value} element, not a {kind.value} element")
    return element.name


def valid_phrases(value: tuple[str, ...]) -> tuple[str, ...]:
    """Field validator for phrase lists: every phrase compiles (``@name`` lists are resolved when the check is
    built, against the vocabulary)."""
    for phrase in value:
        if phrase.startswith("@"):
            continue
        try:
            phrase_source(phrase)
        except Exception as exc:  # re.error or an empty phrase: report it as the rule's error
            raise ValueError(f"bad phrase {phrase!r}: {exc}") from None
    return value


class Verdict(str, Enum):
    """A check's verdict. THIN: the answer is there but lacks the substance the rule asks for (a graded rule then
    fails at its ``thin`` severity). REVIEW: the only evidence is weak; a reader must decide."""

    PASS = "pass"
    FAIL = "fail"
    THIN = "thin"
    REVIEW = "review"
    SKIP = "skip"


@dataclass(frozen=True)
class CheckResult:
    verdict: Verdict
    evidence: tuple[Evidence, ...] = ()
    observed: str = ""
    values: dict[str, str] = field(default_factory=dict)
    reason: str = ""
    """Why the check could not decide (REVIEW) — quoted in the finding."""

    @property
    def passed(self) -> bool | None:
        """True on PASS, None on SKIP, False otherwise."""
        return None if self.verdict is Verdict.SKIP else self.verdict is Verdict.PASS


P = TypeVar("P", bound=CheckParams)


class CheckKind(ABC, Generic[P]):
    """One check of a rule, built once when the rule is loaded."""

    name: ClassVar[str]
    description: ClassVar[str]
    Params: ClassVar[type[CheckParams]]

    def __init__(self, params: P, vocabulary: Vocabulary) -> None:
        self.params = params
        self.vocabulary = vocabulary

    @abstractmethod
    def evaluate(self, reading: Reading) -> CheckResult:
        """Judge one document. Must not raise on any disclosure a parser can produce."""

    def phrases(self, value: Sequence[str]) -> tuple[str, ...]:
        """A phrase parameter with its ``@name`` lists expanded (ValueError, a rule-file error, if unknown)."""
        return self.vocabulary.expand(value)


class CompositeKind(CheckKind[P]):
    """A kind whose parameters named in ``children`` hold sub-check mappings (each a list, or one mapping); they are
    built in that order and handed to the constructor as ``checks``."""

    children: ClassVar[tuple[str, ...]]

    def __init__(self, params: P, vocabulary: Vocabulary, checks: Sequence[CheckKind[Any]]) -> None:
        super().__init__(params, vocabulary)
        self.checks = tuple(checks)


# ---- helpers for text-reading kinds -------------------------------------------------------------------------------


def element_fields(doc: Disclosure, names: tuple[str, ...]) -> list[str]:
    """Evidence fields ('fact:<id>') of the non-empty text facts of the named elements, in document order."""
    wanted = set(names)
    return [f"fact:{f.id}" for f in doc.facts if f.name in wanted and f.kind is FactKind.TEXT and f.text.strip()]


def scoped(reading: Reading, params: ScopedParams, judge: Callable[[Reading, list[str]], CheckResult]) -> CheckResult:
    """Run ``judge`` on the named elements, then on the section text as ``params.fallback`` allows; the better
    verdict wins (pass, then thin, then review, then fail)."""
    doc = reading.doc
    fields = element_fields(doc, params.in_) if params.in_ else []
    result: CheckResult | None = judge(reading, fields) if fields else None
    if result is not None and result.verdict is Verdict.PASS:
        return result
    use_text = params.fallback == "text" or (params.fallback == "untagged" and not doc.tagged) or not params.in_
    if use_text and doc.text.strip():
        text_result = judge(reading, [TEXT_FIELD])
        if result is None or _RANK[text_result.verdict] < _RANK[result.verdict]:
            return text_result
    if result is not None:
        return result
    where = ", ".join(params.in_) if params.in_ else "the section text"
    return CheckResult(Verdict.FAIL, observed=f"nothing to read: {where} not present")


_RANK = {Verdict.PASS: 0, Verdict.THIN: 1, Verdict.REVIEW: 2, Verdict.FAIL: 3, Verdict.SKIP: 4}


def evidence(doc: Disclosure, field_name: str, start: int, end: int) -> Evidence:
    text = doc.field_text(field_name)
    return Evidence(
        field=field_name, start=start, end=end, quote=text[start:end], location=doc.locate(field_name, start)
    )


def describe_fields(fields: list[str]) -> str:
    if fields == [TEXT_FIELD]:
        return "the section text"
    return ", ".join(f.removeprefix("fact:") for f in fields)


def weak_reason(statuses: set[Status], count: int) -> str:
    """Why weak evidence is only for review: "the only matching statements are hypothetical (1)"."""
    shown = ", ".join(sorted(s.value.replace("_", " ") for s in statuses))
    return f"the only statement{'s' if count != 1 else ''} that would answer it {'are' if count != 1 else 'is'} {shown}"


__all__ = [
    "WEAK",
    "CheckKind",
    "CheckParams",
    "CheckResult",
    "CompositeKind",
    "ScopedParams",
    "Verdict",
    "describe_fields",
    "element_fields",
    "evidence",
    "resolve_element",
    "scoped",
    "valid_phrases",
    "weak_reason",
]
