"""The hooks cydcheck calls: the entry point ``acme = "cydcheck_acme.plugin"`` in pyproject.toml names this
module."""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import click
import cydcheck
from cydcheck.checks.base import CheckKind
from cydcheck.reporters.base import Reporter

from .acronyms import AcronymsDefined
from .checklist import ChecklistReporter
from .commands import acme_acronyms


@cydcheck.hookimpl
def register_check_kinds(register: Callable[[type[CheckKind[Any]]], None]) -> None:
    register(AcronymsDefined)


@cydcheck.hookimpl
def register_rule_packs(register: Callable[[str, Path], None]) -> None:
    # importlib.resources finds the folder inside the installed package, wherever pip put it.
    register("acme", Path(str(resources.files("cydcheck_acme") / "rules")))


@cydcheck.hookimpl
def register_reporters(register: Callable[[Reporter], None]) -> None:
    register(ChecklistReporter())


@cydcheck.hookimpl
def register_commands(cli: click.Group) -> None:
    cli.add_command(acme_acronyms)
