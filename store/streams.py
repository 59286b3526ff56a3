"""Each stream's rows with their positions, read by the stream's key.

`audit verify --all` reads the log a stream at a time (domain/auditor/streams.py);
the library reads a stream without its events' positions, so the auditor would
first pass over the whole log to learn them. SQLite and PostgreSQL hold the
position in the same row (`rowid`, `notification_id`): one indexed query per
stream gives both, and the streams' keys come from the primary key's index.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from .guards import store_kind

if TYPE_CHECKING:
    from thidua.domain.auditor.streams import Streams
    from thidua.domain.service.application import Thidua


class SQLiteStreams:
    def __init__(self, app: Thidua) -> None:
        recorder: Any = app.recorder
        self.datastore = recorder.datastore
        self.table = recorder.events_table_name

    def ids(self) -> Iterator[UUID]:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(
                f"SELECT DISTINCT originator_id FROM {self.table}"
                " ORDER BY originator_id"
            )
            keys = [UUID(row[0]) for row in cursor.fetchall()]
        return iter(keys)

    def events(self, stream: UUID) -> list[tuple[int, StoredEvent]]:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(
                f"SELECT rowid, originator_version, topic, state FROM {self.table}"
                " WHERE originator_id = ? ORDER BY originator_version",
                (stream.hex,),
            )
            rows = cursor.fetchall()
        return [(row[0], StoredEvent(stream, row[1], row[2], row[3])) for row in rows]


class PostgresStreams:
    def __init__(self, app: Thidua) -> None:
        recorder: Any = app.recorder
        self.datastore = recorder.datastore
        self.table = f'"{self.datastore.schema}".{recorder.events_table_name}'

    def ids(self) -> Iterator[UUID]:
        with self.datastore.get_connection() as connection:
            rows = connection.execute(
                f"SELECT DISTINCT originator_id FROM {self.table}"
                " ORDER BY originator_id"
            ).fetchall()
        return iter([UUID(str(row["originator_id"])) for row in rows])

    def events(self, stream: UUID) -> list[tuple[int, StoredEvent]]:
        with self.datastore.get_connection() as connection:
            rows = connection.execute(
                f"SELECT notification_id, originator_version, topic, state"
                f" FROM {self.table} WHERE originator_id = %s"
                " ORDER BY originator_version",
                (stream,),
            ).fetchall()
        return [
            (
                row["notification_id"],
                StoredEvent(
                    stream, row["originator_version"], row["topic"], bytes(row["state"])
                ),
            )
            for row in rows
        ]


def streams_of(app: Thidua) -> Streams | None:
    """The fastest way this store reads a stream with its positions; None where the
    auditor's own pass over the log serves (the in-memory store)."""
    kind = store_kind(app)
    if kind == "sqlite":
        return SQLiteStreams(app)
    if kind == "postgres":
        return PostgresStreams(app)
    return None
