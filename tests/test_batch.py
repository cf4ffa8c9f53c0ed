"""Batches: --jobs gives the same bytes in the same order as one job; --keep-going; --timeout; workers that die; the
executor hook; the progress bar; the Python API's batch options."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import time
import types
from pathlib import Path
from typing import Any

import cydcheck
import pytest
from click.testing import CliRunner
from cydcheck import plugins
from cydcheck.cli import cli
from cydcheck.executors import LocalExecutor, Lost, Settings, TimedOut, available_cpus
from cydcheck.model import Disclosure
from cydcheck.parsers.base import Parser
from cydcheck.pipeline import Batch, prepare, run
from cydcheck.plugins import registry
from cydcheck.reporters.json import JsonReporter
from cydcheck.sources import SourceFile
from helpers import CORPUS, EXAMPLES, EXHIBIT, FILING, ROOT, SHARED

AS_OF = dt.date(2026, 1, 1)

FORMATS = ("text", "json", "html", "markdown", "csv", "sarif", "junit", "github")


def _check(runner: CliRunner, *args: str) -> Any:
    return runner.invoke(cli, ["check", "--no-config", "--fail-on", "never", "--as-of", "2026-01-01", *args])


def _drafts(folder: Path) -> Path:
    """A folder of fictional drafts: the examples, a filing whose Item 1C is incorporated from an exhibit beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in EXAMPLES.iterdir():
        if path.is_file():
            shutil.copy(path, folder / path.name)
    (folder / "acme-10k.htm").write_text(FILING, encoding="utf-8")
    (folder / "acme-ex13.htm").write_text(EXHIBIT, encoding="utf-8")
    return folder


@pytest.mark.parametrize("fmt", FORMATS)
def test_jobs_give_the_same_bytes_in_the_same_order(tmp_path: Path, runner: CliRunner, fmt: str) -> None:
    drafts = _drafts(tmp_path)
    one = _check(runner, str(drafts), "--format", fmt, "--jobs", "1")
    two = _check(runner, str(drafts), "--format", fmt, "--jobs", "2")
    assert one.exit_code == two.exit_code == 0, one.output + two.output
    assert one.stdout == two.stdout and one.stdout
    if fmt == "json":
        sources = [d["source"] for d in json.loads(one.stdout)["documents"]]
        assert sources == sorted(sources)  # input order (a sorted scan), not the order workers finished in
        (acme,) = [d for d in json.loads(one.stdout)["documents"] if "acme" in d["source"]]
        assert acme["source"].endswith("acme-10k.htm") and acme["section_source"].endswith("acme-ex13.htm")


@pytest.mark.shared
def test_the_corpus_checked_with_two_jobs_is_the_same_report() -> None:
    setup = prepare(as_of=AS_OF)
    paths = [CORPUS / "xbrl", CORPUS / "ixbrl" / "WFC_10-K_FY2024.htm", CORPUS / "text"]
    one = JsonReporter().render(run(paths, setup, batch=Batch(jobs=1)))
    two = JsonReporter().render(run(paths, setup, batch=Batch(jobs=2)))
    assert one == two and len(json.loads(one)["documents"]) == 13


def test_the_api_takes_the_batch_options(tmp_path: Path) -> None:
    drafts = _drafts(tmp_path)
    one = cydcheck.check([drafts], config=None, as_of=AS_OF)
    two = cydcheck.check([drafts], config=None, as_of=AS_OF, jobs=2, timeout=60)
    assert one == two


def test_jobs_default_to_the_processors_available() -> None:
    assert available_cpus() >= 1
    if hasattr(os, "sched_getaffinity"):
        assert available_cpus() == len(os.sched_getaffinity(0))


# ---- a file that cannot be read or parsed ---------------------------------------------------------------------


