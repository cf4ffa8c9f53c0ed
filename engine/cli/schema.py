"""``cydcheck schema``: JSON Schemas for editors."""

from __future__ import annotations

import json

import click
from pydantic import BaseModel

from .. import api
from .base import cli


@cli.command()
@click.argument("what", type=click.Choice(["disclosure", "config", "rule"]), default="disclosure")
def schema(what: str) -> None:
    """Print a JSON Schema: the Disclosure model (the format of YAML / JSON drafts; the default), the configuration
    file, or a rule file — for editors that validate YAML."""
    from ..config import ConfigSpec
    from ..rules import RuleSpec

    models: dict[str, type[BaseModel]] = {"disclosure": api.Disclosure, "config": ConfigSpec, "rule": RuleSpec}
    model = models[what]
    click.echo(json.dumps(model.model_json_schema(by_alias=True), indent=2))
