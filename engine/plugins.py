"""The one plugin manager: built-ins plus whatever the ``cydcheck`` entry-point group brings.

Set ``CYDCHECK_DISABLE_PLUGINS=1`` to load the built-ins only (reproducible CI, or to rule out a broken plugin).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pluggy

from . import builtin, hookspecs
from .errors import ConfigError

if TYPE_CHECKING:
    from .checks.base import CheckKind
    from .parsers.base import Parser
    from .reporters.base import Reporter

ENTRY_POINT_GROUP = "cydcheck"
BUILTIN = "cydcheck (built-in)"


@dataclass(frozen=True)
class Contribution:
    category: str  # parser, check, rules, reporter
    name: str
    plugin: str  # the plugin's registered name
    distribution: str  # "name version" of the package it came from


@dataclass
class Registry:
    """Everything the loaded plugins contributed, by name."""

    parsers: dict[str, Parser] = field(default_factory=dict)
    check_kinds: dict[str, type[CheckKind[Any]]] = field(default_factory=dict)
    rule_packs: dict[str, Path] = field(default_factory=dict)
    reporters: dict[str, Reporter] = field(default_factory=dict)
    contributions: list[Contribution] = field(default_factory=list)
    plugins: list[tuple[str, str]] = field(default_factory=list)  # (plugin name, distribution)


def _manager() -> pluggy.PluginManager:
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    pm.register(builtin, name="builtin")
    if os.environ.get("CYDCHECK_DISABLE_PLUGINS", "") not in ("1", "true", "yes"):
        try:
            pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
        except Exception as exc:  # a broken third-party package must not look like a cydcheck crash
            raise ConfigError(f"a cydcheck plugin failed to load: {type(exc).__name__}: {exc}") from None
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:  # e.g. a hook name this version does not have
        raise ConfigError(f"a cydcheck plugin does not fit this version: {exc}") from None
    return pm


@cache
def plugin_manager() -> pluggy.PluginManager:
    return _manager()


def _distributions(pm: pluggy.PluginManager) -> dict[int, str]:
    return {id(plugin): f"{dist.metadata['name']} {dist.version}" for plugin, dist in pm.list_plugin_distinfo()}


@dataclass
class _Claimant:
    """The ``register`` callbacks handed to one plugin's hooks: they record who contributed what."""

    reg: Registry
    plugin: str
    distribution: str

    def _claim(self, category: str, key: str, table: Mapping[str, object]) -> None:
        if key in table:
            owner = next(c.plugin for c in self.reg.contributions if (c.category, c.name) == (category, key))
            raise ConfigError(f"plugin '{self.plugin}' registers {category} '{key}', already registered by '{owner}'")
        self.reg.contributions.append(Contribution(category, key, self.plugin, self.distribution))

    def parser(self, parser: Parser) -> None:
        self._claim("parser", parser.name, self.reg.parsers)
        self.reg.parsers[parser.name] = parser

    def check_kind(self, kind: type[CheckKind[Any]]) -> None:
        self._claim("check", kind.name, self.reg.check_kinds)
        self.reg.check_kinds[kind.name] = kind

    def rule_pack(self, name: str, path: Path) -> None:
        self._claim("rules", name, self.reg.rule_packs)
        self.reg.rule_packs[name] = Path(path)

    def reporter(self, reporter: Reporter) -> None:
        self._claim("reporter", reporter.name, self.reg.reporters)
        self.reg.reporters[reporter.name] = reporter


@cache
def registry() -> Registry:
    pm = plugin_manager()
    reg = Registry()
    dists = _distributions(pm)
    named = sorted(pm.list_name_plugin(), key=lambda np: (np[0] != "builtin", np[0]))
    for name, plugin in named:
        dist = dists.get(id(plugin), BUILTIN)
        reg.plugins.append((name, dist))
        claimant = _Claimant(reg, name, dist)
        # Call each plugin's hooks alone, so every contribution is attributed to the plugin that made it.
        others = [p for _, p in named if p is not plugin]
        pm.subset_hook_caller("register_parsers", others)(register=claimant.parser)
        pm.subset_hook_caller("register_check_kinds", others)(register=claimant.check_kind)
        pm.subset_hook_caller("register_rule_packs", others)(register=claimant.rule_pack)
        pm.subset_hook_caller("register_reporters", others)(register=claimant.reporter)
    return reg
