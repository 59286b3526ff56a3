"""What every read model is made of: declared tables, event handlers, a tracking key.

A projection declares its public tables (the names, types and meanings that
docs/read-models.md publishes), the event kinds it reads, and how a page of events
changes its tables. `StreamProjection` folds each stream's events into one small state
document, kept in a private table, and rewrites the stream's public rows from it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from thidua.domain.errors import ThiduaError

from .db import Tx, ViewDatabase
from .source import Change

ColumnType = Literal["text", "integer", "numeric", "boolean", "json"]
SQL_TYPES: dict[str, dict[ColumnType, str]] = {
    "sqlite": {
        "text": "TEXT",
        "integer": "INTEGER",
        "numeric": "NUMERIC",
        "boolean": "BOOLEAN",
        "json": "TEXT",
    },
    "postgres": {
        "text": "TEXT",
        "integer": "BIGINT",
        "numeric": "NUMERIC",
        "boolean": "BOOLEAN",
        "json": "TEXT",
    },
}


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    doc: str


@dataclass(frozen=True)
class Table:
    name: str
    doc: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)


class ProjectionFailed(ThiduaError):
    """A read model could not apply an event; its position stays before that event."""

    rule = "projection"


class EventFailed(Exception):
    def __init__(self, change: Change, error: BaseException) -> None:
        super().__init__(str(error))
        self.change = change
        self.error = error
        self.projection = ""


class Projection:
    name: ClassVar[str]
    title: ClassVar[str]
    version: ClassVar[int] = 1
    kinds: ClassVar[frozenset[str]]
    tables: ClassVar[tuple[Table, ...]]

    def __init__(self, db: ViewDatabase, suffix: str = "") -> None:
        self.db = db
        self.suffix = suffix

    @property
    def key(self) -> str:
        """The projection's row in the tracking table."""
        return self.name + self.suffix

    def table(self, name: str) -> str:
        return self.db.qualify(name + self.suffix)

    def all_tables(self) -> tuple[Table, ...]:
        return self.tables

    def create(self, tx: Tx) -> None:
        types = SQL_TYPES[self.db.dialect]
        for table in self.all_tables():
            columns = ", ".join(f"{c.name} {types[c.type]}" for c in table.columns)
            tx.execute(
                f"CREATE TABLE IF NOT EXISTS {self.table(table.name)}"
                f" ({columns}, PRIMARY KEY ({', '.join(table.key)}))"
            )

    def drop(self, tx: Tx) -> None:
        for table in self.all_tables():
            tx.execute(f"DROP TABLE IF EXISTS {self.table(table.name)}")

    def forget(self) -> None:
        """Drop anything cached from the tables: another process may have moved them."""

    def process(
        self, tx: Tx, changes: Sequence[Change], *, defer: bool = False
    ) -> None:
        """Apply a page; `defer` keeps folded state in memory to write later."""
        for change in changes:
            try:
                self.apply(tx, change)
            except Exception as error:
                self.forget()
                raise EventFailed(change, error) from error
        if not defer:
            self.flush(tx)

    def pending(self) -> int:
        """How many streams have changes not yet written."""
        return 0

    def apply(self, tx: Tx, change: Change) -> None:
        raise NotImplementedError

    def flush(self, tx: Tx) -> None:
        """Write what the page changed, before the tracking position moves."""

    def insert(self, tx: Tx, table: Table, rows: Iterable[Sequence[Any]]) -> None:
        marks = ", ".join("?" for _ in table.columns)
        tx.executemany(
            f"INSERT INTO {self.table(table.name)} ({', '.join(table.names)})"
            f" VALUES ({marks})",
            rows,
        )


Handler = Callable[[Any, dict[str, Any], Change], None]


class StreamProjection(Projection):
    """A read model whose rows for a stream follow from that stream's events alone."""

    starts: ClassVar[frozenset[str]]

    def __init__(self, db: ViewDatabase, suffix: str = "") -> None:
        super().__init__(db, suffix)
        self._states: dict[str, dict[str, Any]] = {}
        self._dirty: set[str] = set()

    @property
    def state_table(self) -> Table:
        return Table(
            f"{self.name}_state",
            "Private: the state each stream's rows are written from.",
            (
                Column("stream", "text", "the stream (event stream id, hex)"),
                Column("state", "json", "the folded state"),
            ),
            ("stream",),
        )

    def all_tables(self) -> tuple[Table, ...]:
        return (*self.tables, self.state_table)

    def forget(self) -> None:
        self._states.clear()
        self._dirty.clear()

    def pending(self) -> int:
        return len(self._dirty)

    def start(self, change: Change) -> dict[str, Any]:
        raise NotImplementedError

    def fold(self, state: dict[str, Any], change: Change) -> None:
        raise NotImplementedError

    def rows(
        self, stream: str, state: dict[str, Any]
    ) -> dict[str, list[tuple[Any, ...]]]:
        raise NotImplementedError

    def apply(self, tx: Tx, change: Change) -> None:
        stream = change.stream
        if change.kind in self.starts:
            self._states[stream] = self.start(change)
        else:
            state = self._load(tx, stream)
            if state is None:
                return  # a stream this read model does not follow (e.g. a bloc's)
            self.fold(state, change)
        self._dirty.add(stream)

    def _load(self, tx: Tx, stream: str) -> dict[str, Any] | None:
        state = self._states.get(stream)
        if state is None:
            found = tx.execute(
                f"SELECT state FROM {self.table(self.state_table.name)}"
                " WHERE stream = ?",
                (stream,),
            )
            if not found:
                return None
            state = self._states[stream] = json.loads(found[0][0])
        return state

    def flush(self, tx: Tx) -> None:
        if not self._dirty:
            return
        streams = sorted(self._dirty)
        states = self.table(self.state_table.name)
        for table in self.tables:
            tx.executemany(
                f"DELETE FROM {self.table(table.name)} WHERE stream = ?",
                [(s,) for s in streams],
            )
        tx.executemany(
            f"DELETE FROM {states} WHERE stream = ?", [(s,) for s in streams]
        )
        tx.executemany(
            f"INSERT INTO {states} (stream, state) VALUES (?, ?)",
            [(s, json.dumps(self._states[s], ensure_ascii=False)) for s in streams],
        )
        by_table: dict[str, list[tuple[Any, ...]]] = {}
        for stream in streams:
            for name, rows in self.rows(stream, self._states[stream]).items():
                by_table.setdefault(name, []).extend(rows)
        for table in self.tables:
            self.insert(tx, table, by_table.get(table.name, []))
        self._dirty.clear()
