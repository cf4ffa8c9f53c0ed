"""cydcheck: check SEC cybersecurity disclosures against declarative rules.

The small public API::

    import engine
    rules = engine.load_rules()                       # built-in packs (+ plugins), optional extra directories
    doc = engine.parse("draft.txt")                   # any supported format → Disclosure
    report = engine.check(["draft.txt"], rules=rules) # → Report (findings per document + summary)

Plugins implement the hooks in :mod:`engine.hookspecs`, marked with :data:`engine.hookimpl`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from engine.hookspecs import hookimpl
from engine.model import Disclosure, Finding, Form, Given, Report

if TYPE_CHECKING:
    from engine.rules import RuleSet

try:
    __version__ = metadata.version("cydcheck")
except metadata.PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

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


def load_rules(extra: Sequence[str | Path] = (), builtin: bool = True) -> RuleSet:
    """The rule set: the packs plugins register (unless ``builtin`` is False) plus ``extra`` directories."""
    from engine.plugins import registry
    from engine.rules import load_rules as _load

    reg = registry()
    registered = [(name, path, True) for name, path in reg.rule_packs.items()]
    packs = [*(registered if builtin else []), *((str(p), Path(p), False) for p in extra)]
    return _load(packs, reg.check_kinds, catalogues=[] if builtin else registered)


def _stated(form: Form | None, given: Given | None) -> Given | None:
    """``form=`` is shorthand for ``given=Given(form=…)``; both may be used."""
    return (given or Given()).model_copy(update={"form": form}) if form else given


def parse(
    path: str | Path, format_in: str | None = None, form: Form | None = None, given: Given | None = None
) -> Disclosure:
    """Parse one file into a :class:`Disclosure`; ``given`` states facts that win over the source (e.g. filing date)."""
    from engine.inputs import parse_paths
    from engine.plugins import registry

    return parse_paths([str(path)], registry().parsers, format_in, _stated(form, given))[0]


def check(
    paths: Iterable[str | Path],
    rules: RuleSet | None = None,
    format_in: str | None = None,
    form: Form | None = None,
    given: Given | None = None,
) -> Report:
    """Parse and check files (or directories of them) and return the :class:`Report`."""
    from engine.inputs import parse_paths
    from engine.plugins import registry
    from engine.runner import build_report

    ruleset = rules if rules is not None else load_rules()
    docs = parse_paths([str(p) for p in paths], registry().parsers, format_in, _stated(form, given))
    return build_report(docs, ruleset, __version__)
