"""``cydcheck annotate``: check a Word draft and write the findings into a copy of it as comments."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from ..errors import ConfigError, InputError, OutputError
from ..exit import exit_code
from ..model import Form, Given
from ..sources import DEFAULT_MAX_BYTES
from .base import (
    DATE,
    FormType,
    IntRange,
    _config,
    _config_options,
    _date,
    _eight_k_date_options,
    _fail_on_option,
    _rules_options,
    cli,
    reports_errors,
    settle_collector,
)
from .outputs import targets, write_all


@cli.command()
@click.argument("path")
@click.option("--output", "-o", required=True, help="The annotated copy to write (a .docx file, or - for stdout).")
@click.option(
    "--author",
    help="The name the comments carry (default: `author:` in .cydcheck.yaml, else cydcheck). Annotating again "
    "replaces only cydcheck's earlier comments under this name.",
)
@_fail_on_option
@click.option("--form", type=FormType(), help="The form, when the draft does not say: 10-K, 20-F or 8-K.")
@_eight_k_date_options
@click.option(
    "--as-of",
    type=DATE,
    callback=_date,
    help="Judge waiver expiry as of this date (YYYY-MM-DD; default: today); the summary comment then names it.",
)
@click.option(
    "--max-size",
    type=IntRange(min=1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Refuse drafts larger than this many bytes.",
)
@_rules_options
@_config_options
@reports_errors
def annotate(
    path: str,
    output: str,
    author: str | None,
    fail_on: str | None,
    form: Form | None,
    filed_on: dt.date | None,
    determined_on: dt.date | None,
    as_of: dt.date | None,
    max_size: int,
    rule_dirs: tuple[str, ...],
    no_default_rules: bool,
    config_path: str | None,
    no_config: bool,
) -> None:
    """Check a Word draft (.docx) as `cydcheck check` does and write a copy of it with the findings as comments.

    Each requirement that is not met or needs review becomes a comment on the sentence its evidence quotes — or, where
    the draft does not answer it, on the section's heading — with its citation, why it is not met and what to add; one
    summary comment on the heading counts them. The draft's text, formatting, tracked changes and other comments are
    left as they are. Annotating an annotated draft replaces cydcheck's earlier comments (those with the same author
    and cydcheck's marker line). The exit code follows --fail-on, as for `check`."""
    from .. import __version__
    from ..annotate import annotate as write_comments
    from ..annotate import author_name
    from ..inputs import refuse_empty
    from ..pipeline import prepare, run_source
    from ..plugins import registry
    from ..reporters.text import TextReporter
    from ..sources import read_source

    reg = registry()
    config = _config(config_path, no_config)
    name = author_name(author, config.spec.author)
    if path == "-":
        raise InputError("annotate reads a .docx file, not standard input: name the draft")
    source = read_source(Path(path), path, max_size)
    refuse_empty(source)  # before the .docx test: an empty draft is "empty", on every route
    if source.suffix != ".docx" and reg.parsers["docx"].sniff(source) <= 0:
        raise InputError(f"{path}: not a Word .docx draft; annotate writes comments into .docx files (check reads any)")
    if output != "-" and (output.endswith(("/", "\\")) or Path(output).is_dir()):
        raise OutputError(f"{output}: is a directory; give the file to write, e.g. {Path(path).stem}.reviewed.docx")
    if output == "-" and sys.stdout.isatty():
        raise ConfigError("--output -: a Word file cannot be shown on a terminal; redirect it, or give a file")
    ((_, target),) = targets(["docx"], output, {"docx": ".docx"}, [Path(path)])
    setup = prepare(config, rule_dirs, builtin=not no_default_rules, as_of=as_of)
    settle_collector()
    given = Given(form=form, filed_on=filed_on, determined_on=determined_on)
    report = run_source(source, setup, reg.parsers, "docx", given, max_size)
    result = report.documents[0]
    stamp = as_of.isoformat() if as_of is not None else None
    annotated = write_comments(source.data, result, __version__, len(report.rules), name, stamp)
    write_all([(target, annotated.data)], [Path(path)])

    log = TextReporter(color=False, width=None)
    click.echo(log.summary(report), nl=False, err=True)
    replaced = f" (replacing {annotated.replaced} earlier)" if annotated.replaced else ""
    where = target if target is not None else "standard output"
    click.echo(f"cydcheck: wrote {annotated.comments} comments into {where}{replaced}", err=True)
    for status in report.waivers:
        if status.status != "active":
            click.echo(f"cydcheck: {'error' if status.status == 'expired' else 'warning'}: {status.message}", err=True)
    sys.exit(exit_code(report, fail_on or config.spec.fail_on or "error"))
