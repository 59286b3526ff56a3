"""What analysts ask: the read models, caught up with the log before each answer."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from thidua.domain.errors import MalformedInput
from thidua.store import StoreKind, store_kind, store_url_kind
from thidua.store.postgres import postgres_connection, postgres_url
from thidua.store.timeouts import StoreWaited, ran_out, seconds

from .audit import AuditLog
from .awards import Awards
from .base import Projection, Table
from .cycle_queries import CycleQueries
from .cycles import Cycles
from .db import OwnConnection, PostgresViews, SQLiteViews, ViewDatabase
from .decisions import DecisionLines
from .failing import Progress
from .pages import StatusPages
from .participation import Participation
from .person_awards import PersonAwards
from .registry import Holders
from .registry_queries import RegistryQueries
from .runner import REBUILD, Runner
from .source import EventSource, MemorySource
from .standings import Standings
from .statuses import Statuses
from .swap import RebuildReport
from .votes import Votes

if TYPE_CHECKING:
    from thidua.domain.service.application import Thidua

PROJECTIONS: tuple[type[Projection], ...] = (
    Cycles,
    Standings,
    Votes,
    Awards,
    Participation,
    AuditLog,
    Statuses,
    Holders,
    PersonAwards,
    DecisionLines,
)


def open_views(
    app: Thidua | None, store: str | None
) -> tuple[ViewDatabase, EventSource]:
    """The database beside the application's events, and a reader of those events;
    without an application, straight from the store's URL (an existing store)."""
    if app is None:
        assert store is not None
        if store_url_kind(store) == "postgres":
            own = OwnConnection(*postgres_connection(store))
            db: ViewDatabase = PostgresViews(own, "thidua_events", owned=True)
        else:
            db = SQLiteViews(store)
        return db, EventSource(db)
    recorder: Any = app.recorder
    datastore: Any = getattr(recorder, "datastore", None)
    kind = store_kind(app)
    if kind == "sqlite":
        db = SQLiteViews(datastore.pool.db_name)
        return db, EventSource(db)
    if kind == "postgres":
        db = PostgresViews(datastore, recorder.events_table_name)
        return db, EventSource(db)
    db = SQLiteViews(":memory:")
    return db, MemorySource(db, app)


def store_url(app: Thidua | None, store: str | None, kind: StoreKind) -> str | None:
    """The URL another process opens the same store with; none for the in-memory
    store, whose events live in this process."""
    if kind == "memory":
        return None
    if app is None:
        return store
    if kind == "sqlite":
        recorder: Any = app.recorder
        return str(recorder.datastore.pool.db_name)
    return postgres_url(app.env)


def _plain(table: Table, row: Sequence[Any]) -> dict[str, Any]:
    """One row as Python values, the same from SQLite and PostgreSQL."""
    values: dict[str, Any] = {}
    for column, raw in zip(table.columns, row, strict=True):
        value = raw
        if raw is not None and column.type == "numeric":
            number = Decimal(str(raw)).normalize()
            whole = number == number.to_integral()
            value = number.quantize(Decimal(1)) if whole else number
        elif raw is not None and column.type == "boolean":
            value = bool(raw)
        values[column.name] = value
    return values


class Streamed:
    """A query's rows, read from the database each time they are iterated and held
    a batch at a time: what a whole table exported needs, whatever its size. Each
    pass is one read transaction, so it sees the table as it stood then."""

    def __init__(
        self, db: ViewDatabase, table: Table, sql: str, params: Sequence[Any]
    ) -> None:
        self.db, self.table, self.sql, self.params = db, table, sql, params

    def __iter__(self) -> Iterator[dict[str, Any]]:
        with self.db.transaction(write=False) as tx:
            for row in tx.stream(self.sql, self.params):
                yield _plain(self.table, row)


