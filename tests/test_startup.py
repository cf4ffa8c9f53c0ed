"""Start-up stays light: `cydcheck --version` and `import cydcheck` load none of the parsers, models or rules, and the
lazy names are the real ones."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

HEAVY = ("cydcheck.model", "cydcheck.rules", "cydcheck.parsers", "cydcheck.pipeline", "pydantic", "lxml")

SCRIPT = """
import sys
from pathlib import Path
{code}
print(" ".join(sorted(m for m in sys.modules if m.startswith({heavy!r}))))
"""


def _loaded(code: str) -> tuple[str, list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(code=code, heavy=HEAVY)], capture_output=True, text=True, check=True
    )
    *out, modules = done.stdout.splitlines()
    return "\n".join(out), modules.split()


def test_version_loads_nothing_heavy() -> None:
    out, modules = _loaded("from cydcheck.cli import main\ntry:\n    main(['--version'])\nexcept SystemExit:\n    pass")
    assert modules == []
    from cydcheck.cli import cli

    assert out == CliRunner().invoke(cli, ["--version"]).output.strip()  # the same words click's option prints


def test_import_is_lazy_and_names_are_the_real_ones() -> None:
    _, modules = _loaded("import cydcheck")
    assert modules == []
    import cydcheck
    from cydcheck import api, hookspecs, model

    assert cydcheck.check is api.check and cydcheck.parse is api.parse and cydcheck.load_rules is api.load_rules
    assert cydcheck.hookimpl is hookspecs.hookimpl and cydcheck.Disclosure is model.Disclosure
    assert isinstance(cydcheck.__version__, str) and cydcheck.__version__
    assert all(getattr(cydcheck, name) is not None for name in cydcheck.__all__)


def test_every_command_module_is_listed_for_lazy_lookup() -> None:
    # A command module missing from BUILTIN_COMMANDS would never be imported, so its command would silently vanish.
    import re

    import cydcheck.cli
    from cydcheck.cli.base import BUILTIN_COMMANDS

    folder = Path(cydcheck.cli.__file__).parent
    defining = {
        p.stem
        for p in folder.glob("*.py")
        if re.search(r"^@cli\.(?:command|group)\(", p.read_text(encoding="utf-8"), re.M)
    }
    assert defining and defining == set(BUILTIN_COMMANDS.values())
    runner = CliRunner()
    listed = runner.invoke(cydcheck.cli.cli, ["--no-plugins", "--help"]).output
    assert all(re.search(rf"^  {name}\s", listed, re.M) for name in BUILTIN_COMMANDS), listed


def test_loading_the_rules_imports_no_holiday_calendar() -> None:
    # The bundled 8-K deadline rule names the default calendar (US): holidays is imported when an 8-K is checked.
    out, _ = _loaded("import cydcheck\ncydcheck.load_rules()\nprint('holidays' in sys.modules)")
    assert out == "False"


def test_a_calendar_other_than_the_default_is_still_checked_at_load() -> None:
    import pytest
    from cydcheck.checks.deadline import DeadlineParams
    from pydantic import ValidationError

    base = {"determined": ["determined"], "material": ["material"]}
    assert DeadlineParams.model_validate({**base, "calendar": "US"}).calendar == "US"
    assert DeadlineParams.model_validate({**base, "calendar": "CA"}).calendar == "CA"
    with pytest.raises(ValidationError, match="unknown holiday calendar 'ZZ'"):
        DeadlineParams.model_validate({**base, "calendar": "ZZ"})


def test_check_patterns_compile_when_first_searched_and_match_as_compiled_ones() -> None:
    import pickle
    import re

    from cydcheck.checks.mentions import _pattern
    from cydcheck.text import phrase_source

    phrases = ["third-party", "monitor*", r"re:\bCISO\b"]
    lazy = _pattern(phrases)
    assert lazy is not None and "compiled" not in vars(lazy)  # nothing compiled at load
    eager = re.compile("|".join(f"(?:{phrase_source(p)})" for p in phrases), re.I)
    text = "We monitor third party vendors; our ciso monitoring team reports. Third  parties."
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in eager.finditer(text)]
    assert lazy.search("nothing here") is None and "compiled" in vars(lazy)
    copy = pickle.loads(pickle.dumps(lazy))  # rules travel to worker processes
    assert [m.span() for m in copy.finditer(text)] == [m.span() for m in eager.finditer(text)]
    assert _pattern([]) is None


def test_the_collector_is_tuned_only_when_the_command_line_owns_the_process(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from cydcheck.cli import base

    before = gc.get_threshold()
    base.settle_collector()  # inside a host's process (this test run): its collector is left alone
    assert gc.get_threshold() == before
    monkeypatch.setattr(base, "OWNS_PROCESS", True)
    try:
        base.settle_collector()
        assert gc.get_threshold() == (20_000, 20, 20)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


def test_a_host_calling_main_keeps_its_collector_and_the_program_tunes_its_own() -> None:
    import gc

    from cydcheck.cli import main
    from helpers import EXAMPLES

    example = str(EXAMPLES / "northwind-strong.txt")
    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    with pytest.raises(SystemExit):
        main(["check", example, "--no-config", "-q", "--fail-on", "never"])
    assert (gc.get_threshold(), gc.get_freeze_count()) == (before, frozen)
    # Started as a program (no arguments given to main: the process's own), the command tunes its collector.
    script = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print(gc.get_threshold(), gc.get_freeze_count() > 0))\n"
        f"sys.argv = ['cydcheck', 'check', {example!r}, '--no-config', '-q', '--fail-on', 'never']\n"
        "from cydcheck.cli import main\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("(20000, 20, 20) True"), done.stdout
