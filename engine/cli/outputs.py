"""Where reports go: stdout, one file, or one file per format in a directory — the whole set or nothing.

What cydcheck will not write over: a device, FIFO or socket (``-o /dev/null`` as root would otherwise become a
regular file), a symbolic link, a directory, a read-only file, one of the run's own inputs (a draft named by
mistake), and an empty path. Each is refused in one line naming the path, before anything is written.

How a set of reports is written: every report goes first to a temporary file beside its target, named
``.cydcheck-<pid>-<random>.<name>.tmp`` and flushed to disk; only when all are written are they renamed into place.
A failure, SIGINT or SIGTERM before that removes the temporary files and leaves the old set as it was. While the
renames run, SIGINT and SIGTERM are held back (acted on right after), and a rename that fails puts the old reports
back. Only SIGKILL or a power cut can stop a run between two renames; for that case a journal
(``.cydcheck-<pid>-<random>.journal.tmp``) lists the set before the first rename, and the next run into the same
directory finishes the set from it and removes every ``.cydcheck-*.tmp`` file left by a run that is gone.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import stat
import tempfile
import threading
import time
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

import click

from ..errors import ConfigError, Interrupted, OutputError
from ..inputs import expand, is_cydcheck_report
from ..parsers.base import Parser
from ..sources import SourceFile

_STARTED = time.time()  # a temporary file older than this run, left by a process that is gone, is stale
_TEMP = re.compile(r"^\.cydcheck-(\d+)-.+\.tmp$")
_JOURNAL_TARGET = re.compile(r"^cydcheck-report\.[\w.-]+$")  # what a journal may rename onto: a set's own names
_REPORT_NAME = re.compile(r"^cydcheck-report\.", re.I)  # as the pipeline skips them in a scan
Identity = tuple[int, int]


def read_by(paths: Iterable[str], parsers: Mapping[str, Parser], follow_symlinks: bool = False) -> list[Path]:
    """The files a run over ``paths`` reads — the files no ``--output`` may name. A scan never reads a file named
    like a report set's (``cydcheck-report.*``), whatever its content, so writing the set again into a scanned
    directory is no writing over an input."""
    return [
        item.path
        for item in expand(paths, parsers, follow_symlinks)
        if item.skip is None and not item.stdin and not (item.scanned and _REPORT_NAME.match(Path(item.display).name))
    ]


FORMAT_BY_EXTENSION = {
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".sarif": "sarif",
    ".md": "markdown",
    ".xml": "junit",
    ".csv": "csv",
    ".txt": "text",
}
"""The report format a ``--output`` file's extension asks for when no ``--format`` is given."""


def format_for(output: str | None) -> str | None:
    """The format ``--output`` names by its extension (``-o report.html`` → html), or None: stdout, a directory, an
    extension that names no format."""
    if output is None or output == "-" or output.endswith(("/", os.sep)) or Path(output).is_dir():
        return None
    return FORMAT_BY_EXTENSION.get(Path(output).suffix.lower())


def targets(
    formats: list[str], output: str | None, extensions: dict[str, str], inputs: Sequence[Path] = ()
) -> list[tuple[str, str | None]]:
    """(format, file path or None for stdout) for each format, every path checked (see :func:`refuse`)."""
    if output in (None, "-"):
        if len(formats) > 1:
            raise ConfigError("several --format values need --output DIR")
        return [(formats[0], None)]
    assert output is not None
    if not output:
        raise OutputError("--output is empty: give a file, a directory, or - for stdout")
    as_dir = len(formats) > 1 or output.endswith(("/", os.sep)) or Path(output).is_dir()
    out: list[tuple[str, str | None]]
    if not as_dir:
        out = [(formats[0], output)]
    elif os.path.lexists(output) and not Path(output).is_dir():
        raise OutputError(f"{output}: not a directory (several --format values write one file each into a directory)")
    else:
        out = [(name, str(Path(output) / f"cydcheck-report{extensions[name]}")) for name in formats]
    files = [t for _, t in out if t is not None]
    if len(set(files)) < len(files):
        raise OutputError(f"{output}: two formats would write the same file (the same extension)")
    identities = _identities(inputs)
    for target in files:
        refuse(target, identities)
    return out


