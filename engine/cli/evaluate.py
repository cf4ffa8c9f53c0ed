"""``cydcheck eval``: measure verdicts against a lawyer's labels."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .base import FloatRange, _config, _config_options, _rules_options, cli, reports_errors, settle_collector


@cli.command("eval")
@click.argument("labels", type=click.Path(exists=True))
@click.argument("directory", type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--min-agreement", type=FloatRange(0, 1), help="Exit 1 when agreement is below this share.")
@click.option("--max-false-pass", type=FloatRange(0, 1), help="Exit 1 when false passes exceed this share.")
@click.option("--max-noise", type=FloatRange(0, 1), help="Exit 1 when noise exceeds this share.")
@_rules_options
@_config_options
@reports_errors
def evaluate(
    labels: str,
    directory: str,
    fmt: str,
    min_agreement: float | None,
    max_false_pass: float | None,
    max_noise: float | None,
    rule_dirs: tuple[str, ...],
    no_default_rules: bool,
    config_path: str | None,
    no_config: bool,
) -> None:
    """Measure verdicts against a lawyer's: check DIRECTORY and score each requirement's verdict against LABELS
    (a JSON file, or a folder of them). Prints agreement, false passes, false fails, undecided and noise, per
    requirement and overall; with thresholds, exits 1 when one is not met."""
    from ..evaluation import evaluate_report, load_labels, render_text
    from ..pipeline import prepare, run

    wanted = load_labels(Path(labels))
    setup = prepare(_config(config_path, no_config), rule_dirs, builtin=not no_default_rules)
    settle_collector()
    ev = evaluate_report(run([directory], setup), wanted)
    if fmt == "json":
        click.echo(json.dumps(ev.as_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(render_text(ev), nl=False)
    overall = ev.tally()
    failed = [
        what
        for what, bad in (
            (
                f"agreement {overall.share('agree'):.1%} < {min_agreement:.1%}" if min_agreement is not None else "",
                min_agreement is not None and overall.share("agree") < min_agreement,
            ),
            (
                f"false passes {overall.share('false_pass'):.1%} > {max_false_pass:.1%}"
                if max_false_pass is not None
                else "",
                max_false_pass is not None and overall.share("false_pass") > max_false_pass,
            ),
            (
                f"noise {overall.share('noise'):.1%} > {max_noise:.1%}" if max_noise is not None else "",
                max_noise is not None and overall.share("noise") > max_noise,
            ),
        )
        if bad
    ]
    for what in failed:
        click.echo(f"cydcheck: below target: {what}", err=True)
    sys.exit(1 if failed else 0)
