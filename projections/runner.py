"""Keeping read models level with the log: catch-up, status and rebuild.

Each page of events is applied to every lagging projection and their tracking
positions move in the same transaction, so an interrupted catch-up resumes after the
last committed page and no event is applied twice. A rebuild fills fresh tables while
the live ones keep answering, then compares and swaps them in one transaction.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from .base import EventFailed, Projection, ProjectionFailed, Table
from .db import ReadModelStoreError, Tx, ViewDatabase
from .indexes import take_indexes
from .source import EventSource

TRACKING = "projection_tracking"
REBUILD = "__rebuild"
FLUSH_AT = 20_000  # rows (audit) or streams waiting to be written in a rebuild
# Streams whose folded state a read model keeps in memory: beyond HOLD, those touched
# longest ago are dropped (written first), down to half. Memory stays flat however long
# the log (a cycle's state is 20–30 KB in each of five read models); a store whose
# log interleaves more cycles than that reads some streams' history again.
HOLD = 1_000
BULK_FROM = 20_000  # events in the log from which a first build goes the rebuild's way
Progress = Callable[[int, int], None]


@dataclass
class TableDifference:
    table: str
    only_live: int
    only_rebuilt: int


@dataclass
class RebuildReport:
    projection: str
    events: int
    position: int
    differences: list[TableDifference] = field(default_factory=list)

    @property
    def unchanged(self) -> bool:
        return not any(d.only_live or d.only_rebuilt for d in self.differences)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def describe_failure(projection: str, failure: EventFailed) -> str:
    change = failure.change
    return (
        f"read model {projection} stopped at event {change.position}"
        f" ({change.kind}, stream {change.stream} version {change.version}):"
        f" {type(failure.error).__name__}: {failure.error}"
    )


class Runner:
    """Tracking, catch-up and rebuild over one view database and one event source."""

    def __init__(
        self, db: ViewDatabase, source: EventSource, projections: Sequence[Projection]
    ) -> None:
        self.db = db
        self.source = source
        self.projections = {p.name: p for p in projections}
        self._left_at: dict[str, int] = {}

    @property
    def tracking(self) -> str:
        return self.db.qualify(TRACKING)

    # set-up -------------------------------------------------------------------------

    def ensure(self) -> None:
        """Create what is missing; rebuild a projection whose table layout changed."""
        try:
            with self.db.transaction(write=False) as tx:
                found = dict(
                    tx.execute(f"SELECT projection, version FROM {self.tracking}")
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
                f"CREATE TABLE IF NOT EXISTS {self.tracking} (projection TEXT"
                " PRIMARY KEY, version INTEGER, position BIGINT, caught_up_at TEXT,"
                " error TEXT)"
            )
            found = dict(tx.execute(f"SELECT projection, version FROM {self.tracking}"))
            for projection in stale:
                if found.get(projection.key) == projection.version:
                    continue  # another process made it meanwhile
                projection.drop(tx)
                projection.create(tx)
                self._reset(tx, projection)

    def _reset(self, tx: Tx, projection: Projection) -> None:
        tx.execute(
            f"DELETE FROM {self.tracking} WHERE projection = ?", (projection.key,)
        )
        tx.execute(
            f"INSERT INTO {self.tracking} (projection, version, position)"
            " VALUES (?, ?, 0)",
            (projection.key, projection.version),
        )
        projection.forget()

    # catch-up -----------------------------------------------------------------------

    def positions(self, tx: Tx, *, lock: bool = False) -> dict[str, int]:
        sql = f"SELECT projection, position FROM {self.tracking}"
        if lock and self.db.dialect == "postgres":
            # In one order for everyone: rows locked in the order a scan finds
            # them, which updates change, deadlock catch-ups run at once.
            sql += " ORDER BY projection FOR UPDATE"
        return {name: int(position) for name, position in tx.execute(sql)}

    def lagging(self, projections: Sequence[Projection]) -> list[Projection]:
        with self.db.transaction(write=False) as tx:
            head = self.source.head(tx)
            positions = self.positions(tx)
        return [p for p in projections if positions.get(p.key, 0) < head]

    def lag(self, projections: Sequence[Projection]) -> int:
        """How many events the furthest-behind of these has still to apply."""
        with self.db.transaction(write=False) as tx:
            positions = self.positions(tx)
            start = min((positions.get(p.key, 0) for p in projections), default=0)
            return self.source.count_after(tx, start)

    def catch_up(
        self,
        projections: Sequence[Projection],
        *,
        page: int = 1000,
        progress: Progress | None = None,
    ) -> int:
        """Apply what was appended since each projection's position; return how many."""
        lagging = self.lagging(projections)
        if first := [p for p in lagging if self._never_built(p)]:
            # A first build over a long log goes the rebuild's way: one pass, each
            # stream's rows written once, instead of page by page.
            pairs = [(p, p.twin(REBUILD)) for p in first]
            built = sum(r.events for r in self.rebuild(pairs, progress=progress))
            return built + self.catch_up(lagging, page=page, progress=progress)
        applied = 0
        failures: list[str] = []
        total = 0
        if progress and lagging:
            with self.db.transaction(write=False) as tx:
                start = min(self.positions(tx).get(p.key, 0) for p in lagging)
                total = self.source.count_after(tx, start)
        while lagging:
            try:
                with self.db.transaction() as tx:
                    applied_now, lagging = self._page(tx, lagging, page)
            except EventFailed as failure:
                failed = next(p for p in lagging if p.key == failure.projection)
                failures.append(describe_failure(failed.name, failure))
                self._record_error(failed, failures[-1])
                lagging = [p for p in lagging if p is not failed]
                self._forget(lagging)
                continue
            except BaseException:
                self._forget(lagging)
                raise
            applied += applied_now
            if progress:
                progress(applied, max(total, applied))
        if failures:
            raise ProjectionFailed(failures[0])
        return applied

    def _never_built(self, projection: Projection) -> bool:
        with self.db.transaction(write=False) as tx:
            position = self.positions(tx).get(projection.key, 0)
            return position == 0 and self.source.count_after(tx, 0) >= BULK_FROM

    def _page(
        self,
        tx: Tx,
        lagging: Sequence[Projection],
        page: int,
        counts: dict[str, int] | None = None,
    ) -> tuple[int, list[Projection]]:
        positions = self.positions(tx, lock=True)
        head = self.source.head(tx)
        active = [p for p in lagging if positions.get(p.key, 0) < head]
        if not active:
            return 0, []
        for projection in active:
            if self._left_at.get(projection.key) != positions[projection.key]:
                projection.forget()
        start = min(positions[p.key] for p in active)
        kinds = frozenset().union(*(p.kinds for p in active))
        changes = self.source.read(tx, start, page, kinds, head)
        end = changes[-1].position if len(changes) == page else head
        now = _now()
        for projection in active:
            since = positions[projection.key]
            if since >= end:
                continue
            mine = [
                c for c in changes if c.position > since and c.kind in projection.kinds
            ]
            try:
                projection.process(tx, mine, since=since)
            except EventFailed as failure:
                failure.projection = projection.key
                raise
            hold = projection.holds or HOLD
            if projection.held() > hold:  # a follower running for years stays small
                projection.shrink(hold // 2)
            if counts is not None:
                counts[projection.key] += len(mine)
            tx.execute(
                f"UPDATE {self.tracking} SET position = ?, caught_up_at = ?,"
                " error = NULL WHERE projection = ?",
                (end, now, projection.key),
            )
            self._left_at[projection.key] = end
        return len(changes), [p for p in active if end < head]

    def _forget(self, projections: Sequence[Projection]) -> None:
        for projection in projections:
            projection.forget()
            self._left_at.pop(projection.key, None)

    def _record_error(self, projection: Projection, message: str) -> None:
        self._forget([projection])
        with self.db.transaction() as tx:
            tx.execute(
                f"UPDATE {self.tracking} SET error = ? WHERE projection = ?",
                (message, projection.key),
            )

    # status -------------------------------------------------------------------------

    def status(self) -> list[dict[str, Any]]:
        with self.db.transaction(write=False) as tx:
            head = self.source.head(tx)
            rows = {
                row[0]: row
                for row in tx.execute(
                    f"SELECT projection, position, caught_up_at, error"
                    f" FROM {self.tracking}"
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

    # rebuild ------------------------------------------------------------------------

    def rebuild(
        self,
        pairs: Sequence[tuple[Projection, Projection]],
        *,
        progress: Progress | None = None,
        page: int = 5000,
    ) -> list[RebuildReport]:
        """Build each live projection's twin on shadow tables, compare, swap them in.

        The twins are filled in one pass over the log, so rebuilding every read model
        reads and decodes each event once.
        """
        fresh = [twin for _, twin in pairs]
        with self.db.transaction() as tx:
            for twin in fresh:
                twin.drop(tx)
                twin.create(tx)
                self._reset(tx, twin)
        try:
            counts = self._fill(fresh, page, progress)
        except EventFailed as failure:
            self._forget(fresh)
            live = next(p for p, twin in pairs if twin.key == failure.projection)
            raise ProjectionFailed(describe_failure(live.name, failure)) from None
        reports = []
        with self.db.transaction() as tx:
            # Whatever was appended meanwhile goes into the fresh tables under the
            # same lock as the swap, so the swapped-in views are not behind the live.
            self.positions(tx, lock=True)
            rest = fresh
            while rest:
                _, rest = self._page(tx, rest, page, counts)
            positions = self.positions(tx)
            for live, twin in pairs:
                report = RebuildReport(live.name, counts[twin.key], positions[twin.key])
                for table in live.tables:
                    report.differences.append(self._compare(tx, live, twin, table))
                self._swap(tx, live, twin)
                tx.execute(
                    f"UPDATE {self.tracking} SET position = ?, caught_up_at = ?,"
                    " error = NULL, version = ? WHERE projection = ?",
                    (report.position, _now(), live.version, live.key),
                )
                tx.execute(
                    f"DELETE FROM {self.tracking} WHERE projection = ?", (twin.key,)
                )
                reports.append(report)
        self._forget([p for pair in pairs for p in pair])
        return reports

    def _fill(
        self, fresh: Sequence[Projection], page: int, progress: Progress | None
    ) -> dict[str, int]:
        """Read the whole log into the shadow tables, writing each stream's rows once.

        Nobody reads the shadow tables, so folded state stays in memory across pages
        and is written when enough has gathered; short write transactions let
        operators keep recording. An interrupted rebuild leaves only shadow tables,
        which the next rebuild drops.
        """
        kinds = frozenset().union(*(twin.kinds for twin in fresh))
        with self.db.transaction(write=False) as tx:
            total = self.source.count_after(tx, 0)
        counts = dict.fromkeys((twin.key for twin in fresh), 0)
        position = read = 0
        done = False
        while not done:
            with self.db.transaction() as tx:
                head = self.source.head(tx)
                since = position
                changes = self.source.read(tx, position, page, kinds, head)
                read += len(changes)
                position = changes[-1].position if len(changes) == page else head
                done = len(changes) < page
                for twin in fresh:
                    mine = [c for c in changes if c.kind in twin.kinds]
                    counts[twin.key] += len(mine)
                    try:
                        twin.process(tx, mine, since=since, defer=True)
                    except EventFailed as failure:
                        failure.projection = twin.key
                        raise
                    hold = twin.holds or HOLD
                    if done or twin.pending() >= FLUSH_AT or twin.held() > hold:
                        twin.flush(tx)
                        twin.shrink(hold // 2)  # written: reloaded if touched again
                        tx.execute(
                            f"UPDATE {self.tracking} SET position = ?"
                            " WHERE projection = ?",
                            (position, twin.key),
                        )
            if progress:
                progress(read, max(total, read))
        return counts

    def _compare(
        self, tx: Tx, live: Projection, fresh: Projection, table: Table
    ) -> TableDifference:
        """Rows only in one of the two views, matched by key.

        A changed row counts on both sides, as with EXCEPT; matching by key uses the
        tables' indexes instead of sorting both.
        """
        a, b = live.table(table.name), fresh.table(table.name)
        same = "IS" if self.db.dialect == "sqlite" else "IS NOT DISTINCT FROM"
        on = " AND ".join(f"l.{k} = f.{k}" for k in table.key)
        equal = " AND ".join(f"l.{c} {same} f.{c}" for c in table.names)

        def count(sql: str) -> int:
            return int(tx.execute(sql)[0][0])

        def missing(first: str, second: str) -> int:
            return count(
                f"SELECT COUNT(*) FROM {first} AS l WHERE NOT EXISTS"
                f" (SELECT 1 FROM {second} AS f WHERE {on})"
            )

        changed = count(
            f"SELECT COUNT(*) FROM {a} AS l JOIN {b} AS f ON {on} WHERE NOT ({equal})"
        )
        only_live, only_fresh = missing(a, b), missing(b, a)
        return TableDifference(table.name, changed + only_live, changed + only_fresh)

    def _swap(self, tx: Tx, live: Projection, fresh: Projection) -> None:
        for table in live.tables:
            tx.execute(f"DROP TABLE IF EXISTS {live.table(table.name)}")
            tx.execute(
                f"ALTER TABLE {fresh.table(table.name)} RENAME TO {table.name}"
                f"{live.suffix}"
            )
            if self.db.dialect == "postgres":
                # The key's index keeps the shadow table's name; give it the live one
                # so that the next rebuild can create its shadow again.
                shadow_key = self.db.qualify(f"{table.name}{fresh.suffix}_pkey")
                tx.execute(
                    f"ALTER INDEX {shadow_key} RENAME TO {table.name}{live.suffix}_pkey"
                )
        take_indexes(tx, live, fresh)