def refuse(target: str, inputs: Collection[Identity] = ()) -> None:
    """Raise :class:`OutputError` unless ``target`` is a path cydcheck may write a report to: one that does not exist
    yet, or a regular, writable file that is not one of ``inputs`` (device and inode numbers; an earlier report of
    cydcheck's found in a scanned directory is no input)."""
    if not target:
        raise OutputError("--output is empty: give a file, a directory, or - for stdout")
    try:
        st = os.lstat(target)
    except (FileNotFoundError, NotADirectoryError):
        return  # a new file (an impossible parent is reported when it is written)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write: {exc.strerror or exc}") from None
    mode = st.st_mode
    if stat.S_ISLNK(mode):
        raise OutputError(f"{target}: is a symbolic link; cydcheck does not replace links or write through them")
    if stat.S_ISDIR(mode):
        raise OutputError(f"{target}: is a directory, not a file")
    if not stat.S_ISREG(mode):
        kind = "device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "FIFO" if stat.S_ISFIFO(mode) else "socket"
        raise OutputError(f"{target}: is a {kind}, not a regular file; cydcheck writes reports to files (- for stdout)")
    if (st.st_dev, st.st_ino) in inputs and not _is_report(target):
        raise OutputError(f"{target}: is one of this run's inputs; cydcheck does not write over what it reads")
    # Mode bits as well as access(): root may write anything, but a file nobody may write is meant to stay as it is.
    if not mode & 0o222 or not os.access(target, os.W_OK):
        raise OutputError(f"{target}: is read-only; cydcheck does not write over it")


def write_all(rendered: Sequence[tuple[str | None, str | bytes]], inputs: Sequence[Path] = ()) -> None:
    """Write every output: text for stdout as it comes, files as one set (see the module's description). Text is
    written UTF-8; bytes (an annotated Word draft) as they are."""
    for target, text in rendered:
        if target is None:
            click.echo(text, nl=False)
    files = [(Path(target), text) for target, text in rendered if target is not None]
    if files:
        _write_set(files, _identities(inputs))


@dataclass
class _Staged:
    final: Path
    temp: Path
    backup: Path | None = None
    done: bool = False

    def discard(self) -> None:
        for path in (self.temp, self.backup):
            if path is not None and not self.done:
                with contextlib.suppress(OSError):
                    path.unlink()


class _HeldSignals:
    """While reports are written, SIGINT and SIGTERM are recorded and acted on at chosen points (:meth:`check`), so
    that temporary files are always removed and the renames are never cut short. The handlers that were installed
    before come back on exit."""

    def __init__(self) -> None:
        self.received: int | None = None
        self._previous: dict[int, Any] = {}

    def __enter__(self) -> _HeldSignals:
        if threading.current_thread() is threading.main_thread():  # signals reach the main thread only
            for signum in (signal.SIGINT, signal.SIGTERM):
                self._previous[signum] = signal.signal(signum, self._record)
        return self

    def _record(self, signum: int, frame: FrameType | None) -> None:
        if self.received is None:
            self.received = signum

    def check(self) -> None:
        if self.received is not None:
            raise Interrupted(self.received)

    def __exit__(self, *exc: object) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)


def _write_set(files: list[tuple[Path, str | bytes]], inputs: Collection[Identity]) -> None:
    with _HeldSignals() as held:
        for path, _ in files:  # again: the files may have changed while the run read and checked
            refuse(str(path), inputs)
        for directory in dict.fromkeys(path.parent for path, _ in files):
            try:
                directory.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise OutputError(f"{directory}: cannot write: {exc.strerror or exc}") from None
            clean_stale(directory)
        staged: list[_Staged] = []
        try:
            for path, text in files:
                held.check()
                staged.append(_stage(path, text))
            held.check()
            _commit(staged)
        except BaseException:
            for item in staged:
                item.discard()
            raise
        held.check()  # a signal that came during the renames: the set is complete, now stop


def _stage(path: Path, text: str | bytes) -> _Staged:
    """The report in a temporary file beside its target, on disk, with the permissions (and, for root, the owner) of
    the file it replaces."""
    try:
        old: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        old = None
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=_prefix(), suffix=f".{path.name[:64]}.tmp")
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    temp = Path(name)
    try:
        with os.fdopen(fd, "wb") as fh:
            # Text files are UTF-8 whatever the locale.
            fh.write(text if isinstance(text, bytes) else text.encode("utf-8", errors="replace"))
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(temp, stat.S_IMODE(old.st_mode) & 0o777 if old is not None else 0o666 & ~_umask())
        if old is not None and hasattr(os, "geteuid") and os.geteuid() == 0 and (old.st_uid, old.st_gid) != (0, 0):
            os.chown(temp, old.st_uid, old.st_gid)  # root replacing a user's report must not take it over
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        if isinstance(exc, OSError):
            raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None
        raise
    return _Staged(path, temp)


def _commit(staged: list[_Staged]) -> None:
    """Rename every temporary file into place, or (on an error) none: the old set is put back."""
    if len(staged) == 1:
        _replace(staged[0])
        _sync_dir(staged[0].final.parent)
        return
    directory = staged[0].final.parent
    if any(s.final.parent != directory for s in staged):
        raise ValueError("a set of reports is written into one directory")
    for s in staged:
        s.backup = _hard_link_backup(s.final)
    try:
        journal = _write_journal(directory, staged)
    except OSError as exc:
        raise OutputError(f"{directory}: cannot write: {exc.strerror or exc}") from None
    try:
        for s in staged:
            _replace(s)
    except OutputError:
        _roll_back(staged)
        raise
    finally:
        with contextlib.suppress(OSError):
            journal.unlink()
    _sync_dir(directory)
    for s in staged:
        if s.backup is not None:
            with contextlib.suppress(OSError):
                s.backup.unlink()


