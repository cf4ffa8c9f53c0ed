"""An uploaded form (``multipart/form-data``) read into memory, never onto disk, within the size limit.

python-multipart parses the stream; this module keeps the file's bytes in memory (Starlette's own form reader spools
files over 1 MB to a temporary file, which ``cydcheck serve`` must never write), refuses a body over the limit before
reading it all (by its ``Content-Length``, else as it arrives), and refuses a file part that does not follow the
page's token, before reading it.
"""

from __future__ import annotations

import hmac
import re
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from python_multipart.multipart import MultipartCallbacks

FORM_OVERHEAD = 64 * 1024
"""What a form may add to the file's bytes (boundaries, part headers, the small fields)."""
MAX_FIELDS = 8
MAX_FIELD_BYTES = 1024
TOKEN_FIELD = "token"
TOKEN_HEADER = "x-cydcheck-token"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class UploadError(Exception):
    """A form that cannot be read: the HTTP status and one line for the reader."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Upload:
    """The fields of a form and its one file (name and bytes)."""

    fields: dict[str, str] = field(default_factory=dict)
    filename: str | None = None
    data: bytes = b""


def too_large(max_bytes: int) -> UploadError:
    return UploadError(413, f"the upload is over the {max_bytes:,}-byte limit (--max-size)")


def safe_name(raw: str) -> str:
    """The name a report shows for an uploaded file: the last part of the path the browser sent, no control
    characters, at most 200 characters; ``upload`` when nothing is left."""
    name = re.split(r"[\\/]", raw)[-1]
    name = _CONTROL.sub("", name).strip().lstrip(".") or "upload"
    if len(name) > 200:
        stem, dot, suffix = name.rpartition(".")
        name = stem[:190] + dot + suffix[:9] if dot else name[:200]
    return name


async def read_form(
    headers: Mapping[str, str], stream: AsyncIterator[bytes], max_bytes: int, token: str, file_required: bool = True
) -> Upload:
    """Read a form posted to the server: its small fields and at most one file of at most ``max_bytes``.

    The page's ``token`` must come first — in the ``X-Cydcheck-Token`` header or the form's first field — or the
    form is refused (403) before any file byte is kept: another site cannot post to this server."""
    from python_multipart import MultipartParser
    from python_multipart.exceptions import FormParserError
    from python_multipart.multipart import parse_options_header

    ctype, params = parse_options_header(headers.get("content-type", ""))
    if ctype != b"multipart/form-data" or b"boundary" not in params:
        raise UploadError(400, "the upload is not a form (multipart/form-data)")
    limit = max_bytes + FORM_OVERHEAD
    declared = headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise too_large(max_bytes)
    header_token = headers.get(TOKEN_HEADER)
    reader = _FormReader(max_bytes, token, header_token is not None and _same(header_token, token))
    if header_token is not None and not reader.trusted:
        raise _forbidden()
    try:
        parser = MultipartParser(params[b"boundary"], reader.callbacks())
        received = 0
        async for chunk in stream:
            received += len(chunk)
            if received > limit:
                raise too_large(max_bytes)
            parser.write(chunk)
        parser.finalize()
    except FormParserError:
        raise UploadError(400, "the upload is not a well-formed form") from None
    if not reader.trusted:
        raise _forbidden()
    upload = reader.upload
    if file_required and upload.filename is None:
        raise UploadError(400, "no file was chosen: pick or drop a file to check")
    return upload


def _same(given: str, token: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8", "replace"), token.encode("utf-8"))


def _forbidden() -> UploadError:
    return UploadError(403, "this form is not from this page (or the server was restarted): reload the page")


class _FormReader:
    """python-multipart's callbacks, collecting the form in memory within its bounds."""

    def __init__(self, max_bytes: int, token: str, trusted: bool) -> None:
        self.max_bytes = max_bytes
        self.token = token
        self.trusted = trusted
        self.upload = Upload()
        self._header_name = b""
        self._header_value = b""
        self._disposition = b""
        self._name = ""
        self._is_file = False
        self._raw_name = ""
        self._files = 0
        self._buffer = bytearray()

    def callbacks(self) -> MultipartCallbacks:
        return {
            "on_part_begin": self._begin,
            "on_header_field": self._field,
            "on_header_value": self._value,
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_done,
            "on_part_data": self._data,
            "on_part_end": self._end,
        }

    def _begin(self) -> None:
        self._disposition = b""
        self._buffer = bytearray()
        self._header_name = self._header_value = b""

    def _field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]
        if len(self._header_name) > MAX_FIELD_BYTES:
            raise UploadError(400, "the upload is not a well-formed form")

    def _value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]
        if len(self._header_value) > 4 * MAX_FIELD_BYTES:
            raise UploadError(400, "the upload is not a well-formed form")

    def _header_end(self) -> None:
        if self._header_name.strip().lower() == b"content-disposition":
            self._disposition = self._header_value
        self._header_name = self._header_value = b""

    def _headers_done(self) -> None:
        from python_multipart.multipart import parse_options_header

        _, options = parse_options_header(self._disposition)
        self._name = options.get(b"name", b"").decode("utf-8", "replace")
        self._is_file = b"filename" in options
        if self._is_file:
            if not self.trusted:
                raise _forbidden()  # before a byte of the file is kept
            self._files += 1
            if self._files > 1:
                raise UploadError(400, "one file at a time")
            self._raw_name = options[b"filename"].decode("utf-8", "replace")
        elif len(self.upload.fields) >= MAX_FIELDS:
            raise UploadError(400, "the upload is not a well-formed form")

    def _data(self, data: bytes, start: int, end: int) -> None:
        self._buffer += data[start:end]
        limit = self.max_bytes if self._is_file else MAX_FIELD_BYTES
        if len(self._buffer) > limit:
            if not self._is_file:
                raise UploadError(400, "a form field is too long")
            name = safe_name(self._raw_name)
            raise UploadError(413, f"{name}: file is over the {self.max_bytes:,}-byte limit (--max-size)")

    def _end(self) -> None:
        if self._is_file:
            if self._raw_name or self._buffer:  # a form sent with no file chosen has an empty, nameless part
                self.upload.filename = safe_name(self._raw_name)
                self.upload.data = bytes(self._buffer)
        else:
            value = self._buffer.decode("utf-8", "replace")
            self.upload.fields.setdefault(self._name, value)
            if self._name == TOKEN_FIELD and _same(value, self.token):
                self.trusted = True
        self._buffer = bytearray()
