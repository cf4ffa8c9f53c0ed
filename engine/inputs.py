"""From paths on the command line to parsed disclosures: directory expansion (and what it will not follow), format
sniffing, parser dispatch, and refusing cydcheck's own reports as inputs."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import CydcheckError, InputError
from .model import Disclosure, Given, SkippedInput
from .parsers.base import Parser
from .sources import (
    DEFAULT_MAX_BYTES,
    SourceFile,
    is_binary,
    is_blank,
    read_ends,
    read_source,
    read_stream,
    too_large,
)

STDIN = "-"
"""The path that means standard input."""
STDIN_NAME = "<stdin>"
"""How reports name standard input."""

LINK_NOT_FOLLOWED = "symbolic link, not followed"


@dataclass(frozen=True)
class Input:
    """One file a run found: its path, the name to show for it, and whether a directory scan found it (a file named
    explicitly is always checked; a scanned one is skipped when it is plainly not a disclosure). ``skip`` says why a
    scan found it but will not read it (a symbolic link, a FIFO); ``path`` of a followed link is its target."""

    path: Path
    display: str
    scanned: bool = False
    skip: str | None = None
    stdin: bool = False

    def read(self, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceFile:
        if self.stdin:
            return read_stream(getattr(sys.stdin, "buffer", None), self.display, max_bytes)
        return read_source(self.path, self.display, max_bytes)


def expand(paths: Iterable[str], parsers: Mapping[str, Parser], follow_symlinks: bool = False) -> list[Input]:
    """Every file named, and every supported file under every directory named, sorted.

    A scan never follows a symbolic link (a committed ``notes.md -> /etc/passwd`` must not end up quoted in a
    report): the link is listed with ``skip`` set. With ``follow_symlinks`` it follows a link to a file whose target,
    resolved, lies inside the directory named, and reads a file reached under two names once. A link to a directory
    is never followed: if it leads outside, it must not be read; if it stays inside, its files are read under their
    own names anyway (and following it could only repeat them, or loop). A link named explicitly is the user's
    choice and is read."""
    suffixes = {s for p in parsers.values() for s in p.extensions}
    out: list[Input] = []
    for raw in paths:
        if raw == STDIN:
            if any(i.stdin for i in out):
                raise InputError(f"{STDIN_NAME}: '-' is given twice; standard input can be read once")
            out.append(Input(Path(STDIN), STDIN_NAME, stdin=True))
            continue
        path = Path(raw)
        if not path.is_dir():
            out.append(Input(path, raw))
            continue
        found = _scan(path, raw, suffixes, follow_symlinks)
        if not any(i.skip is None for i in found):
            links = sum(1 for i in found if i.skip is not None and "symbolic link" in i.skip)
            note = f"; {links} symbolic link{'s' if links != 1 else ''} not followed" if links else ""
            raise InputError(f"{raw}: no supported files in this directory ({', '.join(sorted(suffixes))}){note}")
        out.extend(found)
    return out


def _scan(root: Path, raw: str, suffixes: set[str], follow: bool) -> list[Input]:
    """A directory walked without following links (``follow``: but links to files inside it), sorted by path."""
    top = root.resolve()
    found: dict[Path, Input] = {}

    def skip(path: Path, reason: str) -> None:
        found[path] = Input(path, path.as_posix(), scanned=True, skip=reason)

    def wanted(path: Path) -> bool:
        return path.suffix.lower() in suffixes

    stack = [root]
    while stack:
        directory = stack.pop()
        try:
            entries = list(os.scandir(directory))
        except OSError as exc:
            if directory == root:
                raise InputError(f"{raw}: cannot read this directory: {exc.strerror or exc}") from None
            skip(directory, f"directory cannot be read ({exc.strerror or exc}), skipped")
            continue
        for entry in entries:
            path = Path(entry.path)
            try:
                if entry.is_symlink():
                    if wanted(path) or path.is_dir():  # a link that could not have been an input goes unmentioned
                        reason = _link(path, top) if follow else LINK_NOT_FOLLOWED
                        if isinstance(reason, Path):
                            found[path] = Input(reason, path.as_posix(), scanned=True)
                        else:
                            skip(path, reason)
                elif entry.is_dir(follow_symlinks=False):
                    stack.append(path)
                elif wanted(path):
                    if entry.is_file(follow_symlinks=False):
                        found[path] = Input(path, path.as_posix(), scanned=True)
                    else:  # a FIFO would block the run forever; a device is no document
                        skip(path, "not a regular file (a FIFO, socket or device), not read")
            except OSError as exc:
                skip(path, f"cannot be examined ({exc.strerror or exc}), skipped")
    return _read_once([found[p] for p in sorted(found)])


def _link(path: Path, top: Path) -> Path | str:
    """With --follow-symlinks: the file a link leads to, when it may be read, else why not."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):  # dangling, or a loop of links
        return "broken symbolic link, not followed"
    if not target.is_relative_to(top):
        return "symbolic link to outside the scanned directory, not followed"
    if target.is_dir():
        return "symbolic link to a directory, not followed (what it holds inside this one is read under its own name)"
    if not target.is_file():
        return "symbolic link to something that is not a regular file, not read"
    return target


