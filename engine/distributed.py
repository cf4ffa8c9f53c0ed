"""The ``dask`` executor: a batch on a Dask cluster (``--executor dask``; the ``dask`` extra).

``--scheduler ADDRESS`` connects to a running cluster (``dask scheduler`` / ``dask worker``, or any deployment); without
it a local cluster of ``--jobs`` single-threaded worker processes is started for the run and stopped after it. What
every worker needs (the rules as configured, the parsers) is scattered to each worker once; each task carries one
file's path (absolute: on a cluster of several machines the files must be at the same path on every worker, e.g. a
shared file system — standard input travels with its task). Results come back to this process and are put in input
order, so the report is the same bytes as a local run's.

``--timeout``: Dask cannot stop a task that is running, so the budget is kept here (:class:`_Budgeted`): each task is
placed on a free worker thread, so it starts at once, and one not back within the budget is reported as timed out and
cancelled; its thread stays busy until the task ends by itself and gets no other task until then.
"""

from __future__ import annotations

import importlib
import logging
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, suppress
from typing import Any, TypeVar

from .errors import ConfigError
from .executors import Executor, Lost, S, Session, Settings, TimedOut, available_cpus

T = TypeVar("T")
R = TypeVar("R")

_MISSING = "--executor dask needs the dask extra: pip install '.[dask]' in a checkout"


def _executing(dask_worker: Any) -> int:
    """Run on a worker: how many of its threads are busy, a task cancelled while running included."""
    return int(dask_worker.state.executing_count)


class _DaskSession(Session[S]):
    def __init__(self, client: Any, shared: Any, timeout: float | None) -> None:
        self.client = client
        self.shared = shared
        self.timeout = timeout

    def map(self, function: Callable[[S, T], R], tasks: Sequence[T]) -> Iterator[tuple[int, R | TimedOut | Lost]]:
        if self.timeout is None:
            pending = {self.client.submit(function, self.shared, t, pure=False): i for i, t in enumerate(tasks)}
            return self._collect(pending)
        return _Budgeted(self.client, self.shared, self.timeout, function, tasks).run()

    def _collect(self, pending: dict[Any, int]) -> Iterator[tuple[int, Any]]:
        dask: Any = importlib.import_module("distributed")
        try:
            for future in dask.as_completed(list(pending)):
                yield pending.pop(future), _result(dask, future)
        finally:
            for future in pending:
                future.cancel()


def _result(dask: Any, future: Any) -> Any:
    try:
        return future.result()
    except dask.KilledWorker as exc:
        return Lost(f"the Dask workers running it died ({exc})")


