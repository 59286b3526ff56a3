"""A full rebuild's fill in worker processes: the read models shared out by weight.

Each worker opens the store from its URL, makes the twins of its share of the read
models (the same shadow tables and tracking rows the parent made) and runs the same
fill as one process does (`Runner._fill`), writing under the write lock as that does.
The parent then catches the twins up, compares and swaps them, as after its own fill.
Workers are spawned, never forked: the parent holds open SQLite and psycopg
connections, which a forked child would share.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from multiprocessing.connection import Connection, wait
from typing import Any

from .base import EventFailed, Projection, ProjectionFailed
from .failing import Progress, describe_failure

WORKERS = "THIDUA_REBUILD_WORKERS"  # processes that fill the twins; 1: this one alone
PARALLEL_FROM = "THIDUA_REBUILD_PARALLEL_FROM"  # events from which they are used
# Each read model's cost in a full rebuild, in tenths of a second: each rebuilt
# alone on a store of 43,927 events, less what a rebuild of the lightest costs
# (docs/performance.md, "Rebuilding in worker processes").
WEIGHTS = {
    "audit": 35,
    "statuses": 27,
    "standings": 9,
    "participation": 5,
    "person_awards": 5,
    "votes": 4,
    "awards": 4,
    "cycles": 4,
}
OTHERS = 1  # registry, decisions: few events of their own


def _setting(name: str, default: int, least: int) -> int:
    given = os.environ.get(name, "").strip()
    try:
        value = int(given) if given else default
    except ValueError:
        value = least - 1
    if value < least:
        raise ProjectionFailed(
            "{name} must be a whole number, at least {least}, not {given!r}",
            name=name,
            least=least,
            given=given,
            value=given,
        )
    return value


def how_many() -> int:
    """How many processes fill a long rebuild: the machine's cores, at most two."""
    return _setting(WORKERS, min(os.cpu_count() or 1, 2), 1)


def threshold(default: int) -> int:
    """How many events a log holds at least for its rebuild to use workers."""
    return _setting(PARALLEL_FROM, default, 0)


def shares(fresh: Sequence[Projection], workers: int) -> list[list[Projection]]:
    """The twins in at most `workers` groups of about equal weight, heaviest placed
    first, each into the lightest group; each group in the order given."""
    groups: list[list[Projection]] = [[] for _ in range(max(workers, 1))]
    loads = [0] * len(groups)
    for twin in sorted(fresh, key=lambda t: -WEIGHTS.get(t.name, OTHERS)):
        lightest = loads.index(min(loads))
        groups[lightest].append(twin)
        loads[lightest] += WEIGHTS.get(twin.name, OTHERS)
    order = {twin.key: n for n, twin in enumerate(fresh)}
    return [sorted(g, key=lambda t: order[t.key]) for g in groups if g]


@contextmanager
def _deaf_to_interrupts() -> Iterator[None]:
    """Workers started inside ignore Ctrl-C (a spawned process keeps an ignored
    signal ignored): the parent stops them, so none prints a traceback of its own."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def fill(
    store: str,
    groups: Sequence[Sequence[Projection]],
    page: int,
    progress: Progress | None,
) -> dict[str, int]:
    """Fill each group's twins in a process of its own; the events each twin read.

    The first worker to fail stops the others and its failure is raised here as a
    `ProjectionFailed`; the shadow tables stay for the next rebuild to drop.
    """
    context = multiprocessing.get_context("spawn")
    started: list[tuple[multiprocessing.process.BaseProcess, Connection]] = []
    try:
        with _deaf_to_interrupts():
            for group in groups:
                reader, writer = context.Pipe(duplex=False)
                names = [twin.name for twin in group]
                suffix = group[0].suffix
                process = context.Process(
                    target=work,
                    args=(store, names, suffix, page, writer),
                    name=f"thidua rebuild: {', '.join(names)}",
                    daemon=True,
                )
                process.start()
                writer.close()  # the worker's end: closed when it ends, however
                started.append((process, reader))
        return _gather(started, groups, progress)
    finally:
        for worker, reader in started:
            if worker.is_alive():
                worker.terminate()
            worker.join()
            reader.close()


def _gather(
    started: Sequence[tuple[multiprocessing.process.BaseProcess, Connection]],
    groups: Sequence[Sequence[Projection]],
    progress: Progress | None,
) -> dict[str, int]:
    counts: dict[str, int] = {}
    done = [0.0] * len(started)
    total = 0
    running = {reader: n for n, (_, reader) in enumerate(started)}
    while running:
        for ready in wait(list(running)):
            assert isinstance(ready, Connection)
            n = running[ready]
            try:
                message = ready.recv()
            except EOFError:
                process = started[n][0]
                process.join()
                names = ", ".join(twin.name for twin in groups[n])
                # A status below zero is the signal that ended it (-9: killed).
                raise ProjectionFailed(
                    "read models {names}: the rebuild's worker process ended"
                    " (exit status {code}) before it had filled them",
                    names=names,
                    code=process.exitcode,
                ) from None
            kind, *rest = message
            if kind == "failed":
                raise ProjectionFailed(rest[0])
            if kind == "progress":
                read, total = rest
                done[n] = read / max(total, 1)
            else:
                counts.update(rest[0])
                done[n] = 1.0
                del running[ready]
            if progress and total:
                progress(round(total * sum(done) / len(done)), total)
    return counts


def work(
    store: str, names: list[str], suffix: str, page: int, parent: Connection
) -> None:
    """A worker's life: fill the twins of the named read models, and say how it went
    to the parent in one message (after any number of progress messages)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        parent.send(("done", _fill(store, names, suffix, page, parent)))
    except EventFailed as failure:
        _tell(parent, ("failed", _described(failure, suffix)))
    except Exception as error:
        # Uncaught, multiprocessing would print the worker's traceback: the parent
        # says it in one line instead. (Ctrl-C is ignored here; the parent stops
        # a worker with SIGTERM, which raises nothing.)
        first = (str(error).strip().splitlines() or [""])[0]
        said = f"{type(error).__name__}: {first}".rstrip(": ")
        _tell(parent, ("failed", f"read models {', '.join(names)}: {said}"))
    finally:
        parent.close()


def _fill(
    store: str, names: list[str], suffix: str, page: int, parent: Connection
) -> dict[str, int]:
    from .collector import collector_held
    from .read_models import PROJECTIONS, open_views
    from .runner import Runner

    db, source = open_views(None, store)
    try:
        lives = [cls(db, source) for cls in PROJECTIONS if cls.name in names]
        runner = Runner(db, source, lives)

        def report(read: int, total: int) -> None:
            parent.send(("progress", read, total))

        with collector_held():
            return runner._fill([live.twin(suffix) for live in lives], page, report)
    finally:
        db.close()


def _described(failure: EventFailed, suffix: str) -> str:
    return describe_failure(failure.projection.removesuffix(suffix), failure)


def _tell(parent: Connection, message: Any) -> None:
    with suppress(OSError):  # the parent is gone: no one is left to tell
        parent.send(message)
