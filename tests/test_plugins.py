"""Third-party plugins contribute through the same hooks as the built-ins."""

from __future__ import annotations

import inspect
import re
import sys
import textwrap
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cydcheck
import pytest
from click.testing import CliRunner
from cydcheck import plugins
from cydcheck.checks.base import CheckKind, CheckParams, CheckResult, Verdict
from cydcheck.cli import cli
from cydcheck.errors import ConfigError
from cydcheck.model import Report
from cydcheck.reading import Reading
from cydcheck.reporters.base import Reporter
from helpers import GOOD_RULE, ROOT, disclosure, judge, write_rule


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
    plugins.reset()
    yield
    plugins.disable_third_party(False)
    plugins.reset()


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


def test_every_hook_is_documented_with_each_argument() -> None:
    """A hook without a docstring, or without a `:param x:` for each argument x, fails here — and so does one the
    plugin author guide (docs/plugins.md) has no section for."""
    from cydcheck import hookspecs

    guide = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    hooks = [
        (name, fn) for name, fn in vars(hookspecs).items() if callable(fn) and hasattr(fn, f"{hookspecs.PROJECT}_spec")
    ]
    assert {name for name, _ in hooks} >= {
        "register_parsers",
        "register_check_kinds",
        "register_rule_packs",
        "register_reporters",
        "register_commands",
    }
    for name, fn in hooks:
        doc = inspect.getdoc(fn)
        assert doc, f"hook {name} has no docstring"
        for arg in inspect.signature(fn).parameters:
            assert re.search(rf":param {arg}:\s*\S", doc), f"hook {name}: no ':param {arg}:' in its docstring"
        args = ", ".join(inspect.signature(fn).parameters)
        assert f"## {name}({args})" in guide, f"docs/plugins.md has no section '## {name}({args})'"


# ---- loading through entry points --------------------------------------------------------------------------------


def installed_plugin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str, ep: str = "fake", dist: str = "fake-plugin"
) -> str:
    """A distribution on sys.path with one `cydcheck` entry point; returns the plugin module's (unique) name."""
    module = f"{ep}_" + re.sub(r"\W", "_", tmp_path.name)
    (tmp_path / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    info = tmp_path / f"{dist.replace('-', '_')}-1.2.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.2\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[cydcheck]\n{ep} = {module}\n", encoding="utf-8")
    if str(tmp_path) not in sys.path:
        monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delenv(plugins.DISABLE_ENV, raising=False)
    monkeypatch.delenv(plugins.ALLOW_ENV, raising=False)
    return module


REPORTER_PLUGIN = """
    import cydcheck
    from cydcheck.reporters.base import Reporter

    class Count(Reporter):
        name = "fake-count"
        description = "number of findings"
        extension = ".count"

        def render(self, report):
            return f"{report.summary.findings}\\n"

    @cydcheck.hookimpl
    def register_reporters(register):
        register(Count())
"""


def test_an_installed_plugin_loads_through_its_entry_point(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_registry
) -> None:  # type: ignore[no-untyped-def]
    installed_plugin(tmp_path, monkeypatch, REPORTER_PLUGIN)
    reg = plugins.registry()
    assert "fake-count" in reg.reporters
    assert ("fake", "fake-plugin 1.2") in reg.plugins
    assert [c.distribution for c in reg.contributions if c.name == "fake-count"] == ["fake-plugin 1.2"]


