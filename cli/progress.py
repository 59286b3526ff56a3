"""Progress on stderr while a long step runs: its phase and how far it is of a real
total, gone from the screen once the command prints its result."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from .context import CliContext


class Steps:
    """Called as `step()` to count one, `step(phase=…, total=…)` to start a phase,
    or `step(done, total)` to say how far it is (a rebuild reports that way)."""

    def __init__(self, bar: Progress | None = None, task: TaskID | None = None) -> None:
        self.bar, self.task = bar, task

    def __bool__(self) -> bool:
        """Whether anyone sees it (a caller may skip counting otherwise)."""
        return self.bar is not None

    def __call__(
        self,
        done: int | None = None,
        total: int | None = None,
        *,
        phase: str | None = None,
    ) -> None:
        if self.bar is None or self.task is None:
            return
        if phase is not None:
            self.bar.update(self.task, description=phase, completed=0, total=total)
        elif done is None:
            self.bar.advance(self.task)
        else:
            self.bar.update(self.task, completed=done, total=total)


@contextmanager
def progress(obj: CliContext, phase: str, total: int | None = None) -> Iterator[Steps]:
    """Steps shown on stderr when someone is watching (a terminal, not --quiet):
    a spinner, the phase, a bar with done/total, and the time left. Transient: it
    leaves nothing behind on the screen."""
    if obj.verbosity < 0 or not sys.stderr.isatty():
        yield Steps()
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    console = Console(stderr=True)
    with Progress(*columns, console=console, transient=True) as bar:
        yield Steps(bar, bar.add_task(phase, total=total))