def _read_once(items: list[Input]) -> list[Input]:
    """A file reached under two names (through a followed link and directly) is read once: under its own name (the
    one that is no link), else under the first link's."""
    real = {item.display: os.path.realpath(item.path) for item in items if item.skip is None}
    direct = {r: d for d, r in real.items() if os.path.realpath(d) == r and not os.path.islink(d)}
    first: dict[str, str] = {}
    out = []
    for item in items:
        if item.skip is None:
            name = direct.get(real[item.display]) or first.setdefault(real[item.display], item.display)
            if name != item.display:
                item = Input(item.path, item.display, True, f"the same file as {name}, read once")
        out.append(item)
    return out


# What cydcheck's reporters write at the top of a report (the HTML generator tag, the JSON and SARIF tool name, a
# JUnit suite name, the Markdown reports' ``<!-- generator: cydcheck … -->`` comment), and the text reports' last lines
# (a text report carries no marker: it is read in terminals). Only ever matched against the head or the tail of a
# file, so it costs nothing on a large filing.
_REPORT_HEAD = re.compile(
    r"<meta\s+name=[\"']generator[\"']\s+content=[\"']cydcheck\b"
    r"|\"tool\"\s*:\s*\{\s*\"name\"\s*:\s*\"cydcheck\""
    r"|\"driver\"\s*:\s*\{\s*\"name\"\s*:\s*\"cydcheck\""
    r"|<testsuites?\b[^>]*\bname=[\"']cydcheck\b"
    r"|<!--\s*generator:\s*cydcheck\b",
    re.I,
)
_TEXT_REPORT_TAIL = re.compile(  # `cydcheck check`'s total (text, GitHub annotations); `cydcheck diff`'s headline
    r"(?m)^(?:cydcheck: )?\d+ documents?: \d+ of \d+ requirements? met\b[^\n]*\s*\Z"
    r"|sentences: \d+ added, \d+ removed, \d+ changed, \d+ unchanged\s*\Z"
)


def is_cydcheck_report(source: SourceFile) -> bool:
    """Whether a file is a report cydcheck wrote (by its content, whatever its name)."""
    tail = source.data[-1024:].decode("utf-8", errors="replace")
    return bool(_REPORT_HEAD.search(source.head()) or _TEXT_REPORT_TAIL.search(tail))


def skip_own_report(item: Input, source: SourceFile) -> SkippedInput | None:
    """cydcheck never checks its own reports: one a directory scan finds is skipped (the notice says so); one named
    explicitly is an input error, since the run would otherwise pass or fail on the wrong document."""
    if not is_cydcheck_report(source):
        return None
    if not item.scanned:
        raise InputError(f"{item.display}: a report cydcheck wrote, not a disclosure; cydcheck does not check reports")
    return SkippedInput(source=item.display, reason="a report cydcheck wrote (by its content), skipped")


