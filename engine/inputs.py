"""From paths on the command line to parsed disclosures: directory expansion, format sniffing, parser dispatch."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import CydcheckError, InputError
from .model import Disclosure, Given
from .parsers.base import Parser
from .sources import DEFAULT_MAX_BYTES, SourceFile, read_source, read_stream

STDIN = "-"
"""The path that means standard input."""
STDIN_NAME = "<stdin>"
"""How reports name standard input."""


@dataclass(frozen=True)
class Input:
    """One file to read: its path, the name to show for it, and whether a directory scan found it (a file named
    explicitly is always checked; a scanned one is skipped when it is plainly not a disclosure)."""

    path: Path
    display: str
    scanned: bool = False
    stdin: bool = False

    def read(self, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceFile:
        if self.stdin:
            return read_stream(getattr(sys.stdin, "buffer", None), self.display, max_bytes)
        return read_source(self.path, self.display, max_bytes)


def expand(paths: Iterable[str], parsers: Mapping[str, Parser]) -> list[Input]:
    """Every file named, and every supported file under every directory named, sorted."""
    suffixes = {s for p in parsers.values() for s in p.extensions}
    out: list[Input] = []
    for raw in paths:
        if raw == STDIN:
            if any(i.stdin for i in out):
                raise InputError(f"{STDIN_NAME}: '-' is given twice; standard input can be read once")
            out.append(Input(Path(STDIN), STDIN_NAME, stdin=True))
            continue
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in suffixes)
            if not found:
                raise InputError(f"{raw}: no supported files in this directory ({', '.join(sorted(suffixes))})")
            out.extend(Input(p, p.as_posix(), scanned=True) for p in found)
        else:
            out.append(Input(path, raw))
    return out


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
        raise InputError(
            f"{source.display}: not a format cydcheck reads (known: {', '.join(sorted(parsers))}); "
            "use --format-in to force one"
        )
    return parsers[scored[0][1]]


def recognised(source: SourceFile, parsers: Mapping[str, Parser]) -> bool:
    """Whether any parser claims the source by its content and suffix."""
    return any(p.sniff(source) > 0 for p in parsers.values())


def parse_source(
    source: SourceFile, parsers: Mapping[str, Parser], format_in: str | None = None, given: Given | None = None
) -> Disclosure:
    parser = choose_parser(source, parsers, format_in)
    try:
        doc = parser.parse(source)
    except CydcheckError:
        raise
    except RecursionError:
        raise InputError(f"{source.display}: document is nested too deeply to read") from None
    except Exception as exc:  # a parser bug on odd input must still end as one line naming the file
        raise InputError(f"{source.display}: cannot parse as {parser.name}: {type(exc).__name__}: {exc}") from None
    return given.apply(doc) if given is not None else doc


def parse_paths(
    paths: Iterable[str],
    parsers: Mapping[str, Parser],
    format_in: str | None = None,
    given: Given | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> list[Disclosure]:
    """Parse everything first, so one bad file stops the run before any report is written. A directory scan passes
    over files no parser recognises (a workflow's .yml beside the drafts)."""
    docs = []
    for item in expand(paths, parsers):
        source = item.read(max_bytes)
        if item.scanned and format_in is None and not recognised(source, parsers):
            continue
        docs.append(parse_source(source, parsers, format_in, given))
    return docs
