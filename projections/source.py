"""Reading the application's notification log a page at a time, as plain documents.

Projections read the stored JSON of each event rather than rebuilding pydantic models:
the documents were validated when they were written, and skipping a second
validation is what lets a rebuild run close to the speed of the database.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import TYPE_CHECKING, Any, NamedTuple
from uuid import UUID

from thidua.domain.topics import EVENTS, STREAMS

from .db import Tx, ViewDatabase

if TYPE_CHECKING:
    from thidua.domain.service.application import Thidua

# The events the read models follow: a bloc's, a cycle's, a register's and a
# decision's, by their pinned topics
# (domain/topics.py imports nothing, so reading the views does not load the domain).
TOPICS: dict[str, str] = {
    kind: EVENTS[kind]
    for stream in ("bloc", "cycle", "registry", "decision")
    for kind in STREAMS[stream]
}
KINDS: dict[str, str] = {topic: kind for kind, topic in TOPICS.items()}


class Change(NamedTuple):
    """One stored event: its place in the log and in its stream, and its document."""

    position: int
    stream: str
    version: int
    kind: str
    data: dict[str, Any]

    @property
    def happened(self) -> str:
        """When the fact happened (a day, or a time with its offset, as the operator
        gave it); when it was recorded if none was given."""
        return str(self.data.get("occurred_at") or self.data["timestamp"])


_raw_decode = json.JSONDecoder().raw_decode


def decode(topic: str, state: bytes | str) -> dict[str, Any]:
    # The library's transcoder wrote compact UTF-8 JSON: decoding the text directly
    # skips the encoding detection and whitespace scans `json.loads` makes.
    text = state.decode("utf-8") if isinstance(state, bytes) else state
    data: dict[str, Any] = _raw_decode(text)[0]
    if "class_version" in data:
        from eventsourcing.utils import resolve_topic

        from thidua.domain.service.mapper import upcast

        return upcast(resolve_topic(topic), data)
    return data


def stream_key(originator_id: Any) -> str:
    if isinstance(originator_id, UUID):
        return originator_id.hex
    return str(originator_id).replace("-", "")


class EventSource:
    """The log of one application, read inside a view transaction when they share it."""

    def __init__(self, db: ViewDatabase) -> None:
        self.db = db

    def head(self, tx: Tx) -> int:
        column = self.db.position_column
        rows = tx.execute(f"SELECT MAX({column}) FROM {self.db.events_table}")
        return int(rows[0][0] or 0)

    def count_after(self, tx: Tx, position: int) -> int:
        column = self.db.position_column
        rows = tx.execute(
            f"SELECT COUNT(*) FROM {self.db.events_table} WHERE {column} > ?",
            (position,),
        )
        return int(rows[0][0])

    def stream(
        self, tx: Tx, stream: str, upto: int, kinds: Collection[str]
    ) -> list[Change]:
        """One stream's events of these kinds, up to a log position, in order."""
        key: Any = stream if self.db.dialect == "sqlite" else UUID(stream)
        return self._select(
            tx, "originator_id = ?", [key], upto=upto, kinds=kinds,
            order="originator_version",
        )  # fmt: skip

    def read(
        self, tx: Tx, after: int, limit: int, kinds: Collection[str], upto: int
    ) -> list[Change]:
        """Events after one position and up to another (the head the caller saw:
        PostgreSQL's statements each see the latest commits, so the bound keeps a
        page from reaching past the position the caller will record)."""
        column = self.db.position_column
        order = f"{column} LIMIT {int(limit)}"
        return self._select(
            tx, f"{column} > ?", [after], upto=upto, kinds=kinds, order=order
        )

    def _select(
        self,
        tx: Tx,
        where: str,
        params: list[Any],
        *,
        upto: int,
        kinds: Collection[str],
        order: str,
    ) -> list[Change]:
        column = self.db.position_column
        topics = [TOPICS[kind] for kind in kinds]
        marks = ", ".join("?" for _ in topics)
        rows = tx.execute(
            f"SELECT {column}, originator_id, originator_version, topic, state"
            f" FROM {self.db.events_table}"
            f" WHERE {where} AND {column} <= ? AND topic IN ({marks})"
            f" ORDER BY {order}",
            (*params, upto, *topics),
        )
        return self._changes(rows)

    def _changes(self, rows: list[tuple[Any, ...]]) -> list[Change]:
        if self.db.dialect == "sqlite":  # the library stores ids as 32 hex digits
            return [
                Change(position, stream, version, KINDS[topic], decode(topic, state))
                for position, stream, version, topic, state in rows
            ]
        return [
            Change(
                position,
                stream_key(stream),
                version,
                KINDS[topic],
                decode(topic, bytes(state)),
            )
            for position, stream, version, topic, state in rows
        ]


class MemorySource(EventSource):
    """The in-process store of tests and `--db memory:`: read through the recorder."""

    def __init__(self, db: ViewDatabase, app: Thidua) -> None:
        super().__init__(db)
        self.app = app

    def head(self, tx: Tx) -> int:
        return int(self.app.recorder.max_notification_id() or 0)

    def count_after(self, tx: Tx, position: int) -> int:
        return len(
            self.app.recorder.select_notifications(
                start=position, limit=10**9, inclusive_of_start=False
            )
        )

    def stream(
        self, tx: Tx, stream: str, upto: int, kinds: Collection[str]
    ) -> list[Change]:
        everything = self.read(tx, 0, max(upto, 1), kinds, upto)
        return [c for c in everything if c.stream == stream and c.position <= upto]

    def read(
        self, tx: Tx, after: int, limit: int, kinds: Collection[str], upto: int
    ) -> list[Change]:
        notifications = self.app.recorder.select_notifications(
            start=after,
            limit=limit,
            stop=upto,
            inclusive_of_start=False,
            topics=[TOPICS[kind] for kind in kinds],
        )
        return [
            Change(
                n.id,
                stream_key(n.originator_id),
                n.originator_version,
                KINDS[n.topic],
                decode(n.topic, n.state),
            )
            for n in notifications
        ]