@pytest.mark.parametrize(
    ("env", "loaded", "reason"),
    [
        ({"CYDCHECK_DISABLE_PLUGINS": "1"}, False, "not loaded: CYDCHECK_DISABLE_PLUGINS=1"),
        ({"CYDCHECK_DISABLE_PLUGINS": "true", "CYDCHECK_PLUGINS": "fake"}, False, "CYDCHECK_DISABLE_PLUGINS=1"),
        ({"CYDCHECK_PLUGINS": "fake"}, True, None),
        ({"CYDCHECK_PLUGINS": " Fake_Plugin , "}, True, None),  # the distribution's name, in any spelling
        ({"CYDCHECK_PLUGINS": ""}, True, None),  # empty: no allow-list
        ({"CYDCHECK_DISABLE_PLUGINS": "0"}, True, None),
    ],
)
def test_which_plugins_load(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fresh_registry,  # type: ignore[no-untyped-def]
    env: dict[str, str],
    loaded: bool,
    reason: str | None,
) -> None:
    installed_plugin(tmp_path, monkeypatch, REPORTER_PLUGIN)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    reg = plugins.registry()
    assert ("fake-count" in reg.reporters) is loaded
    assert "html" in reg.reporters  # built-ins always load
    if reason is not None:
        assert [(s.plugin, s.distribution) for s in reg.skipped] == [("fake", "fake-plugin 1.2")]
        assert reason in reg.skipped[0].reason


def test_allow_list_leaves_out_the_others_and_names_a_typo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_registry
) -> None:  # type: ignore[no-untyped-def]
    installed_plugin(tmp_path, monkeypatch, REPORTER_PLUGIN)
    installed_plugin(tmp_path, monkeypatch, "raise ImportError('never imported')\n", ep="broken", dist="broken-one")
    with pytest.raises(ConfigError, match=r"^plugin 'broken' \(broken-one 1\.2\) failed to load: ImportError"):
        plugins.registry()
    plugins.reset()
    monkeypatch.setenv(plugins.ALLOW_ENV, "fake")
    reg = plugins.registry()
    assert "fake-count" in reg.reporters
    assert [(s.plugin, s.reason) for s in reg.skipped] == [("broken", "not loaded: CYDCHECK_PLUGINS does not name it")]
    plugins.reset()
    monkeypatch.setenv(plugins.ALLOW_ENV, "fake,other")
    typo = r"^CYDCHECK_PLUGINS names plugin 'other', which is not installed \(installed: broken, fake\)$"
    with pytest.raises(ConfigError, match=typo):
        plugins.registry()


def test_no_plugins_option_reaches_the_registry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_registry, runner: CliRunner
) -> None:  # type: ignore[no-untyped-def]
    installed_plugin(
        tmp_path,
        monkeypatch,
        REPORTER_PLUGIN
        + """
    import click

    @cydcheck.hookimpl
    def register_commands(cli):
        @cli.command("fake-hello")
        def hello():
            click.echo("hello from a plugin")
    """,
    )
    assert runner.invoke(cli, ["fake-hello"]).stdout == "hello from a plugin\n"
    listed = runner.invoke(cli, ["plugins"]).stdout
    assert "fake  (fake-plugin 1.2)\n  reporter  fake-count\n  command   fake-hello\n" in listed
    off = runner.invoke(cli, ["--no-plugins", "fake-hello"])
    assert off.exit_code == 2 and "no such command 'fake-hello'" in off.stderr
    off = runner.invoke(cli, ["--no-plugins", "plugins"])
    assert "fake-count" not in off.stdout and "fake  (fake-plugin 1.2)  not loaded: --no-plugins" in off.stdout
    assert "fake-hello" not in runner.invoke(cli, ["--no-plugins", "--help"]).stdout
    # Without the option, the next invocation in the same process sees the plugin again.
    assert "fake-hello" in runner.invoke(cli, ["--help"]).stdout


