"""The ``cydcheck`` command line: argument parsing, output files and exit codes — no checking logic.

Exit codes: 0 no failure at or above --fail-on; 1 there is one; 2 bad usage, unreadable input, or a bad rule file
(one line on stderr, no traceback, nothing written).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click
from pydantic import BaseModel

from . import __version__, api
from .config import Config, configure, load_config
from .errors import ConfigError, CydcheckError
from .model import Form, Given
from .rules import cite
from .sources import DEFAULT_MAX_BYTES

F = TypeVar("F", bound=Callable[..., Any])
FORMS = [f.value for f in Form if f is not Form.UNKNOWN]


def reports_errors(func: F) -> F:
    """Turn a CydcheckError into one line on stderr and exit code 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CydcheckError as exc:
            click.echo(f"cydcheck: error: {exc}", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="cydcheck")
def cli() -> None:
    """Check SEC cybersecurity disclosures (Reg. S-K Item 106: Form 10-K Item 1C, Form 20-F Item 16K) against
    declarative rules, and report every requirement with its status, evidence and fix."""


def _rules_options(func: F) -> F:
    func = click.option("--no-default-rules", is_flag=True, help="Do not load the built-in and plugin rule packs.")(
        func
    )
    return click.option(
        "--rules",
        "rule_dirs",
        multiple=True,
        type=click.Path(file_okay=False),
        help="A directory of rule files to add (repeatable).",
    )(func)


def _input_options(func: F) -> F:
    func = click.option(
        "--max-size",
        type=click.IntRange(min=1),
        default=DEFAULT_MAX_BYTES,
        show_default=True,
        help="Refuse input files larger than this many bytes.",
    )(func)
    func = click.option("--format-in", help="Force the input format (see `cydcheck plugins`).")(func)
    return click.option(
        "--form", type=click.Choice(FORMS), help="The form the disclosure is for, when the source does not say."
    )(func)


def _config_options(func: F) -> F:
    func = click.option("--no-config", is_flag=True, help="Ignore .cydcheck.yaml / [tool.cydcheck] files.")(func)
    return click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False),
        help="Configuration file (default: .cydcheck.yaml or pyproject.toml [tool.cydcheck], searched upward).",
    )(func)


def _config(config_path: str | None, no_config: bool) -> Config:
    if no_config:
        if config_path:
            raise ConfigError("--config and --no-config contradict each other")
        return Config()
    return load_config(config_path)


def _load_rules(rule_dirs: Sequence[str], no_default_rules: bool, config: Config | None = None) -> Any:
    config = config or Config()
    dirs = [*config.rule_dirs(), *rule_dirs]
    if no_default_rules and not dirs:
        raise ConfigError("--no-default-rules needs at least one --rules DIR")
    return configure(api.load_rules(extra=dirs, builtin=not no_default_rules), config)


def _date(ctx: click.Context, param: click.Parameter, value: Any) -> dt.date | None:
    return value.date() if value is not None else None


DATE = click.DateTime(formats=["%Y-%m-%d"])


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
    type=click.Choice(["error", "warning", "notice", "never"]),
    help="Exit 1 when a failure of this severity or worse is found.  [default: error]",
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
    rule_dirs: tuple[str, ...],
    no_default_rules: bool,
    config_path: str | None,
    no_config: bool,
    form: str | None,
    format_in: str | None,
    max_size: int,
) -> None:
    """Check disclosures (files, or directories of them) and write reports."""
    from .inputs import parse_paths
    from .plugins import registry
    from .runner import build_report, exit_code

    reg = registry()
    config = _config(config_path, no_config)
    wanted = list(dict.fromkeys(formats or config.spec.format or ("text",)))
    unknown = [f for f in wanted if f not in reg.reporters]
    if unknown:
        raise ConfigError(f"unknown --format '{unknown[0]}' (known: {', '.join(sorted(reg.reporters))})")
    if output is None and config.spec.output is not None:
        output = os.path.relpath(config.base / config.spec.output)
        output += "/" if config.spec.output.endswith("/") else ""
    targets = _targets(wanted, output, {n: reg.reporters[n].extension for n in wanted})
    rules = _load_rules(rule_dirs, no_default_rules, config)
    given = Given(form=Form(form) if form else None, filed_on=filed_on, determined_on=determined_on)
    docs = parse_paths(paths, reg.parsers, format_in, given, max_size)
    report = build_report(docs, rules, __version__, config.waivers, as_of)
    rendered = [(target, reg.reporters[name].render(report)) for name, target in targets]
    _write_all(rendered)
    for status in report.waivers:
        if status.status != "active":
            click.echo(f"cydcheck: {'error' if status.status == 'expired' else 'warning'}: {status.message}", err=True)
    sys.exit(exit_code(report, fail_on or config.spec.fail_on or "error"))


def _targets(formats: list[str], output: str | None, extensions: dict[str, str]) -> list[tuple[str, str | None]]:
    """(format, file path or None for stdout) for each format."""
    if output in (None, "-"):
        if len(formats) > 1:
            raise ConfigError("several --format values need --output DIR")
        return [(formats[0], None)]
    assert output is not None
    as_dir = len(formats) > 1 or output.endswith(("/", os.sep)) or Path(output).is_dir()
    if not as_dir:
        return [(formats[0], output)]
    return [(name, str(Path(output) / f"cydcheck-report{extensions[name]}")) for name in formats]


