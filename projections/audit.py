"""The audit log (nhật ký): every event in order, in plain words, with who and why."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from .base import Column, Projection, Table
from .cycles import BLOC, STREAM
from .db import Tx
from .source import KINDS, Change

AUDIT_LOG = Table(
    "audit_log",
    "One row per stored event of every bloc and cycle stream.",
    (
        STREAM,
        Column("version", "integer", "the event's place in its stream, from 1"),
        Column("position", "integer", "the event's place in the whole log"),
        BLOC,
        Column("year", "integer", "the cycle's year; null for a bloc's own events"),
        Column("event", "text", "event type, e.g. VoteCast"),
        Column("occurred_at", "text", "when the command was issued (ISO 8601, UTC)"),
        Column("actor", "text", "who issued the command"),
        Column("role", "text", "operator, unit, auditor or analyst"),
        Column("actor_unit", "text", "the unit a unit-role actor speaks for"),
        Column("command_id", "text", "the command's id (idempotency key)"),
        Column("reason", "text", "the reason given, if any"),
        Column("summary", "text", "what happened, in plain words"),
    ),
    ("stream", "version"),
)


def _recipient(r: dict[str, Any]) -> str:
    name = r.get("name")
    if r["kind"] == "collective":
        return f"{name}, {r['unit']}" if name else r["unit"]
    return f"{name} ({r['unit']})"


def _points(points: dict[str, str]) -> str:
    return ", ".join(f"{code} {value}" for code, value in sorted(points.items()))


def _assessed(d: dict[str, Any]) -> str:
    """Each assessed point, from the unit's own where it changed it, with its note:
    "A1 28→26: Thiếu minh chứng; A2 19"."""
    own, notes = d.get("own", {}), d["notes"]
    shown = []
    for code, value in sorted(d["points"].items()):
        before = own.get(code)
        changed = before is not None and Decimal(before) != Decimal(value)
        text = f"{code} {before}→{value}" if changed else f"{code} {value}"
        shown.append(f"{text}: {notes[code]}" if notes.get(code) else text)
    return "; ".join(shown)


def _decision(d: dict[str, Any]) -> str:
    by = f" of {d['authority']}" if d.get("authority") else ""
    return f"decision {d['number']} ({d['decided_on']}){by}"


def _tally(t: dict[str, Any]) -> str:
    counts = ", ".join(f"{c['candidate']} {c['yes']}" for c in t["counts"])
    winners = ", ".join(t["winners"]) or "none"
    voted = f"{t['cast']} of {t['eligible']} voted"
    return f"{voted}; {counts}; {t['outcome']}, winners: {winners}"


SUMMARIES: dict[str, Callable[[dict[str, Any]], str]] = {
    "BlocCreated": lambda d: (
        f"bloc (khối) {d['code']} created: {d['name']}, {d['province']}"
    ),
    "UnitAdded": lambda d: f"{d['unit']} ({d['name']}) joins the bloc from {d['year']}",
    "UnitRemoved": lambda d: f"{d['unit']} leaves the bloc from {d['year']}",
    "CycleOpened": lambda d: (
        f"cycle {d['bloc']}/{d['year']} opened with {len(d['roster'])} units,"
        f" rulebook sha256 {d['rulebook_sha256'][:12]}"
    ),
    "RosterChanged": lambda d: (
        "roster changed: joined "
        + (", ".join(m["code"] for m in d["joined"]) or "none")
        + "; left "
        + (", ".join(d["left"]) or "none")
    ),
    "LeadsAssigned": lambda d: (
        f"head (trưởng khối) {d['head']}, deputy (phó khối) {d['deputy']}"
        f" by {d['method']}"
    ),
    "CovenantSigned": lambda d: (
        f"{d['unit']} signed the covenant (giao ước): {d['signatory']},"
        f" {d['signed_on']}"
    ),
    "TargetsRegistered": lambda d: (
        f"{d['unit']} registered {len(d['targets'])} target(s) and"
        f" {len(d['titles'])} title(s)"
    ),
    "CovenantClosed": lambda d: (
        "covenant closed; unsigned: " + (", ".join(d["unsigned"]) or "none")
    ),
    "ScoresSubmitted": lambda d: (
        f"{d['unit']} submitted own scores: {_points(d['points'])}"
    ),
    "ScoresAssessed": lambda d: f"{d['assessor']} assessed {d['unit']}: {_assessed(d)}",
    "ScoreAdjusted": lambda d: f"{d['rule']} {d['points']} points for {d['unit']}",
    "ScoringClosed": lambda d: (
        "scoring closed; ranking "
        + ", ".join(f"{e['rank']}. {e['unit']} {e['total']}" for e in d["ranking"])
    ),
    "VoteOpened": lambda d: (
        f"vote on {d['terms']['motion']} round {d['terms']['round']} opened;"
        f" candidates {', '.join(d['terms']['candidates'])}"
    ),
    "VoteCast": lambda d: (
        f"{d['voter']} voted in {d['motion']} round {d['round']}"
        + ("" if d["ballot"] is None else f": {', '.join(d['ballot']['choices'])}")
    ),
    "VoteClosed": lambda d: (
        f"vote on {d['motion']} round {d['round']} closed: {_tally(d['tally'])}"
    ),
    "AwardProposed": lambda d: (
        f"{d['proposal_id']}: {d['award']} proposed for {_recipient(d['recipient'])}"
    ),
    "AwardGranted": lambda d: (
        f"{d['award_id']}: {d['award']} granted to {_recipient(d['recipient'])}"
        f" by {_decision(d['decision'])}"
    ),
    "ProposalDeclined": lambda d: (
        f"{d['proposal_id']} declined by {_decision(d['decision'])}"
    ),
    "AwardRevoked": lambda d: f"{d['award_id']} revoked by {_decision(d['decision'])}",
    "ProceedingRecorded": lambda d: (
        f"{d['kind']} {'pending' if d['pending'] else 'settled'} for"
        f" {_recipient(d['recipient'])}"
    ),
    "CycleClosed": lambda _: "cycle closed",
}


class AuditLog(Projection):
    name = "audit"
    title = "audit log (nhật ký)"
    version = 2  # 2: an assessment's summary shows the own points it changed
    tables = (AUDIT_LOG,)
    kinds = frozenset(KINDS.values())

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
        self._rows.append(
            (
                change.stream,
                change.version,
                change.position,
                bloc,
                year,
                change.kind,
                data["timestamp"],
                actor["name"],
                actor["role"],
                actor["unit"],
                data["command_id"],
                data["reason"],
                SUMMARIES[change.kind](data),
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
