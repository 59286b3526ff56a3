"""Where the read models live: the store's own SQLite file or PostgreSQL schema.

Views share the store so that reading a page of events, updating the views and moving
the tracking position happen in one transaction. SQL is written once with `?`
placeholders; the PostgreSQL side rewrites them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Literal

from thidua.domain.errors import ThiduaError

if TYPE_CHECKING:
    from eventsourcing.postgres import PostgresDatastore

Dialect = Literal["sqlite", "postgres"]
STREAM_BATCH = 1000  # rows a streamed query holds at once on SQLite


class ReadModelStoreError(ThiduaError):
    """The database refused a read-model statement (locked, unreachable, altered)."""

    rule = "store"

    def __init__(self, message: str, *, denied: bool = False) -> None:
        super().__init__(message)
        self.denied = denied


# SQLSTATE insufficient_privilege: the role may read the read models but not write.
DENIED = "42501"
READ_ONLY_HINT = (
    " (this role may only read the read models; the writer role keeps them current)"
)


def _refused(error: Exception) -> ThiduaError:
    from thidua.store.timeouts import waited

    if (ran_out := waited(error, "the read models")) is not None:
        return ran_out  # a wait that ran out says what waited
    denied = getattr(error, "sqlstate", None) == DENIED
    hint = READ_ONLY_HINT if denied else ""
    # A driver's message may run over several lines (the statement, a caret): the
    # first says it.
    first = (str(error).strip().splitlines() or [type(error).__name__])[0]
    return ReadModelStoreError(f"read models: {first}" + hint, denied=denied)


class Tx:
    """One open transaction: execute statements, fetch rows as tuples."""

    def __init__(
        self, cursor: Any, dialect: Dialect, errors: tuple[type[Exception], ...]
    ) -> None:
        self._cursor = cursor
        self.dialect: Dialect = dialect
        self._errors = errors

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self.dialect == "postgres" else sql

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            self._cursor.execute(self._sql(sql), params)
            if self._cursor.description is None:
                return []
            return [tuple(row) for row in self._cursor.fetchall()]
        except self._errors as error:
            raise _refused(error) from error

    def stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[tuple[Any, ...]]:
        """A query's rows as they come, so that memory holds a batch of them however
        many match: psycopg's `stream` (libpq's row-by-row mode) on PostgreSQL,
        sqlite3's cursor a batch at a time on SQLite."""
        try:
            if self.dialect == "postgres":
                yield from self._cursor.stream(self._sql(sql), params)
                return
            self._cursor.execute(sql, params)
            while batch := self._cursor.fetchmany(STREAM_BATCH):
                yield from (tuple(row) for row in batch)
        except self._errors as error:
            raise _refused(error) from error

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = list(rows)
        if not rows:
            return
        try:
            self._cursor.executemany(self._sql(sql), rows)
        except self._errors as error:
            raise _refused(error) from error


class ViewDatabase:
    """Transactions on the database that holds the events and the read models."""

    dialect: Dialect
    events_table: str
    position_column: str

    def qualify(self, table: str) -> str:
        return table

    @contextmanager
    def transaction(self, *, write: bool = True) -> Iterator[Tx]:
        raise NotImplementedError
        yield  # pragma: no cover

    def table_exists(self, tx: Tx, table: str) -> bool:
        raise NotImplementedError

    def may_write(self, tx: Tx, table: str) -> bool:
        """Whether this connection's role may change the table."""
        return True

    def plan(self, tx: Tx, sql: str, params: Sequence[Any] = ()) -> list[str]:
        """How the database would run a statement: one line per step."""
        return [str(row[-1]) for row in tx.execute(f"EXPLAIN QUERY PLAN {sql}", params)]

    def close(self) -> None:
        """Release connections; the application's own stay open."""


