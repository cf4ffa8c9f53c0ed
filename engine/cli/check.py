"""``cydcheck check``: check disclosures and write reports."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import sys

import click

from ..errors import ConfigError
from ..exit import exit_code
from ..model import Form, Given
from ..reporters.text import TextReporter
from .base import (
    DATE,
    FloatRange,
    IntRange,
    _config,
    _config_options,
    _date,
    _eight_k_date_options,
    _fail_on_option,
    _input_options,
    _rules_options,
    cli,
    notify_skipped,
    reports_errors,
    settle_collector,
    terminal_width,
    use_color,
)
from .outputs import format_for, read_by, targets, write_all
from .progress import progress_bar


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "formats",
    multiple=True,
    help="Output format: text, json, html, markdown, csv, sarif, junit, github, or a plugin's (repeatable).  "
    "[default: what --output's extension names, else text]",
)
@click.option(
    "--output",
    "-o",
    help="Output file, directory (for several formats; an existing directory for one), or - for stdout. Without "
    "--format, a file's extension sets the format: .html/.htm, .json, .sarif, .md (markdown), .xml (junit), .csv, "
    ".txt (text); --format wins over it.",
)
@_fail_on_option
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False),
    help="An earlier JSON report: only failures it does not hold fail the run; every report marks the new ones.",
)
@click.option(
    "--verbose", "--show-passes", "-v", is_flag=True, help="Text: also passes, not applicable, suggestions, fixes."
)
@click.option("--quiet", "-q", is_flag=True, help="Text: the total line only.")
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour the text report (auto: on a terminal, unless NO_COLOR is set).",
)
@_eight_k_date_options
@click.option(
    "--as-of", type=DATE, callback=_date, help="Judge waiver expiry as of this date (YYYY-MM-DD; default: today)."
)
@click.option(
    "--follow-symlinks",
    is_flag=True,
    help="In a directory scan, follow symbolic links to files inside the directory (never out of it).",
)
@click.option(
    "--jobs",
    "-j",
    type=IntRange(min=1),
    help="Check this many documents at a time, each in a worker process (1: in this process).  "
    "[default: the processors available]",
)
@click.option(
    "--keep-going",
    "-k",
    is_flag=True,
    help="A file that cannot be read or parsed becomes an 'unreadable' document (an error) and the rest are checked; "
    "without it, it stops the run (exit 2).",
)
@click.option(
    "--timeout",
    type=FloatRange(min=0, min_open=True),
    metavar="SECONDS",
    help="Stop checking a document after this long: it is reported 'not reviewed: timed out' (an error).",
)
@click.option(
    "--peers",
    "peer_paths",
    multiple=True,
    metavar="DIR",
    help="Place the documents against a folder of other disclosures: how many of them meet each requirement "
    "(repeatable).",
)
@click.option(
    "--executor",
    default="local",
    show_default=True,
    help="Where documents are checked: local (this machine), dask (a Dask cluster; the dask extra), or a plugin's.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="--executor dask: the scheduler to use (e.g. tcp://10.0.0.5:8786); default: a local cluster of --jobs "
    "workers.",
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
    baseline: str | None,
    verbose: bool,
    quiet: bool,
    color: str,
    filed_on: dt.date | None,
    determined_on: dt.date | None,
    as_of: dt.date | None,
    follow_symlinks: bool,
    jobs: int | None,
    keep_going: bool,
    timeout: float | None,
    peer_paths: tuple[str, ...],
    executor: str,
    scheduler: str | None,
    rule_dirs: tuple[str, ...],
    no_default_rules: bool,
    config_path: str | None,
    no_config: bool,
    form: Form | None,
    format_in: str | None,
    max_size: int,
) -> None:
    """Check disclosures (files, directories of them, or - for standard input) and write reports.

    Text goes to the terminal: what needs attention, one line each (path:line:col: severity key RULE message), then
    one line per document and the total. When reports go to files, that summary goes to stderr."""
    from ..baseline import load_baseline
    from ..pipeline import Batch, executor_named, prepare, run
    from ..plugins import registry

    if verbose and quiet:
        raise ConfigError("--verbose and --quiet contradict each other")
    reg = registry()
    executor_named(executor)  # before anything is read
    if scheduler is not None and executor == "local":
        raise ConfigError("--scheduler names a Dask scheduler: use it with --executor dask")
    config = _config(config_path, no_config)
    # The format: --format; else what -o's extension names (-o report.html must not get plain text); else the
    # configuration's format, then its output's extension; else text. An explicit --format wins over the extension.
    named = format_for(output)
    if output is None and config.spec.output is not None:
        output = os.path.relpath(config.base / config.spec.output)
        output += "/" if config.spec.output.endswith("/") else ""
    default = (named,) if named else config.spec.format or (format_for(output) or "text",)
    wanted = list(dict.fromkeys(formats or default))
    unknown = [f for f in wanted if f not in reg.reporters]
    if unknown:
        raise ConfigError(f"unknown --format '{unknown[0]}' (known: {', '.join(sorted(reg.reporters))})")
    inputs = read_by(paths + peer_paths, reg.parsers, follow_symlinks)  # no --output may name one of them
    destinations = targets(wanted, output, {n: reg.reporters[n].extension for n in wanted}, inputs)
    setup = prepare(config, rule_dirs, builtin=not no_default_rules, as_of=as_of)
    settle_collector()
    if baseline is not None:
        setup = dataclasses.replace(setup, baseline=load_baseline(baseline))
    given = Given(form=form, filed_on=filed_on, determined_on=determined_on)
    batch = Batch(jobs=jobs, keep_going=keep_going, timeout=timeout, executor=executor, address=scheduler)
    with progress_bar(enabled=not quiet) as progress:
        report = run(
            paths, setup, reg.parsers, format_in, given, max_size, follow_symlinks, batch, peer_paths, progress
        )

    if not quiet:
        notify_skipped(report.skipped)
    ctx = click.get_current_context()
    stdout_color = use_color(color, sys.stdout)
    ctx.color = stdout_color  # click.echo keeps the colour codes it would strip on a pipe only when asked to
    rendered = []
    for name, target in destinations:
        reporter = reg.reporters[name]
        if isinstance(reporter, TextReporter):
            on_terminal = target is None
            reporter = reporter.configured(
                verbose=verbose,
                quiet=quiet,
                color=on_terminal and stdout_color,
                width=terminal_width(sys.stdout) if on_terminal else None,
            )
        rendered.append((target, reporter.render(report)))
    write_all(rendered, inputs)
    if any(target is not None for _, target in destinations):
        # The report went to a file: the log still says what was found, and why the run fails.
        stderr_color = use_color(color, sys.stderr)
        log = TextReporter(verbose=verbose, quiet=quiet, color=stderr_color, width=terminal_width(sys.stderr))
        click.echo(log.summary(report), nl=False, err=True, color=stderr_color)
    for status in report.waivers:
        if status.status != "active":
            click.echo(f"cydcheck: {'error' if status.status == 'expired' else 'warning'}: {status.message}", err=True)
    sys.exit(exit_code(report, fail_on or config.spec.fail_on or "error"))