def choose_parser(source: SourceFile, parsers: Mapping[str, Parser], format_in: str | None = None) -> Parser:
    if format_in is not None:
        if format_in not in parsers:
            raise InputError(f"unknown input format '{format_in}' (known: {', '.join(sorted(parsers))})")
        return parsers[format_in]
    scored = sorted(((p.sniff(source), name) for name, p in parsers.items()), key=lambda s: (-s[0], s[1]))
    if (not scored or scored[0][0] <= 0) and not source.suffix:
        # No suffix to go by (standard input): each parser judges the content as if it had one of its own suffixes.
        scored = sorted(
            (
                (max((p.sniff(replace(source, display=source.display + ext)) for ext in p.extensions), default=0), name)
                for name, p in parsers.items()
            ),
            key=lambda s: (-s[0], s[1]),
        )
    if not scored or scored[0][0] <= 0:
        raise unrecognised(source, parsers)
    return parsers[scored[0][1]]


def unrecognised(source: SourceFile, parsers: Mapping[str, Parser]) -> InputError:
    """The one error for content no parser claims, whether it came as a file or on standard input: the same bytes
    get the same words."""
    what = "binary content, not" if is_binary(source) else "not"
    return InputError(
        f"{source.display}: {what} a format cydcheck reads (known: {', '.join(sorted(parsers))}); "
        "use --format-in to force one"
    )


def refuse_empty(source: SourceFile) -> None:
    """An empty or whitespace-only file is no draft of any format, on every route (a file named, a scan, standard
    input, an upload): an :class:`~cydcheck.errors.InputError`, never a document reported as not met."""
    if is_blank(source.data):
        raise InputError(f"{source.display}: the file is empty" + (" (whitespace only)" if source.data else ""))


def recognised(source: SourceFile, parsers: Mapping[str, Parser]) -> bool:
    """Whether any parser claims the source by its content and suffix."""
    return any(p.sniff(source) > 0 for p in parsers.values())


def parse_source(
    source: SourceFile, parsers: Mapping[str, Parser], format_in: str | None = None, given: Given | None = None
) -> Disclosure:
    refuse_empty(source)
    name = format_in or "its format"
    try:
        parser = choose_parser(source, parsers, format_in)  # a sniffer must never raise; if one does, same as below
        name = parser.name
        doc = parser.parse(source)
    except CydcheckError as exc:
        if "\n" in str(exc) or "\r" in str(exc):  # one line, whatever a library put in the message
            raise type(exc)(" ".join(str(exc).split())) from None
        raise
    except RecursionError:
        raise InputError(f"{source.display}: document is nested too deeply to read") from None
    except MemoryError:
        raise InputError(f"{source.display}: too large to read in the memory available") from None
    except Exception as exc:  # a parser bug on odd input must still end as one line naming the file
        detail = " ".join(str(exc).split())[:200]
        detail = detail.encode("utf-8", "backslashreplace").decode("utf-8")  # a lone surrogate must not crash printing
        raise InputError(f"{source.display}: cannot parse as {name}: {type(exc).__name__}: {detail}") from None
    return given.apply(doc) if given is not None else doc


# Files a directory scan finds that are plainly not disclosures: a project's own papers (as Markdown or text: a Word
# file named "security.docx" may well be a draft), and cydcheck's reports. "governance" is not among them: it is a
# part of Item 1C, and a draft may be named for it.
_NOT_DISCLOSURES = re.compile(
    r"^(?:readme|license|licence|copying|changelog|changes|history|news|contributing|code_of_conduct|authors|"
    r"notice|security|support|citation|manifest)(?:\.(?:md|markdown|txt|rst))?$|^cydcheck-report\.",
    re.I,
)


def _in_rule_pack(path: Path, roots: Sequence[Path]) -> bool:
    """A YAML file inside a rule pack (a folder, within the scanned directory, with a requirements.yaml or a
    vocabulary/ folder) is a rule, not a disclosure: a project that keeps its own rules, or a plugin package,
    beside its drafts."""
    from .reading.vocabulary import VOCABULARY_DIR
    from .rules import REQUIREMENTS_FILE

    if path.suffix.lower() not in (".yaml", ".yml"):
        return False
    root = next((r for r in roots if path.is_relative_to(r)), None)
    if root is None:
        return False
    folders = [d for d in path.parents if d.is_relative_to(root)]
    return any((d / REQUIREMENTS_FILE).is_file() or (d / VOCABULARY_DIR).is_dir() for d in folders)