def test_a_plugin_command_cannot_shadow_a_builtin_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_registry, runner: CliRunner
) -> None:  # type: ignore[no-untyped-def]
    installed_plugin(
        tmp_path,
        monkeypatch,
        """
    import click, cydcheck

    @cydcheck.hookimpl
    def register_commands(cli):
        @cli.command("check")
        def check():
            click.echo("hijacked")
    """,
    )
    assert "hijacked" not in runner.invoke(cli, ["check", "--help"]).stdout  # a built-in name always wins
    listing = runner.invoke(cli, ["--help"])
    assert listing.exit_code == 2
    assert listing.stderr == "cydcheck: error: plugin 'fake' registers command 'check', a built-in command\n"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            "import no_such_module_anywhere\n",
            r"^plugin 'fake' \(fake-plugin 1\.2\) failed to load: ModuleNotFoundError: No module named "
            r"'no_such_module_anywhere'$",
        ),
        (
            "import cydcheck\n@cydcheck.hookimpl\ndef register_reporter(register):\n    pass\n",
            r"^plugin 'fake' \(fake-plugin 1\.2\) does not fit this version of cydcheck: unknown hook "
            r"'register_reporter'",
        ),
        (
            "import cydcheck\n@cydcheck.hookimpl\ndef register_reporters(register, extra):\n    pass\n",
            r"^plugin 'fake' \(fake-plugin 1\.2\) does not fit this version of cydcheck: .*extra",
        ),
        (
            "import cydcheck\n@cydcheck.hookimpl\ndef register_reporters(register):\n    register({}['x'])\n",
            r"^plugin 'fake' \(fake-plugin 1\.2\) failed in register_reporters: KeyError: 'x'$",
        ),
        (
            "import cydcheck\n@cydcheck.hookimpl\ndef register_reporters(register):\n    register('text')\n",
            r"^plugin 'fake' \(fake-plugin 1\.2\) registers a reporter: 'text' is not an instance of a "
            r"cydcheck\.reporters\.base\.Reporter subclass$",
        ),
        (
            "import cydcheck\n@cydcheck.hookimpl\ndef register_parsers(register):\n    register(object())\n",
            r"^plugin 'fake' \(fake-plugin 1\.2\) registers a parser: an instance of object is not an instance of a "
            r"cydcheck\.parsers\.base\.Parser subclass$",
        ),
        (
            "import cydcheck\n@cydcheck.hookimpl\ndef register_check_kinds(register):\n    register(dict)\n",
            r"registers a check kind: <class 'dict'> is not a subclass of cydcheck\.checks\.base\.CheckKind$",
        ),
        (
            "import cydcheck\nfrom cydcheck.checks.base import CheckKind, CheckParams\n"
            "class Half(CheckKind):\n    name = 'half'\n    description = ''\n    Params = CheckParams\n"
            "@cydcheck.hookimpl\ndef register_check_kinds(register):\n    register(Half)\n",
            r"registers check kind 'half': Half does not implement evaluate\(reading\)$",
        ),
        (
            "import cydcheck\nfrom cydcheck.checks.base import CheckKind\n"
            "class NoParams(CheckKind):\n    name = 'np'\n    description = ''\n"
            "    def evaluate(self, reading):\n        raise NotImplementedError\n"
            "@cydcheck.hookimpl\ndef register_check_kinds(register):\n    register(NoParams)\n",
            r"registers check kind 'np': its Params is not a pydantic model",
        ),
        (
            "import cydcheck\n@cydcheck.hookimpl\ndef register_rule_packs(register):\n"
            "    register('fake', '/no/such/directory')\n",
            r"^plugin 'fake' \(fake-plugin 1\.2\) registers rule pack 'fake': /no/such/directory is not a "
            r"directory$",
        ),
        (
            "import cydcheck\n@cydcheck.hookimpl\ndef register_rule_packs(register):\n    register('a b', '.')\n",
            r"registers a rule pack: its name 'a b' must be letters, digits",
        ),
    ],
)
def test_a_broken_plugin_is_one_line_naming_it(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fresh_registry,  # type: ignore[no-untyped-def]
    runner: CliRunner,
    source: str,
    message: str,
) -> None:
    installed_plugin(tmp_path, monkeypatch, source)
    with pytest.raises(ConfigError, match=message) as info:
        plugins.registry()
    assert "\n" not in str(info.value)
    result = runner.invoke(cli, ["rules", "list"])
    assert result.exit_code == 2 and result.stderr == f"cydcheck: error: {info.value}\n"
    assert "Traceback" not in result.output


