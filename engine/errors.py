"""Errors that end a run with exit code 2: bad usage, unreadable input, a bad rule file, an output cydcheck refuses.

Each carries a one-line message that names the file (and line or element where known). The CLI prints it as is;
nothing else in the engine prints. Anything else that escapes is a bug (exit code 3); an interruption by SIGINT or
SIGTERM is :class:`Interrupted` (exit code 130 or 143).
"""

from __future__ import annotations

import signal


class CydcheckError(Exception):
    """Base class: a problem with what the user gave us, reported in one line."""


class InputError(CydcheckError):
    """A disclosure file that cannot be read or parsed."""


class RuleError(CydcheckError):
    """A rule file (or rule pack) that is not valid."""


class ConfigError(CydcheckError):
    """A configuration problem: bad option values, missing plugins, unwritable output."""


class OutputError(ConfigError):
    """An ``--output`` target cydcheck refuses (a device, a link, a read-only file, an input) or cannot write."""


class Interrupted(BaseException):
    """The run was stopped by SIGINT (Ctrl-C) or SIGTERM. A BaseException, like KeyboardInterrupt, so that no
    ``except Exception`` swallows it; the command line turns it into one line and exit code 128 + the signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum

    def __str__(self) -> str:
        return "interrupted" if self.signum == signal.SIGINT else f"stopped by {signal.Signals(self.signum).name}"
