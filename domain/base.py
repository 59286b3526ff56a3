"""Shared base of commands, events and the two aggregates (streams).

Events are frozen pydantic models that the `eventsourcing` library can apply to an
aggregate: every one carries who acted, in which role, the command that caused it, when,
and an optional reason.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Self, TypeVar
from uuid import UUID

from eventsourcing.domain import BaseAggregate, CanInitAggregate, CanMutateAggregate
from pydantic import AwareDatetime, PrivateAttr, model_validator

from .errors import RoleNotPermitted
from .integrity import GENESIS, UNHASHED, event_hash
from .types import Actor, Frozen, Role, Text, Token, UnitCode

TStream = TypeVar("TStream", bound="Stream")


class Command(Frozen):
    """An operator's intent, before the domain has judged it."""

    actor: Actor
    command_id: Token
    issued_at: AwareDatetime
    reason: Text | None = None


class DomainEvent(Frozen):
    originator_id: UUID
    originator_version: int
    timestamp: datetime
    actor: Actor
    command_id: str
    reason: Text | None = None
    previous_hash: str | None = None
    event_hash: str | None = None
    # The actor's signature over event_hash, and the key it was made with; an
    # envelope outside the hashed content (see docs/integrity.md).
    signature: str | None = None
    key_id: str | None = None
    # The JSON form of the hashed fields, made once for the hash and reused when the
    # event is stored (domain/mapper.py).
    _sealed: dict[str, Any] | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _seal(self) -> Self:
        # A new event (given its predecessor's hash) is hashed once, here; a stored
        # one keeps the hash it was stored with, which `audit verify` recomputes.
        if self.previous_hash is not None and self.event_hash is None:
            document = self.model_dump(
                mode="json",
                exclude={"originator_id", "originator_version", *UNHASHED},
            )
            class_version = getattr(type(self), "class_version", 1)
            if class_version > 1:
                document["class_version"] = class_version
            sealed = event_hash(
                type(self).__name__,
                self.originator_id,
                self.originator_version,
                document,
            )
            object.__setattr__(self, "event_hash", sealed)
            self._sealed = document
        return self

    def stored_document(self) -> dict[str, Any]:
        """The document to store: every field but the stream and version, in order."""
        sealed = self._sealed
        if sealed is None:
            return self.model_dump(
                mode="json", exclude={"originator_id", "originator_version"}
            )
        document = {
            name: getattr(self, name) if name in UNHASHED else sealed[name]
            for name in type(self).model_fields
            if name not in ("originator_id", "originator_version")
        }
        if "class_version" in sealed:
            document["class_version"] = sealed["class_version"]
        return document


class Event(DomainEvent, CanMutateAggregate[UUID]):
    """A fact appended to a stream."""

    def mutate(self, aggregate: Any) -> Any:
        stream = super().mutate(aggregate)
        assert stream is not None
        stream.commands.add(self.command_id)
        stream.head_hash = self.event_hash
        return stream


class Created(Event, CanInitAggregate[UUID]):
    """The first fact of a stream."""

    originator_topic: str


StreamEvent = Event


class Stream(BaseAggregate[UUID]):
    """An aggregate whose events are the pydantic events above."""

    Event = Event

    def __base_init__(
        self, originator_id: Any, originator_version: int, timestamp: datetime
    ) -> None:
        super().__base_init__(originator_id, originator_version, timestamp)
        # Command ids already applied: a repeated command is reported, not re-applied.
        self.commands: set[str] = set()
        self.head_hash: str | None = None

    @classmethod
    def _start(
        cls: type[TStream],
        event_class: type[Created],
        stream_id: UUID,
        command: Command,
        **fields: Any,
    ) -> TStream:
        return cls._create(
            event_class,
            id=stream_id,
            timestamp=command.issued_at,
            actor=command.actor,
            command_id=command.command_id,
            reason=command.reason,
            previous_hash=GENESIS,
            **fields,
        )

    def _record(
        self, event_class: type[StreamEvent], command: Command, **fields: Any
    ) -> None:
        self.trigger_event(
            event_class,
            timestamp=command.issued_at,
            actor=command.actor,
            command_id=command.command_id,
            reason=command.reason,
            previous_hash=self.head_hash or GENESIS,
            **fields,
        )


def require_operator(actor: Actor) -> None:
    """Only the secretariat (operators) may issue this kind of command."""
    if actor.role is not Role.OPERATOR:
        raise RoleNotPermitted(
            "{actor} may not issue this command: it needs the operator role",
            actor=actor.label(),
            value=actor.role.value,
        )


def require_operator_or_unit(actor: Actor, unit: UnitCode) -> None:
    """An operator, or the representative of this very unit, may act for it."""
    if actor.role is Role.OPERATOR or (actor.role is Role.UNIT and actor.unit == unit):
        return
    raise RoleNotPermitted(
        "{actor} may not act for unit {unit}: it needs an operator or "
        "that unit's representative",
        actor=actor.label(),
        unit=unit,
        value=actor.role.value,
    )
