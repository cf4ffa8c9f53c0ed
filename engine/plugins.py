"""The one plugin manager: built-ins plus whatever the ``cydcheck`` entry-point group brings.

Which third-party plugins load (the built-ins always do):

- ``--no-plugins`` (a global option of the command line, :func:`disable_third_party`) or
  ``CYDCHECK_DISABLE_PLUGINS=1``: none;
- ``CYDCHECK_PLUGINS=name1,name2``: only these (entry-point or distribution names) — for reproducible CI; a name
  that is not installed is an error, so a typo never silently runs without a plugin;
- otherwise every installed one.

A plugin that fails to import, does not fit the hooks, or registers something malformed is a one-line
:class:`~cydcheck.errors.ConfigError` naming it and its distribution — never a traceback.
"""

from __future__ import annotations

import inspect
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pluggy
from pydantic import BaseModel

from . import builtin, hookspecs
from .checks.base import CheckKind, CompositeKind
from .errors import ConfigError
from .executors import Executor
from .parsers.base import Parser
from .reporters.base import Reporter

if TYPE_CHECKING:
    import click

ENTRY_POINT_GROUP = "cydcheck"
BUILTIN = "cydcheck (built-in)"
DISABLE_ENV = "CYDCHECK_DISABLE_PLUGINS"
ALLOW_ENV = "CYDCHECK_PLUGINS"
_TRUE = ("1", "true", "yes", "on")


@dataclass(frozen=True)
class Contribution:
    category: str  # parser, check, rules, reporter, command
    name: str
    plugin: str  # the plugin's registered name
    distribution: str  # "name version" of the package it came from


@dataclass(frozen=True)
class Skipped:
    """An installed plugin that was not loaded, and why."""

    plugin: str
    distribution: str
    reason: str


@dataclass
class Registry:
    """Everything the loaded plugins contributed, by name."""

    parsers: dict[str, Parser] = field(default_factory=dict)
    check_kinds: dict[str, type[CheckKind[Any]]] = field(default_factory=dict)
    rule_packs: dict[str, Path] = field(default_factory=dict)
    reporters: dict[str, Reporter] = field(default_factory=dict)
    commands: dict[str, click.Command] = field(default_factory=dict)
    executors: dict[str, Executor] = field(default_factory=dict)
    contributions: list[Contribution] = field(default_factory=list)
    plugins: list[tuple[str, str]] = field(default_factory=list)  # (plugin name, distribution)
    skipped: list[Skipped] = field(default_factory=list)


# ---- which plugins load -------------------------------------------------------------------------------------------

_cli_disabled = False


def disable_third_party(disabled: bool = True) -> None:
    """Load the built-ins only (``--no-plugins``), or go back to what the environment says."""
    global _cli_disabled
    if disabled != _cli_disabled:
        _cli_disabled = disabled
        reset()


def reset() -> None:
    """Forget the loaded plugins, so the next call reads the environment and the entry points again."""
    _loaded.cache_clear()
    registry.cache_clear()


@dataclass(frozen=True)
class Selection:
    disabled: str | None  # why no third-party plugin loads, or None
    allow: tuple[str, ...] | None  # CYDCHECK_PLUGINS, normalised; None = every installed plugin


def selection() -> Selection:
    if _cli_disabled:
        return Selection("--no-plugins", None)
    if os.environ.get(DISABLE_ENV, "").strip().lower() in _TRUE:
        return Selection(f"{DISABLE_ENV}=1", None)
    listed = [_normal(n) for n in os.environ.get(ALLOW_ENV, "").split(",") if n.strip()]
    return Selection(None, tuple(dict.fromkeys(listed)) if listed else None)


def _normal(name: str) -> str:
    """PEP 503 normalisation, so ``Cydcheck_Acme`` names the distribution ``cydcheck-acme``."""
    return re.sub(r"[-_.]+", "-", name.strip()).lower()


def _label(dist: metadata.Distribution | None) -> str:
    if dist is None:
        return "unknown distribution"
    return f"{dist.metadata['Name']} {dist.version}"


def installed() -> list[tuple[metadata.EntryPoint, metadata.Distribution]]:
    """Every ``cydcheck`` entry point of the installed distributions, by name (each name once: a distribution seen
    twice on ``sys.path`` is the same plugin)."""
    found: dict[tuple[str, str], tuple[metadata.EntryPoint, metadata.Distribution]] = {}
    for dist in metadata.distributions():
        for ep in dist.entry_points:
            if ep.group == ENTRY_POINT_GROUP:
                found.setdefault((ep.name, _normal(dist.metadata["Name"] or "")), (ep, dist))
    return [found[k] for k in sorted(found)]


