"""The one pipeline, used by the command line and the Python API alike:

configuration → rules → parse → each document's forms and applicability, decided once → reading → evaluate →
waivers, applied before requirement verdicts → report.

:func:`prepare` does everything that does not depend on the documents (configuration, rules as configured,
waivers, the date waivers are judged on); :func:`run` reads and checks documents with it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .applicability import document_forms
from .baseline import Baseline
from .config import Config, configure, load_config
from .errors import ConfigError, InputError
from .executors import Executor, Lost, Session, Settings, TimedOut, available_cpus
from .findings import evaluate
from .model import (
    Disclosure,
    DocumentResult,
    DocumentStatus,
    Given,
    Peers,
    Report,
    RuleInfo,
    SectionStatus,
    SkippedInput,
    Waiver,
    summarize,
)
from .parsers.base import Parser
from .reading import read
from .references import resolve
from .rules import Rule, RuleSet, cite
from .sources import DEFAULT_MAX_BYTES, SourceFile, too_large
from .verdicts import document_status, requirement_verdicts
from .waivers import apply_waivers, waiver_statuses

if TYPE_CHECKING:
    from .batch import CheckTask, Outcome, ReadTask, Work


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
    config = config or Config()
    if rules is None:
        dirs = [*config.rule_dirs(), *(str(d) for d in rule_dirs)]
        if not builtin and not dirs:
            raise ConfigError("--no-default-rules needs at least one --rules DIR")
        rules = registered_rules(dirs, builtin)
    return Setup(rules=configure(rules, config), config=config, today=as_of or dt.date.today())


def registered_rules(extra: Sequence[str | Path] = (), builtin: bool = True) -> RuleSet:
    """The packs plugins register (unless ``builtin`` is False; their requirement keys and vocabulary are then still
    known) plus ``extra`` directories, read with the registered check kinds."""
    from .plugins import registry
    from .rules import load_rules

    reg = registry()
    registered = [(name, path, True) for name, path in reg.rule_packs.items()]
    packs = [*(registered if builtin else []), *((str(p), Path(p), False) for p in extra)]
    return load_rules(packs, reg.check_kinds, catalogues=[] if builtin else registered)


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


def skip_reason(doc: Disclosure) -> str | None:
    """Why a directory scan passes over a parsed file (it is no disclosure at all), or None."""
    status, note = document_status(doc)
    return note if status == "not-a-disclosure" else None


@dataclass(frozen=True)
class Batch:
    """How a run's documents are processed: by which executor (``local``, ``dask`` or a plugin's; see
    :mod:`cydcheck.executors`) with how many workers (None: one per available processor; 1: in this process), whether
    a file that cannot be read or parsed stops the run (the default) or becomes an ``unreadable`` document
    (``keep_going``), the time budget of one document in seconds, and where the executor's workers are."""

    jobs: int | None = 1
    keep_going: bool = False
    timeout: float | None = None
    executor: str = "local"
    address: str | None = None


Progress = Callable[[int, int], None]
"""Called with (documents done, documents in all) once the work is handed out, then as each document is done."""


