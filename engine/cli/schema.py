"""``cydcheck schema``: JSON Schemas for editors."""

from __future__ import annotations

import json
from typing import Any

import click

from .base import cli, reports_errors


def dump(schema: dict[str, Any]) -> None:
    click.echo(json.dumps(schema, indent=2, ensure_ascii=False))


@reports_errors
def print_rule_schema() -> None:
    """The rule-file schema with the check kinds of the loaded plugins (``cydcheck rules schema``)."""
    from ..plugins import registry
    from ..ruleschema import rule_schema

    dump(rule_schema(registry().check_kinds))


@cli.command()
@click.argument("what", type=click.Choice(["disclosure", "config", "rule"]), default="disclosure")
def schema(what: str) -> None:
    """Print a JSON Schema: the Disclosure model (the format of YAML / JSON drafts; the default), the configuration
    file, or a rule file (the same as `cydcheck rules schema`) — for editors that validate YAML."""
    from ..config import ConfigSpec

    if what == "rule":
        print_rule_schema()
        return
    if what == "disclosure":
        from ..parsers.data import draft_schema

        dump(draft_schema())
        return
    dump(ConfigSpec.model_json_schema(by_alias=True))