def _what(value: object) -> str:
    """A registered object in words, without a memory address (error messages are the same on every run)."""
    if isinstance(value, type):
        return f"<class '{value.__qualname__}'>" if value.__module__ == "builtins" else f"class {value.__qualname__}"
    if value is None or isinstance(value, (str, int, float, Path)):
        return repr(value)
    return f"an instance of {type(value).__qualname__}"


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


@dataclass(frozen=True)
class _Loaded:
    pm: pluggy.PluginManager
    distributions: dict[str, str]  # plugin name → "name version"
    skipped: tuple[Skipped, ...]


def _manager() -> _Loaded:
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    pm.register(builtin, name="builtin")
    dists: dict[str, str] = {"builtin": BUILTIN}
    skipped: list[Skipped] = []
    chosen = selection()
    entry_points = installed()
    if chosen.allow is not None:
        known = {_normal(ep.name) for ep, _ in entry_points} | {
            _normal(d.metadata["Name"] or "") for _, d in entry_points
        }
        missing = [n for n in chosen.allow if n not in known]
        if missing:
            have = ", ".join(sorted({ep.name for ep, _ in entry_points})) or "none"
            raise ConfigError(f"{ALLOW_ENV} names plugin '{missing[0]}', which is not installed (installed: {have})")
    for ep, dist in entry_points:
        label = _label(dist)
        if chosen.disabled is not None:
            skipped.append(Skipped(ep.name, label, f"not loaded: {chosen.disabled}"))
            continue
        if chosen.allow is not None and not {_normal(ep.name), _normal(dist.metadata["Name"] or "")} & set(
            chosen.allow
        ):
            skipped.append(Skipped(ep.name, label, f"not loaded: {ALLOW_ENV} does not name it"))
            continue
        if ep.name in dists:
            raise ConfigError(f"plugin '{ep.name}' ({label}): the name is already taken by {dists[ep.name]}")
        try:
            plugin = ep.load()
        except Exception as exc:  # a broken third-party package must not look like a cydcheck crash
            raise ConfigError(f"plugin '{ep.name}' ({label}) failed to load: {_one_line(exc)}") from None
        try:
            pm.register(plugin, name=ep.name)
            pm.check_pending()  # a hook name this version does not have (a typo, or a newer cydcheck's hook)
        except (pluggy.PluginValidationError, ValueError) as exc:
            why = " ".join(str(exc).split())
            raise ConfigError(f"plugin '{ep.name}' ({label}) does not fit this version of cydcheck: {why}") from None
        dists[ep.name] = label
    return _Loaded(pm, dists, tuple(skipped))


@cache
def _loaded() -> _Loaded:
    return _manager()


def plugin_manager() -> pluggy.PluginManager:
    """The plugin manager with the built-ins and the selected third-party plugins registered (loaded once)."""
    return _loaded().pm


# ---- what they register -------------------------------------------------------------------------------------------

_PACK_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]*$")


