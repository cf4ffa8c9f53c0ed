"""All-or-nothing reports (issue 14): the reports of one run appear together or not at all — after an error, SIGINT,
SIGTERM, and (with the next run's help) SIGKILL — and cydcheck's temporary files are recognisable and cleaned."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX signals and fork")

NAMES = ("cydcheck-report.html", "cydcheck-report.json", "cydcheck-report.md")
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
DEAD_PID = 4_194_305  # above Linux's largest pid_max (2**22): no such process can exist


def outputs() -> Any:
    from cydcheck.cli import outputs

    return outputs


def rendered(directory: Path, generation: int, size: int = 200_000) -> list[tuple[str | None, str]]:
    """One run's set: every file names its generation on its first line (and is big enough to take a while)."""
    return [(str(directory / name), f"generation {generation} {name}\n" + "x" * size) for name in NAMES]


def generations(directory: Path) -> list[int | None]:
    out: list[int | None] = []
    for name in NAMES:
        try:
            out.append(int((directory / name).read_text(encoding="utf-8").split()[1]))
        except FileNotFoundError:
            out.append(None)
    return out


def temporaries(directory: Path) -> list[str]:
    """Every temporary file, cydcheck's own naming or not."""
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def failing_on(call: int, real: Callable[..., Any], exc: BaseException) -> Callable[..., Any]:
    calls = {"n": 0}

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == call:
            raise exc
        return real(*args, **kwargs)

    return wrapper


def test_a_set_is_written_whole(tmp_path: Path) -> None:
    outputs().write_all(rendered(tmp_path, 1))
    assert generations(tmp_path) == [1, 1, 1] and temporaries(tmp_path) == []


def test_an_error_while_writing_leaves_the_old_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = outputs()
    out.write_all(rendered(tmp_path, 1))
    monkeypatch.setattr(out, "_stage", failing_on(3, out._stage, out.OutputError("disk full")))
    with pytest.raises(out.OutputError, match="disk full"):
        out.write_all(rendered(tmp_path, 2))
    assert generations(tmp_path) == [1, 1, 1] and temporaries(tmp_path) == []


def test_an_error_between_renames_puts_the_old_set_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = outputs()
    out.write_all(rendered(tmp_path, 1))
    monkeypatch.setattr(os, "replace", failing_on(2, os.replace, OSError(5, "Input/output error")))
    with pytest.raises(out.OutputError, match=r"cydcheck-report\.json: cannot write: Input/output error"):
        out.write_all(rendered(tmp_path, 2))
    assert generations(tmp_path) == [1, 1, 1] and temporaries(tmp_path) == []


def test_a_first_set_that_fails_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = outputs()
    monkeypatch.setattr(os, "replace", failing_on(3, os.replace, OSError(28, "No space left on device")))
    with pytest.raises(out.OutputError):
        out.write_all(rendered(tmp_path, 1))
    assert generations(tmp_path) == [None, None, None] and temporaries(tmp_path) == []


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_while_writing_removes_the_temporaries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, signum: int
) -> None:
    out = outputs()
    out.write_all(rendered(tmp_path, 1))
    real = out._stage

    def stage_then_signal(*args: Any) -> Any:
        staged = real(*args)
        os.kill(os.getpid(), signum)  # arrives while the first report is written
        return staged

    monkeypatch.setattr(out, "_stage", stage_then_signal)
    before = signal.getsignal(signum)
    with pytest.raises(out.Interrupted) as raised:
        out.write_all(rendered(tmp_path, 2))
    assert raised.value.signum == signum and raised.value.exit_code == 128 + signum
    assert generations(tmp_path) == [1, 1, 1] and temporaries(tmp_path) == []
    assert signal.getsignal(signum) is before  # the handlers of before are back


