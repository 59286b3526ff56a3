"""Following the log: keep the read models current as events arrive, until stopped.

PostgreSQL announces every append (the library NOTIFYs its channel), so the
follower sleeps on LISTEN; SQLite has no such signal, so the follower looks again
after a pause that grows while nothing happens. Either way it wakes at least every
`idle` seconds and stops within that time of being asked to.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from thidua.domain.errors import ThiduaError

from .db import PostgresViews, ReadModelStoreError

if TYPE_CHECKING:
    from .read_models import ReadModels


class Waiter:
    """Sleeps until events may have arrived, or the timeout passes."""

    def __init__(self, idle: float) -> None:
        self.idle = idle
        self.pause = 0.05

    def wait(self, stop: threading.Event, *, busy: bool) -> None:
        self.pause = 0.05 if busy else min(self.pause * 2, self.idle)
        stop.wait(self.pause)

    def close(self) -> None:
        """Release what waiting holds."""


class ListeningWaiter(Waiter):
    """Sleeps on PostgreSQL's LISTEN for the channel the library notifies."""

    def __init__(self, idle: float, datastore: Any, channel: str) -> None:
        from psycopg import sql

        super().__init__(idle)
        self.pool = datastore.pool
        self.connection = self.pool.getconn()
        self.connection.autocommit = True
        self.connection.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))

    def wait(self, stop: threading.Event, *, busy: bool) -> None:
        if busy:
            return  # there may be more at once; catch up again first
        for _ in self.connection.notifies(timeout=self.idle, stop_after=1):
            pass

    def close(self) -> None:
        self.connection.execute("UNLISTEN *")
        self.pool.putconn(self.connection)


def waiter_for(read_models: ReadModels, idle: float) -> Waiter:
    db = read_models.db
    if isinstance(db, PostgresViews):
        # The library notifies a channel named after the events table.
        return ListeningWaiter(idle, db.datastore, db.events_table_name)
    return Waiter(idle)


def follow(
    read_models: ReadModels,
    stop: threading.Event,
    *,
    idle: float = 1.0,
    report: Callable[[str], None] = lambda _: None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Catch up, then wait for more, until `stop` is set; return the events applied.
    `progress` (events now, events since start) says each catch-up its own way."""
    if not read_models.writable:
        raise ReadModelStoreError(
            "read models: this role may only read them; the follower runs as the"
            " writer role",
            denied=True,
        )
    waiter = waiter_for(read_models, idle)
    applied = 0
    try:
        while not stop.is_set():
            try:
                count = read_models.catch_up()
            except ThiduaError as failure:
                # A read model that failed, or a store that refused for a moment:
                # the positions are where they were, so trying again is safe.
                report(str(failure))
                count = 0
                stop.wait(idle)
            if count:
                applied += count
                if progress is not None:
                    progress(count, applied)
                else:
                    report(f"applied {count} event(s); {applied} since start")
            waiter.wait(stop, busy=bool(count))
    finally:
        waiter.close()
    return applied
