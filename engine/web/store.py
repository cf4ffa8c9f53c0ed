"""The results ``cydcheck serve`` keeps for their downloads: in memory only, the most recent first, bounded in number
and in bytes (the oldest go first; the newest is always kept)."""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from ..model import Form


@dataclass(frozen=True)
class Download:
    """One file the page offers: what the command line writes for the same input and options, byte for byte."""

    kind: str  # json, sarif, markdown, html, docx
    label: str
    filename: str
    media_type: str
    data: bytes


@dataclass(frozen=True)
class Result:
    """One checked upload: its name and bytes (to check again with another form), what the page shows, and the
    downloads."""

    name: str
    data: bytes
    form: Form | None  # the form the user chose; None: read from the file
    summary: tuple[str, ...]
    form_unknown: bool
    downloads: tuple[Download, ...]
    notes: tuple[str, ...] = ()
    id: str = field(default_factory=lambda: secrets.token_urlsafe(16))

    @property
    def size(self) -> int:
        return len(self.data) + sum(len(d.data) for d in self.downloads)

    def download(self, kind: str) -> Download | None:
        return next((d for d in self.downloads if d.kind == kind), None)


class ResultStore:
    """At most ``max_items`` results and ``max_bytes`` in all (the newest is kept whatever its size)."""

    def __init__(self, max_items: int = 8, max_bytes: int = 512 * 1024 * 1024) -> None:
        self.max_items = max(1, max_items)
        self.max_bytes = max_bytes
        self._items: OrderedDict[str, Result] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, result: Result) -> None:
        with self._lock:
            self._items[result.id] = result
            self._items.move_to_end(result.id)
            while len(self._items) > 1 and (
                len(self._items) > self.max_items or sum(r.size for r in self._items.values()) > self.max_bytes
            ):
                self._items.popitem(last=False)

    def get(self, result_id: str) -> Result | None:
        with self._lock:
            found = self._items.get(result_id)
            if found is not None:
                self._items.move_to_end(result_id)
            return found

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)