def test_a_signal_during_the_renames_lets_them_finish(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = outputs()
    out.write_all(rendered(tmp_path, 1))
    real = os.replace

    def replace_and_signal(*args: Any) -> Any:
        os.kill(os.getpid(), signal.SIGTERM)
        return real(*args)

    monkeypatch.setattr(os, "replace", replace_and_signal)
    with pytest.raises(out.Interrupted):
        out.write_all(rendered(tmp_path, 2))
    assert generations(tmp_path) == [2, 2, 2] and temporaries(tmp_path) == []


def test_sigterm_through_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from cydcheck.cli import main

    out = outputs()
    args = ["check", str(EXAMPLES / "northwind-strong.txt"), "-o", str(tmp_path)]
    args += ["--format", "html", "--format", "json", "--format", "markdown", "--fail-on", "never"]
    with pytest.raises(SystemExit) as raised:
        main(args)
    assert raised.value.code == 0
    old = {n: (tmp_path / n).read_bytes() for n in NAMES}
    for path in old:
        (tmp_path / path).write_bytes(old[path] + b"<!-- the old set -->")
    old = {n: (tmp_path / n).read_bytes() for n in NAMES}
    real = out._stage

    def stage_then_signal(*a: Any) -> Any:
        os.kill(os.getpid(), signal.SIGTERM)
        return real(*a)

    monkeypatch.setattr(out, "_stage", stage_then_signal)
    capsys.readouterr()
    with pytest.raises(SystemExit) as raised:
        main(args)
    assert raised.value.code == 143 and capsys.readouterr().err == "cydcheck: stopped by SIGTERM\n"
    assert {n: (tmp_path / n).read_bytes() for n in NAMES} == old and temporaries(tmp_path) == []


def test_the_next_run_cleans_up_after_a_killed_one(tmp_path: Path) -> None:
    out = outputs()
    out.write_all(rendered(tmp_path, 1))
    old = time.time() - 3600
    # A run killed while it wrote its temporary files: they go.
    leftover = tmp_path / f".cydcheck-{DEAD_PID}-abc123.cydcheck-report.html.tmp"
    leftover.write_text("generation 9 half")
    # A run killed between two renames: its journal finishes the set.
    for name in NAMES[1:]:
        (tmp_path / f".cydcheck-{DEAD_PID}-t{name}.tmp").write_text(f"generation 5 {name}\n")
    (tmp_path / NAMES[0]).write_text("generation 5 already renamed\n")
    journal = tmp_path / f".cydcheck-{DEAD_PID}-j.journal.tmp"
    renames = [[f".cydcheck-{DEAD_PID}-t{n}.tmp", n, None] for n in NAMES]
    journal.write_text(json.dumps({"rename": renames, "complete": True}))
    # What is not stale stays: a live process's file, and a file newer than this run.
    live = tmp_path / f".cydcheck-{os.getppid()}-live.cydcheck-report.json.tmp"
    live.write_text("x")
    fresh = tmp_path / f".cydcheck-{DEAD_PID}-fresh.cydcheck-report.md.tmp"
    fresh.write_text("x")
    for path in (leftover, journal, live, *tmp_path.glob(f".cydcheck-{DEAD_PID}-t*")):
        os.utime(path, (old, old))
    out.clean_stale(tmp_path)
    assert generations(tmp_path) == [5, 5, 5]
    assert temporaries(tmp_path) == sorted([live.name, fresh.name])


def test_a_journal_renames_only_its_own_files_onto_report_names(tmp_path: Path) -> None:
    victim = tmp_path / "draft.txt"
    victim.write_text("the user's draft")
    own = tmp_path / f".cydcheck-{DEAD_PID}-a.tmp"
    own.write_text("payload")
    journal = tmp_path / f".cydcheck-{DEAD_PID}-j.journal.tmp"
    bad = [[own.name, "draft.txt", None], [own.name, "../escape.txt", None], ["draft.txt", "cydcheck-report.md", None]]
    journal.write_text(json.dumps({"rename": bad, "complete": True}))
    old = time.time() - 3600
    for path in (own, journal):
        os.utime(path, (old, old))
    outputs().clean_stale(tmp_path)
    assert victim.read_text() == "the user's draft" and sorted(p.name for p in tmp_path.iterdir()) == ["draft.txt"]


def _write_in_child(directory: Path, generation: int, ready: int, delay: float) -> None:
    """In a forked child: write one set on a slow disk (every fsync takes ``delay`` more, every rename 5 times that, so
    that kills fall between renames too)."""
    try:
        out = outputs()
        real_fsync, real_replace = os.fsync, os.replace

        def slow_fsync(fd: int) -> None:
            time.sleep(delay)
            real_fsync(fd)

        def slow_replace(a: Any, b: Any) -> None:
            time.sleep(5 * delay)
            real_replace(a, b)

        os.fsync, os.replace = slow_fsync, slow_replace  # type: ignore[assignment]
        os.write(ready, b"w")
        out.write_all(rendered(directory, generation))
        code = 0
    except BaseException as exc:
        code = getattr(exc, "exit_code", 99)
    os._exit(code)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL])
