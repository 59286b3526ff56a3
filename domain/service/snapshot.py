"""Snapshots of a cycle, so that replaying a long stream stays fast.

The library's own snapshot copies an aggregate's attributes as they are; ours are
stored through the pydantic mapper, so every attribute is dumped to JSON and read
back with its declared type. A snapshot is a cache of the events before it: the
events stay the record, and `audit verify` reads only them.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from functools import cache
from typing import Any, ClassVar, Self
from uuid import UUID

from eventsourcing.domain import CanSnapshotAggregate
from eventsourcing.utils import register_topic, resolve_topic
from pydantic import TypeAdapter

from thidua.domain.cycle import Cycle, CycleState
from thidua.domain.topics import AGGREGATES
from thidua.domain.types import STORED, Frozen

# The stream's own attributes beside its state; the state is stored as its fields,
# but for the stream and version (the snapshot's own) and the proceedings, kept as
# pairs since JSON objects need text keys ((kind, unit, name) → kinds).
STREAM: dict[str, Any] = {
    "_created_on": datetime,
    "_modified_on": datetime,
    "commands": set[str],
    "head_hash": str | None,
}
PROCEEDINGS = TypeAdapter(list[tuple[tuple[str, str, str], frozenset[str]]])
STATE = TypeAdapter(CycleState)
OWN = ("id", "version", "proceedings")


@cache
def _adapter(name: str) -> TypeAdapter[Any]:
    return TypeAdapter(STREAM[name])


class CycleSnapshot(Frozen, CanSnapshotAggregate[UUID]):
    TOPIC: ClassVar[str] = AGGREGATES["CycleSnapshot"]

    originator_id: UUID
    originator_version: int
    timestamp: datetime
    topic: str
    state: dict[str, Any]

    @classmethod
    def take(cls, aggregate: Any) -> Self:
        assert isinstance(aggregate, Cycle)
        values = vars(aggregate)
        state: dict[str, Any] = {
            name: _adapter(name).dump_python(values[name], mode="json")
            for name in STREAM
        }
        cycle = aggregate.state
        state |= STATE.dump_python(cycle, mode="json", exclude=set(OWN))
        state["proceedings"] = PROCEEDINGS.dump_python(
            list(cycle.proceedings.items()), mode="json"
        )
        return cls(
            originator_id=aggregate.id,
            originator_version=aggregate.version,
            timestamp=cls.create_timestamp(),
            topic=type(aggregate).TOPIC,  # pinned (domain/topics.py)
            state=state,
        )

    def mutate(self, _: None) -> Any:
        stored = dict(self.state)
        context = {STORED: True}
        values = {
            name: _adapter(name).validate_python(stored.pop(name), context=context)
            for name in STREAM
        }
        proceedings = PROCEEDINGS.validate_python(
            stored.pop("proceedings"), context=context
        )
        stored.setdefault("departed", {})  # taken before units' leaving was kept
        # Taken before stage changes were recorded: every cycle then derived them.
        stored.setdefault("legacy", True)
        stored |= {"id": self.originator_id, "version": self.originator_version}
        cycle = STATE.validate_python(stored, context=context)
        values.update(
            _id=self.originator_id,
            _version=self.originator_version,
            _pending_events=[],
            state=replace(cycle, proceedings=dict(proceedings)),
        )
        aggregate = object.__new__(resolve_topic(self.topic))
        object.__setattr__(aggregate, "__dict__", values)
        return aggregate


register_topic(CycleSnapshot.TOPIC, CycleSnapshot)
