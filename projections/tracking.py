"""Where each read model stands in the log: the tracking table, set-up and status.

A projection's row holds its table layout's version, the log position it has applied
up to, when it last caught up and the error it stopped at, if any.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from .base import Projection
from .db import ReadModelStoreError, Tx, ViewDatabase
from .source import EventSource

TRACKING = "projection_tracking"


class Tracking:
    """The tracking table of one view database and the projections it follows."""

    def __init__(
        self, db: ViewDatabase, source: EventSource, projections: Sequence[Projection]
    ) -> None:
        self.db = db
        self.source = source
        self.projections = {p.name: p for p in projections}

    @property
    def table(self) -> str:
        return self.db.qualify(TRACKING)

    def ensure(self) -> None:
        """Create what is missing; rebuild a projection whose table layout changed."""
        try:
            with self.db.transaction(write=False) as tx:
                found = dict(
                    tx.execute(f"SELECT projection, version FROM {self.table}")
                )
        except ReadModelStoreError:  # no tracking table yet
            found = {}
        stale = [p for p in self.projections.values() if found.get(p.key) != p.version]
        if not stale:
            return
        if not self.writable():
            names = ", ".join(p.name for p in stale)
            raise ReadModelStoreError(
                f"read models: {names} not set up for this version of thidua, and"
                " this role may not set them up: the store's owner runs"
                " `thidua db init`",
                denied=True,
            )
        for attempt in range(1, 6):
            try:
                self._create(stale)
                return
            except ReadModelStoreError:
                # Two processes creating the tables at once collide in PostgreSQL's
                # catalogue; the second try finds them made.
                if attempt == 5:
                    raise
                time.sleep(0.05 * attempt)

    def writable(self) -> bool:
        """Whether this role may update the read models (a reader's may not)."""
        with self.db.transaction(write=False) as tx:
            if not self.db.table_exists(tx, TRACKING):
                return True  # nothing yet: whoever comes first sets them up
            return self.db.may_write(tx, TRACKING)

    def _create(self, stale: list[Projection]) -> None:
        with self.db.transaction() as tx:
            tx.execute(
                f"CREATE TABLE IF NOT EXISTS {self.table} (projection TEXT"
                " PRIMARY KEY, version INTEGER, position BIGINT, caught_up_at TEXT,"
                " error TEXT)"
            )
            found = dict(tx.execute(f"SELECT projection, version FROM {self.table}"))
            for projection in stale:
                if found.get(projection.key) == projection.version:
                    continue  # another process made it meanwhile
                projection.drop(tx)
                projection.create(tx)
                self.reset(tx, projection)

    def reset(self, tx: Tx, projection: Projection) -> None:
        tx.execute(f"DELETE FROM {self.table} WHERE projection = ?", (projection.key,))
        tx.execute(
            f"INSERT INTO {self.table} (projection, version, position)"
            " VALUES (?, ?, 0)",
            (projection.key, projection.version),
        )
        projection.forget()

    def positions(self, tx: Tx, *, lock: bool = False) -> dict[str, int]:
        sql = f"SELECT projection, position FROM {self.table}"
        if lock and self.db.dialect == "postgres":
            # In one order for everyone: rows locked in the order a scan finds
            # them, which updates change, deadlock catch-ups run at once.
            sql += " ORDER BY projection FOR UPDATE"
        return {name: int(position) for name, position in tx.execute(sql)}

    def status(self) -> list[dict[str, Any]]:
        with self.db.transaction(write=False) as tx:
            head = self.source.head(tx)
            rows = {
                row[0]: row
                for row in tx.execute(
                    f"SELECT projection, position, caught_up_at, error"
                    f" FROM {self.table}"
                )
            }
            report = []
            for projection in self.projections.values():
                _, position, caught_up_at, error = rows.get(
                    projection.key, (projection.key, 0, None, None)
                )
                report.append(
                    {
                        "projection": projection.name,
                        "title": projection.title,
                        "position": int(position),
                        "head": head,
                        "lag": self.source.count_after(tx, int(position)),
                        "caught_up_at": caught_up_at,
                        "error": error,
                    }
                )
        return report