def _with_bad_files(folder: Path) -> Path:
    _drafts(folder)
    (folder / "broken.json").write_text('{"source": ', encoding="utf-8")
    (folder / "zz-broken.yaml").write_text("text: [unclosed", encoding="utf-8")
    return folder


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_bad_file_stops_the_run_by_default(tmp_path: Path, runner: CliRunner, jobs: str) -> None:
    drafts = _with_bad_files(tmp_path / "in")
    out = tmp_path / "report.json"
    result = _check(runner, str(drafts), "--format", "json", "-o", str(out), "--jobs", jobs)
    assert result.exit_code == 2 and not out.exists()
    (line,) = result.stderr.splitlines()
    # The first bad file in input order, whichever worker failed first.
    assert line.startswith("cydcheck: error: ") and "broken.json" in line and "zz-broken" not in line


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_keep_going_reports_an_unreadable_file_and_checks_the_rest(
    tmp_path: Path, runner: CliRunner, jobs: str
) -> None:
    drafts = _with_bad_files(tmp_path / "in")
    result = runner.invoke(cli, ["check", str(drafts), "--no-config", "--format", "json", "-k", "--jobs", jobs])
    assert result.exit_code == 1, result.output  # an unreadable file never passes silently
    report = json.loads(result.stdout)
    bad = [d for d in report["documents"] if d["status"] == "unreadable"]
    assert [Path(d["source"]).name for d in bad] == ["broken.json", "zz-broken.yaml"]
    assert all(d["status_note"].startswith("not reviewed: ") and "\n" not in d["status_note"] for d in bad)
    assert all(r["status"] == "not-checked" for d in bad for r in d["requirements"])
    assert report["summary"]["unreadable"] == 2 and report["summary"]["not_reviewed"] >= 2
    assert sum(d["status"] == "reviewed" for d in report["documents"]) >= 4
    never = runner.invoke(cli, ["check", str(drafts), "--no-config", "-k", "--fail-on", "warning", "--jobs", jobs])
    assert never.exit_code == 1 and "error unreadable" in never.stdout


