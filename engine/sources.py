"""Reading source files safely: a size cap, encodings real filings use, and nothing else.

Parsers receive a `SourceFile` (bytes already read and bounded), never a path to open themselves, so every format
gets the same limits.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from .errors import InputError

DEFAULT_MAX_BYTES = 100 * 1024 * 1024
SNIFF_BYTES = 65536
"""The most of a file's start any built-in parser's sniffer looks at."""


@dataclass(frozen=True)
class SourceFile:
    """One input file's bytes and the name to show for it."""

    display: str
    data: bytes
    _text: list[str] = field(default_factory=list, repr=False, compare=False)

    @property
    def suffix(self) -> str:
        return Path(self.display).suffix.lower()

    def text(self) -> str:
        """The content decoded (a byte-order mark wins, then UTF-8, then Windows-1252, then Latin-1), every line
        ending (CR LF, a lone CR, LF) made LF: one line stays one line, so line numbers hold."""
        if not self._text:
            self._text.append(normalize_newlines(decode(self.data)))
        return self._text[0]

    def head(self, size: int = 4096) -> str:
        """The start of the file as text, for sniffing; decoding errors are replaced, never raised; line endings
        as in :meth:`text`."""
        return normalize_newlines(decode(self.data[:size], strict=False))


def normalize_newlines(text: str) -> str:
    """CR LF and a lone CR (old Mac files) become LF, as XML and Markdown parsers read them."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def decode(data: bytes, strict: bool = True) -> str:
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="strict" if strict else "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")  # every byte is valid Latin-1: this cannot fail


def is_blank(data: bytes) -> bool:
    """Whether a file holds no text at all: no bytes, or whitespace only (a byte-order mark aside). Cheap on a
    large file: it stops at the first character that is not whitespace."""
    stripped = data.lstrip()  # ASCII whitespace, without decoding: the common case
    if not stripped:
        return True
    if stripped[0] < 0x80:  # an ASCII character that is no whitespace
        return False
    # Non-ASCII: a byte-order mark, UTF-16, a no-break space. The head first, the whole only when it is blank.
    if decode(data[:65536], strict=False).strip():
        return False
    return len(data) <= 65536 or not decode(data, strict=False).strip()


def is_binary(source: SourceFile) -> bool:
    """Whether the content is binary, not text: a NUL character in its first 8 KiB as decoded (so UTF-16 text, with
    its byte-order mark, is text). The one test every route uses, so the same bytes get the same message."""
    return "\x00" in source.head(8192)


def read_stream(stream: BinaryIO | None, display: str, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceFile:
    """Read an open stream (standard input) whole, refusing more than max_bytes."""
    if stream is None:
        raise InputError(f"{display}: there is no standard input to read")
    if stream.isatty():
        raise InputError(f"{display}: standard input is a terminal; pipe a document in (cydcheck check - < draft.md)")
    try:
        data = stream.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"{display}: cannot read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise InputError(f"{display}: input is over the {max_bytes:,}-byte limit (--max-size)")
    return SourceFile(display, data)


def too_large(name: str, size: int, max_bytes: int) -> InputError:
    """The one-line error for a document over the size limit, its size known before it is read."""
    return InputError(f"{name}: file is {size:,} bytes, over the {max_bytes:,}-byte limit (--max-size)")


def read_source(path: Path, display: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceFile:
    """Read a file, refusing anything larger than max_bytes before reading it whole."""
    name = display if display is not None else str(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise InputError(f"{name}: not a regular file")
        if size > max_bytes:
            raise too_large(name, size, max_bytes)
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:  # grew while we read it
        raise InputError(f"{name}: file is over the {max_bytes:,}-byte limit (--max-size)")
    return SourceFile(name, data)


def read_ends(path: Path, display: str, head: int = SNIFF_BYTES, tail: int = 1024) -> SourceFile:
    """What recognising a file needs, without reading it whole: its first ``head`` bytes followed by its last
    ``tail`` (all of it when it is no longer than both), so ``head()`` and the last bytes are the file's own. For
    deciding whether a directory scan passes over a file over the size limit; never parsed."""
    try:
        with path.open("rb") as fh:
            data = fh.read(head + tail + 1)
            if len(data) > head + tail:
                fh.seek(-tail, 2)
                data = data[:head] + fh.read(tail)
    except OSError as exc:
        raise InputError(f"{display}: cannot read: {exc.strerror or exc}") from None
    return SourceFile(display, data)
