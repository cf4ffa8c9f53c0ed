"""``cydcheck rules``: list, show and test rules."""

from __future__ import annotations

import difflib
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from .. import api
from ..errors import ConfigError, RuleError
from ..ruledocs import INDEX
from ..rules import Rule, cite
from .base import _config, _config_options, _load_rules, _rules_options, cli, reports_errors


@cli.group()
def rules() -> None:
    """List, show, test and document rules; print the rule-file schema."""


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
    from ..selftest import run_examples

    ruleset = api.load_rules(extra=list(directories), builtin=not directories)
    results = run_examples(ruleset.rules, ruleset)
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
@click.argument("name")
@_rules_options
@reports_errors
def rules_show(name: str, rule_dirs: tuple[str, ...], no_default_rules: bool) -> None:
    """Everything about a rule, as its file says it. NAME is a rule id (in any case) or a requirement key, which
    shows every rule under it."""
    import yaml

    ruleset = _load_rules(rule_dirs, no_default_rules)
    chosen = matching(ruleset.rules, name)
    if not chosen:
        names = [r.id for r in ruleset.rules] + list(ruleset.requirements)
        close = difflib.get_close_matches(name.upper(), [n.upper() for n in names], n=3, cutoff=0.6)
        spelled = {n.upper(): n for n in names}
        hint = f"; did you mean {' or '.join(spelled[c] for c in close)}?" if close else " (see `cydcheck rules list`)"
        raise ConfigError(f"no rule with id '{name}' and no requirement key '{name}'{hint}")
    for index, rule in enumerate(chosen):
        data = rule.spec.model_dump(mode="json", by_alias=True, exclude_defaults=True)
        if index:
            click.echo("---")
        click.echo(f"# {rule.path}")
        click.echo(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110), nl=False)


def matching(rules: Sequence[Rule], name: str) -> list[Rule]:
    """The rule with this id (any case), else every rule under this requirement key (any case)."""
    wanted = name.strip().casefold()
    by_id = [r for r in rules if r.id.casefold() == wanted]
    return by_id or [r for r in rules if r.spec.requirement.casefold() == wanted]


@rules.command("schema")
def rules_schema() -> None:
    """Print the JSON Schema of a rule file — every check kind's parameters included (the built-in kinds and the
    loaded plugins'), so an editor completes and checks them. Save it and point your editor at it: see the
    README's "Writing a rule"."""
    from .schema import print_rule_schema

    print_rule_schema()


@rules.command("docs")
@click.option(
    "--output",
    "-o",
    "output",
    required=True,
    type=click.Path(file_okay=False),
    help="Directory for the pages (created if needed).",
)
@_rules_options
@_config_options
@reports_errors
def rules_docs(
    output: str, rule_dirs: tuple[str, ...], no_default_rules: bool, config_path: str | None, no_config: bool
) -> None:
    """Write one Markdown page per rule (requirement, citation, severity, forms and dates, rationale, what passes,
    what fails, how to fix) and an index.md, as the configuration sets the rules. A rule that lacks any of it is an
    error (exit 2) and nothing is written. Files of the same names are replaced; other files are left alone."""
    from ..ruledocs import render
    from .outputs import write_all

    ruleset = _load_rules(rule_dirs, no_default_rules, _config(config_path, no_config))
    try:
        pages = render(ruleset)
    except ValueError as exc:
        raise RuleError(str(exc)) from None
    write_all([(str(Path(output) / name), text) for name, text in sorted(pages.items())])
    count = len(pages) - 1
    click.echo(f"{count} rule page{'s' if count != 1 else ''} and {INDEX} written to {output}")
