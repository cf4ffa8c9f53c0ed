"""Exit codes that mean one thing (issue 14): 0 clean, 1 findings, 2 input or usage error, 3 internal error, 130
Ctrl-C — through ``cydcheck.cli.main``, the console script, and printing that survives any locale."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from cydcheck.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
STRONG = str(EXAMPLES / "northwind-strong.txt")
DEFICIENT = str(EXAMPLES / "northwind-deficient.txt")
# A disclosure with the typography real filings use (an em dash, a curly apostrophe), which Latin-1 or ASCII
# terminals cannot show.
TYPOGRAPHIC = "Item 1C. Cybersecurity\n\nThe board’s audit committee oversees cybersecurity risk — every quarter.\n"


def exit_of(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as raised:
        main(list(args))
    out, err = capsys.readouterr()
    code = raised.value.code
    assert isinstance(code, int)
    return code, out, err


def crash(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError("the checker broke\non two lines")


def test_clean_and_findings(capsys: pytest.CaptureFixture[str]) -> None:
    assert exit_of(capsys, "check", STRONG, "--fail-on", "never")[0] == 0
    assert exit_of(capsys, "check", DEFICIENT)[0] == 1


@pytest.mark.parametrize(
    "args",
    [("check", "no-such-file.txt"), ("check", STRONG, "--no-such-option"), ("check", STRONG, "--format", "pdf"), ()],
)
def test_usage_and_input_errors_are_2(capsys: pytest.CaptureFixture[str], args: tuple[str, ...]) -> None:
    code, _, err = exit_of(capsys, *args)
    assert code == 2 and "Traceback" not in err


def test_help_and_version_are_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = exit_of(capsys, "--help")
    assert code == 0 and "--debug" in out
    assert exit_of(capsys, "--version")[0] == 0


def test_a_crash_is_3_in_one_line(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("cydcheck.pipeline.run", crash)
    code, out, err = exit_of(capsys, "check", STRONG)
    assert code == 3 and out == ""
    assert err == (
        "cydcheck: internal error: RuntimeError: the checker broke on two lines (run with --debug for the traceback)\n"
    )


def test_debug_shows_the_traceback(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("cydcheck.pipeline.run", crash)
    code, _, err = exit_of(capsys, "--debug", "check", STRONG)
    assert code == 3
    assert err.startswith("Traceback (most recent call last):") and "in crash" in err
    assert err.endswith("cydcheck: internal error: RuntimeError: the checker broke on two lines\n")


def test_ctrl_c_is_130_in_one_line(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: Any, **kwargs: Any) -> Any:
        os.kill(os.getpid(), signal.SIGINT)  # a real Ctrl-C, delivered while the run works
        time.sleep(5)
        raise AssertionError("SIGINT did not stop the run")

    monkeypatch.setattr("cydcheck.pipeline.run", interrupted)
    before = signal.getsignal(signal.SIGINT)
    code, out, err = exit_of(capsys, "check", STRONG)
    assert (code, out, err) == (130, "", "cydcheck: interrupted\n")
    assert signal.getsignal(signal.SIGINT) is before  # main() leaves the process as it found it


def test_keyboard_interrupt_is_130(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr("cydcheck.pipeline.run", interrupted)
    code, _, err = exit_of(capsys, "check", STRONG)
    assert code == 130 and err.strip() == "cydcheck: interrupted" and "Traceback" not in err


def cydcheck(*args: str, env: dict[str, str] | None = None, stdout: Any = subprocess.PIPE) -> Any:
    """The console script's code path (``python -m cydcheck``), in a fresh process."""
    environ = {**os.environ, "CYDCHECK_DISABLE_PLUGINS": "1", **(env or {})}
    command = [sys.executable, "-m", "cydcheck", *args]
    return subprocess.run(command, env=environ, stdout=stdout, stderr=subprocess.PIPE, timeout=300, check=False)


@pytest.mark.parametrize(
    "env",
    [
        {"LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": "latin-1"},
        {"LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": "ascii", "PYTHONUTF8": "0"},
    ],
    ids=["latin-1", "ascii"],
)
def test_any_locale_prints_without_crashing(tmp_path: Path, env: dict[str, str]) -> None:
    draft = tmp_path / "draft—final’s.txt"
    draft.write_text(TYPOGRAPHIC, encoding="utf-8")
    result = cydcheck("check", str(draft), "--format", "markdown", env=env)
    err = result.stderr.decode("ascii", errors="strict")  # stderr escapes what it cannot show
    assert result.returncode in (0, 1), err
    assert "Traceback" not in err and "UnicodeEncodeError" not in err
    head = result.stdout.splitlines()[:2]
    assert head[0].startswith(b"<!-- generator: cydcheck ") and head[1] == b"# Cybersecurity disclosure review"
    # A file is UTF-8 whatever the locale.
    out = tmp_path / "report.md"
    result = cydcheck("check", str(draft), "--format", "markdown", "-o", str(out), env=env)
    assert result.returncode in (0, 1) and "✅ met" in out.read_text(encoding="utf-8")
    # An error naming a file the terminal cannot spell is one line, not a crash.
    result = cydcheck("check", str(tmp_path / "missing—’.txt"), env=env)
    err = result.stderr.decode("ascii")
    assert result.returncode == 2 and err.startswith("cydcheck: error: ") and err.count("\n") == 1


def test_a_reader_that_stops_early_is_no_finding(tmp_path: Path) -> None:
    """``cydcheck check … | head``: the closed pipe ends cydcheck as it ends cat, by SIGPIPE, silently — not with
    exit code 1 (findings) nor a traceback."""
    if not hasattr(signal, "SIGPIPE"):
        pytest.skip("no SIGPIPE on this platform")
    read_fd, write_fd = os.pipe()
    os.close(read_fd)  # nobody will read
    try:
        result = cydcheck("check", STRONG, DEFICIENT, "--format", "json", stdout=write_fd)
    finally:
        os.close(write_fd)
    assert result.returncode == -signal.SIGPIPE and result.stderr == b""
