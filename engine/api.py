"""The public API — load the rules, parse a disclosure, check files — re-exported by the package (``cydcheck``).

``check`` runs the same pipeline as ``cydcheck check`` (:mod:`cydcheck.pipeline`): configuration, rule selection,
severities, waivers and the date they are judged on apply the same way, so both give the same verdicts.
``check_bytes`` checks one document held in memory (an upload, an attachment) the same way, reading and writing no
file but the rules and configuration: its report is the one ``cydcheck check NAME`` gives for a file with those bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .model import Disclosure, Form, Given, Report
from .sources import DEFAULT_MAX_BYTES, SourceFile

if TYPE_CHECKING:
    from .config import Config
    from .rules import RuleSet

__all__ = ["Disclosure", "check", "check_bytes", "load_rules", "parse"]


def load_rules(extra: Sequence[str | Path] = (), builtin: bool = True) -> RuleSet:
    """The rule set: the packs plugins register (unless ``builtin`` is False) plus ``extra`` directories."""
    from .pipeline import registered_rules

    return registered_rules(extra, builtin)


def _stated(form: Form | str | None, given: Given | None) -> Given | None:
    """``form=`` is shorthand for ``given=Given(form=…)``; both may be used."""
    if not form:
        return given
    return (given or Given()).model_copy(update={"form": Form(form)})


def parse(
    path: str | Path, format_in: str | None = None, form: Form | str | None = None, given: Given | None = None
) -> Disclosure:
    """Parse one file into a :class:`Disclosure`; ``given`` states facts that win over the source (e.g. filing date)."""
    from .inputs import parse_paths
    from .plugins import registry

    return parse_paths([str(path)], registry().parsers, format_in, _stated(form, given))[0]


def check(
    paths: Iterable[str | Path],
    rules: RuleSet | None = None,
    format_in: str | None = None,
    form: Form | str | None = None,
    given: Given | None = None,
    config: Config | str | Path | bool | None = True,
    as_of: dt.date | None = None,
    jobs: int | None = 1,
    keep_going: bool = False,
    timeout: float | None = None,
    peers: Sequence[str | Path] = (),
    executor: str = "local",
    scheduler: str | None = None,
) -> Report:
    """Parse and check files (or directories of them) and return the :class:`Report`.

    ``config``: ``True`` (the default) finds ``.cydcheck.yaml`` / ``[tool.cydcheck]`` upward from the working
    directory, as the command line does; a path or a loaded :class:`~cydcheck.config.Config` uses that one;
    ``None`` uses none. ``as_of`` is the date waivers are judged on (default: today).

    The batch options are the command line's: ``jobs`` worker processes (1, the default here, checks in this
    process; None: one per available processor), ``keep_going`` (a file that cannot be read or parsed becomes an
    ``unreadable`` document instead of raising :class:`~cydcheck.errors.InputError`), ``timeout`` (seconds per
    document), ``peers`` (folders of other disclosures: :attr:`Report.peers`), ``executor`` and ``scheduler``
    (``"dask"`` and a scheduler address). The report is the same whatever the jobs and the executor.
    """
    from .pipeline import Batch, prepare, resolve_config, run

    setup = prepare(resolve_config(config), rules=rules, as_of=as_of)
    batch = Batch(jobs=jobs, keep_going=keep_going, timeout=timeout, executor=executor, address=scheduler)
    return run(paths, setup, format_in=format_in, given=_stated(form, given), batch=batch, peers=peers)


def check_bytes(
    data: bytes,
    name: str,
    rules: RuleSet | None = None,
    format_in: str | None = None,
    form: Form | str | None = None,
    given: Given | None = None,
    config: Config | str | Path | bool | None = True,
    as_of: dt.date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Report:
    """Check one document given as bytes and return the :class:`Report`; ``name`` is how the report names it (its
    suffix breaks ties when the format is sniffed). Options as for :func:`check`; the report is the one
    ``cydcheck check NAME`` gives for a file holding ``data``."""
    from .pipeline import prepare, resolve_config, run_source

    setup = prepare(resolve_config(config), rules=rules, as_of=as_of)
    return run_source(SourceFile(name, data), setup, None, format_in, _stated(form, given), max_bytes)
