"""The public API: load the rules, parse a disclosure, check files. Re-exported by the package (``cydcheck``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .model import Disclosure, Form, Given, Report

if TYPE_CHECKING:
    from .rules import RuleSet

__all__ = ["Disclosure", "check", "load_rules", "parse"]


def load_rules(extra: Sequence[str | Path] = (), builtin: bool = True) -> RuleSet:
    """The rule set: the packs plugins register (unless ``builtin`` is False) plus ``extra`` directories."""
    from .plugins import registry
    from .rules import load_rules as _load

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
    from .inputs import parse_paths
    from .plugins import registry

    return parse_paths([str(path)], registry().parsers, format_in, _stated(form, given))[0]


def check(
    paths: Iterable[str | Path],
    rules: RuleSet | None = None,
    format_in: str | None = None,
    form: Form | None = None,
    given: Given | None = None,
) -> Report:
    """Parse and check files (or directories of them) and return the :class:`Report`."""
    from .inputs import parse_paths
    from .plugins import registry
    from .runner import build_report

    ruleset = rules if rules is not None else load_rules()
    docs = parse_paths([str(p) for p in paths], registry().parsers, format_in, _stated(form, given))
    return build_report(docs, ruleset, _version())


def _version() -> str:
    from . import __version__

    return __version__
