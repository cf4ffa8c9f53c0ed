"""Rules are data: the schema of a rule file, the requirement catalogue, and loading rule packs.

A rule pack is a directory: an optional ``requirements.yaml`` (the requirement keys it defines), an optional
``vocabulary/`` folder (the reading layer's cues, actors, acts and named phrase lists: see
:mod:`cydcheck.reading.vocabulary`) and any number of rule files, one rule per ``*.yaml`` file, in any other
sub-directories.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .checks.base import CheckKind, CompositeKind, resolve_element
from .errors import RuleError
from .model import Diagnostic, Disclosure, Fact, FactKind, Form, SectionStatus, Severity
from .reading import Vocabulary, load_vocabulary
from .reading.vocabulary import VOCABULARY_DIR, vocabulary_files
from .taxonomy import standard_taxonomies
from .yamlsrc import MAX_YAML_BYTES, Loc, YamlDoc, load_yaml

REQUIREMENTS_FILE = "requirements.yaml"


class UserModel(BaseModel):
    """Anything a user writes: frozen, and unknown keys are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


Citation = str | dict[Form, str]
"""One citation for every form, or the wording for each form (Item 106 for a 10-K, Item 16K for a 20-F)."""


def cite(citation: Citation, forms: Sequence[Form]) -> str:
    """The citation as it reads for ``forms``: each form's own wording, in order, each once."""
    if isinstance(citation, str):
        return citation
    picked = [citation[f] for f in forms if f in citation] or list(citation.values())
    return "; ".join(dict.fromkeys(picked))


def _valid_citation(value: Citation) -> Citation:
    texts = [value] if isinstance(value, str) else list(value.values())
    if not texts or not all(t.strip() for t in texts):
        raise ValueError("a citation is a non-empty string, or a non-empty mapping of form to citation")
    if isinstance(value, dict) and Form.UNKNOWN in value:
        raise ValueError("cite forms (10-K, 20-F, 8-K); 'unknown' is not a form")
    return value


class Requirement(UserModel):
    key: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9.\-]*$")
    title: str
    citation: Citation
    forms: tuple[Form, ...] = Field(min_length=1)
    description: str = ""

    _citation = field_validator("citation", mode="after")(_valid_citation)


class RequirementFile(UserModel):
    requirements: tuple[Requirement, ...]


class ExampleDoc(UserModel):
    """A small disclosure a rule must pass or fail: section text, and optionally tagged facts and flags."""

    text: str = ""
    facts: dict[str, str] = Field(default_factory=dict, description="text blocks by element name or alias")
    flags: dict[str, bool | tuple[bool, ...]] = Field(
        default_factory=dict, description="flags by element name or alias; a list tags the flag once per value"
    )
    form: Form = Form.UNKNOWN
    format: str = Field(default="example", description="the parser the example stands for, e.g. ixbrl")
    period_end: dt.date | None = None
    section_status: SectionStatus = SectionStatus.FOUND
    namespaces: tuple[str, ...] = Field(default=(), description="namespace URIs the source declares")
    signed_on: dt.date | None = None
    filed_on: dt.date | None = None
    determined_on: dt.date | None = None
    diagnostics: dict[str, str] = Field(
        default_factory=dict,
        description="what the parser said about the source, as warnings: message by code (e.g. html.truncated)",
    )

    @field_validator("facts", mode="after")
    @classmethod
    def _text_elements(cls, value: dict[str, str]) -> dict[str, str]:
        return {resolve_element(k, FactKind.TEXT): v for k, v in value.items()}

    @field_validator("flags", mode="after")
    @classmethod
    def _flag_elements(cls, value: dict[str, bool | tuple[bool, ...]]) -> dict[str, bool | tuple[bool, ...]]:
        return {resolve_element(k, FactKind.FLAG): v for k, v in value.items()}

    def to_disclosure(self, label: str, default_form: Form = Form.UNKNOWN) -> Disclosure:
        facts = [
            Fact(id=name, name=name, kind=FactKind.TEXT, value=" ".join(text.split()), text=" ".join(text.split()))
            for name, text in self.facts.items()
        ] + [
            Fact(id=name + (f"#{i + 1}" if i else ""), name=name, kind=FactKind.FLAG, value=v, text=str(v).lower())
            for name, value in self.flags.items()
            for i, v in enumerate(value if isinstance(value, tuple) else (value,))
        ]
        body = "\n".join(" ".join(p.split()) for p in self.text.strip().split("\n") if p.strip())
        if not body:  # a tagged example: the section is what its text blocks say
            body = "\n".join(f.text for f in facts if f.kind is FactKind.TEXT)
        return Disclosure(
            source=label,
            format=self.format,
            form=self.form if self.form is not Form.UNKNOWN else default_form,
            period_end=self.period_end,
            section_status=self.section_status,
            facts=tuple(facts),
            text=body,
            taxonomies=standard_taxonomies(self.namespaces),
            signed_on=self.signed_on,
            filed_on=self.filed_on,
            determined_on=self.determined_on,
            diagnostics=tuple(Diagnostic(code=code, message=message) for code, message in self.diagnostics.items()),
        )


