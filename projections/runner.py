"""Keeping read models level with the log: catch-up, status and rebuild.

Each page of events is applied to every lagging projection and their tracking
positions move in the same transaction, so an interrupted catch-up resumes after the
last committed page and no event is applied twice. A rebuild fills fresh tables while
the live ones keep answering, then compares and swaps them in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from .base import EventFailed, Projection, ProjectionFailed
from .collector import collect, collector_held
from .db import Tx, ViewDatabase
from .failing import Progress, describe_failure
from .source import EventSource
from .swap import RebuildReport, compare, swap
from .tracking import Tracking

REBUILD = "__rebuild"
FLUSH_AT = 20_000  # rows (audit) or streams waiting to be written in a rebuild
# Streams whose folded state a read model keeps in memory: beyond HOLD, those touched
# longest ago are written and dropped, down to half: memory stays flat (a cycle's state
# is 20–30 KB in each of five read models), and a stream touched again is read again.
HOLD = 1_000
# Events in the log from which a first build is a rebuild, and a rebuild uses workers.
BULK_FROM = 20_000


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class Runner:
    """Tracking, catch-up and rebuild over one view database and one event source."""

    def __init__(
        self,
        db: ViewDatabase,
        source: EventSource,
        projections: Sequence[Projection],
        *,
        store: str | None = None,
    ) -> None:
        self.db = db
        self.source = source
        # The URL other processes open the store with; none in memory (tests).
        self.store = store
        self.track = Tracking(db, source, projections)
        self._left_at: dict[str, int] = {}

    # catch-up -----------------------------------------------------------------------

    def lagging(self, projections: Sequence[Projection]) -> list[Projection]:
        with self.db.transaction(write=False) as tx:
            head = self.source.head(tx)
            positions = self.track.positions(tx)
        return [p for p in projections if positions.get(p.key, 0) < head]

    def lag(self, projections: Sequence[Projection]) -> int:
        """How many events the furthest-behind of these has still to apply."""
        with self.db.transaction(write=False) as tx:
            positions = self.track.positions(tx)
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
                start = min(self.track.positions(tx).get(p.key, 0) for p in lagging)
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
            position = self.track.positions(tx).get(projection.key, 0)
            return position == 0 and self.source.count_after(tx, 0) >= BULK_FROM

    def _page(
        self,
        tx: Tx,
        lagging: Sequence[Projection],
        page: int,
        counts: dict[str, int] | None = None,
    ) -> tuple[int, list[Projection]]:
        positions = self.track.positions(tx, lock=True)
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
                f"UPDATE {self.track.table} SET position = ?, caught_up_at = ?,"
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
                f"UPDATE {self.track.table} SET error = ? WHERE projection = ?",
                (message, projection.key),
            )

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
                self.track.reset(tx, twin)
        try:
            counts = self._fill_somewhere(fresh, page, progress)
        except EventFailed as failure:
            self._forget(fresh)
            live = next(p for p, twin in pairs if twin.key == failure.projection)
            raise ProjectionFailed(describe_failure(live.name, failure)) from None
        reports = []
        with self.db.transaction() as tx:
            # Whatever was appended meanwhile goes into the fresh tables under the
            # same lock as the swap, so the swapped-in views are not behind the live.
            self.track.positions(tx, lock=True)
            rest = fresh
            while rest:
                _, rest = self._page(tx, rest, page, counts)
            positions = self.track.positions(tx)
            for live, twin in pairs:
                report = RebuildReport(live.name, counts[twin.key], positions[twin.key])
                for table in live.tables:
                    report.differences.append(compare(self.db, tx, live, twin, table))
                swap(self.db, tx, live, twin)
                tx.execute(
                    f"UPDATE {self.track.table} SET position = ?, caught_up_at = ?,"
                    " error = NULL, version = ? WHERE projection = ?",
                    (report.position, _now(), live.version, live.key),
                )
                tx.execute(
                    f"DELETE FROM {self.track.table} WHERE projection = ?", (twin.key,)
                )
                reports.append(report)
        self._forget([p for pair in pairs for p in pair])
        return reports

    def _fill_somewhere(
        self, fresh: Sequence[Projection], page: int, progress: Progress | None
    ) -> dict[str, int]:
        """In worker processes, each with a share of the twins, when the log is long
        and they can open the store; else here."""
        from . import workers  # multiprocessing: a rebuild's import, never a query's

        store = self.store
        groups = workers.shares(fresh, workers.how_many()) if store else []
        if store and len(groups) > 1 and self._events() >= workers.threshold(BULK_FROM):
            return workers.fill(store, groups, page, progress)
        with collector_held():
            return self._fill(fresh, page, progress)

    def _events(self) -> int:
        with self.db.transaction(write=False) as tx:
            return self.source.count_after(tx, 0)

    @staticmethod
    def _due(twin: Projection) -> bool:
        """Whether a twin's folded rows are to be written now, so memory stays flat."""
        return twin.pending() >= FLUSH_AT or twin.held() > (twin.holds or HOLD)

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
            # The fold only reads (the log, and the shadow rows already written), so
            # it runs in a read transaction: the write lock, which on SQLite is also
            # the store's, is held only while folded rows are written.
            with self.db.transaction(write=False) as tx:
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
            due = [twin for twin in fresh if done or self._due(twin)]
            if due:
                with self.db.transaction() as tx:
                    for twin in due:
                        twin.flush(tx)
                        tx.execute(
                            f"UPDATE {self.track.table} SET position = ?"
                            " WHERE projection = ?",
                            (position, twin.key),
                        )
                for twin in due:
                    twin.shrink((twin.holds or HOLD) // 2)  # reloaded if touched again
                collect()
            if progress:
                progress(read, max(total, read))
        return counts
