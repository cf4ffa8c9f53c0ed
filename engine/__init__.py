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

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api import check, load_rules, parse
    from .hookspecs import hookimpl
    from .model import Disclosure, Finding, Form, Given, Report

    __version__: str

# The public names are imported when first used (PEP 562), so `cydcheck --version` and a plugin that imports
# cydcheck.hookimpl do not pay for the parsers, pydantic models and rules they never touch.
_LAZY = {
    "check": "api",
    "load_rules": "api",
    "parse": "api",
    "hookimpl": "hookspecs",
    "Disclosure": "model",
    "Finding": "model",
    "Form": "model",
    "Given": "model",
    "Report": "model",
}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        value: Any = _version()
    elif name in _LAZY:
        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("cydcheck")
    except metadata.PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"


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
