"""The ``dask`` executor: a batch on a Dask cluster (``--executor dask``; the ``dask`` extra).

``--scheduler ADDRESS`` connects to a running cluster (``dask scheduler`` / ``dask worker``, or any deployment); without
it a local cluster of ``--jobs`` single-threaded worker processes is started for the run and stopped after it. What
every worker needs (the rules as configured, the parsers) is scattered to each worker once; each task carries one
file's path (absolute: on a cluster of several machines the files must be at the same path on every worker, e.g. a
shared file system — standard input travels with its task). Results come back to this process and are put in input
order, so the report is the same bytes as a local run's.

``--timeout``: Dask cannot stop a task that is running, so the budget is kept here: no more tasks are handed out than
the cluster has threads (a task handed out starts at once) and one not back within the budget is reported as timed
out and cancelled; its worker thread stays busy until the task ends by itself.
"""

from __future__ import annotations

import importlib
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any, TypeVar

from .errors import ConfigError
from .executors import Executor, Lost, S, Session, Settings, TimedOut, available_cpus

T = TypeVar("T")
R = TypeVar("R")

_MISSING = "--executor dask needs the dask extra: pip install 'cydcheck[dask]'"


class _DaskSession(Session[S]):
    def __init__(self, client: Any, shared: Any, timeout: float | None) -> None:
        self.client = client
        self.shared = shared
        self.timeout = timeout

    def map(self, function: Callable[[S, T], R], tasks: Sequence[T]) -> Iterator[tuple[int, R | TimedOut | Lost]]:
        threads = sum(self.client.nthreads().values()) or 1
        window = threads if self.timeout is not None else len(tasks)
        queue = list(enumerate(tasks))
        queue.reverse()
        pending: dict[Any, tuple[int, float]] = {}

        def hand_out() -> None:
            while queue and len(pending) < window:
                i, task = queue.pop()
                future = self.client.submit(function, self.shared, task, pure=False)
                pending[future] = (i, time.monotonic())

        hand_out()
        return self._collect(pending, hand_out)

    def _collect(self, pending: dict[Any, tuple[int, float]], hand_out: Callable[[], None]) -> Iterator[Any]:
        dask: Any = importlib.import_module("distributed")

        try:
            while pending:
                budget = None
                if self.timeout is not None:
                    oldest = min(started for _, started in pending.values())
                    budget = max(oldest + self.timeout - time.monotonic(), 0.0)
                try:
                    done = dask.wait(list(pending), timeout=budget, return_when="FIRST_COMPLETED").done
                except TimeoutError:
                    done = set()
                for future in [f for f in pending if f in done]:
                    i, _ = pending.pop(future)
                    try:
                        yield i, future.result()
                    except dask.KilledWorker as exc:
                        yield i, Lost(f"the Dask workers running it died ({exc})")
                now = time.monotonic()
                for future in [
                    f for f, (_, t) in pending.items() if self.timeout is not None and now - t >= self.timeout
                ]:
                    i, _ = pending.pop(future)
                    future.cancel()
                    yield i, TimedOut(self.timeout or 0.0)
                hand_out()
        finally:
            for future in pending:
                future.cancel()


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

        cluster = None
        if settings.address is not None:
            try:
                client = dask.Client(settings.address, timeout="10s")
            except (OSError, TimeoutError) as exc:
                message = " ".join(str(exc).split())
                raise ConfigError(f"cannot reach the Dask scheduler at {settings.address}: {message}") from None
        else:
            cluster = dask.LocalCluster(
                n_workers=settings.jobs or available_cpus(),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            client = dask.Client(cluster)
        try:
            scattered = client.scatter(shared, broadcast=True, hash=False)
            yield _DaskSession(client, scattered, settings.timeout)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