@dataclass
class _Claimant:
    """The ``register`` callbacks handed to one plugin's hooks: they check what they are given and record who
    contributed what."""

    reg: Registry
    plugin: str
    distribution: str

    def _bad(self, what: str, problem: str) -> ConfigError:
        return ConfigError(f"plugin '{self.plugin}' ({self.distribution}) registers {what}: {problem}")

    def _claim(self, category: str, key: object, table: Mapping[str, object]) -> str:
        if not isinstance(key, str) or not key.strip():
            raise self._bad(f"a {category}", f"its name must be a non-empty string, not {_what(key)}")
        if key in table:
            owner = next(c.plugin for c in self.reg.contributions if (c.category, c.name) == (category, key))
            raise ConfigError(f"plugin '{self.plugin}' registers {category} '{key}', already registered by '{owner}'")
        self.reg.contributions.append(Contribution(category, key, self.plugin, self.distribution))
        return key

    def parser(self, parser: Parser) -> None:
        if not isinstance(parser, Parser):
            raise self._bad(
                "a parser", f"{_what(parser)} is not an instance of a cydcheck.parsers.base.Parser subclass"
            )
        self.reg.parsers[self._claim("parser", getattr(parser, "name", None), self.reg.parsers)] = parser

    def check_kind(self, kind: type[CheckKind[Any]]) -> None:
        if not (isinstance(kind, type) and issubclass(kind, CheckKind)):
            raise self._bad("a check kind", f"{_what(kind)} is not a subclass of cydcheck.checks.base.CheckKind")
        name = getattr(kind, "name", None)
        what = f"check kind {name!r}"
        params = getattr(kind, "Params", None)
        if not (isinstance(params, type) and issubclass(params, BaseModel)):
            raise self._bad(what, "its Params is not a pydantic model (subclass cydcheck.checks.base.CheckParams)")
        if inspect.isabstract(kind):
            raise self._bad(what, f"{kind.__name__} does not implement evaluate(reading)")
        if issubclass(kind, CompositeKind) and not getattr(kind, "children", ()):
            raise self._bad(what, "a composite kind must name the parameters that hold sub-checks in `children`")
        self.reg.check_kinds[self._claim("check", name, self.reg.check_kinds)] = kind

    def rule_pack(self, name: str, path: Path) -> None:
        if not isinstance(name, str) or not _PACK_NAME.match(name):
            raise self._bad("a rule pack", f"its name {name!r} must be letters, digits, '.', '-' or '_'")
        try:
            directory = Path(path)
        except TypeError:
            raise self._bad(f"rule pack '{name}'", f"{_what(path)} is not a path") from None
        if not directory.is_dir():
            raise self._bad(f"rule pack '{name}'", f"{directory} is not a directory")
        self.reg.rule_packs[self._claim("rules", name, self.reg.rule_packs)] = directory

    def reporter(self, reporter: Reporter) -> None:
        if not isinstance(reporter, Reporter):
            raise self._bad(
                "a reporter", f"{_what(reporter)} is not an instance of a cydcheck.reporters.base.Reporter subclass"
            )
        self.reg.reporters[self._claim("reporter", getattr(reporter, "name", None), self.reg.reporters)] = reporter

    def executor(self, executor: Executor) -> None:
        if not isinstance(executor, Executor):
            raise self._bad(
                "an executor", f"{_what(executor)} is not an instance of a cydcheck.executors.Executor subclass"
            )
        self.reg.executors[self._claim("executor", getattr(executor, "name", None), self.reg.executors)] = executor

    def commands(self, group: click.Group) -> None:
        for name, command in sorted(group.commands.items()):
            self.reg.commands[self._claim("command", name, self.reg.commands)] = command

    def call(self, hook: Callable[..., object], hook_name: str, **kwargs: object) -> None:
        """Call one hook of this plugin; anything but our own error becomes one line naming the plugin."""
        try:
            hook(**kwargs)
        except ConfigError:
            raise
        except Exception as exc:
            raise ConfigError(
                f"plugin '{self.plugin}' ({self.distribution}) failed in {hook_name}: {_one_line(exc)}"
            ) from None


@cache
def registry() -> Registry:
    import click

    loaded = _loaded()
    pm, dists = loaded.pm, loaded.distributions
    reg = Registry(skipped=list(loaded.skipped))
    named = sorted(pm.list_name_plugin(), key=lambda np: (np[0] != "builtin", np[0]))
    for name, plugin in named:
        dist = dists.get(name, BUILTIN if plugin is builtin else "registered in code")
        reg.plugins.append((name, dist))
        claimant = _Claimant(reg, name, dist)
        # Call each plugin's hooks alone, so every contribution is attributed to the plugin that made it.
        others = [p for _, p in named if p is not plugin]
        hook = pm.subset_hook_caller
        claimant.call(hook("register_parsers", others), "register_parsers", register=claimant.parser)
        claimant.call(hook("register_check_kinds", others), "register_check_kinds", register=claimant.check_kind)
        claimant.call(hook("register_rule_packs", others), "register_rule_packs", register=claimant.rule_pack)
        claimant.call(hook("register_reporters", others), "register_reporters", register=claimant.reporter)
        claimant.call(hook("register_executors", others), "register_executors", register=claimant.executor)
        # Commands go onto a scratch group, so a plugin left out by --no-plugins never reaches the real one.
        scratch = click.Group(name)
        claimant.call(hook("register_commands", others), "register_commands", cli=scratch)
        claimant.commands(scratch)
    return reg
