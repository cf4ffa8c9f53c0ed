"""``cydcheck parse``: the typed Disclosure model of documents."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..inputs import STDIN
from ..model import Disclosure, Form, Given, SkippedInput
from .base import _input_options, cli, notify_skipped, reports_errors


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
@click.option("--ndjson", is_flag=True, help="Several documents: one JSON object per line instead of one array.")
@_input_options
@reports_errors
def parse(
    paths: tuple[str, ...], fmt: str, ndjson: bool, form: Form | None, format_in: str | None, max_size: int
) -> None:
    """Parse disclosures (files, directories, or - for standard input) and print the typed Disclosure model: one
    JSON object for one file, a JSON array for several (or for a directory), or with --ndjson one object per line."""
    from ..inputs import parse_inputs
    from ..plugins import registry

    found = [doc for _, doc in parse_inputs(paths, registry().parsers, format_in, Given(form=form), max_size)]
    docs = [doc for doc in found if isinstance(doc, Disclosure)]  # all parsed before anything is printed
    notify_skipped(doc for doc in found if isinstance(doc, SkippedInput))
    dumped = [doc.model_dump(mode="json") for doc in docs]
    if ndjson:
        for data in dumped:
            click.echo(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        return
    single = len(paths) == 1 and (paths[0] == STDIN or not Path(paths[0]).is_dir())
    click.echo(json.dumps(dumped[0] if single else dumped, indent=2, ensure_ascii=False))
