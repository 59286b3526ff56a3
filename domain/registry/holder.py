"""The stream of one person or one collective: it holds the folded state, asks
`rules.decide` and records what it decides. No rule lives here."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from thidua.domain.base import Command, Event, Stream
from thidua.domain.registry.rules import decide, evolve

if TYPE_CHECKING:
    from thidua.domain.registry.state import Holder


class HolderStream(Stream):
    if TYPE_CHECKING:
        state: Holder

    @classmethod
    def register(cls, stream_id: UUID, command: Command) -> HolderStream:
        first, *rest = decide(None, command)
        stream = cls._start(first.event, stream_id, command, **first.fields)  # type: ignore[arg-type]
        for change in rest:
            stream._record(change.event, command, **change.fields)
        return stream

    def execute(self, command: Command) -> None:
        for change in decide(self.state, command):
            self._record(change.event, command, **change.fields)

    def fold(self, event: Event) -> None:
        self.state = evolve(getattr(self, "state", None), event)
