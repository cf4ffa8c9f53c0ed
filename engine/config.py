"""Project configuration: which rules run and how severe they are, default outputs, and waivers.

Found, in order: ``--config FILE``; else the nearest ``.cydcheck.yaml`` or ``pyproject.toml`` with a
``[tool.cydcheck]`` table, from the working directory upward (in one directory, ``.cydcheck.yaml`` wins). Paths in a
config file are relative to the file. Command-line options win over the file.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, model_validator

from .errors import ConfigError
from .model import Severity, Waiver
from .rules import RuleSet, UserModel
from .yamlsrc import YamlDoc, load_yaml

CONFIG_FILE = ".cydcheck.yaml"
FailOn = Literal["error", "warning", "review", "notice", "never"]


class WaiverSpec(UserModel):
    rule: str | None = Field(default=None, description="the rule id waived")
    requirement: str | None = Field(default=None, description="the requirement key waived (every rule under it)")
    documents: tuple[str, ...] = Field(default=(), description="glob patterns on document paths; default: all")
    reason: str = Field(min_length=1)
    approved_by: str = Field(min_length=1)
    expires: dt.date

    @model_validator(mode="after")
    def _names_something(self) -> WaiverSpec:
        if not self.rule and not self.requirement:
            raise ValueError("a waiver names a 'rule' or a 'requirement' (or both)")
        return self


class ConfigSpec(UserModel):
    """The configuration file's schema: every key optional, unknown keys are errors."""

    rules: tuple[str, ...] = Field(default=(), description="extra rule directories")
    disable: tuple[str, ...] = Field(default=(), description="rule ids or requirement keys not to run")
    enable: tuple[str, ...] = Field(default=(), description="rule ids or requirement keys to run though disabled")
    severity: dict[str, Severity] = Field(default_factory=dict, description="rule id or requirement key → severity")
    format: tuple[str, ...] = Field(default=(), description="default output formats")
    output: str | None = Field(default=None, description="default output file or directory")
    fail_on: FailOn | None = None
    author: str | None = Field(
        default=None,
        min_length=1,
        description="the author of the comments `cydcheck annotate` writes (default: cydcheck)",
    )
    waivers: tuple[WaiverSpec, ...] = ()


@dataclass(frozen=True)
class Config:
    """A loaded configuration: the spec, where it came from, and its waivers with their origins."""

    spec: ConfigSpec = field(default_factory=ConfigSpec)
    path: Path | None = None
    doc: YamlDoc | None = None
    waivers: tuple[Waiver, ...] = ()

    @property
    def base(self) -> Path:
        """The folder paths in the file are relative to."""
        return self.path.parent if self.path is not None else Path.cwd()

    def rule_dirs(self) -> list[str]:
        """The extra rule packs, relative to the working directory (a rule's path appears in reports)."""
        return [os.path.relpath(self.base / d) for d in self.spec.rules]

    def error(self, loc: Sequence[str | int], message: str) -> ConfigError:
        if self.doc is None:
            return ConfigError(message)
        err = self.doc.error(loc, message, ConfigError)
        assert isinstance(err, ConfigError)
        return err


def find_config(start: Path) -> Path | None:
    for folder in [start, *start.parents]:
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _tool_table(pyproject) is not None:
            return pyproject
    return None


def _tool_table(path: Path) -> dict[str, object] | None:
    # Imported here: only a pyproject.toml on the way up needs it (not --no-config, nor a .cydcheck.yaml).
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    table = data.get("tool", {}).get("cydcheck") if isinstance(data.get("tool"), dict) else None
    return table if isinstance(table, dict) else None


def load_config(explicit: str | None, cwd: Path | None = None) -> Config:
    """The configuration in effect: ``explicit`` (``--config``), else the one found upward, else the defaults."""
    here = (cwd or Path.cwd()).resolve()
    if explicit is not None:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"{explicit}: config file not found")
    else:
        found = find_config(here)
        if found is None:
            return Config()
        path = found
    # Shown relative to the working directory when found by the search: reports carry no absolute paths.
    shown = explicit if explicit is not None else os.path.relpath(path, here)
    if path.name == "pyproject.toml" or path.suffix == ".toml":
        table = _tool_table(path)
        if table is None:
            raise ConfigError(f"{shown}: no [tool.cydcheck] table")
        doc = YamlDoc(f"{shown} [tool.cydcheck]", table, {})
    else:
        doc = load_yaml(path, shown, ConfigError)
        if doc.data is None:
            doc = YamlDoc(doc.path, {}, doc.lines)
    if not isinstance(doc.data, dict):
        raise ConfigError(f"{doc.path}:1: a config file is a mapping (rules, disable, severity, waivers, …)")
    try:
        spec = ConfigSpec.model_validate(doc.data)
    except ValidationError as exc:
        raise doc.validation_error(exc, ConfigError) from None
    waivers = tuple(
        Waiver(
            origin=f"{doc.path}:{doc.line_of(('waivers', i))}" if doc.lines else f"{doc.path} waivers[{i}]",
            **w.model_dump(),
        )
        for i, w in enumerate(spec.waivers)
    )
    return Config(spec=spec, path=path, doc=doc, waivers=waivers)


def configure(rules: RuleSet, config: Config) -> RuleSet:
    """The rule set as the configuration wants it: rules disabled or enabled, severities overridden. A name that is
    neither a rule id nor a requirement key is an error (a typo would otherwise silently do nothing)."""
    spec = config.spec

    def matches(name: str, where: str, index: int | str) -> set[str]:
        ids = {r.id for r in rules.rules if name in (r.id, r.spec.requirement)}
        if not ids:
            raise config.error((where, index), f"'{name}' is neither a rule id nor a requirement key")
        return ids

    disabled = {i for n, name in enumerate(spec.disable) for i in matches(name, "disable", n)}
    enabled = {i for n, name in enumerate(spec.enable) for i in matches(name, "enable", n)}
    both = disabled & enabled
    if both:
        raise config.error(("enable",), f"rule {sorted(both)[0]} is both enabled and disabled")
    # A rule id overrides its requirement's key, whatever the order in the file.
    severity: dict[str, Severity] = {}
    for name, level in sorted(spec.severity.items(), key=lambda kv: rules.get(kv[0]) is not None):
        for rule_id in matches(name, "severity", name):
            severity[rule_id] = level
    out = []
    for rule in rules.rules:
        update: dict[str, object] = {}
        if rule.id in disabled:
            update["enabled"] = False
        if rule.id in enabled:
            update["enabled"] = True
        if rule.id in severity:
            level = severity[rule.id]
            update["severity"] = level
            thin = rule.spec.thin
            if thin is not None and level.rank < thin.severity.rank:  # a downgrade reaches the thin level too
                update["thin"] = thin.model_copy(update={"severity": level})
        out.append(replace(rule, spec=rule.spec.model_copy(update=update)) if update else rule)
    return replace(rules, rules=tuple(out))
