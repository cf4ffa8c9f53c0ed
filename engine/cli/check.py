"""``cydcheck check``: check disclosures and write reports."""

from __future__ import annotations

import datetime as dt
import os
import sys

import click

from ..errors import ConfigError
from ..exit import FAIL_ON, exit_code
from ..model import Form, Given
from .base import DATE, _config, _config_options, _date, _input_options, _rules_options, cli, reports_errors
from .outputs import read_by, targets, write_all


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "formats",
    multiple=True,
    help="Output format: text (default), json, html, markdown, or a plugin's (repeatable).",
)
@click.option("--output", "-o", help="Output file, directory (for several formats), or - for stdout.")
@click.option(
    "--fail-on",
    type=click.Choice(list(FAIL_ON)),
    help="Exit 1 when something at this level or worse is found (error > warning > review > notice; never).  "
    "[default: error]",
)
@click.option("--filed-on", type=DATE, callback=_date, help="Form 8-K: the filing date (default: the signature date).")
@click.option(
    "--determined-on",
    type=DATE,
    callback=_date,
    help="Form 8-K: when the incident was determined to be material (default: read from the text).",
)
@click.option(
    "--as-of", type=DATE, callback=_date, help="Judge waiver expiry as of this date (YYYY-MM-DD; default: today)."
)
@click.option(
    "--follow-symlinks",
    is_flag=True,
    help="In a directory scan, follow symbolic links to files inside the directory (never out of it).",
)
@_rules_options
@_config_options
@_input_options
@reports_errors
def check(
    paths: tuple[str, ...],
    formats: tuple[str, ...],
    output: str | None,
    fail_on: str | None,
    filed_on: dt.date | None,
    determined_on: dt.date | None,
    as_of: dt.date | None,
    follow_symlinks: bool,
    rule_dirs: tuple[str, ...],
    no_default_rules: bool,
    config_path: str | None,
    no_config: bool,
    form: str | None,
    format_in: str | None,
    max_size: int,
) -> None:
    """Check disclosures (files, or directories of them) and write reports."""
    from ..pipeline import prepare, run
    from ..plugins import registry

    reg = registry()
    config = _config(config_path, no_config)
    wanted = list(dict.fromkeys(formats or config.spec.format or ("text",)))
    unknown = [f for f in wanted if f not in reg.reporters]
    if unknown:
        raise ConfigError(f"unknown --format '{unknown[0]}' (known: {', '.join(sorted(reg.reporters))})")
    if output is None and config.spec.output is not None:
        output = os.path.relpath(config.base / config.spec.output)
        output += "/" if config.spec.output.endswith("/") else ""
    inputs = read_by(paths, reg.parsers, follow_symlinks)  # no --output may name one of them
    destinations = targets(wanted, output, {n: reg.reporters[n].extension for n in wanted}, inputs)
    setup = prepare(config, rule_dirs, builtin=not no_default_rules, as_of=as_of)
    given = Given(form=Form(form) if form else None, filed_on=filed_on, determined_on=determined_on)
    report = run(paths, setup, reg.parsers, format_in, given, max_size, follow_symlinks)
    rendered = [(target, reg.reporters[name].render(report)) for name, target in destinations]
    write_all(rendered, inputs)
    for skipped in report.skipped:
        click.echo(f"cydcheck: notice: {skipped.source}: {skipped.reason}", err=True)
    for status in report.waivers:
        if status.status != "active":
            click.echo(f"cydcheck: {'error' if status.status == 'expired' else 'warning'}: {status.message}", err=True)
    sys.exit(exit_code(report, fail_on or config.spec.fail_on or "error"))
