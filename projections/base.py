"""What every read model is made of: declared tables, event handlers, a tracking key.

A projection declares its public tables (the names, types and meanings that
docs/read-models.md publishes), the event kinds it reads, and how a page of events
changes its tables. `StreamProjection` folds each stream's events into one small state
document, kept in a private table, and rewrites the stream's public rows from it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Self

from thidua.domain.errors import ThiduaError

from .db import Tx, ViewDatabase
from .indexes import create_indexes
from .source import Change, EventSource

if TYPE_CHECKING:
    from thidua.domain.rulebook import Rulebook

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
    # The columns the queries filter on, each tuple one index (the key has its own).
    indexes: tuple[tuple[str, ...], ...] = ()

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
    # The kinds it skips, named so that a new kind is a choice (a test checks that
    # each kind is followed or skipped).
    ignores: ClassVar[frozenset[str]]
    tables: ClassVar[tuple[Table, ...]]
    # How many streams' folded state a catch-up keeps in memory (None: the runner's
    # default); a read model whose state is large keeps fewer.
    holds: ClassVar[int | None] = None

    def __init__(self, db: ViewDatabase, source: EventSource, suffix: str = "") -> None:
        self.db = db
        self.source = source
        self.suffix = suffix

    def twin(self, suffix: str) -> Self:
        """The same read model on other tables (a rebuild fills its twin)."""
        return type(self)(self.db, self.source, suffix)

    @property
    def key(self) -> str:
        """The projection's row in the tracking table."""
        return self.name + self.suffix

    def table(self, name: str) -> str:
        return self.db.qualify(name + self.suffix)

    def create(self, tx: Tx) -> None:
        types = SQL_TYPES[self.db.dialect]
        for table in self.tables:
            columns = ", ".join(f"{c.name} {types[c.type]}" for c in table.columns)
            tx.execute(
                f"CREATE TABLE IF NOT EXISTS {self.table(table.name)}"
                f" ({columns}, PRIMARY KEY ({', '.join(table.key)}))"
            )
            create_indexes(tx, self, table)

    def drop(self, tx: Tx) -> None:
        for table in self.tables:
            tx.execute(f"DROP TABLE IF EXISTS {self.table(table.name)}")

    def forget(self) -> None:
        """Drop what is cached: another process may have moved the tables on."""

    def process(
        self,
        tx: Tx,
        changes: Sequence[Change],
        *,
        since: int = 0,
        defer: bool = False,
    ) -> None:
        """Apply a page read after position `since`.

        `defer` keeps folded state in memory, to be written later (a rebuild).
        """
        self.since = since
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

    def held(self) -> int:
        """How many streams' folded state is kept in memory."""
        return 0

    def shrink(self, keep: int) -> None:
        """Keep the state of the `keep` streams touched last; call after a flush."""

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
    """A read model whose rows for a stream follow from that stream's events alone.

    Each stream's events fold into a small state from which its rows are written.
    The state is not stored: when a page touches a stream not in memory, the
    stream's earlier events are read again and folded, as an aggregate is loaded.
    """

    starts: ClassVar[frozenset[str]]

    def __init__(self, db: ViewDatabase, source: EventSource, suffix: str = "") -> None:
        super().__init__(db, source, suffix)
        self._states: dict[str, dict[str, Any]] = {}
        self._dirty: set[str] = set()
        self.since = 0

    def forget(self) -> None:
        self._states.clear()
        self._dirty.clear()

    def pending(self) -> int:
        return len(self._dirty)

    def held(self) -> int:
        return len(self._states)

    def shrink(self, keep: int) -> None:
        assert not self._dirty, "shrink after a flush"
        # Dicts keep insertion order and `_load` re-inserts what it touches: the
        # first entries are the ones touched longest ago.
        for stream in list(islice(self._states, max(0, len(self._states) - keep))):
            del self._states[stream]

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
        state = self._states.pop(stream, None)
        if state is not None:
            self._states[stream] = state  # now the one touched last
        else:
            earlier = self.source.stream(tx, stream, self.since, self.kinds)
            if not earlier or earlier[0].kind not in self.starts:
                return None
            state = self.start(earlier[0])
            for change in earlier[1:]:
                self.fold(state, change)
            self._states[stream] = state
        return state

    def flush(self, tx: Tx) -> None:
        if not self._dirty:
            return
        streams = sorted(self._dirty)
        for table in self.tables:
            tx.executemany(
                f"DELETE FROM {self.table(table.name)} WHERE stream = ?",
                [(s,) for s in streams],
            )
        by_table: dict[str, list[tuple[Any, ...]]] = {}
        for stream in streams:
            for name, rows in self.rows(stream, self._states[stream]).items():
                by_table.setdefault(name, []).extend(rows)
        for table in self.tables:
            self.insert(tx, table, by_table.get(table.name, []))
        self._dirty.clear()


class CycleProjection(StreamProjection):
    """A read model of cycles: it keeps each cycle's roster (who is a member now) and
    the names of every unit ever on it, and leaves the rest of each event to `on`."""

    starts = frozenset({"CycleOpened"})
    follows = frozenset({"CycleOpened", "RosterChanged"})

    def start(self, change: Change) -> dict[str, Any]:
        data = change.data
        roster = {member["code"]: member["name"] for member in data["roster"]}
        state = {
            "bloc": data["bloc"],
            "year": data["year"],
            "roster": roster,
            "names": dict(roster),
        }
        from thidua.domain.rulebook import parse_rulebook  # only when there is work

        state.update(self.begin(data, parse_rulebook(data["rulebook_text"])))
        return state

    def fold(self, state: dict[str, Any], change: Change) -> None:
        if change.kind != "RosterChanged":
            self.on(state, change)
            return
        for unit in change.data["left"]:
            state["roster"].pop(unit, None)
        joined = {member["code"]: member["name"] for member in change.data["joined"]}
        state["roster"].update(joined)
        state["names"].update(joined)

    def begin(self, opened: dict[str, Any], rulebook: Rulebook) -> dict[str, Any]:
        """What this read model keeps of a cycle besides its roster."""
        return {}

    def on(self, state: dict[str, Any], change: Change) -> None:
        raise NotImplementedError
