"""The interface every output-format plugin implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar

from ..model import Report


class Reporter(ABC):
    """Turns a finished :class:`Report` into text. Never re-evaluates a rule; output depends only on the report."""

    name: ClassVar[str]
    """The value of ``--format``."""
    description: ClassVar[str]
    extension: ClassVar[str]
    """File suffix, with the dot, used when writing into an output directory."""

    @abstractmethod
    def render(self, report: Report) -> str:
        """The whole output. Same report in, same text out: no timestamps, stable ordering."""
