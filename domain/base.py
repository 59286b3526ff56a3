"""Shared base of commands, events and the two aggregates (streams).

Events are frozen pydantic models that the `eventsourcing` library can apply to an
aggregate: every one carries who acted, in which role, the command that caused it, when,
and an optional reason.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, ClassVar, TypeVar
from uuid import UUID

from eventsourcing.domain import BaseAggregate, CanInitAggregate, CanMutateAggregate
from eventsourcing.utils import register_topic
from pydantic import AwareDatetime, PrivateAttr

from thidua.domain.errors import FactInFuture, RoleNotPermitted
from thidua.domain.topics import AGGREGATES, EVENTS
from thidua.domain.types import Actor, Frozen, Role, Text, Token, UnitCode

TStream = TypeVar("TStream", bound="Stream")
# The fields of the envelope outside the hashed content: the hash and its signature.
ENVELOPE = frozenset({"event_hash", "signature", "key_id"})


class Command(Frozen):
    """An operator's intent, before the domain has judged it."""

    actor: Actor
    command_id: Token
    issued_at: AwareDatetime
    # When the fact happened (a meeting, a decision taking effect), if not when it
    # is recorded: a day, or a moment with its offset.
    occurred_at: AwareDatetime | date | None = None
    reason: Text | None = None
    # The database login the store appends as, where the store has logins
    # (PostgreSQL): set by the application service, never by the operator.
    login: str | None = None


class DomainEvent(Frozen):
    # Fields added after events were first stored: left out of the stored (and so
    # the hashed) document while they hold their default, so an event without them
    # has exactly the form, and the hash, it would have had before they existed.
    added_fields: ClassVar[frozenset[str]] = frozenset({"occurred_at", "login"})

    originator_id: UUID
    originator_version: int
    timestamp: datetime  # when it was recorded
    actor: Actor
    command_id: str
    occurred_at: AwareDatetime | date | None = None  # when the fact happened
    reason: Text | None = None
    # Who appended it: the database login, hashed with the rest, which PostgreSQL's
    # append function checks is the session's own (store/appending.py).
    login: str | None = None
    previous_hash: str | None = None
    event_hash: str | None = None
    # The hash chain and the actor's signature over event_hash, with the key it was
    # made with: an envelope that recording adds to a decided event, in a new copy
    # (domain/service/envelope.py); the signature is outside the hashed content
    # (see docs/integrity.md).
    signature: str | None = None
    key_id: str | None = None
    # The JSON form of the hashed fields, made once for the hash when recording
    # seals a new event (domain/service/envelope.py), reused when it is stored.
    _sealed: dict[str, Any] | None = PrivateAttr(default=None)

    def absent_fields(self) -> set[str]:
        """The added fields this event leaves at their default."""
        fields = type(self).model_fields
        return {
            name
            for name in self.added_fields
            if getattr(self, name) == fields[name].get_default()
        }

    @property
    def occurred(self) -> date | datetime:
        """When the fact happened: as given, else when it was recorded."""
        return self.timestamp if self.occurred_at is None else self.occurred_at

    def stored_document(self) -> dict[str, Any]:
        """The document to store: every field but the stream and version, in order."""
        sealed = self._sealed
        skipped = {"originator_id", "originator_version", *self.absent_fields()}
        if sealed is None:
            return self.model_dump(mode="json", exclude=skipped)
        document = {
            name: getattr(self, name) if name in ENVELOPE else sealed[name]
            for name in type(self).model_fields
            if name not in skipped
        }
        if "class_version" in sealed:
            document["class_version"] = sealed["class_version"]
        return document


class Event(DomainEvent, CanMutateAggregate[UUID]):
    """A fact appended to a stream."""

    # The topic it is stored under, pinned in domain/topics.py: the library checks
    # that every event an aggregate triggers has one.
    TOPIC: ClassVar[str | None] = None

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        if cls.__name__ in EVENTS:
            cls.TOPIC = EVENTS[cls.__name__]
            register_topic(cls.TOPIC, cls)

    @property
    def record_id(self) -> str | None:
        """The id of the record this event makes (an award A1, a proposal P1),
        by which later commands name it; None for most events."""
        return None

    def apply(self, aggregate: Any) -> None:
        aggregate.fold(self)

    def mutate(self, aggregate: Any) -> Any:
        stream = super().mutate(aggregate)
        assert stream is not None
        stream.commands.add(self.command_id)
        if self.event_hash is not None:
            # The head of the chain: a decided event is chained when it is sealed.
            stream.head_hash = self.event_hash
        return stream


class Created(Event, CanInitAggregate[UUID]):
    """The first fact of a stream."""

    originator_topic: str


StreamEvent = Event


class Stream(BaseAggregate[UUID]):
    """An aggregate whose events are the pydantic events above."""

    Event = Event
    TOPIC: ClassVar[str]

    def __init_subclass__(cls, *, stored: bool = True, **kwargs: Any) -> None:
        # Its pinned topic, which its first event stores (domain/topics.py); the
        # library registers it. A base of streams (stored=False) has none.
        if stored:
            cls.TOPIC = AGGREGATES[cls.__name__]
        super().__init_subclass__(**kwargs)

    def __base_init__(
        self, originator_id: Any, originator_version: int, timestamp: datetime
    ) -> None:
        super().__base_init__(originator_id, originator_version, timestamp)
        # Command ids already applied: a repeated command is reported, not re-applied.
        self.commands: set[str] = set()
        self.head_hash: str | None = None

    def fold(self, event: StreamEvent) -> None:
        """Take in an event whose class does not apply itself: a stream holding an
        immutable state (domain/decider.py) evolves a new one."""

    def draft(self: TStream) -> TStream:
        """The stream a command records on: this one's immutable state and head,
        with command ids and pending events of its own (those of a batch's earlier
        commands first). This stream stays as it is, so a command refused, or
        recorded by no store, leaves no trace on it; the draft replaces it once
        the store (or the batch) has what the command recorded."""
        draft = object.__new__(type(self))
        draft.__dict__.update(self.__dict__)
        draft.commands = set(self.commands)
        draft._pending_events = list(self._pending_events)  # the library's own
        return draft

    @classmethod
    def _start(
        cls: type[TStream],
        event_class: type[Created],
        stream_id: UUID,
        command: Command,
        **fields: Any,
    ) -> TStream:
        require_past(command)
        return cls._create(
            event_class,
            id=stream_id,
            timestamp=command.issued_at,
            actor=command.actor,
            command_id=command.command_id,
            occurred_at=command.occurred_at,
            reason=command.reason,
            login=command.login,
            **fields,
        )

    def _record(
        self, event_class: type[StreamEvent], command: Command, **fields: Any
    ) -> None:
        require_past(command)
        self.trigger_event(
            event_class,
            timestamp=command.issued_at,
            actor=command.actor,
            command_id=command.command_id,
            occurred_at=command.occurred_at,
            reason=command.reason,
            login=command.login,
            **fields,
        )


def require_past(command: Command) -> None:
    """A fact is recorded once it has happened: on the day of recording at the latest
    (a day given alone may be the operator's, a time zone ahead of UTC)."""
    when = command.occurred_at
    if when is None:
        return
    if isinstance(when, datetime):
        late = when > command.issued_at
    else:
        late = when > command.issued_at.date() + timedelta(days=1)
    if late:
        raise FactInFuture(
            "the fact is said to happen on {when}, after it is recorded ({issued})",
            when=when.isoformat(),
            issued=command.issued_at.isoformat(timespec="minutes"),
            value=when.isoformat(),
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
