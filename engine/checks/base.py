"""What a check kind is, and the scope logic most of them share.

A check kind is a small class: a ``name`` rule files refer to, a ``Params`` pydantic model that validates the rule's
parameters when the rule is loaded, and ``evaluate`` that judges one disclosure. Composite kinds (``all_of``,
``any_of``, ``not``, ``flag_requires``) name the parameter that holds their sub-checks in ``children``; the rule
loader builds those recursively, so every sub-check is validated with its own kind's ``Params``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..model import TEXT_FIELD, Disclosure, Evidence, FactKind
from ..taxonomy import catalogue
from ..text import phrase_pattern


class CheckParams(BaseModel):
    """Base of every kind's parameters: frozen, and unknown keys are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


Fallback = Literal["text", "untagged", "none"]


class ScopedParams(CheckParams):
    """Parameters of kinds that read text: which tagged elements to read, and when to read the section instead.

    ``fallback``: ``text`` reads the whole section text when the elements are missing or do not satisfy the check;
    ``untagged`` reads it only when the document carries no cyd facts at all; ``none`` never does.
    """

    in_: tuple[str, ...] = Field(default=(), alias="in")
    fallback: Fallback = "text"

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
    """Field validator for phrase lists: every phrase compiles (see :func:`engine.text.phrase_pattern`)."""
    for phrase in value:
        try:
            phrase_pattern(phrase)
        except Exception as exc:  # re.error or an empty phrase: report it as the rule's error
            raise ValueError(f"bad phrase {phrase!r}: {exc}") from None
    return value


@dataclass(frozen=True)
class CheckResult:
    """A check's verdict. ``passed`` is None when the check does not apply (the finding is a skip)."""

    passed: bool | None
    evidence: tuple[Evidence, ...] = ()
    observed: str = ""
    values: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CheckCall:
    """A check kind bound to validated parameters (and, for composite kinds, its built sub-checks)."""

    kind: type[CheckKind]
    params: CheckParams
    children: tuple[CheckCall, ...] = ()

    def evaluate(self, doc: Disclosure) -> CheckResult:
        return self.kind.evaluate(self.params, doc, self.children)


class CheckKind(ABC):
    name: ClassVar[str]
    description: ClassVar[str]
    Params: ClassVar[type[CheckParams]]
    children: ClassVar[str | None] = None
    """For composite kinds: the parameter holding sub-check mappings (a list, or one mapping)."""

    @classmethod
    @abstractmethod
    def evaluate(cls, params: Any, doc: Disclosure, children: tuple[CheckCall, ...]) -> CheckResult:
        """Judge ``doc``. Must not raise on any disclosure a parser can produce."""


# ---- helpers for text-reading kinds -------------------------------------------------------------------------------


def element_fields(doc: Disclosure, names: tuple[str, ...]) -> list[str]:
    """Evidence fields ('fact:<id>') of the non-empty text facts of the named elements, in document order."""
    wanted = set(names)
    return [f"fact:{f.id}" for f in doc.facts if f.name in wanted and f.kind is FactKind.TEXT and f.text.strip()]


def scoped(doc: Disclosure, params: ScopedParams, judge: Callable[[Disclosure, list[str]], CheckResult]) -> CheckResult:
    """Run ``judge`` on the named elements, then on the section text as ``params.fallback`` allows."""
    fields = element_fields(doc, params.in_) if params.in_ else []
    result: CheckResult | None = judge(doc, fields) if fields else None
    if result is not None and result.passed:
        return result
    use_text = params.fallback == "text" or (params.fallback == "untagged" and not doc.tagged) or not params.in_
    if use_text and doc.text.strip():
        text_result = judge(doc, [TEXT_FIELD])
        if text_result.passed or result is None:
            return text_result
    if result is not None:
        return result
    where = ", ".join(params.in_) if params.in_ else "the section text"
    return CheckResult(passed=False, observed=f"nothing to read: {where} not present")


def iter_texts(doc: Disclosure, fields: list[str]) -> Iterator[tuple[str, str]]:
    for f in fields:
        yield f, doc.field_text(f)


def evidence(doc: Disclosure, field_name: str, start: int, end: int) -> Evidence:
    text = doc.field_text(field_name)
    return Evidence(
        field=field_name, start=start, end=end, quote=text[start:end], location=doc.locate(field_name, start)
    )


def describe_fields(fields: list[str]) -> str:
    if fields == [TEXT_FIELD]:
        return "the section text"
    return ", ".join(f.removeprefix("fact:") for f in fields)