def test_an_unreadable_file_is_an_error_result_in_sarif(tmp_path: Path, runner: CliRunner) -> None:
    # Code scanning shows results, not the invocation's notifications: a file never checked must be one.
    drafts = _with_bad_files(tmp_path / "in")
    result = runner.invoke(cli, ["check", str(drafts), "--no-config", "--format", "sarif", "-k", "--jobs", "1"])
    assert result.exit_code == 1, result.output
    run = json.loads(result.stdout)["runs"][0]
    failed = [r for r in run["results"] if r["ruleId"] == "CYD-DOC-NOT-CHECKED"]
    assert sorted(Path(r["properties"]["document"]).name for r in failed) == ["broken.json", "zz-broken.yaml"]
    rules = run["tool"]["driver"]["rules"]
    assert all(r["level"] == "error" and rules[r["ruleIndex"]]["id"] == "CYD-DOC-NOT-CHECKED" for r in failed)
    assert all(r["message"]["text"].startswith("not reviewed: ") for r in failed)
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False and len(invocation["toolExecutionNotifications"]) == 2
    if (SHARED / "schemas").is_dir():
        import jsonschema

        schema = json.loads((SHARED / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
        errors = list(jsonschema.Draft7Validator(schema).iter_errors(json.loads(result.stdout)))
        assert not errors, errors[:3]
    # a batch that checked everything lists no such rule
    good = runner.invoke(cli, ["check", str(EXAMPLES / "northwind-strong.txt"), "--no-config", "--format", "sarif"])
    assert "CYD-DOC-NOT-CHECKED" not in good.stdout and '"executionSuccessful": true' in good.stdout


# ---- a document over its time budget, a worker that dies --------------------------------------------------------


class _Stubborn(Parser):
    """Reads ``*.slow`` files slowly and ``*.die`` files by killing its own process (a crash in C code, the OOM
    killer); anything else as one sentence about a board."""

    name = "stubborn"
    extensions = (".slow", ".die", ".ok")

    def sniff(self, source: SourceFile) -> float:
        return 1.0 if source.suffix in self.extensions else 0.0

    def parse(self, source: SourceFile) -> Disclosure:
        if source.suffix == ".slow":
            time.sleep(60)
        if source.suffix == ".die":
            os.kill(os.getpid(), signal.SIGKILL)
        return Disclosure(source=source.display, format=self.name, text="The board oversees cybersecurity risk.")


def _stubborn_run(tmp_path: Path, batch: Batch) -> cydcheck.model.Report:
    for name in ("a.ok", "b.slow", "c.die", "d.ok"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    table = {"stubborn": _Stubborn()}
    return run([tmp_path], prepare(), parsers=table, batch=batch)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_document_over_its_budget_is_timed_out_and_its_worker_replaced(tmp_path: Path, jobs: int) -> None:
    started = time.monotonic()
    report = _stubborn_run(tmp_path, Batch(jobs=jobs, timeout=1.5, keep_going=True))
    assert time.monotonic() - started < 30
    by_name = {Path(d.disclosure.source).name: d for d in report.documents}
    assert list(by_name) == ["a.ok", "b.slow", "c.die", "d.ok"]
    assert by_name["b.slow"].status == "timed-out"
    assert by_name["b.slow"].status_note == "not reviewed: timed out after 1.5 s"
    assert by_name["c.die"].status == "unreadable" and "worker process ended unexpectedly" in (
        by_name["c.die"].status_note or ""
    )
    assert by_name["a.ok"].reviewed and by_name["d.ok"].reviewed  # the pool went on with fresh workers
    assert report.summary.timed_out == 1 and report.summary.unreadable == 1 and report.worst_rank() == 4


def test_a_worker_that_dies_stops_the_run_without_keep_going(tmp_path: Path) -> None:
    with pytest.raises(cydcheck.errors.InputError, match=r"c\.die: its worker process ended unexpectedly"):
        _stubborn_run(tmp_path, Batch(jobs=2, timeout=1.5))


def test_the_local_executor_runs_in_process_for_one_job_and_in_workers_otherwise() -> None:
    def where(shared: object, task: int) -> int:
        return os.getpid()

    with LocalExecutor().open(None, Settings(jobs=1)) as session:
        assert {pid for _, pid in session.map(where, [1, 2])} == {os.getpid()}
    with LocalExecutor().open(None, Settings(jobs=2)) as session:
        pids = dict(session.map(_pid, list(range(6))))
    assert sorted(pids) == list(range(6)) and os.getpid() not in pids.values()
    with LocalExecutor().open(None, Settings(jobs=1, timeout=0.5)) as session:
        (outcome,) = [o for _, o in session.map(_sleep, [5.0])]
    assert outcome == TimedOut(0.5) and str(Lost("gone")) == "gone"


def _pid(shared: object, task: int) -> int:
    return os.getpid()


def _sleep(shared: object, seconds: float) -> float:
    time.sleep(seconds)
    return seconds


# ---- the executor hook -----------------------------------------------------------------------------------------


def test_the_built_in_executors_are_registered_and_an_unknown_one_is_one_line(runner: CliRunner) -> None:
    assert {"local", "dask"} <= set(registry().executors)
    result = _check(runner, str(EXAMPLES), "--executor", "nowhere")
    assert result.exit_code == 2
    assert result.stderr.startswith("cydcheck: error: unknown --executor 'nowhere' (known: dask, local")
    result = _check(runner, str(EXAMPLES), "--scheduler", "tcp://127.0.0.1:1")
    assert result.exit_code == 2 and "--scheduler names a Dask scheduler" in result.stderr


@pytest.fixture()
def fresh_registry():  # type: ignore[no-untyped-def]
    plugins.reset()
    yield
    plugins.disable_third_party(False)
    plugins.reset()


def _guide_example(hook: str) -> types.ModuleType:
    """The plugin guide's example for a hook, registered as a plugin (test_plugins.py runs every example too)."""
    guide = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    section = re.search(rf"^## {hook}\(.*?\)\n(.*?)(?=^## )", guide, re.M | re.S)
    assert section is not None
    code = re.search(r"^```python\n(.*?)^```", section.group(1), re.M | re.S)
    assert code is not None
    module = types.ModuleType(f"guide_{hook}")
    exec(compile(code.group(1), f"docs/plugins.md ({hook})", "exec"), module.__dict__)
    plugins.plugin_manager().register(module, name=f"guide-{hook}")
    return module


def test_a_plugin_executor_gives_the_same_report(tmp_path: Path, runner: CliRunner, fresh_registry) -> None:  # type: ignore[no-untyped-def]
    _guide_example("register_executors")
    drafts = _drafts(tmp_path / "in")
    plain = _check(runner, str(drafts), "--format", "json", "--jobs", "1")
    threads = _check(runner, str(drafts), "--format", "json", "--executor", "threads", "--jobs", "3")
    assert threads.exit_code == 0 and threads.stdout == plain.stdout
    assert [c.plugin for c in plugins.registry().contributions if c.name == "threads"] == ["guide-register_executors"]


def test_dask_on_a_local_cluster_gives_the_same_report(tmp_path: Path) -> None:
    pytest.importorskip("distributed", reason="the dask extra is not installed (pip install 'cydcheck[dask]')")
    drafts = _drafts(tmp_path)
    setup = prepare(as_of=AS_OF)
    local = JsonReporter().render(run([drafts], setup, batch=Batch(jobs=1)))
    dask = JsonReporter().render(run([drafts], setup, batch=Batch(jobs=2, executor="dask", timeout=120)))
    assert dask == local


def test_dask_names_a_scheduler_it_cannot_reach(tmp_path: Path) -> None:
    pytest.importorskip("distributed", reason="the dask extra is not installed (pip install 'cydcheck[dask]')")
    with pytest.raises(cydcheck.errors.ConfigError, match=r"cannot reach the Dask scheduler at tcp://127\.0\.0\.1:9"):
        run([EXAMPLES / "northwind-strong.txt"], prepare(), batch=Batch(executor="dask", address="tcp://127.0.0.1:9"))


def test_dask_times_out_only_what_ran_over_its_budget(tmp_path: Path) -> None:
    # One worker thread: a document over the budget keeps it busy after it is given up on (Dask cannot stop it),
    # and the quick ones queued behind it must not spend their budget waiting for that thread.
    pytest.importorskip("distributed", reason="the dask extra is not installed (pip install 'cydcheck[dask]')")
    import cloudpickle
    from cydcheck.distributed import DaskExecutor

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the workers cannot import the test module
    try:
        with DaskExecutor().open(None, Settings(jobs=1, timeout=1.0)) as session:
            outcomes = dict(session.map(_sleep, [3.0, 0.1, 0.1]))
    finally:
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    assert outcomes == {0: TimedOut(1.0), 1: 0.1, 2: 0.1}


def test_dask_refuses_a_scheduler_address_in_one_line(runner: CliRunner) -> None:
    pytest.importorskip("distributed", reason="the dask extra is not installed (pip install 'cydcheck[dask]')")
    result = _check(runner, str(EXAMPLES / "northwind-strong.txt"), "--executor", "dask", "--scheduler", "nowhere")
    assert result.exit_code == 2 and result.stderr.startswith("cydcheck: error: cannot reach the Dask scheduler")
    assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1


def test_a_local_dask_cluster_leaves_no_file_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("distributed", reason="the dask extra is not installed (pip install 'cydcheck[dask]')")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
    run([EXAMPLES / "northwind-strong.txt"], prepare(as_of=AS_OF), batch=Batch(jobs=1, executor="dask"))
    assert list(scratch.iterdir()) == []


# ---- the progress bar ------------------------------------------------------------------------------------------


def _terminal() -> tuple[Any, io.StringIO]:
    from rich.console import Console

    screen = io.StringIO()
    return Console(file=screen, force_terminal=True, width=100), screen


def test_the_progress_bar_counts_files_and_is_cleared() -> None:
    from cydcheck.cli.progress import progress_bar

    console, screen = _terminal()
    with progress_bar(console=console) as progress:
        assert progress is not None
        for done in range(4):
            progress(done, 3 if done < 3 else 4)
    drawn = screen.getvalue()
    assert "checking" in drawn and "0/3" in drawn and "3/4" in drawn  # a second round added one


def test_the_progress_bar_is_silent_for_one_file_quiet_or_no_terminal(runner: CliRunner) -> None:
    from cydcheck.cli.progress import progress_bar

    console, screen = _terminal()
    with progress_bar(console=console) as progress:
        assert progress is not None
        progress(0, 1)
        progress(1, 1)
    assert screen.getvalue() == ""
    with progress_bar(enabled=False, console=console) as progress:
        assert progress is None
    with progress_bar() as progress:  # pytest's stderr is no terminal
        assert progress is None
    result = _check(runner, str(EXAMPLES), "--jobs", "2")
    assert "checking" not in result.stderr


def test_the_command_line_lists_the_batch_options(runner: CliRunner) -> None:
    text = runner.invoke(cli, ["check", "--help"]).output
    for option in ("--jobs", "--keep-going", "--timeout", "--peers", "--executor", "--scheduler", "csv"):
        assert option in text
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## Batches and portfolios" in readme and "[--jobs N]" in readme