class ReadModels(CycleQueries, RegistryQueries, StatusPages):
    """Catch-up, status, rebuild, and the queries behind the analysts' commands."""

    def __init__(self, app: Thidua | None, *, store: str | None = None) -> None:
        """Over the application's store, or straight over an existing store's file or
        schema: answering from the views needs nothing of the engine (which then
        loads only if there are events to apply)."""
        self.app = app
        self.kind: StoreKind = (
            store_kind(app) if app is not None else store_url_kind(str(store))
        )
        self.db, source = open_views(app, store)
        self.by_name = {cls.name: cls(self.db, source) for cls in PROJECTIONS}
        # Which read model keeps each table: a read catches up the one it reads.
        self.keeper = {
            table.name: projection.name
            for projection in self.by_name.values()
            for table in projection.tables
        }
        self.runner = Runner(
            self.db,
            source,
            list(self.by_name.values()),
            store=store_url(app, store, self.kind),
        )
        self.runner.track.ensure()
        self.writable = self.runner.track.writable()
        # Events the answers so far did not include, for a role that may only read.
        self.behind = 0
        # The statements answered so far, with their parameters (to explain them).
        self.asked: list[tuple[str, tuple[Any, ...]]] = []

    def close(self) -> None:
        self.db.close()

    def projection(self, name: str) -> Projection:
        try:
            return self.by_name[name]
        except KeyError:
            known = ", ".join(self.by_name)
            raise MalformedInput(
                "no read model {name!r} (known: {known})",
                name=name,
                known=known,
                value=name,
            ) from None

    def catch_up(self, *names: str, progress: Progress | None = None) -> int:
        chosen = [self.projection(n) for n in names] or list(self.by_name.values())
        return self.runner.catch_up(chosen, progress=progress)

    def refresh(self, *names: str) -> None:
        """Catch up before answering; a read-only role answers as the views stand."""
        chosen = [self.projection(n) for n in names] or list(self.by_name.values())
        if self.writable:
            started = time.monotonic()
            while True:
                try:
                    self.runner.catch_up(chosen)
                    return
                except StoreWaited:
                    # Others hold the catch-up (many queries at once, on a busy
                    # machine): wait again, up to the statement timeout in all.
                    patience = seconds("THIDUA_STATEMENT_TIMEOUT")
                    if time.monotonic() - started >= patience:
                        what = "the read models"
                        raise ran_out(what, "THIDUA_STATEMENT_TIMEOUT") from None
        lag = self.runner.lag([self.projection(n) for n in names])
        self.behind = max(self.behind, lag)

    def status(self) -> list[dict[str, Any]]:
        return self.runner.track.status()

    def rebuild(
        self, *names: str, progress: Progress | None = None
    ) -> list[RebuildReport]:
        chosen = [self.projection(n) for n in names] or list(self.by_name.values())
        pairs = [(live, live.twin(REBUILD)) for live in chosen]
        return self.runner.rebuild(pairs, progress=progress)

    # queries ------------------------------------------------------------------------

    def _select(
        self, table: Table, where: str, params: Sequence[Any], order: str
    ) -> list[dict[str, Any]]:
        """Every answer reads through here or `_stream`, so none can miss the
        commands recorded just before it, whichever query or document asks."""
        sql = self._asked(table, where, params, order)
        with self.db.transaction(write=False) as tx:
            rows = tx.execute(sql, params)
        return [_plain(table, row) for row in rows]

    def _stream(
        self, table: Table, where: str, params: Sequence[Any], order: str
    ) -> Streamed:
        """As `_select`, the rows read as they are used instead of all at once."""
        return Streamed(
            self.db, table, self._asked(table, where, params, order), params
        )

    def _exists(self, table: Table, where: str, params: Sequence[Any]) -> bool:
        sql = f"SELECT 1 FROM {self.db.qualify(table.name)} WHERE {where} LIMIT 1"
        sql = self._ask(table, sql, params)  # before the read: it may catch up
        with self.db.transaction(write=False) as tx:
            return bool(tx.execute(sql, params))

    def _asked(
        self, table: Table, where: str, params: Sequence[Any], order: str
    ) -> str:
        sql = f"SELECT {', '.join(table.names)} FROM {self.db.qualify(table.name)}"
        if where:
            sql += f" WHERE {where}"
        return self._ask(table, f"{sql} ORDER BY {order}", params)

    def _ask(self, table: Table, sql: str, params: Sequence[Any]) -> str:
        """A statement on a table, once its read model has caught up; noted."""
        self.refresh(self.keeper[table.name])
        self.asked.append((sql, tuple(params)))
        return sql
