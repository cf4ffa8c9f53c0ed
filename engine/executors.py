"""Where a batch's documents are read and checked: the executor seam.

An :class:`Executor` runs one function over many tasks and hands each result back as it is ready; the pipeline puts
them back in input order, so where the work ran never changes the report. The built-in ``local`` executor runs in
this process (one job) or in a process pool on this machine (:mod:`pebble`, which can stop a task that is over its
time budget by killing its worker and starting another); the ``dask`` executor (:mod:`cydcheck.distributed`, the
``dask`` extra) runs the same tasks on a Dask cluster. Plugins add others through the ``register_executors`` hook.

What every worker needs (the rules as configured, the parsers, how to read files) is sent to each worker once, when
it starts; each task then carries one file.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures import as_completed
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")


def available_cpus() -> int:
    """The processors this process may run on (its affinity mask, not the machine's count)."""
    counted = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if counted is not None:
        return int(counted() or 1)
    if hasattr(os, "sched_getaffinity"):
        return max(len(os.sched_getaffinity(0)), 1)
    return os.cpu_count() or 1


@dataclass(frozen=True)
class Settings:
    """How a batch runs: ``jobs`` workers (None: one per available processor), a time budget per task in seconds
    (None: none), and ``address``, where the executor's workers are (a Dask scheduler; None: start them here)."""

    jobs: int | None = None
    timeout: float | None = None
    address: str | None = None


@dataclass(frozen=True)
class TimedOut:
    """A task stopped (or, where it cannot be stopped, given up on) after its time budget."""

    seconds: float


@dataclass(frozen=True)
class Lost:
    """A task whose worker ended without an answer (killed by the system, out of memory, a crash in C code)."""

    reason: str

    def __str__(self) -> str:
        return self.reason


class Session(ABC, Generic[S]):
    """Workers started with the shared state, ready to run tasks."""

    @abstractmethod
    def map(self, function: Callable[[S, T], R], tasks: Sequence[T]) -> Iterator[tuple[int, R | TimedOut | Lost]]:
        """``function(shared, task)`` for every task, yielded as ``(position in tasks, result)`` in the order they
        finish; the tasks are handed to the workers before this returns. A task over the budget yields
        :class:`TimedOut`, one whose worker died :class:`Lost`; an exception the function raises is raised here.
        ``function`` must be importable by name (a module-level function)."""


class Executor(ABC):
    """A way to run a batch; registered by name (``--executor NAME``)."""

    name: ClassVar[str]
    description: ClassVar[str]

    @abstractmethod
    def open(self, shared: S, settings: Settings) -> AbstractContextManager[Session[S]]:
        """Start workers that each hold ``shared`` (sent once per worker), and stop them when the context ends —
        also when it ends early, on an error or an interruption."""


# ---- the local executor --------------------------------------------------------------------------------------------

_shared: Any = None
"""In a pool worker: the state the worker was started with."""


def _start_worker(shared: object) -> None:
    global _shared
    _shared = shared
    # Ctrl-C reaches the whole process group; the parent alone decides (it stops the pool), so a worker never prints
    # a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _call(function: Callable[[Any, T], R], task: T) -> R:
    return function(_shared, task)


class _InProcess(Session[S]):
    def __init__(self, shared: S) -> None:
        self.shared = shared

    def map(self, function: Callable[[S, T], R], tasks: Sequence[T]) -> Iterator[tuple[int, R | TimedOut | Lost]]:
        for i, task in enumerate(tasks):
            yield i, function(self.shared, task)


def _context() -> Any:
    """Fork on Linux: a worker then starts with the parent's rules already loaded (the pool is started before any
    thread of ours, such as the progress bar's). Elsewhere spawn, each worker unpickling them: macOS has fork, but
    its system libraries are not safe to use in a forked child, which is why Python stopped defaulting to it there."""
    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")


class _Pool(Session[S]):
    def __init__(self, pool: Any, timeout: float | None) -> None:
        self.pool = pool
        self.timeout = timeout

    def map(self, function: Callable[[S, T], R], tasks: Sequence[T]) -> Iterator[tuple[int, R | TimedOut | Lost]]:
        # Scheduled now, not on the first next(): the workers start before the caller starts any thread of its own.
        futures = {self.pool.schedule(_call, args=(function, t), timeout=self.timeout): i for i, t in enumerate(tasks)}
        return self._collect(futures)

    def _collect(self, futures: dict[Any, int]) -> Iterator[tuple[int, Any]]:
        from pebble import ProcessExpired

        try:
            for future in as_completed(futures):
                i = futures.pop(future)
                try:
                    yield i, future.result()
                except FutureTimeout:
                    yield i, TimedOut(self.timeout or 0.0)
                except ProcessExpired as exc:
                    yield i, Lost(f"its worker process ended unexpectedly (exit code {exc.exitcode})")
        finally:
            for future in futures:  # the consumer stopped early: what is left is not wanted
                future.cancel()


class LocalExecutor(Executor):
    """This machine: in this process for one job (unless a time budget needs a worker that can be stopped), else a
    process pool of ``jobs`` workers."""

    name = "local"
    description = "this machine: in-process for one job, else a process pool (--jobs)"

    def open(self, shared: S, settings: Settings) -> AbstractContextManager[Session[S]]:
        return self._open(shared, settings)

    @contextmanager
    def _open(self, shared: S, settings: Settings) -> Iterator[Session[S]]:
        jobs = settings.jobs or available_cpus()
        if jobs <= 1 and settings.timeout is None:
            yield _InProcess(shared)
            return
        from pebble import ProcessPool

        pool: Any = ProcessPool(max_workers=jobs, initializer=_start_worker, initargs=(shared,), context=_context())
        done = False
        try:
            yield _Pool(pool, settings.timeout)
            done = True
        finally:
            if done:
                pool.close()
            else:
                pool.stop()
            pool.join()
