"""The thin aggregate of a decider: it holds one frozen state, records the events
`decide` returns and folds each with `evolve`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar
from uuid import NAMESPACE_URL, UUID, uuid5

from thidua.domain.base import Command, Created, Event
from thidua.domain.types import Frozen

# What `decide` returns: each event's class and its own fields. The stream adds who
# acted, when, and the hash chain when it records them.
Change = tuple[type[Event], Mapping[str, Any]]


def stream_id(kind: str, code: str) -> UUID:
    """A dossier's, session's or decision's stream: its code in capitals, as a
    digest's subject names it (a decision numbered 215/qđ-ubnd is 215/QĐ-UBND)."""
    return uuid5(NAMESPACE_URL, f"thidua:{kind}:{code.upper()}")


def day_of(event: Event) -> date:
    """The day a fact happened: as given, else the day it was recorded."""
    when = event.occurred
    return when.date() if isinstance(when, datetime) else when


class Folded(Event):
    """An event whose meaning is its stream's `evolve`."""

    def apply(self, aggregate: Any) -> None:
        aggregate.state = type(aggregate).evolve(aggregate.state, self)


class Started(Created):
    def apply(self, aggregate: Any) -> None:
        aggregate.state = type(aggregate).evolve(None, self)


# The library and domain/base.py pin a topic for every subclass of Stream: this
# mixin is one only to the type checker, and each stream names Stream itself.
if TYPE_CHECKING:
    from thidua.domain.base import Stream as _Mixin
else:
    _Mixin = object


class DeciderStream(_Mixin):
    """A stream whose rules are `decide` and `evolve` over `state`."""

    if TYPE_CHECKING:
        state: Any
    kind: ClassVar[str]

    @staticmethod
    def evolve(state: Any, event: Any) -> Any:
        raise NotImplementedError  # each stream names its own

    @classmethod
    def begin(
        cls, code: str, command: Command, changes: Sequence[Change]
    ) -> DeciderStream:
        (first, fields), *rest = changes
        assert issubclass(first, Created)
        stream = cls._start(first, stream_id(cls.kind, code), command, **fields)
        stream.record(command, rest)
        return stream

    def record(self, command: Command, changes: Sequence[Change]) -> None:
        for event_class, fields in changes:
            self._record(event_class, command, **fields)

    @property
    def label(self) -> str:
        return f"{self.kind} {getattr(self.state, 'code', '?')}"


class Checkpoint(Frozen):
    """A stream as it stood: its version and the hash of its last event."""

    stream: str
    version: int
    head: str