def _write_all(rendered: list[tuple[str | None, str]]) -> None:
    """Write every output, each atomically: a reader never sees half a report."""
    for target, text in rendered:
        if target is None:
            click.echo(text, nl=False)
            continue
        path = Path(target)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a report is an ordinary file
            os.replace(tmp, path)
        except OSError as exc:
            raise ConfigError(f"{target}: cannot write: {exc.strerror or exc}") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@cli.command()
@click.argument("path")
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
@_input_options
@reports_errors
def parse(path: str, fmt: str, form: str | None, format_in: str | None, max_size: int) -> None:
    """Parse one disclosure and print the typed Disclosure model."""
    from .inputs import parse_paths
    from .plugins import registry

    docs = parse_paths([path], registry().parsers, format_in, Given(form=Form(form) if form else None), max_size)
    for doc in docs:
        click.echo(doc.model_dump_json(indent=2))


@cli.command()
@click.argument("what", type=click.Choice(["disclosure", "config", "rule"]), default="disclosure")
def schema(what: str) -> None:
    """Print a JSON Schema: the Disclosure model (the format of YAML / JSON drafts; the default), the configuration
    file, or a rule file — for editors that validate YAML."""
    from .config import ConfigSpec
    from .rules import RuleSpec

    models: dict[str, type[BaseModel]] = {"disclosure": api.Disclosure, "config": ConfigSpec, "rule": RuleSpec}
    model = models[what]
    click.echo(json.dumps(model.model_json_schema(by_alias=True), indent=2))


@cli.group()
def rules() -> None:
    """List and inspect rules."""


@rules.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_rules_options
@_config_options
@reports_errors
def rules_list(
    fmt: str, rule_dirs: tuple[str, ...], no_default_rules: bool, config_path: str | None, no_config: bool
) -> None:
    """Every rule: id, requirement, citation, severity, title (as the configuration sets them)."""
    ruleset = _load_rules(rule_dirs, no_default_rules, _config(config_path, no_config))
    rows = [
        {
            "id": r.id,
            "requirement": r.spec.requirement,
            "citation": cite(r.spec.citation, r.spec.applies_to),
            "severity": r.spec.severity.value,
            "title": r.spec.title,
            "applies_to": [f.value for f in r.spec.applies_to],
            "enabled": r.spec.enabled,
            "source": r.path,
        }
        for r in ruleset.rules
    ]
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for row in rows:
        off = "" if row["enabled"] else "  (disabled)"
        click.echo(f"{row['id']:<28} {row['requirement']:<20} {row['severity']:<8} {row['title']}{off}")
        click.echo(f"{'':<28} {row['citation']}")


@rules.command("test")
@click.argument("directories", nargs=-1, type=click.Path(file_okay=False))
@click.option("--verbose", "-v", is_flag=True, help="List every example, not only mismatches.")
@reports_errors
def rules_test(directories: tuple[str, ...], verbose: bool) -> None:
    """Run every rule's examples: each `pass` example must pass, each `fail` example must fail with the rule's
    requirement and severity. With DIRECTORIES, test the rules there (a user's own pack); else the installed ones.
    Exit 1 on any mismatch."""
    from .selftest import run_examples

    ruleset = api.load_rules(extra=list(directories), builtin=not directories)
    results = run_examples(ruleset.rules)
    bad = [r for r in results if not r.ok]
    for r in results:
        if verbose or not r.ok:
            click.echo(
                f"{'ok  ' if r.ok else 'FAIL'} {r.label}  {r.rule.path}" + ("" if r.ok else f"\n     {r.explain()}")
            )
    rules_n = len(ruleset.rules)
    click.echo(
        f"{len(results) - len(bad)} of {len(results)} examples as expected, {rules_n} rule{'s' if rules_n != 1 else ''}"
        + (f"; {len(bad)} mismatch{'es' if len(bad) != 1 else ''}" if bad else "")
    )
    sys.exit(1 if bad else 0)


@rules.command("show")
@click.argument("rule_id")
@_rules_options
@reports_errors
def rules_show(rule_id: str, rule_dirs: tuple[str, ...], no_default_rules: bool) -> None:
    """Everything about one rule, as its file says it."""
    import yaml

    ruleset = _load_rules(rule_dirs, no_default_rules)
    rule = ruleset.get(rule_id)
    if rule is None:
        raise ConfigError(f"no rule with id '{rule_id}' (see `cydcheck rules list`)")
    data = rule.spec.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    click.echo(f"# {rule.path}")
    click.echo(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110), nl=False)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@reports_errors
def plugins(fmt: str) -> None:
    """The loaded plugins, where each came from, and what it registers."""
    from .plugins import registry

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


def main() -> None:
    try:
        from .plugins import plugin_manager

        plugin_manager().hook.register_commands(cli=cli)
    except CydcheckError as exc:
        click.echo(f"cydcheck: error: {exc}", err=True)
        sys.exit(2)
    cli(prog_name="cydcheck")


if __name__ == "__main__":
    main()
