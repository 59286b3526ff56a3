"""What `audit verify` asks of one stream beyond its chain: the re-derivation, the
re-judgement, a fold of its events as the engine folds them, and each stored
snapshot against that fold.

A snapshot is a cache, written by the same role that writes events; one whose
head hash is right but whose state is not is caught only by folding the events
again and comparing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, cast
from uuid import UUID

from thidua.domain.auditor.integrity import UNREADABLE, StoredRow
from thidua.domain.auditor.rederive import Discrepancy, rederive
from thidua.domain.auditor.rejudge import Rejudgement, rejudge
from thidua.domain.phrase import phrase
from thidua.domain.service.mapper import PydanticMapper
from thidua.domain.service.snapshot import CycleSnapshot

if TYPE_CHECKING:
    from eventsourcing.persistence import StoredEvent

    from thidua.domain.service.application import Thidua

# Fields that hold sets, stored as lists in whatever order the set iterated.
UNORDERED = ("commands",)


def judge_stream(
    app: Thidua,
    stream: str,
    rows: list[StoredRow],
    stored: Sequence[StoredEvent] | None = None,
) -> list[Discrepancy]:
    """Everything `audit verify` finds in one stream's stored rows: a command id
    reused; for a cycle, its decisions re-derived, every event re-judged, the
    stream folded as the engine folds it (from `stored`, the stream's stored
    events, when the caller read them already) and its snapshots compared with
    the fold."""
    found = repeated_commands(rows)
    if rows[0].event == "BlocCreated":
        found += operators_only(rows)
    if rows[0].event != "CycleOpened":
        return found
    found += rederive(rows) + rejudge(rows)
    found += fold_findings(app, UUID(stream), rows, stored)
    return sorted(found, key=lambda d: d.version)


def _events(
    app: Thidua, rows: Sequence[StoredRow], stored: Sequence[StoredEvent]
) -> Iterator[Any]:
    """The stream's events as the engine's mapper makes them, from the documents
    the auditor decoded already; where a row's state is not the bytes the engine
    reads, from the row itself, so that it fails as the engine would."""
    mapper = cast(PydanticMapper, app.mapper)
    for row, event in zip(rows, stored, strict=True):
        if isinstance(event.state, bytes) and UNREADABLE not in row.document:
            yield mapper.from_document(event, dict(row.document))
        else:
            yield mapper.to_domain_event(event)


def _normal(state: dict[str, Any]) -> dict[str, str]:
    values = dict(state)
    for name in UNORDERED:
        values[name] = sorted(values.get(name) or [])
    proceedings = values.get("proceedings") or []
    values["proceedings"] = sorted(
        [list(key), sorted(kinds)] for key, kinds in proceedings
    )
    return {k: json.dumps(v, sort_keys=True, default=str) for k, v in values.items()}


def fold_findings(
    app: Thidua,
    stream: UUID,
    rows: Sequence[StoredRow],
    stored: Sequence[StoredEvent] | None = None,
) -> list[Discrepancy]:
    """Fold the stream from its events once, as the engine would: a finding if it
    cannot, and one for each stored snapshot the fold disagrees with."""
    version = rows[-1].version
    from thidua.domain.service.loading import project

    snapshots: dict[int, CycleSnapshot] = {}
    if app.snapshots is not None:
        for taken in app.snapshots.get(stream):
            if isinstance(taken, CycleSnapshot):
                snapshots[taken.originator_version] = taken
    found = []
    folded: Any = None
    try:
        events: Iterable[Any] = (
            app.events.get(stream) if stored is None else _events(app, rows, stored)
        )
        for event in events:
            folded = project(folded, [event])
            if (snapshot := snapshots.get(event.originator_version)) is not None:
                found += _compare(snapshot, CycleSnapshot.take(folded).state)
    except Exception as error:  # any failure to fold is the finding
        said = phrase(
            "the engine cannot load this stream: {error}",
            error=str(error).splitlines()[0][:200],
        )
        found.append(Discrepancy(version, "stream", "load", said))
    return found


def _compare(snapshot: CycleSnapshot, fresh: dict[str, Any]) -> list[Discrepancy]:
    mine, theirs = _normal(fresh), _normal(snapshot.state)
    differ = sorted(k for k in mine.keys() | theirs.keys()
                    if mine.get(k) != theirs.get(k))  # fmt: skip
    if not differ:
        return []
    at = snapshot.originator_version
    said = phrase(
        "the snapshot at version {version} disagrees with a fresh fold of"
        " its events in {fields}",
        version=at,
        fields=", ".join(differ),
    )
    return [Discrepancy(at, "snapshot", "snapshot", said)]


def operators_only(rows: Sequence[StoredRow]) -> list[Discrepancy]:
    """A bloc's events: every one is an operator's (domain/bloc.py)."""
    judge = Rejudgement({})
    for row in rows:
        judge.row = row
        judge.cycle = None
        if (row.document.get("actor") or {}).get("role") != "operator":
            judge.judge_actor(row.event, row.document)
    return judge.found


def repeated_commands(rows: Sequence[StoredRow]) -> list[Discrepancy]:
    """Events of a stream that reuse an earlier command's id: the engine applies a
    command once, so its events follow one another."""
    found, seen, last = [], set(), None
    for row in rows:
        command = row.document.get("command_id")
        if command in seen and command != last:
            found.append(
                Discrepancy(
                    row.version,
                    row.event,
                    "command-id",
                    phrase(
                        "command {command} was applied before, at an earlier version",
                        command=str(command),
                    ),
                    position=row.position,
                    event_hash=str(row.document.get("event_hash", "")),
                )
            )
        seen.add(command)
        last = command
    return found
