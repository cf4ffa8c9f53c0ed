"""``cydcheck plugins``: what the loaded plugins contribute, and which installed ones were left out."""

from __future__ import annotations

import json

import click

from .base import cli, reports_errors


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@reports_errors
def plugins(fmt: str) -> None:
    """The loaded plugins, where each came from, and what it registers (parsers, check kinds, rule packs,
    reporters, commands); the text format then lists the installed plugins that --no-plugins,
    CYDCHECK_DISABLE_PLUGINS or CYDCHECK_PLUGINS left out."""
    from ..plugins import registry

    reg = registry()
    if fmt == "json":  # a list of contributions: the stable shape CI scripts read
        rows = [
            {"plugin": c.plugin, "distribution": c.distribution, "category": c.category, "name": c.name}
            for c in reg.contributions
        ]
        click.echo(json.dumps(rows, indent=2))
        return
    for plugin, dist in reg.plugins:
        click.echo(f"{plugin}  ({dist})")
        for c in reg.contributions:
            if c.plugin == plugin:
                click.echo(f"  {c.category:<9} {c.name}")
    for s in reg.skipped:
        click.echo(f"{s.plugin}  ({s.distribution})  {s.reason}")