class SQLiteViews(ViewDatabase):
    """A connection of our own to the store's SQLite file (or an in-memory database).

    Write transactions start with BEGIN IMMEDIATE: the lock is taken before the
    tracking position is read, so two processes never apply the same page.
    """

    dialect: Dialect = "sqlite"
    events_table = "stored_events"
    position_column = "rowid"

    def __init__(self, path: str, *, timeout: float = 10.0) -> None:
        self.connection = sqlite3.connect(
            path, timeout=timeout, isolation_level=None, check_same_thread=False
        )
        if path != ":memory:":
            self.connection.execute("PRAGMA journal_mode=WAL")
        self.connection.execute("PRAGMA synchronous=NORMAL")
        # Rebuilds insert into and compare large tables: a page cache of 16 MB
        # (SQLite's default is 2 MB) keeps that off the disk. The comparison's
        # temporary tables stay in files: in memory they cost a rebuild of a
        # national log 60 MB more and no time (benchmarks/national.py).
        self.connection.execute("PRAGMA cache_size=-16384")

    @contextmanager
    def transaction(self, *, write: bool = True) -> Iterator[Tx]:
        cursor = self.connection.cursor()
        try:
            cursor.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        except sqlite3.Error as error:
            raise ReadModelStoreError(f"read models: {error}") from error
        try:
            yield Tx(cursor, self.dialect, (sqlite3.Error,))
        except BaseException:
            cursor.execute("ROLLBACK")
            raise
        try:
            cursor.execute("COMMIT")
        except sqlite3.Error as error:
            cursor.execute("ROLLBACK")
            raise ReadModelStoreError(f"read models: {error}") from error

    def table_exists(self, tx: Tx, table: str) -> bool:
        return bool(
            tx.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                (table,),
            )
        )

    def close(self) -> None:
        self.connection.close()


class PostgresViews(ViewDatabase):
    """Transactions from the application's own PostgreSQL connection pool."""

    dialect: Dialect = "postgres"
    position_column = "notification_id"

    def __init__(
        self,
        datastore: PostgresDatastore | OwnConnection,
        events_table: str,
        *,
        owned: bool = False,
    ) -> None:
        self.datastore = datastore
        self.schema = datastore.schema
        self.events_table_name = events_table
        self.events_table = self.qualify(events_table)
        self.owned = owned  # a pool of our own, closed with the views

    def qualify(self, table: str) -> str:
        return f'"{self.schema}".{table}'

    @contextmanager
    def transaction(self, *, write: bool = True) -> Iterator[Tx]:
        import psycopg
        from psycopg.rows import tuple_row

        with self.datastore.get_connection() as connection, connection.transaction():
            cursor = connection.cursor(row_factory=tuple_row)
            yield Tx(cursor, self.dialect, (psycopg.Error,))

    def close(self) -> None:
        if self.owned:
            self.datastore.close()

    def table_exists(self, tx: Tx, table: str) -> bool:
        return bool(
            tx.execute(
                "SELECT 1 FROM information_schema.tables"
                " WHERE table_schema = ? AND table_name = ?",
                (self.schema, table),
            )
        )

    def plan(self, tx: Tx, sql: str, params: Sequence[Any] = ()) -> list[str]:
        return [str(row[0]) for row in tx.execute(f"EXPLAIN {sql}", params)]

    def may_write(self, tx: Tx, table: str) -> bool:
        [(allowed,)] = tx.execute(
            "SELECT has_table_privilege(?, 'UPDATE')", (self.qualify(table),)
        )
        return bool(allowed)


class OwnConnection:
    """A query's own PostgreSQL connection, made when first used: what `PostgresViews`
    needs of the library's datastore (and `projections follow` of its pool), without
    loading the library's pool and engine, which cost a query's start-up more than
    its answer."""

    def __init__(self, arguments: dict[str, Any], schema: str) -> None:
        self.arguments = arguments
        self.schema = schema
        self._connection: Any = None

    @property
    def pool(self) -> OwnConnection:
        return self

    @contextmanager
    def get_connection(self) -> Iterator[Any]:
        if self._connection is None or self._connection.broken:
            self._connection = self.getconn()
        yield self._connection

    def getconn(self) -> Any:
        import psycopg

        return psycopg.connect(**self.arguments, autocommit=True)

    def putconn(self, connection: Any) -> None:
        connection.close()

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
