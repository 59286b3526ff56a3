"""The SQLite store: the library's tables and statements, saved and read back on a
plain connection of our own.

The library runs each statement through its connection pool, a transaction object
and a cursor wrapper; on the command path that cost about as much as the commit
itself. Here one connection per factory does `BEGIN IMMEDIATE`, the library's own
INSERT statements, `COMMIT`, and the library's SELECT for a stream, so the rows are
the same byte for byte (tests/storage/test_own_recorder.py). The write lock is
taken as the transaction begins: the busy timeout then applies to it, where a
deferred transaction that has read could only fail at once. Setting up the tables,
the notification log and tracking stay the library's.

sqlite3's errors become the library's by their type, as its own transaction maps
them: the retries (domain/service/recording.py) see an IntegrityError for a version
already taken and an OperationalError for a lock held past the busy timeout, with
the driver's error (and its code) as the cause.

The connection is closed with the application (`Application.close` closes the
factory): SQLite moves the write-ahead log into the database file only when the
last connection to it closes.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from eventsourcing import persistence as library
from eventsourcing.persistence import (
    AggregateRecorder,
    ApplicationRecorder,
    PersistenceError,
    StoredEvent,
)
from eventsourcing.sqlite import (
    SQLITE3_DEFAULT_LOCK_TIMEOUT,
    SQLiteAggregateRecorder,
    SQLiteApplicationRecorder,
    SQLiteFactory,
)
from eventsourcing.utils import Environment, EnvType

# sqlite3's exception classes → the library's, subclasses before their bases: the
# order of the library's own SQLiteTransaction.
ERRORS: tuple[tuple[type[sqlite3.Error], type[PersistenceError]], ...] = (
    (sqlite3.InterfaceError, library.InterfaceError),
    (sqlite3.DataError, library.DataError),
    (sqlite3.OperationalError, library.OperationalError),
    (sqlite3.IntegrityError, library.IntegrityError),
    (sqlite3.InternalError, library.InternalError),
    (sqlite3.ProgrammingError, library.ProgrammingError),
    (sqlite3.NotSupportedError, library.NotSupportedError),
    (sqlite3.DatabaseError, library.DatabaseError),
)


def persistence_error(error: sqlite3.Error) -> PersistenceError:
    """The library's exception for a sqlite3 one, by its class alone."""
    for driver, ours in ERRORS:
        if isinstance(error, driver):
            return ours(error)
    return PersistenceError(error)


class Connection:
    """One plain sqlite3 connection, opened on first use, one thread at a time."""

    def __init__(self, db_name: str, timeout: float) -> None:
        self.db_name = db_name
        self.timeout = timeout
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None

    def _open(self) -> sqlite3.Connection:
        try:
            connection = sqlite3.connect(
                self.db_name,
                uri=True,
                timeout=self.timeout,
                isolation_level=None,  # transactions as the statements say
                check_same_thread=False,  # the lock keeps it to one thread at a time
            )
        except sqlite3.Error as error:
            raise library.InterfaceError(error) from error
        self._connection = connection
        return connection

    @contextmanager
    def writing(self) -> Iterator[sqlite3.Cursor]:
        """A transaction that holds the write lock from its start and commits."""
        with self._lock:
            connection = self._connection or self._open()
            try:
                cursor = connection.execute("BEGIN IMMEDIATE")
                yield cursor
                connection.execute("COMMIT")
            except BaseException as error:
                # Ctrl-C or an exit mid-append must roll back too, not leave the
                # write lock held; the error itself goes on as it came.
                if connection.in_transaction:
                    connection.rollback()
                if isinstance(error, sqlite3.Error):
                    raise persistence_error(error) from error
                raise

    def read(self, statement: str, params: Sequence[Any]) -> list[Any]:
        """The rows of one SELECT, in its own read transaction."""
        with self._lock:
            connection = self._connection or self._open()
            try:
                return connection.execute(statement, params).fetchall()
            except sqlite3.Error as error:
                raise persistence_error(error) from error

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None


class OwnConnection:
    """Saving and reading a stream through `own`; the library's way without it (an
    in-memory database, whose pool alone reaches it)."""

    own: Connection | None = None
    insert_events_statement: str
    select_events_statement: str

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        if self.own is None:
            return super().insert_events(stored_events, **kwargs)  # type: ignore[misc, no-any-return]
        with self.own.writing() as cursor:
            # The library's own statement and parameters: a raw cursor has the
            # wrapper's execute, executemany and lastrowid.
            inserted: Sequence[int] | None = self._insert_events(  # type: ignore[attr-defined]
                cursor, stored_events, **kwargs
            )
            return inserted

    def select_events(
        self,
        originator_id: UUID | str,
        *,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> Sequence[StoredEvent]:
        if self.own is None:
            return super().select_events(  # type: ignore[misc, no-any-return]
                originator_id, gt=gt, lte=lte, desc=desc, limit=limit
            )
        # The statement exactly as the library builds it.
        statement = self.select_events_statement
        params: list[Any] = [
            originator_id.hex if isinstance(originator_id, UUID) else originator_id
        ]
        if gt is not None:
            statement += "AND originator_version>? "
            params.append(gt)
        if lte is not None:
            statement += "AND originator_version<=? "
            params.append(lte)
        statement += "ORDER BY originator_version "
        statement += "ASC " if desc is False else "DESC "
        if limit is not None:
            statement += "LIMIT ? "
            params.append(limit)
        convert = self.convert_originator_id  # type: ignore[attr-defined]
        # SELECT * gives the table's columns in order: id, version, topic, state.
        return [
            StoredEvent(
                originator_id=convert(stream),
                originator_version=version,
                topic=topic,
                state=state,
            )
            for stream, version, topic, state in self.own.read(statement, params)
        ]


class Events(OwnConnection, SQLiteApplicationRecorder):
    """The events table, with its notification log (the library's)."""


class Snapshots(OwnConnection, SQLiteAggregateRecorder):
    """The snapshots table."""


class Factory(SQLiteFactory):
    """The library's SQLite factory, whose recorders save through `own`."""

    aggregate_recorder_class = Snapshots
    application_recorder_class = Events

    def __init__(self, env: Environment | EnvType | None) -> None:
        super().__init__(env)
        pool = self.datastore.pool
        self.own = (
            None
            if pool.is_sqlite_memory_mode
            else Connection(
                pool.db_name, pool.lock_timeout or SQLITE3_DEFAULT_LOCK_TIMEOUT
            )
        )

    def aggregate_recorder(self, purpose: str = "events") -> AggregateRecorder:
        recorder = super().aggregate_recorder(purpose)
        if isinstance(recorder, OwnConnection):
            recorder.own = self.own
        return recorder

    def application_recorder(self) -> ApplicationRecorder:
        recorder = super().application_recorder()
        if isinstance(recorder, OwnConnection):
            recorder.own = self.own
        return recorder

    def close(self) -> None:
        if self.own is not None:
            self.own.close()
        super().close()