class Examples(UserModel):
    passing: tuple[ExampleDoc, ...] = Field(
        alias="pass", min_length=1, description="must pass", json_schema_extra={"minItems": 1}
    )
    failing: tuple[ExampleDoc, ...] = Field(
        alias="fail", min_length=1, description="must fail", json_schema_extra={"minItems": 1}
    )
    thin: tuple[ExampleDoc, ...] = Field(default=(), description="must fail as thin (graded rules)")
    review: tuple[ExampleDoc, ...] = Field(default=(), description="must ask for review")

    @field_validator(
        "passing", "failing", "thin", "review", mode="before", json_schema_input_type=tuple[ExampleDoc | str, ...]
    )
    @classmethod
    def _strings_are_text(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [{"text": v} if isinstance(v, str) else v for v in value]
        return value


class PeriodRange(UserModel):
    on_or_after: dt.date | None = None
    before: dt.date | None = None

    def contains(self, day: dt.date) -> bool:
        return (self.on_or_after is None or day >= self.on_or_after) and (self.before is None or day < self.before)

    def describe(self) -> str:
        parts = []
        if self.on_or_after:
            parts.append(f"on or after {self.on_or_after.isoformat()}")
        if self.before:
            parts.append(f"before {self.before.isoformat()}")
        return " and ".join(parts) or "any date"


class When(UserModel):
    """Conditions under which a rule applies; when one does not hold, the finding is a skip that says why."""

    flags: dict[str, bool] = Field(default_factory=dict)
    period_end: PeriodRange | None = None
    tagged: bool | None = None
    formats: tuple[str, ...] = Field(
        default=(), description="input formats (parser names) the rule judges; empty = all, e.g. [ixbrl, xbrl]"
    )
    section: tuple[SectionStatus, ...] = Field(
        default=(SectionStatus.FOUND,),
        description="section statuses the rule applies to; by default only a found section is judged",
    )

    @field_validator("flags", mode="after")
    @classmethod
    def _flag_elements(cls, value: dict[str, bool]) -> dict[str, bool]:
        return {resolve_element(k, FactKind.FLAG): v for k, v in value.items()}


class Thin(UserModel):
    """How a graded rule reports an answer that is stated but lacks substance."""

    severity: Severity = Severity.WARNING
    message: str = Field(min_length=1)
    fix: str | None = None


class RuleSpec(UserModel):
    """One rule file."""

    id: str = Field(pattern=r"^[A-Z][A-Z0-9]*(?:[.\-][A-Z0-9]+)*$")
    title: str = Field(min_length=1)
    requirement: str
    citation: Citation
    severity: Severity
    applies_to: tuple[Form, ...] = Field(min_length=1)
    when: When = Field(default_factory=When)
    check: dict[str, Any]
    message: str = Field(min_length=1, description="shown when the rule fails")
    success: str | None = Field(default=None, description="shown when it passes; default: what was found")
    thin: Thin | None = Field(default=None, description="graded rules: severity and message of a thin answer")
    review: str | None = Field(
        default=None, description="shown when the evidence is only weak; {reason} says why (default: the reason)"
    )
    fix: str = Field(min_length=1)
    rationale: str = Field(min_length=1)
    examples: Examples
    tags: tuple[str, ...] = ()
    enabled: bool = True

    _citation = field_validator("citation", mode="after")(_valid_citation)

    @model_validator(mode="after")
    def _no_unknown_form(self) -> RuleSpec:
        if Form.UNKNOWN in self.applies_to:
            raise ValueError("applies_to lists forms (10-K, 20-F, 8-K); 'unknown' is not a form")
        return self


@dataclass(frozen=True)
class Rule:
    spec: RuleSpec
    check: CheckKind[Any]
    path: str
    pack: str

    @property
    def id(self) -> str:
        return self.spec.id


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    requirements: dict[str, Requirement]
    vocabulary: Vocabulary

    def get(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)


def build_check(
    raw: Any, doc: YamlDoc, loc: Loc, kinds: dict[str, type[CheckKind[Any]]], vocabulary: Vocabulary
) -> CheckKind[Any]:
    """Validate one ``check`` mapping against its kind's ``Params`` and build it (sub-checks first, recursively)."""
    if not isinstance(raw, dict):
        raise doc.error(loc, "a check must be a mapping with a 'kind'", RuleError)
    kind_name = raw.get("kind")
    if kind_name is None:
        raise doc.error(loc, "a check needs a 'kind'", RuleError)
    kind = kinds.get(str(kind_name))
    if kind is None:
        raise doc.error(
            (*loc, "kind"), f"unknown check kind '{kind_name}' (known: {', '.join(sorted(kinds))})", RuleError
        )
    params_raw = {k: v for k, v in raw.items() if k != "kind"}
    try:
        params = kind.Params.model_validate(params_raw)
    except ValidationError as exc:
        aliases = {name: f.alias for name, f in kind.Params.model_fields.items() if f.alias}
        raise doc.validation_error(exc, RuleError, prefix=loc, fields=aliases) from None
    try:
        if issubclass(kind, CompositeKind):
            checks: list[CheckKind[Any]] = []
            for name in kind.children:
                sub = params_raw.get(name)
                if isinstance(sub, list):
                    checks.extend(build_check(c, doc, (*loc, name, i), kinds, vocabulary) for i, c in enumerate(sub))
                else:
                    checks.append(build_check(sub, doc, (*loc, name), kinds, vocabulary))
            return kind(params, vocabulary, checks)
        return kind(params, vocabulary)
    except ValueError as exc:  # a phrase list or vocabulary category the check names does not exist
        raise doc.error(_culprit(params_raw, loc, str(exc)), str(exc), RuleError) from None


def _culprit(params: dict[str, Any], loc: Loc, message: str) -> Loc:
    """Where the name an error quotes ("unknown actor 'boardz'") is written among the check's parameters (sub-checks
    excluded: they report their own errors), so the line is the parameter's; else the check itself."""
    quoted = set(re.findall(r"'([^']+)'", message))

    def find(value: Any, at: Loc) -> Loc | None:
        if isinstance(value, str):
            return at if value in quoted else None
        if isinstance(value, list):
            return next((hit for i, v in enumerate(value) if (hit := find(v, (*at, i))) is not None), None)
        return None

    return next((hit for key, v in params.items() if (hit := find(v, (*loc, key))) is not None), loc)


def _rule_fields() -> dict[str, str]:
    return {name: f.alias for name, f in RuleSpec.model_fields.items() if f.alias} | {
        name: f.alias for name, f in Examples.model_fields.items() if f.alias
    }


def load_rule_file(
    path: Path,
    display: str,
    pack: str,
    kinds: dict[str, type[CheckKind[Any]]],
    requirements: dict[str, Requirement],
    vocabulary: Vocabulary,
) -> Rule:
    doc = load_yaml(path, display, RuleError)
    if not isinstance(doc.data, dict):
        raise RuleError(f"{display}:1: a rule file holds one rule: a mapping with 'id', 'check', …")
    try:
        spec = RuleSpec.model_validate(doc.data)
    except ValidationError as exc:
        raise doc.validation_error(exc, RuleError, fields=_rule_fields()) from None
    if spec.requirement not in requirements:
        raise doc.error(("requirement",), f"unknown requirement key '{spec.requirement}'", RuleError)
    check = build_check(doc.data["check"], doc, ("check",), kinds, vocabulary)
    return Rule(spec=spec, check=check, path=display, pack=pack)


def load_requirements(path: Path, display: str) -> dict[str, Requirement]:
    doc = load_yaml(path, display, RuleError)
    try:
        parsed = RequirementFile.model_validate(doc.data)
    except ValidationError as exc:
        raise doc.validation_error(exc, RuleError) from None
    keys: dict[str, Requirement] = {}
    for index, req in enumerate(parsed.requirements):
        if req.key in keys:
            raise doc.error(("requirements", index, "key"), f"duplicate requirement key '{req.key}'", RuleError)
        keys[req.key] = req
    return keys


def _display(path: Path, root: Path, pack: str, builtin: bool) -> str:
    # Bundled rules are shown relative to the pack, never as an absolute path into site-packages.
    rel = path.relative_to(root).as_posix()
    return f"{pack}:{rel}" if builtin else (root / rel).as_posix()


_LOADED: dict[str, RuleSet] = {}
_LOADED_MAX = 8


def load_rules(
    packs: list[tuple[str, Path, bool]],
    kinds: dict[str, type[CheckKind[Any]]],
    catalogues: Sequence[tuple[str, Path, bool]] = (),
) -> RuleSet:
    """Load packs given as (name, directory, is_bundled). Rule ids and requirement keys must be unique.

    ``catalogues`` are packs whose requirement keys and vocabulary are known but whose rules are not run
    (``--no-default-rules`` still lets a user's rules cite the built-in Item 106 keys and read with its vocabulary).

    A rule set is kept in memory by the content of every file it was read from (and the packs and check kinds it
    was read with): loading the same files again in the same process — a test suite, a server, the API called in a
    loop — returns it at once, and changing any file (or adding or removing one) loads afresh. Nothing is written to
    disk. A RuleSet is immutable, so sharing it is safe.
    """
    key = _fingerprint(packs, kinds, catalogues)
    cached = _LOADED.get(key) if key is not None else None
    if cached is not None:
        return cached
    loaded = _load_rules(packs, kinds, catalogues)
    if key is not None:
        if len(_LOADED) >= _LOADED_MAX:
            _LOADED.pop(next(iter(_LOADED)))
        _LOADED[key] = loaded
    return loaded


def _fingerprint(
    packs: list[tuple[str, Path, bool]],
    kinds: dict[str, type[CheckKind[Any]]],
    catalogues: Sequence[tuple[str, Path, bool]],
) -> str | None:
    """A digest of everything a rule set is read from; None when it cannot be taken (a directory or a file that is
    missing, unreadable or too large): the loader then runs and reports the problem in its own words."""
    digest = hashlib.sha256()
    for name, cls in sorted(kinds.items()):
        digest.update(f"kind {name} {cls.__module__}.{cls.__qualname__} {id(cls)}\n".encode())
    for role, group in (("catalogue", catalogues), ("pack", packs)):
        for name, root, builtin in group:
            if not root.is_dir():
                return None
            digest.update(f"{role} {name}\0{root}\0{builtin}\n".encode("utf-8", "surrogateescape"))
            try:
                for path in sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()):
                    if path.stat().st_size > MAX_YAML_BYTES:
                        return None
                    data = path.read_bytes()
                    digest.update(
                        f"{path.relative_to(root).as_posix()}\0{len(data)}\n".encode("utf-8", "surrogateescape")
                    )
                    digest.update(data)
            except OSError:
                return None
    return digest.hexdigest()


