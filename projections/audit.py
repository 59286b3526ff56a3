"""The audit log (nhật ký): every event in order, in plain words, with who and why."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from thidua.domain.phrase import (
    Day,
    Listing,
    Number,
    Phrase,
    Term,
    Value,
    listing,
    phrase,
)
from thidua.domain.topics import COMMENDATION, STREAMS

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


def _recipient(r: dict[str, Any]) -> Value:
    name = str(r.get("name") or "")
    if r["kind"] == "collective":
        return (
            phrase("{name}, {unit}", name=name, unit=r["unit"]) if name else r["unit"]
        )
    return phrase("{name} ({unit})", name=name, unit=r["unit"])


def _points(points: dict[str, str]) -> Listing:
    return listing(
        phrase("{code} {points}", code=code, points=Number(str(value)))
        for code, value in sorted(points.items())
    )


def _assessed(d: dict[str, Any]) -> Listing:
    """Each assessed point, from the unit's own where it changed it, with its note:
    "A1 28→26: Thiếu minh chứng; A2 19"."""
    own, notes = d.get("own", {}), d["notes"]
    shown: list[Value] = []
    for code, value in sorted(d["points"].items()):
        before = own.get(code)
        point = (
            phrase(
                "{code} {own}→{points}",
                code=code,
                own=Number(str(before)),
                points=Number(str(value)),
            )
            if before is not None and Decimal(str(before)) != Decimal(str(value))
            else phrase("{code} {points}", code=code, points=Number(str(value)))
        )
        note = notes.get(code)
        shown.append(
            phrase("{point}: {note}", point=point, note=note) if note else point
        )
    return listing(shown, "; ")


def _decision(d: dict[str, Any]) -> Phrase:
    fields: dict[str, Value] = {"number": d["number"], "day": Day(d["decided_on"])}
    if d.get("authority"):
        return Phrase(
            "decision {number} ({day}) of {authority}",
            fields | {"authority": d["authority"]},
        )
    return Phrase("decision {number} ({day})", fields)


def _tally(t: dict[str, Any]) -> Phrase:
    counts = listing(
        phrase("{candidate} {votes}", candidate=c["candidate"], votes=c["yes"])
        for c in t["counts"]
    )
    return phrase(
        "{cast} of {eligible} voted; {counts}; {outcome}, winners: {winners}",
        cast=t["cast"],
        eligible=t["eligible"],
        counts=counts,
        outcome=Term("outcome", t["outcome"]),
        winners=listing(t["winners"], none=True),
    )


def _ranking(entries: list[dict[str, Any]]) -> Listing:
    return listing(
        phrase(
            "{rank}. {unit} {total}",
            rank=e["rank"],
            unit=e["unit"],
            total=Number(str(e["total"])),
        )
        for e in entries
    )


SUMMARIES: dict[str, Callable[[dict[str, Any]], Phrase]] = {
    "BlocCreated": lambda d: phrase(
        "bloc (khối) {code} created: {name}, {province}",
        code=d["code"],
        name=d["name"],
        province=d["province"],
    ),
    "UnitAdded": lambda d: phrase(
        "{unit} ({name}) joins the bloc from {year}",
        unit=d["unit"],
        name=d["name"],
        year=d["year"],
    ),
    "UnitRemoved": lambda d: phrase(
        "{unit} leaves the bloc from {year}{successor}",
        unit=d["unit"],
        year=d["year"],
        successor=phrase(", merged into {unit}", unit=d["successor"])
        if d.get("successor")
        else "",
    ),
    "BlocConfigured": lambda d: phrase(
        "document settings from {day}: {superior} / {issuing}, {place}, code {code}",
        day=Day(d["since"]),
        superior=d["superior_body"] or "-",
        issuing=d["issuing_body"] or "-",
        place=d["place"] or "-",
        code=d["document_code"] or "-",
    ),
    "CycleOpened": lambda d: phrase(
        "cycle {cycle} opened with {units} units, rulebook sha256 {sha256}",
        cycle=f"{d['bloc']}/{d['year']}",
        units=len(d["roster"]),
        sha256=d["rulebook_sha256"][:12],
    ),
    "RosterChanged": lambda d: phrase(
        "roster changed: joined {joined}; left {left}",
        joined=listing((m["code"] for m in d["joined"]), none=True),
        left=listing(d["left"], none=True),
    ),
    "LeadsAssigned": lambda d: phrase(
        "head (trưởng khối) {head}, deputy (phó khối) {deputy} by {method}",
        head=d["head"],
        deputy=d["deputy"],
        method=Term("method", d["method"]),
    ),
    "CovenantSigned": lambda d: phrase(
        "{unit} signed the covenant (giao ước): {signatory}, {day}",
        unit=d["unit"],
        signatory=d["signatory"],
        day=Day(d["signed_on"]),
    ),
    "TargetsRegistered": lambda d: phrase(
        "{unit} registered {targets} target(s) and {titles} title(s)",
        unit=d["unit"],
        targets=len(d["targets"]),
        titles=len(d["titles"]),
    ),
    "CovenantClosed": lambda d: phrase(
        "covenant closed; unsigned: {unsigned}",
        unsigned=listing(d["unsigned"], none=True),
    ),
    "ScoresSubmitted": lambda d: phrase(
        "{unit} submitted own scores: {points}",
        unit=d["unit"],
        points=_points(d["points"]),
    ),
    "ScoresAssessed": lambda d: phrase(
        "{assessor} assessed {unit}: {points}",
        assessor=Term("assessor", d["assessor"]),
        unit=d["unit"],
        points=_assessed(d),
    ),
    "ScoreAdjusted": lambda d: phrase(
        "{rule} {points} points for {unit}",
        rule=d["rule"],
        points=Number(str(d["points"])),
        unit=d["unit"],
    ),
    "ScoringClosed": lambda d: phrase(
        "scoring closed; ranking {ranking}", ranking=_ranking(d["ranking"])
    ),
    "VoteOpened": lambda d: phrase(
        "vote on {motion} round {round} opened; candidates {candidates}",
        motion=d["terms"]["motion"],
        round=d["terms"]["round"],
        candidates=listing(d["terms"]["candidates"]),
    ),
    "VoteCast": lambda d: (
        phrase(
            "{voter} voted in {motion} round {round}",
            voter=d["voter"],
            motion=d["motion"],
            round=d["round"],
        )
        if d["ballot"] is None
        else phrase(
            "{voter} voted in {motion} round {round}: {choices}",
            voter=d["voter"],
            motion=d["motion"],
            round=d["round"],
            choices=listing(d["ballot"]["choices"]),
        )
    ),
    "VoteClosed": lambda d: phrase(
        "vote on {motion} round {round} closed: {tally}",
        motion=d["motion"],
        round=d["round"],
        tally=_tally(d["tally"]),
    ),
    "AwardProposed": lambda d: phrase(
        "{proposal}: {award} proposed for {recipient}",
        proposal=d["proposal_id"],
        award=d["award"],
        recipient=_recipient(d["recipient"]),
    ),
    "AwardGranted": lambda d: phrase(
        "{record}: {award} granted to {recipient} by {decision}",
        record=d["award_id"],
        award=d["award"],
        recipient=_recipient(d["recipient"]),
        decision=_decision(d["decision"]),
    ),
    "ProposalDeclined": lambda d: phrase(
        "{proposal} declined by {decision}",
        proposal=d["proposal_id"],
        decision=_decision(d["decision"]),
    ),
    "AwardRevoked": lambda d: phrase(
        "{record} revoked by {decision}",
        record=d["award_id"],
        decision=_decision(d["decision"]),
    ),
    "ProceedingRecorded": lambda d: phrase(
        "{kind} {state} for {recipient}",
        kind=Term("proceeding", d["kind"]),
        state=Term("proceeding_state", "pending" if d["pending"] else "settled"),
        recipient=_recipient(d["recipient"]),
    ),
    "CycleClosed": lambda _: phrase("cycle closed"),
}


class AuditLog(Projection):
    name = "audit"
    # 2: the summary's phrase, for the reader's language; 3: occurred_at is when
    # the fact happened, recorded_at beside it; 4: an assessment's summary shows
    # the own points it changed, with their notes.
    version = 4
    title = "audit log (nhật ký)"
    tables = (AUDIT_LOG,)
    kinds = frozenset(KINDS.values()) - frozenset(STREAMS["registry"])
    ignores = frozenset(
        {
            *STREAMS["keyring"],
            *STREAMS["authority"],
            *STREAMS["registry"],
            *COMMENDATION,
        }
    )

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