class _Budgeted:
    """A batch under ``--timeout`` on Dask, which cannot stop a running task. Each task is placed on a worker thread
    that is free, so its clock starts when it starts; one over the budget is reported as timed out and cancelled,
    and its thread — still busy until the document ends by itself — is not counted free until the worker says so.
    One slow filing therefore never eats the budget of the documents queued behind it."""

    _POLL = 0.1  # seconds between looks at workers whose threads a timed-out task still holds

    def __init__(self, client: Any, shared: Any, timeout: float, function: Callable[..., Any], tasks: Sequence[Any]):
        self.client, self.shared, self.timeout, self.function = client, shared, timeout, function
        self.queue = list(enumerate(tasks))
        self.queue.reverse()
        self.pending: dict[Any, tuple[int, float, str]] = {}  # future -> (position, started, worker)
        self.zombies: dict[str, int] = {}  # worker -> threads held by tasks given up on

    def run(self) -> Iterator[tuple[int, Any]]:
        dask: Any = importlib.import_module("distributed")
        try:
            self._hand_out()
            while self.pending or self.queue:
                now = time.monotonic()
                waits = [started + self.timeout - now for _, started, _ in self.pending.values()]
                budget = max(min(waits), 0.0) if waits else self._POLL
                if self.zombies and self.queue:
                    budget = min(budget, self._POLL)
                done: set[Any] = set()
                if self.pending:
                    with suppress(TimeoutError):
                        done = dask.wait(list(self.pending), timeout=budget, return_when="FIRST_COMPLETED").done
                else:
                    time.sleep(budget)
                for future in [f for f in self.pending if f in done]:
                    i, _, _ = self.pending.pop(future)
                    yield i, _result(dask, future)
                now = time.monotonic()
                for future in [f for f, (_, t, _) in self.pending.items() if now - t >= self.timeout]:
                    i, _, worker = self.pending.pop(future)
                    future.cancel()
                    self.zombies[worker] = self.zombies.get(worker, 0) + 1
                    yield i, TimedOut(self.timeout)
                self._hand_out()
        finally:
            for future in self.pending:
                future.cancel()

    def _hand_out(self) -> None:
        if not self.queue:
            return
        threads: dict[str, int] = self.client.nthreads()
        self._release_zombies(threads)
        busy: dict[str, int] = {}
        for _, _, worker in self.pending.values():
            busy[worker] = busy.get(worker, 0) + 1
        for worker in sorted(threads):
            free = threads[worker] - busy.get(worker, 0) - self.zombies.get(worker, 0)
            while self.queue and free > 0:
                i, task = self.queue.pop()
                future = self.client.submit(
                    self.function, self.shared, task, pure=False, workers=[worker], allow_other_workers=False
                )
                self.pending[future] = (i, time.monotonic(), worker)
                free -= 1

    def _release_zombies(self, threads: dict[str, int]) -> None:
        """Free the threads whose abandoned task has ended. Live tasks are only ever placed on free threads, so they
        are running: any thread a worker reports busy beyond this batch's live tasks on it is still held by an
        abandoned one. A worker that has left the cluster takes its threads with it."""
        for worker in [w for w in self.zombies if w not in threads]:
            del self.zombies[worker]
        if not self.zombies:
            return
        counts: dict[str, int] = self.client.run(_executing, workers=list(self.zombies))
        live: dict[str, int] = {}
        for _, _, worker in self.pending.values():
            live[worker] = live.get(worker, 0) + 1
        for worker in list(self.zombies):
            held = max(counts.get(worker, 0) - live.get(worker, 0), 0)
            if worker not in counts or held == 0:
                del self.zombies[worker]  # ended, or the worker is gone
            else:
                self.zombies[worker] = min(self.zombies[worker], held)


class DaskExecutor(Executor):
    """A Dask cluster: the one at ``settings.address``, or a local one of ``settings.jobs`` worker processes."""

    name = "dask"
    description = "a Dask cluster (--scheduler ADDRESS, or a local cluster of --jobs workers); the dask extra"

    def open(self, shared: S, settings: Settings) -> AbstractContextManager[Session[S]]:
        return self._open(shared, settings)

    @contextmanager
    def _open(self, shared: S, settings: Settings) -> Iterator[Session[S]]:
        try:
            dask: Any = importlib.import_module("distributed")
        except ImportError:
            raise ConfigError(_MISSING) from None

        if settings.address is not None:
            try:
                client = dask.Client(settings.address, timeout="10s")
            except (OSError, TimeoutError, ValueError) as exc:  # ValueError: not an address
                message = " ".join(str(exc).split())
                raise ConfigError(f"cannot reach the Dask scheduler at {settings.address}: {message}") from None
            with client:
                yield _DaskSession(client, client.scatter(shared, broadcast=True, hash=False), settings.timeout)
            return
        # The workers' scratch space (their lock files) in a folder of its own, removed with the cluster.
        config: Any = importlib.import_module("dask.config")
        with tempfile.TemporaryDirectory(prefix="cydcheck-dask-") as scratch, config.set(temporary_directory=scratch):
            cluster = dask.LocalCluster(
                n_workers=settings.jobs or available_cpus(),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            with cluster, dask.Client(cluster) as client:
                yield _DaskSession(client, client.scatter(shared, broadcast=True, hash=False), settings.timeout)