def plan(
    paths: Iterable[str], parsers: Mapping[str, Parser], follow_symlinks: bool = False
) -> list[tuple[Input, SkippedInput | None]]:
    """Each file the paths name, in order, and — for one a directory scan will not read — why, decided before anything
    is read: a symbolic link, a project's own papers (README, LICENSE…), a rule pack's files."""
    named = list(paths)
    roots = [Path(p) for p in named if p != STDIN and Path(p).is_dir()]
    out: list[tuple[Input, SkippedInput | None]] = []
    for item in expand(named, parsers, follow_symlinks):
        reason = item.skip
        if reason is None and item.scanned and _NOT_DISCLOSURES.match(Path(item.display).name):
            reason = "not a disclosure (by its name), skipped"
        elif reason is None and item.scanned and _in_rule_pack(item.path, roots):
            reason = "a file of a cydcheck rule pack, skipped"
        out.append((item, SkippedInput(source=item.display, reason=reason) if reason is not None else None))
    return out


def parse_input(
    item: Input,
    parsers: Mapping[str, Parser],
    format_in: str | None = None,
    given: Given | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    source: SourceFile | None = None,
) -> Disclosure | SkippedInput:
    """One planned file read (or ``source``, already read) and parsed — or, for one a directory scan found, why it is
    not: cydcheck's own report, a file no input format recognises (a CI workflow's .yml beside the drafts). A file
    named explicitly is always parsed; one that cannot be is an :class:`~cydcheck.errors.InputError`."""
    if source is None and item.scanned and (passed := _over_limit(item, parsers, format_in, max_bytes)) is not None:
        return passed
    source = source if source is not None else item.read(max_bytes)
    refuse_empty(source)  # before anything that could pass over it: an empty draft is an error wherever it is
    if (passed := _passed_over(item, source, parsers, format_in)) is not None:
        return passed
    return parse_source(source, parsers, format_in, given)


def _passed_over(
    item: Input, source: SourceFile, parsers: Mapping[str, Parser], format_in: str | None
) -> SkippedInput | None:
    """Why a scan passes over a file by its content, before parsing it: cydcheck's own report, content no input
    format recognises. ``source`` may be only the file's ends (see :func:`_over_limit`)."""
    if (own := skip_own_report(item, source)) is not None:
        return own
    if item.scanned and format_in is None and not recognised(source, parsers):
        return SkippedInput(source=item.display, reason="no input format recognises its content, skipped")
    return None


def _over_limit(
    item: Input, parsers: Mapping[str, Parser], format_in: str | None, max_bytes: int
) -> SkippedInput | None:
    """A scanned file over the size limit that the scan would pass over anyway (a CI workflow's .yml) is passed over
    as under the limit, judged by its ends alone; one it would read is refused for its size. The limit applies to
    what would be read."""
    try:
        size = item.path.stat().st_size
    except OSError:
        return None  # reading it says why
    if size <= max_bytes:
        return None
    passed = _passed_over(item, read_ends(item.path, item.display), parsers, format_in)
    if passed is None:
        raise too_large(item.display, size, max_bytes)
    return passed


def parse_inputs(
    paths: Iterable[str],
    parsers: Mapping[str, Parser],
    format_in: str | None = None,
    given: Given | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    follow_symlinks: bool = False,
) -> Iterator[tuple[Input, Disclosure | SkippedInput]]:
    """Each file the paths name, in order, parsed — or, for one a directory scan will not read, why (see :func:`plan`
    and :func:`parse_input`). A file named explicitly is always parsed."""
    for item, skipped in plan(paths, parsers, follow_symlinks):
        yield item, skipped if skipped is not None else parse_input(item, parsers, format_in, given, max_bytes)


def parse_paths(
    paths: Iterable[str],
    parsers: Mapping[str, Parser],
    format_in: str | None = None,
    given: Given | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    follow_symlinks: bool = False,
) -> list[Disclosure]:
    """Every disclosure the paths name, parsed (see :func:`parse_inputs`; what a scan does not read is left out).
    Everything is parsed first, so one bad file stops the run before any report is written."""
    found = parse_inputs(paths, parsers, format_in, given, max_bytes, follow_symlinks)
    return [doc for _, doc in found if isinstance(doc, Disclosure)]