def test_killed_at_random_points_the_set_is_old_or_new(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, signum: int
) -> None:
    """Repeated runs, each killed at a random moment while it writes: what is left is the complete old set or the
    complete new set. After SIGTERM nothing else is left; after SIGKILL the temporary files (and, if the kill fell
    between two renames, a journal) are left, and the next run's clean-up finishes the set and removes them."""
    out = outputs()
    out.write_all(rendered(tmp_path, 0))
    rng = random.Random(14 + signum)

    def child(generation: int) -> tuple[int, float, int]:
        ready_r, ready_w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(ready_r)
            _write_in_child(tmp_path, generation, ready_w, 0.004)
        os.close(ready_w)
        os.read(ready_r, 1)
        os.close(ready_r)
        return pid, time.monotonic(), generation

    # How long an uninterrupted write takes here, so that kills fall before, during and after it.
    pid, started, _ = child(1)
    _, status = os.waitpid(pid, 0)
    duration = time.monotonic() - started
    assert os.waitstatus_to_exitcode(status) == 0 and generations(tmp_path) == [1, 1, 1]
    current, seen = 1, {"old": 0, "new": 0, "mid-rename": 0, "leftovers": 0}
    for generation in range(2, 32):
        pid, _, _ = child(generation)
        time.sleep(rng.uniform(0, duration * 1.3))
        os.kill(pid, signum)
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        state = generations(tmp_path)
        left = temporaries(tmp_path)
        if signum == signal.SIGTERM:
            assert code in (0, 143, -signal.SIGTERM), code
            assert left == [], (generation, left)
            assert state in ([current] * 3, [generation] * 3), (generation, current, state)
        else:
            assert code in (0, -signal.SIGKILL), code
            journals = [n for n in left if n.endswith(".journal.tmp")]
            mixed = state not in ([current] * 3, [generation] * 3)
            assert not mixed or journals, (generation, current, state, left)  # a mixed set is always journalled
            seen["mid-rename"] += mixed
            seen["leftovers"] += bool(left)
            monkeypatch.setattr(out, "_STARTED", time.time() + 1)  # what the next run sees: a killed run's files
            out.clean_stale(tmp_path)
            state = generations(tmp_path)
            assert temporaries(tmp_path) == []
            assert state in ([current] * 3, [generation] * 3), (generation, current, state)
        seen["new" if state[0] == generation else "old"] += 1
        current = state[0] or current
    assert seen["old"] and seen["new"], seen  # the kills did fall on both sides of the renames


def test_the_next_command_line_run_removes_a_killed_runs_leftovers(tmp_path: Path) -> None:
    """Through the console script, in a fresh process (a stale file is one older than the run)."""
    leftover = tmp_path / f".cydcheck-{DEAD_PID}-zz.cydcheck-report.json.tmp"
    leftover.write_text("half a report")
    old = time.time() - 3600
    os.utime(leftover, (old, old))
    command = [sys.executable, "-m", "cydcheck", "check", str(EXAMPLES / "northwind-strong.txt"), "-o", str(tmp_path)]
    command += ["--format", "json", "--format", "markdown", "--fail-on", "never"]
    result = subprocess.run(command, capture_output=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cydcheck-report.json", "cydcheck-report.md"]
