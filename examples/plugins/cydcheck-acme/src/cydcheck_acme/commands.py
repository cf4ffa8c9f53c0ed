"""``cydcheck acme-acronyms PATH``: every acronym of a disclosure, where it is first used, and whether it is spelled
out by then — the survey behind the ``acronyms_defined`` check, for a drafter fixing a finding."""

from __future__ import annotations

import sys

import click
import cydcheck
from cydcheck.errors import CydcheckError
from cydcheck.model import TEXT_FIELD
from cydcheck.reading import read

from .acronyms import AcronymsDefined, AcronymsParams

KNOWN = ("@acme_well_known", "@certifications")


@click.command("acme-acronyms")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option(
    "--known",
    multiple=True,
    default=KNOWN,
    show_default=True,
    help="An acronym (or @list) that needs no definition (repeatable; default: the ACME-PLAIN-ACRONYMS rule's).",
)
def acme_acronyms(path: str, known: tuple[str, ...]) -> None:
    """List the acronyms of the disclosure in PATH: first use, and whether it is spelled out by then."""
    try:
        rules = cydcheck.load_rules()  # the vocabulary of every installed pack: @lists resolve
        check = AcronymsDefined(AcronymsParams.model_validate({"known": list(known)}), rules.vocabulary)
        reading = read(cydcheck.parse(path), rules.vocabulary)
    except (CydcheckError, ValueError) as exc:  # the one error style: one line, exit 2
        click.echo(f"cydcheck: error: {' '.join(str(exc).split())}", err=True)
        sys.exit(2)
    survey = check.survey(reading, [TEXT_FIELD])
    for term, where in survey.first.items():
        state = "NOT spelled out" if term in survey.undefined else "spelled out"
        click.echo(f"{term:<10} {state:<16} {where.quote[:90]}")
    click.echo(f"{len(survey.first)} acronyms, {len(survey.undefined)} not spelled out at first use")
    sys.exit(1 if survey.undefined else 0)
