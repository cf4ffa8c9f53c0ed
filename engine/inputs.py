"""From paths on the command line to parsed disclosures: directory expansion, format sniffing, parser dispatch."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from .errors import CydcheckError, InputError
from .model import Disclosure, Given
from .parsers.base import Parser
from .sources import DEFAULT_MAX_BYTES, SourceFile, read_source


def expand(paths: Iterable[str], parsers: Mapping[str, Parser]) -> list[tuple[Path, str]]:
    """(path, display name) for every file named, and every supported file under every directory named, sorted."""
    suffixes = {s for p in parsers.values() for s in p.extensions}
    out: list[tuple[Path, str]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in suffixes)
            if not found:
                raise InputError(f"{raw}: no supported files in this directory ({', '.join(sorted(suffixes))})")
            out.extend((p, p.as_posix()) for p in found)
        else:
            out.append((path, raw))
    return out


def choose_parser(source: SourceFile, parsers: Mapping[str, Parser], format_in: str | None = None) -> Parser:
    if format_in is not None:
        if format_in not in parsers:
            raise InputError(f"unknown input format '{format_in}' (known: {', '.join(sorted(parsers))})")
        return parsers[format_in]
    scored = sorted(((p.sniff(source), name) for name, p in parsers.items()), key=lambda s: (-s[0], s[1]))
    if not scored or scored[0][0] <= 0:
        raise InputError(
            f"{source.display}: not a format cydcheck reads (known: {', '.join(sorted(parsers))}); "
            "use --format-in to force one"
        )
    return parsers[scored[0][1]]


def parse_source(
    source: SourceFile, parsers: Mapping[str, Parser], format_in: str | None = None, given: Given | None = None
) -> Disclosure:
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


def parse_paths(
    paths: Iterable[str],
    parsers: Mapping[str, Parser],
    format_in: str | None = None,
    given: Given | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> list[Disclosure]:
    """Parse everything first, so one bad file stops the run before any report is written."""
    return [
        parse_source(read_source(path, display, max_bytes), parsers, format_in, given)
        for path, display in expand(paths, parsers)
    ]
