"""A run's files as tasks any executor can run: each read, parsed and checked where it runs, so only results travel.

:class:`Work` is what every worker holds (sent once to each); a :class:`ReadTask` carries one file, a
:class:`CheckTask` one disclosure already parsed (a filing merged with the exhibit it incorporates by reference,
which needs every document of the run first). :func:`perform` is the one function workers run. It is the same work
the pipeline does in-process: one document through :func:`~cydcheck.pipeline.check_document`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .errors import CydcheckError
from .inputs import Input, parse_input
from .model import Disclosure, DocumentResult, Given, SkippedInput
from .parsers.base import Parser
from .pipeline import Setup, check_document, skip_reason
from .sources import SourceFile


@dataclass(frozen=True)
class Work:
    """What every worker needs: the rules as configured and how to read files."""

    setup: Setup
    parsers: Mapping[str, Parser]
    format_in: str | None
    given: Given | None
    max_bytes: int


@dataclass(frozen=True)
class ReadTask:
    """One file to read, parse and check. ``source`` is standard input, read by the parent (a worker has none)."""

    item: Input
    source: SourceFile | None = None


@dataclass(frozen=True)
class CheckTask:
    """One parsed disclosure to check."""

    disclosure: Disclosure


@dataclass(frozen=True)
class Unreadable:
    """A file that could not be read or parsed, and the one-line error that says why."""

    source: str
    message: str


Outcome = DocumentResult | SkippedInput | Unreadable


def perform(work: Work, task: ReadTask | CheckTask) -> Outcome:
    """One task: the file read and parsed (or why a directory scan passes over it), then checked. Bad input is an
    :class:`Unreadable`, never an exception; anything else raised is a bug and travels back as one."""
    if isinstance(task, CheckTask):
        return check_document(task.disclosure, work.setup)
    item = task.item
    try:
        found = parse_input(item, work.parsers, work.format_in, work.given, work.max_bytes, task.source)
    except CydcheckError as exc:
        return Unreadable(item.display, " ".join(str(exc).split()))
    if isinstance(found, SkippedInput):
        return found
    reason = skip_reason(found) if item.scanned else None
    if reason is not None:
        return SkippedInput(source=item.display, reason=f"{reason}; skipped")
    return check_document(found, work.setup)
