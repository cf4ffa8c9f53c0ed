"""Every hook a cydcheck plugin can implement, documented where it is declared.

A plugin is any module or object with functions marked ``@engine.hookimpl``. Third-party packages expose one through
the ``cydcheck`` entry-point group in their ``pyproject.toml``::

    [project.entry-points.cydcheck]
    my_plugin = "my_package.cydcheck_plugin"

The built-in parsers, check kinds, rule pack and reporters are registered through these same hooks
(see ``engine/builtin.py``), so anything cydcheck does out of the box a plugin can do too.

Each ``register_*`` hook receives a ``register`` callback (the pattern of simonw/llm) and calls it once per thing it
contributes. Registering a name that is already taken is an error naming both plugins, so a plugin cannot silently
replace a built-in; so is registering something malformed, or a hook that raises (see :mod:`engine.plugins`, which
also decides which installed plugins load). The plugin author guide, ``docs/plugins.md``, has a runnable example of
each hook.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    import click

    from .checks.base import CheckKind
    from .executors import Executor
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

    :param register: call with a :class:`engine.checks.base.CheckKind` subclass — the class, not an instance: each
        rule's check is an instance built once, when the rule file is loaded. Its ``name`` is the ``kind`` rule files
        use; its ``Params`` pydantic model (a :class:`engine.checks.base.CheckParams`, ``extra="forbid"``) validates
        the rule's parameters at load time and is what ``cydcheck rules schema`` shows editors; its constructor
        ``(params, vocabulary)`` compiles what it needs (``ValueError`` for an unknown name: a rule-file error); its
        ``evaluate(reading)`` judges one document as the reading layer read it (:class:`engine.reading.Reading`:
        sentences with their status, actors and acts) and never raises. A composite kind subclasses
        :class:`engine.checks.base.CompositeKind` and names the parameters that hold sub-checks in ``children``. A
        check kind never knows a file format.
    """


@hookspec
def register_rule_packs(register: Callable[[str, Path], None]) -> None:
    """Contribute rule packs: directories of YAML rule files, one rule per file, with an optional
    ``requirements.yaml`` (the requirement keys the pack defines) and an optional ``vocabulary/`` folder (what the
    pack adds to the reading layer's vocabulary, e.g. named ``@phrase`` lists).

    :param register: call with a pack name and the directory's path, e.g. ``register("acme", Path(__file__).parent /
        "rules")``. In an installed package use :func:`importlib.resources.files` so the path works from a wheel, and
        ship the YAML files as package data. The directory must exist.
    """


@hookspec
def register_reporters(register: Callable[[Reporter], None]) -> None:
    """Contribute output formats.

    :param register: call with a :class:`engine.reporters.base.Reporter` instance. Its ``name`` is the value of
        ``--format``; its ``extension`` the file suffix in an output directory; its ``render`` turns a finished
        :class:`engine.model.Report` into text — the same report, the same bytes. A reporter never re-evaluates a
        rule.
    """


@hookspec
def register_executors(register: Callable[[Executor], None]) -> None:
    """Contribute executors: places a batch of documents can be checked (``--executor NAME``).

    :param register: call with a :class:`engine.executors.Executor` instance. Its ``name`` is the value of
        ``--executor``; its ``open(shared, settings)`` is a context manager that starts workers each holding
        ``shared`` (what every document needs: the rules as configured, the parsers — sent once per worker) and yields
        a :class:`engine.executors.Session`, whose ``map(function, tasks)`` runs ``function(shared, task)`` for every
        task and yields ``(position, result)`` as each finishes (or :class:`engine.executors.TimedOut` past
        ``settings.timeout`` seconds, :class:`engine.executors.Lost` when a worker died); the context's end stops the
        workers, also on an error. The results must be those ``function`` returns: the pipeline puts them back in
        input order, so the report is the same bytes wherever the work ran. The built-ins are ``local`` (this process,
        or a process pool of ``--jobs`` workers) and ``dask`` (a Dask cluster; the ``dask`` extra).
    """


@hookspec
def register_commands(cli: click.Group) -> None:
    """Add subcommands to the ``cydcheck`` command line.

    :param cli: a :class:`click.Group`; call ``cli.add_command(...)`` or decorate with ``@cli.command()``. Its
        commands join the root group's (``cydcheck --help`` lists them) unless ``--no-plugins`` leaves the plugin
        out; a name a built-in command has is an error.
    """
