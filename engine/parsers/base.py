"""The interface every input-format plugin implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar

from ..model import Disclosure
from ..sources import SourceFile


class Parser(ABC):
    """Reads one input format into a :class:`Disclosure`."""

    name: ClassVar[str]
    """Format id, e.g. ``rpage``; the value of ``--format-in``."""
    description: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]] = ()
    """File suffixes (lower-case, with the dot) a directory scan picks up for this format."""

    @abstractmethod
    def sniff(self, source: SourceFile) -> int:
        """How sure this parser is that it reads ``source``: 0 = not at all, 100 = certain.

        Judge by content first (``source.head()``), the suffix second. Must be cheap and never raise.
        """

    @abstractmethod
    def parse(self, source: SourceFile) -> Disclosure:
        """Parse ``source``. Raise :class:`engine.errors.InputError` with a one-line reason for bad input."""
