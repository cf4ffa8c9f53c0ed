"""cydcheck: check SEC cybersecurity disclosures against declarative rules.

The small public API::

    import cydcheck
    rules = cydcheck.load_rules()                        # built-in packs (+ plugins), optional extra directories
    doc = cydcheck.parse("draft.txt")                    # any supported format → Disclosure
    report = cydcheck.check(["draft.txt"], rules=rules)  # → Report (findings per document + summary)

Plugins implement the hooks in :mod:`cydcheck.hookspecs`, marked with :data:`cydcheck.hookimpl`.

The source folder is ``engine/`` (the project's layout); it is installed and imported as ``cydcheck``.
"""

from __future__ import annotations

from importlib import metadata

try:
    __version__ = metadata.version("cydcheck")
except metadata.PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

from .api import check, load_rules, parse
from .hookspecs import hookimpl
from .model import Disclosure, Finding, Form, Given, Report

__all__ = [
    "Disclosure",
    "Finding",
    "Form",
    "Given",
    "Report",
    "__version__",
    "check",
    "hookimpl",
    "load_rules",
    "parse",
]
