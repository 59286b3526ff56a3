"""Snapshots of a cycle, so that replaying a long stream stays fast.

The library's own snapshot copies an aggregate's attributes as they are; ours are
stored through the pydantic mapper, so every attribute is dumped to JSON and read
back with its declared type. A snapshot is a cache of the events before it: the
events stay the record, and `audit verify` reads only them.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any, ClassVar, Self
from uuid import UUID

from eventsourcing.domain import CanSnapshotAggregate
from eventsourcing.utils import register_topic, resolve_topic
from pydantic import TypeAdapter

from thidua.domain.awards import Award, Proposal
from thidua.domain.bloc import Departure
from thidua.domain.cycle import Signature
from thidua.domain.scoring import RankEntry, Sheet
from thidua.domain.topics import AGGREGATES
from thidua.domain.types import STORED, Frozen, Stage
from thidua.domain.voting import Round

FIELDS: dict[str, Any] = {
    "_created_on": datetime,
    "_modified_on": datetime,
    "commands": set[str],
    "head_hash": str | None,
    "bloc": str,
    "bloc_name": str,
    "year": int,
    "roster": dict[str, str],
    "departed": dict[str, Departure],
    "rulebook_text": str,
    "rulebook_sha256": str,
    "stage": Stage,
    "head": str | None,
    "deputy": str | None,
    "leads_method": str | None,
    "signatures": dict[str, Signature],
    "targets": dict[str, tuple[tuple[str, ...], tuple[str, ...]]],
    "sheets": dict[str, Sheet],
    "ranking": tuple[RankEntry, ...] | None,
    "rounds": dict[str, list[Round]],
    "proposals": dict[str, Proposal],
    "awards": dict[str, Award],
    # JSON objects need text keys; proceedings are keyed by (kind, unit, name).
    "proceedings": list[tuple[tuple[str, str, str], set[str]]],
}


@cache
def _adapter(name: str) -> TypeAdapter[Any]:
    return TypeAdapter(FIELDS[name])


class CycleSnapshot(Frozen, CanSnapshotAggregate[UUID]):
    TOPIC: ClassVar[str] = AGGREGATES["CycleSnapshot"]

    originator_id: UUID
    originator_version: int
    timestamp: datetime
    topic: str
    state: dict[str, Any]

    @classmethod
    def take(cls, aggregate: Any) -> Self:
        values = dict(vars(aggregate))
        values["proceedings"] = list(values["proceedings"].items())
        state = {
            name: _adapter(name).dump_python(values[name], mode="json")
            for name in FIELDS
        }
        return cls(
            originator_id=aggregate.id,
            originator_version=aggregate.version,
            timestamp=cls.create_timestamp(),
            topic=type(aggregate).TOPIC,  # pinned (domain/topics.py)
            state=state,
        )

    def mutate(self, _: None) -> Any:
        values = {
            name: _adapter(name).validate_python(value, context={STORED: True})
            for name, value in self.state.items()
        }
        values["proceedings"] = dict(values["proceedings"])
        values.setdefault("departed", {})  # taken before units' leaving was kept
        values.update(
            _id=self.originator_id,
            _version=self.originator_version,
            _pending_events=[],
        )
        aggregate = object.__new__(resolve_topic(self.topic))
        object.__setattr__(aggregate, "__dict__", values)
        return aggregate


register_topic(CycleSnapshot.TOPIC, CycleSnapshot)
