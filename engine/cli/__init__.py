"""The ``cydcheck`` command line: one module per command, each only argument parsing, output and exit codes — the
checking itself is :mod:`cydcheck.pipeline`, the same for the command line and the API.

Exit codes: 0 no failure at or above --fail-on; 1 there is one; 2 bad usage, unreadable input, or a bad rule file
(one line on stderr, no traceback, nothing written).
"""

from __future__ import annotations

import sys

import click

from ..errors import CydcheckError
from . import check, diff, evaluate, parse, plugins, rules, schema  # noqa: F401  (each registers its command on `cli`)
from .base import cli

__all__ = ["cli", "main"]


def main() -> None:
    try:
        from ..plugins import plugin_manager

        plugin_manager().hook.register_commands(cli=cli)
    except CydcheckError as exc:
        click.echo(f"cydcheck: error: {exc}", err=True)
        sys.exit(2)
    cli(prog_name="cydcheck")


if __name__ == "__main__":
    main()