def run(
    paths: Iterable[str | Path],
    setup: Setup,
    parsers: Mapping[str, Parser] | None = None,
    format_in: str | None = None,
    given: Given | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    follow_symlinks: bool = False,
    batch: Batch | None = None,
    peers: Sequence[str | Path] = (),
    progress: Progress | None = None,
) -> Report:
    """Read and check files (or directories of them). A directory scan skips what is plainly not a disclosure, a
    symbolic link (unless ``follow_symlinks``; see :func:`~cydcheck.inputs.expand`) and cydcheck's own reports, and
    says so. Each file is read, parsed and checked where ``batch`` says; results come back in input order, whatever
    the order they finish in, and an item incorporated by reference is followed once every document is parsed. A file
    that cannot be read or parsed stops the run with its error — the first such file in input order, so the message
    does not depend on the workers — before a report exists, unless ``batch.keep_going``.

    ``peers``: files or folders of other disclosures, checked the same way, whose standing on each requirement the
    report carries (:attr:`Report.peers`) without reporting them as documents."""
    from . import __version__
    from .batch import CheckTask, ReadTask, Work
    from .inputs import plan
    from .plugins import registry

    batch = batch or Batch()
    table = parsers if parsers is not None else registry().parsers
    executor = executor_named(batch.executor)
    groups = [plan([str(p) for p in paths], table, follow_symlinks)]
    if peers:
        groups.append(plan([str(p) for p in peers], table, follow_symlinks))
    tasks: list[ReadTask] = []
    for group in groups:
        for item, skipped in group:
            if skipped is None:
                # Standard input is read here: a worker has none. A path is made absolute for a worker elsewhere.
                source = item.read(max_bytes) if item.stdin else None
                tasks.append(ReadTask(replace(item, path=item.path.absolute()) if not item.stdin else item, source))
    jobs = batch.jobs if batch.jobs is not None else available_cpus()
    settings = Settings(jobs=max(1, min(jobs, len(tasks))), timeout=batch.timeout, address=batch.address)
    work = Work(setup, table, format_in, given, max_bytes)
    tally = _Tally(len(tasks), progress)
    with executor.open(work, settings) as session:
        outcomes = _gather(session, tasks, batch, tally, _largest_first(tasks))
        slots = iter(outcomes)
        sets: list[tuple[list[DocumentResult], list[SkippedInput]]] = []
        for group in groups:
            results: list[DocumentResult] = []
            passed_over: list[SkippedInput] = []
            for item, planned in group:
                found = planned if planned is not None else next(slots)
                if isinstance(found, SkippedInput):
                    passed_over.append(found)
                elif isinstance(found, DocumentResult):
                    results.append(found)
                else:
                    results.append(_not_checked(item.display, found, setup, given, batch.timeout))
            sets.append((results, passed_over))
        # Following an incorporated item needs every document of its set; a filing merged with its exhibit is
        # checked again as merged (a second, usually empty, round).
        resolved = [_resolve(results) for results, _ in sets]
        merged = [doc for positions in resolved for doc in positions if isinstance(doc, Disclosure)]
        rechecked: Iterator[Outcome | TimedOut | Lost] = iter(())
        if merged:
            tally.more(len(merged))
            checks = [CheckTask(d) for d in merged]
            rechecked = iter(_gather(session, checks, batch, tally, range(len(checks))))
        final = []
        for (results, _), positions in zip(sets, resolved, strict=True):
            out = []
            for result, position in zip(results, positions, strict=True):
                if position is True:
                    out.append(result)
                elif isinstance(position, Disclosure):
                    again = next(rechecked)
                    out.append(
                        again
                        if isinstance(again, DocumentResult)
                        else _not_checked(position.source, again, setup, given, batch.timeout)
                    )
            final.append(out)
    peer_view = None
    if peers:
        from .portfolio import peer_standing

        requirements = list(setup.rules.requirements)
        peer_view = peer_standing([str(p) for p in peers], final[1], sets[1][1], requirements, final[0])
    return assemble(final[0], setup, __version__, sets[0][1], peer_view)


