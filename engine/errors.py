"""Errors that end a run with exit code 2: bad usage, unreadable input, a bad rule file.

Each carries a one-line message that names the file (and line or element where known). The CLI prints it as is;
nothing else in the engine prints.
"""

from __future__ import annotations


class CydcheckError(Exception):
    """Base class: a problem with what the user gave us, reported in one line."""


class InputError(CydcheckError):
    """A disclosure file that cannot be read or parsed."""


class RuleError(CydcheckError):
    """A rule file (or rule pack) that is not valid."""


class ConfigError(CydcheckError):
    """A configuration problem: bad option values, missing plugins, unwritable output."""
