"""``cydcheck parse``: the typed Disclosure model of a document."""

from __future__ import annotations

import click

from ..model import Form, Given
from .base import _input_options, cli, reports_errors


@cli.command()
@click.argument("path")
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
@_input_options
@reports_errors
def parse(path: str, fmt: str, form: str | None, format_in: str | None, max_size: int) -> None:
    """Parse one disclosure and print the typed Disclosure model."""
    from ..inputs import parse_paths
    from ..plugins import registry

    docs = parse_paths([path], registry().parsers, format_in, Given(form=Form(form) if form else None), max_size)
    for doc in docs:
        click.echo(doc.model_dump_json(indent=2))
