"""Third-party plugins contribute through the same hooks as the built-ins."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import cydcheck
import pytest
from cydcheck import plugins
from cydcheck.checks.base import CheckKind, CheckParams, CheckResult, Verdict
from cydcheck.errors import ConfigError
from cydcheck.model import Report
from cydcheck.reading import Reading
from cydcheck.reporters.base import Reporter
from helpers import GOOD_RULE, disclosure, judge, write_rule


class ShoutParams(CheckParams):
    word: str


class Shout(CheckKind[ShoutParams]):
    name = "shout"
    description = "the word appears in capitals"
    Params = ShoutParams

    def evaluate(self, reading: Reading) -> CheckResult:
        return CheckResult(Verdict.PASS if self.params.word.upper() in reading.doc.text else Verdict.FAIL)


class CountReporter(Reporter):
    name = "count"
    description = "number of findings"
    extension = ".count"

    def render(self, report: Report) -> str:
        return f"{report.summary.findings}\n"


@pytest.fixture()
def fresh_registry(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    plugins.plugin_manager.cache_clear()
    plugins.registry.cache_clear()
    yield
    plugins.plugin_manager.cache_clear()
    plugins.registry.cache_clear()


def _plugin(tmp_path: Path, name: str = "shouty") -> type:
    pack = tmp_path / "pack"
    write_rule(
        pack,
        GOOD_RULE.replace("kind: mentions\n  terms: [board]", "kind: shout\n  word: board").replace(
            "The board oversees it.", "The BOARD oversees it."
        ),
    )

    @cydcheck.hookimpl
    def register_check_kinds(register: Callable[[type[CheckKind[Any]]], None]) -> None:
        register(Shout)

    @cydcheck.hookimpl
    def register_reporters(register: Callable[[Reporter], None]) -> None:
        register(CountReporter())

    @cydcheck.hookimpl
    def register_rule_packs(register: Callable[[str, Path], None]) -> None:
        register(name, pack)

    return _as_plugin(register_check_kinds, register_reporters, register_rule_packs)


def _as_plugin(*hooks: Callable[..., None]) -> type:
    """A plugin object (pluggy wants something hashable with hook attributes, as a module is)."""
    return type("TestPlugin", (), {h.__name__: staticmethod(h) for h in hooks})


def test_plugin_contributes_check_kind_rule_pack_and_reporter(tmp_path: Path, fresh_registry) -> None:  # type: ignore[no-untyped-def]
    pm = plugins.plugin_manager()
    pm.register(_plugin(tmp_path), name="shouty")
    reg = plugins.registry()
    assert "shout" in reg.check_kinds and "count" in reg.reporters and "shouty" in reg.rule_packs
    assert [p for p, _ in reg.plugins] == ["builtin", "shouty"]
    rules = cydcheck.load_rules()
    rule = rules.get("TEST-RULE")
    assert rule is not None and rule.path == "shouty:rule.yaml"
    assert judge(rule.check, disclosure(text="the BOARD")).passed
    assert [c.plugin for c in reg.contributions if c.name == "shout"] == ["shouty"]


def test_plugin_cannot_take_a_builtin_name(fresh_registry) -> None:  # type: ignore[no-untyped-def]
    class Html(CountReporter):
        name = "html"

    @cydcheck.hookimpl
    def register_reporters(register: Callable[[Reporter], None]) -> None:
        register(Html())

    plugins.plugin_manager().register(_as_plugin(register_reporters), name="thief")
    with pytest.raises(ConfigError, match="plugin 'thief' registers reporter 'html', already registered by 'builtin'"):
        plugins.registry()


def test_hookspecs_are_documented() -> None:
    from cydcheck import hookspecs

    for name in (
        "register_parsers",
        "register_check_kinds",
        "register_rule_packs",
        "register_reporters",
        "register_commands",
    ):
        doc = getattr(hookspecs, name).__doc__
        assert doc and ":param" in doc, name
