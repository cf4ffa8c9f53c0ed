"""``cydcheck diff``: what changed between two versions of a disclosure."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import ConfigError
from ..inputs import STDIN
from ..model import Form, Given
from .base import _config, _config_options, _input_options, _rules_options, cli, reports_errors, settle_collector
from .outputs import format_for, write_all

DIFF_FORMATS = ("text", "json", "markdown", "html")


@cli.command()
@click.argument("old")
@click.argument("new")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(DIFF_FORMATS),
    help="text, json, markdown or html.  [default: what --output's extension names, else text]",
)
@click.option(
    "--output",
    "-o",
    help="Output file (default: stdout). Without --format, its extension sets the format: .json, .md, .html/.htm, "
    ".txt.",
)
@_rules_options
@_config_options
@_input_options
@reports_errors
def diff(
    old: str,
    new: str,
    fmt: str | None,
    output: str | None,
    rule_dirs: tuple[str, ...],
    no_default_rules: bool,
    config_path: str | None,
    no_config: bool,
    form: Form | None,
    format_in: str | None,
    max_size: int,
) -> None:
    """Compare two versions of a disclosure (last year's filing and this year's draft, in any formats): each
    requirement's verdict before and after, and the sentences added, removed or changed. Exit 0 (a diff is a report,
    not a check)."""
    from ..diff import compare
    from ..pipeline import prepare, run
    from ..plugins import registry
    from ..reporters.diffview import render

    for path in (old, new):
        if path != STDIN and Path(path).is_dir():
            raise ConfigError(f"{path}: is a directory; diff compares two files")
    if old == new == STDIN:
        raise ConfigError("only one of OLD and NEW can be - (standard input)")
    reg = registry()
    setup = prepare(_config(config_path, no_config), rule_dirs, builtin=not no_default_rules)
    settle_collector()
    given = Given(form=form)
    before, after = (run([p], setup, reg.parsers, format_in, given, max_size).documents[0] for p in (old, new))
    result = compare(before, after, setup.rules.vocabulary)
    # As for check: -o diff.html writes HTML unless --format says otherwise (an extension diff has no view for: text).
    named = format_for(output)
    chosen = fmt or (named if named in DIFF_FORMATS else "text")
    write_all([(None if output in (None, "-") else output, render(result, chosen))])