def run_source(
    source: SourceFile,
    setup: Setup,
    parsers: Mapping[str, Parser] | None = None,
    format_in: str | None = None,
    given: Given | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Report:
    """One document already in memory (an upload, a Word draft to annotate) through the pipeline, in this process,
    as :func:`run` takes a file named on the command line: the same task and checks, so the same report. Over
    ``max_bytes``, unreadable, or a report cydcheck wrote, it is an :class:`~cydcheck.errors.InputError` (one line
    naming it)."""
    from . import __version__
    from .batch import ReadTask, Unreadable, Work, perform
    from .inputs import Input
    from .plugins import registry

    if len(source.data) > max_bytes:
        raise too_large(source.display, len(source.data), max_bytes)
    table = parsers if parsers is not None else registry().parsers
    task = ReadTask(Input(Path(source.display), source.display), source)
    outcome = perform(Work(setup, table, format_in, given, max_bytes), task)
    if isinstance(outcome, Unreadable):
        raise InputError(outcome.message)
    if not isinstance(outcome, DocumentResult):  # a file named, not scanned, is never passed over
        raise AssertionError(f"{source.display}: {outcome}")
    return assemble([outcome], setup, __version__)


def executor_named(name: str) -> Executor:
    """The registered executor ``name`` (``local``, ``dask``, a plugin's); an unknown name is a ConfigError."""
    from .plugins import registry

    executors = registry().executors
    if name not in executors:
        raise ConfigError(f"unknown --executor '{name}' (known: {', '.join(sorted(executors))})")
    return executors[name]


def _largest_first(tasks: Sequence[ReadTask]) -> list[int]:
    """The order to hand the files out in: largest first, so the batch does not end waiting on one big filing."""

    def size(task: ReadTask) -> int:
        if task.source is not None:
            return len(task.source.data)
        try:
            return task.item.path.stat().st_size
        except OSError:
            return 0

    return sorted(range(len(tasks)), key=lambda i: (-size(tasks[i]), i))


class _Tally:
    def __init__(self, total: int, progress: Progress | None) -> None:
        self.done = 0
        self.total = total
        self.progress = progress

    def more(self, n: int) -> None:
        self.total += n
        self.tell()

    def one(self) -> None:
        self.done += 1
        self.tell()

    def tell(self) -> None:
        if self.progress is not None:
            self.progress(self.done, self.total)


def _gather(
    session: Session[Work],
    tasks: Sequence[ReadTask] | Sequence[CheckTask],
    batch: Batch,
    tally: _Tally,
    order: Sequence[int],
) -> list[Outcome | TimedOut | Lost]:
    """Every task's outcome, in task order. Without ``keep_going`` the first unreadable file in task order stops
    the run as soon as every task before it is done."""
    from .batch import Unreadable, perform

    found: dict[int, Outcome | TimedOut | Lost] = {}
    first_bad: int | None = None
    settled = 0  # tasks 0 .. settled-1 are all done
    results = session.map(perform, [tasks[i] for i in order])
    tally.tell()
    for position, outcome in results:
        i = order[position]
        found[i] = outcome
        tally.one()
        if not batch.keep_going:
            if isinstance(outcome, (Unreadable, Lost)) and (first_bad is None or i < first_bad):
                first_bad = i
            while settled in found:
                settled += 1
            if first_bad is not None and settled > first_bad:
                raise InputError(_failure(tasks[first_bad], found[first_bad]))
    return [found[i] for i in range(len(tasks))]


def _failure(task: ReadTask | CheckTask, outcome: object) -> str:
    from .batch import ReadTask, Unreadable

    if isinstance(outcome, Unreadable):
        return outcome.message
    name = task.item.display if isinstance(task, ReadTask) else task.disclosure.source
    return f"{name}: {outcome}"


def _resolve(results: list[DocumentResult]) -> list[bool | Disclosure | None]:
    """For each result: True (stands as checked), a merged disclosure to check again, or None (an exhibit a filing
    of the run incorporates: reported as that filing). Unreadable and timed-out documents stand."""
    parsed = [r.disclosure for r in results if not r.failed]
    resolved = iter(resolve(parsed))
    out: list[bool | Disclosure | None] = []
    for result in results:
        if result.failed:
            out.append(True)
            continue
        doc = next(resolved)
        out.append(True if doc is result.disclosure else doc)
    return out


def _not_checked(
    source: str, outcome: object, setup: Setup, given: Given | None, timeout: float | None
) -> DocumentResult:
    """A document the batch went on without: unreadable (its one-line error) or over its time budget."""
    from .batch import Unreadable

    if isinstance(outcome, TimedOut):
        status: DocumentStatus = "timed-out"
        note = f"not reviewed: timed out after {outcome.seconds:g} s"
    else:
        status = "unreadable"
        note = "not reviewed: " + (outcome.message if isinstance(outcome, Unreadable) else f"{source}: {outcome}")
    doc = Disclosure(source=source, format="none", section_status=SectionStatus.MISSING)
    doc = given.apply(doc) if given is not None else doc
    verdicts = requirement_verdicts(setup.rules.requirements, [], document_forms(doc), False, note)
    return DocumentResult(disclosure=doc, status=status, status_note=note, findings=(), requirements=verdicts)


def assemble(
    results: Sequence[DocumentResult],
    setup: Setup,
    version: str,
    skipped: Sequence[SkippedInput] = (),
    peers: Peers | None = None,
) -> Report:
    """Checked documents → the report: the summary, how each waiver fared, the rules that ran."""
    results = tuple(results)
    statuses = waiver_statuses(results, setup.waivers, setup.rules, setup.today) if setup.waivers else ()
    enabled = [r for r in setup.rules.rules if r.spec.enabled]
    return Report(
        version=version,
        documents=results,
        summary=summarize(results, len(enabled)),
        waivers=statuses,
        skipped=tuple(skipped),
        rules=tuple(rule_info(r) for r in enabled),
        peers=peers,
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
