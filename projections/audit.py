"""The audit log (nhật ký): every event in order, in plain words, with who and why."""

from __future__ import annotations

import json
from typing import Any

from thidua.domain.topics import COMMENDATION, STREAMS

from .base import Column, Projection, Table
from .cycles import BLOC, STREAM
from .db import Tx
from .source import KINDS, Change
from .summaries import SUMMARIES

AUDIT_LOG = Table(
    "audit_log",
    "One row per stored event of every bloc, cycle and registry stream.",
    (
        STREAM,
        Column("version", "integer", "the event's place in its stream, from 1"),
        Column("position", "integer", "the event's place in the whole log"),
        BLOC,
        Column("year", "integer", "the cycle's year; null for a bloc's own events"),
        Column("event", "text", "event type, e.g. VoteCast"),
        Column(
            "occurred_at",
            "text",
            "when the fact happened: the day or time (ISO 8601, with its offset) the"
            " operator gave with --on, else recorded_at",
        ),
        Column("recorded_at", "text", "when the event was recorded (ISO 8601, UTC)"),
        Column("actor", "text", "who issued the command"),
        Column("role", "text", "operator, unit, auditor or analyst"),
        Column("actor_unit", "text", "the unit a unit-role actor speaks for"),
        Column("command_id", "text", "the command's id (idempotency key)"),
        Column("reason", "text", "the reason given, if any"),
        Column("summary", "text", "what happened, in plain words"),
        Column("phrase", "json", "the summary as a template and its fields"),
    ),
    ("stream", "version"),
)


class AuditLog(Projection):
    name = "audit"
    # 2: the summary's phrase, for the reader's language; 3: occurred_at is when
    # the fact happened, recorded_at beside it; 4: an assessment's summary shows
    # the own points it changed, with their notes; 5: the registry's events.
    version = 5
    title = "audit log (nhật ký)"
    tables = (AUDIT_LOG,)
    # Decisions have a read model of their own (projections/decisions.py).
    kinds = frozenset(KINDS.values()) - frozenset(STREAMS["decision"])
    ignores = frozenset({*STREAMS["keyring"], *STREAMS["authority"], *COMMENDATION})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._streams: dict[str, tuple[str | None, int | None]] = {}
        self._rows: list[tuple[Any, ...]] = []
        # Each cycle's own points by unit, for the streams an assessment touched.
        self._own: dict[str, dict[str, dict[str, str]]] = {}

    def forget(self) -> None:
        self._streams.clear()
        self._rows.clear()
        self._own.clear()

    def held(self) -> int:
        return len(self._own)

    def shrink(self, keep: int) -> None:
        if len(self._own) > keep:
            self._own.clear()  # reloaded from the log when an assessment needs it

    def _own_points(self, tx: Tx, change: Change) -> dict[str, dict[str, str]]:
        """The stream's own points before this event, from the log the first time."""
        own = self._own.get(change.stream)
        if own is None:
            own = {}
            for earlier in self.source.stream(
                tx, change.stream, change.position - 1, ("ScoresSubmitted",)
            ):
                own.setdefault(earlier.data["unit"], {}).update(earlier.data["points"])
            self._own[change.stream] = own
        return own

    def apply(self, tx: Tx, change: Change) -> None:
        data = change.data
        if change.kind == "ScoresSubmitted" and change.stream in self._own:
            self._own[change.stream].setdefault(data["unit"], {}).update(data["points"])
        elif change.kind == "ScoresAssessed":
            own = self._own_points(tx, change).get(data["unit"], {})
            data = {**data, "own": own}
        if change.kind == "BlocCreated":
            self._streams[change.stream] = (data["code"], None)
        elif change.kind == "CycleOpened":
            self._streams[change.stream] = (data["bloc"], data["year"])
        bloc, year = self._owner(tx, change.stream)
        actor = data["actor"]
        said = SUMMARIES[change.kind](data)
        self._rows.append(
            (
                change.stream,
                change.version,
                change.position,
                bloc,
                year,
                change.kind,
                change.happened,
                data["timestamp"],
                actor["name"],
                actor["role"],
                actor["unit"],
                data["command_id"],
                data["reason"],
                said.english(),
                json.dumps(said.to_json(), ensure_ascii=False),
            )
        )

    def pending(self) -> int:
        return len(self._rows)

    def _owner(self, tx: Tx, stream: str) -> tuple[str | None, int | None]:
        """The bloc and year of a stream, from its first row already written."""
        if stream not in self._streams:
            found = tx.execute(
                f"SELECT bloc, year FROM {self.table(AUDIT_LOG.name)}"
                " WHERE stream = ? AND version = 1",
                (stream,),
            )
            self._streams[stream] = found[0] if found else (None, None)
        return self._streams[stream]

    def flush(self, tx: Tx) -> None:
        self.insert(tx, AUDIT_LOG, self._rows)
        self._rows.clear()
