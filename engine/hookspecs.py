"""Every hook a cydcheck plugin can implement, documented where it is declared.

A plugin is any module or object with functions marked ``@engine.hookimpl``. Third-party packages expose one through
the ``cydcheck`` entry-point group in their ``pyproject.toml``::

    [project.entry-points.cydcheck]
    my_plugin = "my_package.cydcheck_plugin"

The built-in parsers, check kinds, rule pack and reporters are registered through these same hooks
(see ``engine/builtin.py``), so anything cydcheck does out of the box a plugin can do too.

Each ``register_*`` hook receives a ``register`` callback (the pattern of simonw/llm) and calls it once per thing it
contributes. Registering a name that is already taken is an error naming both plugins, so a plugin cannot silently
replace a built-in.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    import click

    from .checks.base import CheckKind
    from .parsers.base import Parser
    from .reporters.base import Reporter

PROJECT = "cydcheck"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def register_parsers(register: Callable[[Parser], None]) -> None:
    """Contribute input formats.

    :param register: call with a :class:`engine.parsers.base.Parser` instance. Its ``name`` is the format id users
        pass to ``--format-in``; its ``sniff`` decides, from the first bytes and the file name, how sure it is that it
        can read a file; its ``parse`` turns a :class:`engine.sources.SourceFile` into a
        :class:`engine.model.Disclosure`. A parser never decides compliance.
    """


@hookspec
def register_check_kinds(register: Callable[[type[CheckKind[Any]]], None]) -> None:
    """Contribute check kinds: the few general tests that rule files name in ``check: {kind: ...}``.

    :param register: call with a :class:`engine.checks.base.CheckKind` subclass. Its ``name`` is the ``kind`` rule
        files use; its ``Params`` pydantic model (``extra="forbid"``) validates the rule's parameters when the rule is
        loaded; its ``evaluate`` judges one :class:`engine.model.Disclosure`. A check kind never knows a file format.
    """


@hookspec
def register_rule_packs(register: Callable[[str, Path], None]) -> None:
    """Contribute rule packs: directories of YAML rule files (and an optional ``requirements.yaml``).

    :param register: call with a pack name and the directory's path, e.g. ``register("acme", Path(__file__).parent /
        "rules")``. Use :func:`importlib.resources.files` so the path works from an installed wheel.
    """


@hookspec
def register_reporters(register: Callable[[Reporter], None]) -> None:
    """Contribute output formats.

    :param register: call with a :class:`engine.reporters.base.Reporter` instance. Its ``name`` is the value of
        ``--format``; its ``render`` turns a finished :class:`engine.model.Report` into text. A reporter never
        re-evaluates a rule.
    """


@hookspec
def register_commands(cli: click.Group) -> None:
    """Add subcommands to the ``cydcheck`` command line.

    :param cli: the root :class:`click.Group`; call ``cli.add_command(...)`` or decorate with ``@cli.command()``.
    """
