"""The one pipeline, used by the command line and the Python API alike:

configuration → rules → parse → each document's forms and applicability, decided once → reading → evaluate →
waivers, applied before requirement verdicts → report.

:func:`prepare` does everything that does not depend on the documents (configuration, rules as configured,
waivers, the date waivers are judged on); :func:`run` reads and checks documents with it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .applicability import document_forms
from .baseline import Baseline
from .config import Config, configure, load_config
from .errors import ConfigError
from .findings import evaluate
from .inputs import parse_inputs
from .model import Disclosure, DocumentResult, Given, Report, RuleInfo, SkippedInput, Waiver, summarize
from .parsers.base import Parser
from .reading import read
from .references import follow
from .rules import Rule, RuleSet, cite
from .sources import DEFAULT_MAX_BYTES
from .verdicts import document_status, requirement_verdicts
from .waivers import apply_waivers, waiver_statuses


@dataclass(frozen=True)
class Setup:
    """Everything a run needs that does not depend on the documents."""

    rules: RuleSet
    config: Config = field(default_factory=Config)
    today: dt.date = field(default_factory=dt.date.today)
    baseline: Baseline | None = None
    """An earlier report (``--baseline``): the failures it holds are marked known and do not fail the run."""

    @property
    def waivers(self) -> tuple[Waiver, ...]:
        return self.config.waivers


def resolve_config(config: str | Path | Config | bool | None) -> Config:
    """The configuration in effect: a :class:`Config`, a file, ``True`` (search upward from the working directory,
    as the command line does) or ``None``/``False`` (none)."""
    if isinstance(config, Config):
        return config
    if config is True:
        return load_config(None)
    if config is None or config is False:
        return Config()
    return load_config(str(config))


def prepare(
    config: Config | None = None,
    rule_dirs: Sequence[str | Path] = (),
    builtin: bool = True,
    rules: RuleSet | None = None,
    as_of: dt.date | None = None,
) -> Setup:
    """Configuration → rules: the built-in and plugin packs (unless ``builtin`` is False), the configuration's rule
    packs and ``rule_dirs`` — or ``rules`` as given — with the configuration's selection and severities applied."""
    from .api import load_rules

    config = config or Config()
    if rules is None:
        dirs = [*config.rule_dirs(), *(str(d) for d in rule_dirs)]
        if not builtin and not dirs:
            raise ConfigError("--no-default-rules needs at least one --rules DIR")
        rules = load_rules(extra=dirs, builtin=builtin)
    return Setup(rules=configure(rules, config), config=config, today=as_of or dt.date.today())


def check_document(doc: Disclosure, setup: Setup) -> DocumentResult:
    """One parsed document through the rest of the pipeline."""
    forms = document_forms(doc)
    reading = read(doc, setup.rules.vocabulary)
    findings = [evaluate(rule, reading, forms) for rule in setup.rules.rules if rule.spec.enabled]
    findings = apply_waivers(findings, setup.waivers, doc.source, setup.today)
    if setup.baseline is not None:
        findings = setup.baseline.mark(findings, doc.source)
    status, note = document_status(doc)
    verdicts = requirement_verdicts(setup.rules.requirements, findings, forms, status == "reviewed", note)
    return DocumentResult(
        disclosure=doc, status=status, status_note=note, findings=tuple(findings), requirements=verdicts
    )


def _skip(doc: Disclosure) -> str | None:
    status, note = document_status(doc)
    return note if status == "not-a-disclosure" else None


def run(
    paths: Iterable[str | Path],
    setup: Setup,
    parsers: Mapping[str, Parser] | None = None,
    format_in: str | None = None,
    given: Given | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    follow_symlinks: bool = False,
) -> Report:
    """Read and check files (or directories of them). Every file is parsed before any is checked, so one bad file
    stops the run before a report exists. A directory scan skips what is plainly not a disclosure, a symbolic link
    (unless ``follow_symlinks``; see :func:`~cydcheck.inputs.expand`) and cydcheck's own reports, and says so."""
    from . import __version__
    from .plugins import registry

    table = parsers if parsers is not None else registry().parsers
    docs: list[Disclosure] = []
    skipped: list[SkippedInput] = []
    for item, found in parse_inputs([str(p) for p in paths], table, format_in, given, max_bytes, follow_symlinks):
        reason = _skip(found) if isinstance(found, Disclosure) and item.scanned else None
        if isinstance(found, SkippedInput):
            skipped.append(found)
        elif reason is not None:
            skipped.append(SkippedInput(source=item.display, reason=f"{reason}; skipped"))
        else:
            docs.append(found)
    return report(follow(docs), setup, __version__, skipped)


def report(docs: Iterable[Disclosure], setup: Setup, version: str, skipped: Sequence[SkippedInput] = ()) -> Report:
    """Parsed documents → the report."""
    results = tuple(check_document(d, setup) for d in docs)
    statuses = waiver_statuses(results, setup.waivers, setup.rules, setup.today) if setup.waivers else ()
    enabled = [r for r in setup.rules.rules if r.spec.enabled]
    return Report(
        version=version,
        documents=results,
        summary=summarize(results, len(enabled)),
        waivers=statuses,
        skipped=tuple(skipped),
        rules=tuple(rule_info(r) for r in enabled),
    )


def rule_info(rule: Rule) -> RuleInfo:
    spec = rule.spec
    return RuleInfo(
        id=spec.id,
        title=spec.title,
        requirement=spec.requirement,
        citation=cite(spec.citation, spec.applies_to),
        severity=spec.severity,
        forms=spec.applies_to,
        rationale=spec.rationale,
        fix=spec.fix,
        source=rule.path,
    )