# ---- the plugin author guide's examples run --------------------------------------------------------------------


def guide_examples() -> dict[str, tuple[str, str | None]]:
    """hook name → (the python block of its section in docs/plugins.md, its yaml block or None)."""
    guide = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    out: dict[str, tuple[str, str | None]] = {}
    for match in re.finditer(r"^## (register_\w+)\(.*?\)\n(.*?)(?=^## |\Z)", guide, re.M | re.S):
        body = match.group(2)
        code = re.search(r"^```python\n(.*?)^```", body, re.M | re.S)
        rule = re.search(r"^```yaml\n(.*?)^```", body, re.M | re.S)
        assert code, f"the guide's {match.group(1)} section has no python example"
        out[match.group(1)] = (code.group(1), rule.group(1) if rule else None)
    return out


def _load_example(hook: str, folder: Path) -> types.ModuleType:
    code, _ = guide_examples()[hook]
    module = types.ModuleType(f"guide_{hook}")
    module.__file__ = str(folder / "plugin.py")
    exec(compile(code, f"docs/plugins.md ({hook})", "exec"), module.__dict__)
    plugins.plugin_manager().register(module, name=f"guide-{hook}")
    return module


def test_the_guide_has_an_example_for_every_hook() -> None:
    from cydcheck import hookspecs

    hooks = {name for name in vars(hookspecs) if hasattr(getattr(hookspecs, name), f"{hookspecs.PROJECT}_spec")}
    assert set(guide_examples()) == hooks


def test_the_guides_parser_example_runs(tmp_path: Path, fresh_registry) -> None:  # type: ignore[no-untyped-def]
    _load_example("register_parsers", tmp_path)
    memo = tmp_path / "board-draft.memo"
    memo.write_text("Form: 10-K\n\nOur board of directors oversees\ncybersecurity risk.\n\nIt meets quarterly.\n")
    doc = cydcheck.parse(memo)
    assert (doc.format, doc.form.value) == ("acme-memo", "10-K")
    assert doc.text == "Our board of directors oversees cybersecurity risk.\nIt meets quarterly."
    bad = tmp_path / "bad.memo"
    bad.write_text("Form: 10-Q\n\nText.\n")
    with pytest.raises(cydcheck.errors.InputError, match=r"bad\.memo:1: unknown form '10-Q'"):
        cydcheck.parse(bad)


def test_the_guides_check_kind_and_rule_pack_examples_run(tmp_path: Path, fresh_registry) -> None:  # type: ignore[no-untyped-def]
    from cydcheck.selftest import run_examples

    _, rule = guide_examples()["register_check_kinds"]
    assert rule is not None
    write_rule(tmp_path / "rules", rule)
    _load_example("register_check_kinds", tmp_path)
    _load_example("register_rule_packs", tmp_path)
    reg = plugins.registry()
    assert reg.rule_packs["house-rules"] == tmp_path / "rules"
    rules = cydcheck.load_rules()
    guide_rule = next(r for r in rules.rules if r.pack == "house-rules")
    results = run_examples([guide_rule], rules)
    assert len(results) == 2 and all(r.ok for r in results), [r.explain() for r in results]
    assert results[1].finding.message.startswith("The report runs to 51 words")


def test_the_guides_reporter_and_command_examples_run(tmp_path: Path, fresh_registry, runner: CliRunner) -> None:  # type: ignore[no-untyped-def]
    _load_example("register_reporters", tmp_path)
    _load_example("register_commands", tmp_path)
    draft = str(ROOT / "examples" / "northwind-strong.txt")
    result = runner.invoke(cli, ["check", draft, "--no-config", "--format", "tally"])
    assert result.exit_code in (0, 1), result.output
    assert re.fullmatch(r".*northwind-strong\.txt: \d+ of \d+ requirements met\n", result.stdout)
    listed = runner.invoke(cli, ["requirements"])
    assert listed.exit_code == 0 and "106.c.1.board  The board of directors' oversight" in listed.stdout
