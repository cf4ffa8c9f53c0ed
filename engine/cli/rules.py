"""``cydcheck rules``: list, show and test rules."""

from __future__ import annotations

import json
import sys

import click

from .. import api
from ..errors import ConfigError
from ..rules import cite
from .base import _config, _config_options, _load_rules, _rules_options, cli, reports_errors


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