def _load_rules(
    packs: list[tuple[str, Path, bool]],
    kinds: dict[str, type[CheckKind[Any]]],
    catalogues: Sequence[tuple[str, Path, bool]],
) -> RuleSet:
    requirements: dict[str, Requirement] = {}
    files: list[tuple[str, Path, Path, bool]] = []
    words: list[tuple[Path, str]] = []
    for name, root, builtin in [*catalogues, *packs]:
        if not root.is_dir():
            raise RuleError(f"{root}: rule directory not found")
        words.extend((p, _display(p, root, name, builtin)) for p in vocabulary_files(root))
        req_file = root / REQUIREMENTS_FILE
        if req_file.is_file():
            for key, req in load_requirements(req_file, _display(req_file, root, name, builtin)).items():
                if key in requirements and requirements[key] != req:
                    raise RuleError(
                        f"{_display(req_file, root, name, builtin)}: requirement '{key}' is defined "
                        "differently in another pack"
                    )
                requirements[key] = req
        if (name, root, builtin) in catalogues:
            continue
        vocab_dir = root / VOCABULARY_DIR
        for path in sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()):
            if path != req_file and vocab_dir not in path.parents:
                files.append((name, root, path, builtin))
    vocabulary = load_vocabulary(words)
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for name, root, path, builtin in files:
        display = _display(path, root, name, builtin)
        rule = load_rule_file(path, display, name, kinds, requirements, vocabulary)
        if rule.id in seen:
            raise RuleError(f"{display}:1: rule id '{rule.id}' is already used by {seen[rule.id]}")
        seen[rule.id] = display
        rules.append(rule)
    order = {key: index for index, key in enumerate(requirements)}
    rules.sort(key=lambda r: (order[r.spec.requirement], r.id))
    return RuleSet(rules=tuple(rules), requirements=requirements, vocabulary=vocabulary)
