"""``cydcheck plugins``: what the loaded plugins contribute."""

from __future__ import annotations

import json

import click

from .base import cli, reports_errors


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@reports_errors
def plugins(fmt: str) -> None:
    """The loaded plugins, where each came from, and what it registers."""
    from ..plugins import registry

    reg = registry()
    rows = [
        {"plugin": c.plugin, "distribution": c.distribution, "category": c.category, "name": c.name}
        for c in reg.contributions
    ]
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2))
        return
    for plugin, dist in reg.plugins:
        click.echo(f"{plugin}  ({dist})")
        for c in reg.contributions:
            if c.plugin == plugin:
                click.echo(f"  {c.category:<9} {c.name}")
