"""The log read one stream at a time, in key order, each event with its position.

`audit verify --all` checks streams one by one, so it holds one stream's rows at a
time whatever the size of the store. The library reads a stream without the
events' positions in the log, and the findings name them; so one pass over the log
first notes where each stream's events sit: two machine integers per event, not
their documents.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from typing import TYPE_CHECKING, Protocol
from uuid import UUID

if TYPE_CHECKING:
    from eventsourcing.persistence import StoredEvent

    from thidua.domain.service.application import Thidua

PAGE = 2000


class Streams(Protocol):
    """What verify reads a log through: its streams, then each one's events."""

    def ids(self) -> Iterator[UUID]:
        """Every stream of the log, in key order."""
        ...

    def events(self, stream: UUID) -> list[tuple[int, StoredEvent]]:
        """A stream's stored events in version order, each with its position."""
        ...


class LogStreams:
    """Streams of any store the library opens, as of the log's head when first read.

    Events appended after that pass are left for the next verify: each stream is
    read only up to the last version the pass saw, so every event has a position."""

    def __init__(self, app: Thidua) -> None:
        self.app = app
        self._index: dict[UUID, tuple[array[int], array[int]]] | None = None

    def _positions(self) -> dict[UUID, tuple[array[int], array[int]]]:
        if self._index is None:
            index: dict[UUID, tuple[array[int], array[int]]] = {}
            start = 0
            while page := self.app.recorder.select_notifications(
                start=start, limit=PAGE, inclusive_of_start=False
            ):
                for notification in page:
                    stream = UUID(str(notification.originator_id))
                    if (entry := index.get(stream)) is None:
                        entry = index[stream] = (array("q"), array("q"))
                    entry[0].append(notification.originator_version)
                    entry[1].append(notification.id)
                start = page[-1].id
            self._index = index
        return self._index

    def ids(self) -> Iterator[UUID]:
        return iter(sorted(self._positions()))

    def events(self, stream: UUID) -> list[tuple[int, StoredEvent]]:
        versions, positions = self._positions().get(stream, (array("q"), array("q")))
        if not versions:
            return []
        at = dict(zip(versions, positions, strict=True))
        stored = self.app.recorder.select_events(stream, lte=max(versions))
        return [(at.get(event.originator_version, 0), event) for event in stored]
