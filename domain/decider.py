"""The shape of an aggregate whose rules are pure functions over one immutable
state (docs/architecture.md): `decide_…(state, command) -> [events]` builds its
events with `first` or `then`; `evolve(state, event) -> state` comes from a table
by `evolver`; a `Decider` stream holds the state and records what is decided."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any, ClassVar, Generic, Protocol, TypeVar
from uuid import UUID

from thidua.domain.base import Command, Created, Event, Stream, require_past


class Head(Protocol):
    """What a decided event needs of the state it follows: the stream and its
    version."""

    @property
    def id(self) -> UUID: ...

    @property
    def version(self) -> int: ...


TState = TypeVar("TState", bound=Head)
TEvent = TypeVar("TEvent", bound=Event)
TCreated = TypeVar("TCreated", bound=Created)


def first(
    event_class: type[TCreated],
    stream: type[Stream],
    stream_id: UUID,
    command: Command,
    **fields: Any,
) -> TCreated:
    """The event that starts a stream of the given kind, as `command` decides it."""
    require_past(command)
    return event_class(
        originator_topic=stream.TOPIC,
        originator_id=stream_id,
        originator_version=1,
        **_said(command),
        **fields,
    )


def then(
    state: Head,
    event_class: type[TEvent],
    command: Command,
    *,
    after: int = 0,
    **fields: Any,
) -> TEvent:
    """The next event of the stream whose state is `state` (or the one `after`
    events later, for a command that decides several), as `command` decides it."""
    require_past(command)
    return event_class(
        originator_id=state.id,
        originator_version=state.version + 1 + after,
        **_said(command),
        **fields,
    )


def _said(command: Command) -> dict[str, Any]:
    return {
        "timestamp": command.issued_at,
        "actor": command.actor,
        "command_id": command.command_id,
        "occurred_at": command.occurred_at,
        "reason": command.reason,
        "login": command.login,  # the database login appending it, where there is one
    }


T = TypeVar("T")


def changed(value: T, **fields: Any) -> T:
    """A new immutable value: `value` with these fields. Like dataclasses.replace,
    without running the class's __init__ again (which costs as much as a handler):
    the new object is filled before anyone sees it, and `value` stays as it was."""
    new = object.__new__(type(value))
    new.__dict__.update(value.__dict__, **fields)
    return new


def evolver(
    table: Mapping[type[Any], Callable[[Any, Any], TState]],
) -> Callable[[TState | None, Event], TState]:
    """The `evolve` of a state from a table of event class → handler: each handler
    returns the state after its event; the state's version is the event's."""

    def evolve(state: TState | None, event: Event) -> TState:
        after = table[type(event)](state, event)
        if after is state:
            return changed(after, version=event.originator_version)
        # A state the handler has just made, that no one has seen yet.
        after.__dict__["version"] = event.originator_version
        return after

    return evolve


class Decider(Stream, Generic[TState], stored=False):
    """A stream that holds one immutable state and nothing else of its own.

    Its rules are module functions: `decide_…(state, command) -> [events]` and
    `evolve(state, event) -> state` (the class's `evolve`, which starts from None
    with the stream's first event). The stream records what a decision returns
    and folds each event with `evolve`; a refused command changes nothing.
    """

    # The stream's `evolve`, called on the class: (state | None, event) -> state.
    evolve: ClassVar[Callable[[Any, Event], Any]]

    def __base_init__(
        self, originator_id: Any, originator_version: int, timestamp: datetime
    ) -> None:
        super().__base_init__(originator_id, originator_version, timestamp)
        self.state: TState = None  # type: ignore[assignment]  # set by the first event

    def fold(self, event: Event) -> None:
        self.state = type(self).evolve(self.state, event)

    @classmethod
    def started(cls, events: Iterable[Event]) -> Any:
        """A new stream from its decided events, the first of which creates it."""
        created, *rest = events
        stream = created.mutate(None)
        assert isinstance(stream, cls)
        stream.pending_events.append(created)
        stream.record(rest)
        return stream

    def record(self, events: Iterable[Event]) -> None:
        """Append decided events: each folded into the state, then pending."""
        for event in events:
            event.mutate(self)
            self.pending_events.append(event)