def _replace(item: _Staged) -> None:
    try:
        os.replace(item.temp, item.final)
    except OSError as exc:
        raise OutputError(f"{item.final}: cannot write: {exc.strerror or exc}") from None
    item.done = True


def _roll_back(staged: list[_Staged]) -> None:
    for s in staged:
        if not s.done:
            s.discard()
            continue
        with contextlib.suppress(OSError):
            if s.backup is not None:
                os.replace(s.backup, s.final)
            else:
                s.final.unlink()


def _hard_link_backup(final: Path) -> Path | None:
    """A second name for the report about to be replaced, to put back if the set cannot be completed."""
    if not final.exists():
        return None
    backup = final.parent / f"{_prefix()}{os.urandom(6).hex()}.{final.name[:64]}.old.tmp"
    try:
        os.link(final, backup)
    except OSError:  # a file system without hard links: the set is still written whole, but not undone
        return None
    return backup


def _write_journal(directory: Path, staged: list[_Staged]) -> Path:
    fd, name = tempfile.mkstemp(dir=directory, prefix=_prefix(), suffix=".journal.tmp")
    entry = [[s.temp.name, s.final.name, s.backup.name if s.backup else None] for s in staged]
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump({"rename": entry, "complete": True}, fh)
        fh.flush()
        os.fsync(fh.fileno())
    _sync_dir(directory)
    return Path(name)


def clean_stale(directory: Path) -> None:
    """Finish what a killed run left in ``directory``: a set whose journal is complete is renamed into place (every
    temporary file in it was on disk before the first rename), then every ``.cydcheck-*.tmp`` of a process that is
    gone and that is older than this run is removed. A live run's files are left alone."""
    stale: list[Path] = []
    with contextlib.suppress(OSError), os.scandir(directory) as entries:
        for entry in entries:
            match = _TEMP.match(entry.name)
            if match is None or not entry.is_file(follow_symlinks=False):
                continue
            pid = int(match[1])
            with contextlib.suppress(OSError):
                if pid != os.getpid() and entry.stat(follow_symlinks=False).st_mtime < _STARTED and not _alive(pid):
                    stale.append(Path(entry.path))
    for journal in sorted(p for p in stale if p.name.endswith(".journal.tmp")):
        _roll_forward(journal, _TEMP.match(journal.name)[1])  # type: ignore[index]
    for path in stale:
        with contextlib.suppress(OSError):
            path.unlink()


def _roll_forward(journal: Path, pid: str) -> None:
    try:
        data = json.loads(journal.read_text(encoding="utf-8"))
        renames = data["rename"] if data.get("complete") is True else []
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return  # cut short while it was written: no rename had started
    own = re.compile(rf"^\.cydcheck-{pid}-.+\.tmp$")
    for entry in renames if isinstance(renames, list) else []:
        temp, final = (entry[0], entry[1]) if isinstance(entry, list) and len(entry) == 3 else (None, None)
        if not (isinstance(temp, str) and isinstance(final, str) and own.match(temp) and _JOURNAL_TARGET.match(final)):
            continue  # a journal names only its own temporary files and a report set's names in this directory
        source, target = journal.parent / temp, journal.parent / final
        with contextlib.suppress(OSError):
            if stat.S_ISREG(os.lstat(source).st_mode) and _replaceable(target):
                os.replace(source, target)


def _replaceable(path: Path) -> bool:
    """Nothing there yet, or a regular file (never a device or a link someone put in its place)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except FileNotFoundError:
        return True


def _prefix() -> str:
    """How every temporary file of this process starts: recognisable, and naming the process that owns it."""
    return f".cydcheck-{os.getpid()}-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # another user's live process (or nothing we can ask about): leave its files alone
    return True


def _sync_dir(directory: Path) -> None:
    """Make renames durable (a power cut after the run must not bring back the old names). Best effort."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _identities(paths: Iterable[Path]) -> set[Identity]:
    out = set()
    for path in paths:
        with contextlib.suppress(OSError):
            st = os.stat(path)
            out.add((st.st_dev, st.st_ino))
    return out


def _is_report(path: str) -> bool:
    """Whether an existing file is an earlier report of cydcheck's (by its first and last bytes)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
            fh.seek(0, os.SEEK_END)
            size = fh.tell()
            fh.seek(max(size - 1024, len(head)))
            tail = fh.read(1024)
    except OSError:
        return False
    return is_cydcheck_report(SourceFile(path, head + tail))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
