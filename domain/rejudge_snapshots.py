"""Stored snapshots against a fresh fold of the events before them, and streams the
engine cannot fold at all: what `audit verify` reports beside the re-judgement.

A snapshot is a cache, written by the same role that writes events; one whose
head hash is right but whose state is not is caught only by folding the events
again and comparing.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any
from uuid import UUID

from .phrase import phrase
from .rederive import Discrepancy
from .snapshot import CycleSnapshot

if TYPE_CHECKING:
    from .application import Thidua

# Fields that hold sets, stored as lists in whatever order the set iterated.
UNORDERED = ("commands",)


def fold(app: Thidua, stream: UUID, version: int | None = None) -> Any:
    """The stream folded from its events alone, up to a version."""
    from .recording import project

    return project(None, app.events.get(stream, lte=version))


def _normal(state: dict[str, Any]) -> dict[str, str]:
    values = dict(state)
    for name in UNORDERED:
        values[name] = sorted(values.get(name) or [])
    proceedings = values.get("proceedings") or []
    values["proceedings"] = sorted(
        [list(key), sorted(kinds)] for key, kinds in proceedings
    )
    return {k: json.dumps(v, sort_keys=True, default=str) for k, v in values.items()}


def snapshot_findings(app: Thidua, stream: UUID) -> list[Discrepancy]:
    """Each stored snapshot of a cycle that a fresh fold of its events disagrees
    with, and the fields where they differ."""
    if app.snapshots is None:
        return []
    found = []
    for taken in app.snapshots.get(stream):
        snapshot = taken if isinstance(taken, CycleSnapshot) else None
        if snapshot is None:
            continue
        at = snapshot.originator_version
        try:
            fresh = CycleSnapshot.take(fold(app, stream, at)).state
        except Exception as error:  # a finding of its own, below
            fresh = {"_unfoldable": str(error)}
        mine, theirs = _normal(fresh), _normal(snapshot.state)
        differ = sorted(k for k in mine.keys() | theirs.keys()
                        if mine.get(k) != theirs.get(k))  # fmt: skip
        if differ:
            said = phrase(
                "the snapshot at version {version} disagrees with a fresh fold of"
                " its events in {fields}",
                version=at,
                fields=", ".join(differ),
            )
            found.append(
                Discrepancy(at, "snapshot", "snapshot", said.english(), said=said)
            )
    return found


def load_finding(app: Thidua, stream: UUID, version: int) -> list[Discrepancy]:
    """The stream as the engine would fold it: a finding if it cannot."""
    try:
        fold(app, stream)
    except Exception as error:  # any failure to fold is the finding
        said = phrase(
            "the engine cannot load this stream: {error}",
            error=str(error).splitlines()[0][:200],
        )
        return [Discrepancy(version, "stream", "load", said.english(), said=said)]
    return []
