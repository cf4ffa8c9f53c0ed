"""The progress bar of a batch: files done, the rate and the time left, drawn by :mod:`rich` on stderr.

Only for a person watching: silent when stderr is not a terminal (CI logs, pipes, files), with ``--quiet``, and for a
single file. The bar is cleared when the run ends, so what stays on the terminal is the report alone. It starts on the
first word from the pipeline, once the workers are started: its drawing thread never exists when they are forked.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, Task
    from rich.text import Text

    from ..pipeline import Progress as OnProgress


def _rate_column() -> Any:
    from rich.progress import ProgressColumn
    from rich.text import Text

    class Rate(ProgressColumn):
        """Documents a second (a fraction shows as seconds a document on a slow batch)."""

        def render(self, task: Task) -> Text:
            speed = task.finished_speed or task.speed
            if not speed:
                return Text("", style="progress.data.speed")
            shown = f"{speed:.1f} files/s" if speed >= 1 else f"{1 / speed:.1f} s/file"
            return Text(shown, style="progress.data.speed")

    return Rate()


class _Bar:
    def __init__(self, console: Console) -> None:
        self.console = console
        self.progress: Progress | None = None
        self.task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if total < 2:
            return  # one file: nothing to watch
        if self.progress is None:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.progress = Progress(
                TextColumn("checking"),
                BarColumn(),
                MofNCompleteColumn(),
                _rate_column(),
                TimeRemainingColumn(),
                console=self.console,
                transient=True,
            )
            self.progress.start()
            self.task = self.progress.add_task("checking", total=total)
        self.progress.update(self.task, completed=done, total=total)

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()


@contextmanager
def progress_bar(enabled: bool = True, console: Console | None = None) -> Iterator[OnProgress | None]:
    """A progress callback for :func:`cydcheck.pipeline.run` that draws on stderr — or None when nobody watches."""
    if not enabled:
        yield None
        return
    isatty = getattr(sys.stderr, "isatty", None)
    if console is None and not (isatty and isatty()):
        yield None
        return
    if console is None:
        from rich.console import Console

        console = Console(stderr=True)
    if not console.is_terminal:
        yield None
        return
    bar = _Bar(console)
    try:
        yield bar
    finally:
        bar.stop()
