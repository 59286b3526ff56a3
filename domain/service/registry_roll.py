"""The roll of the registry: who was posted in which unit, and who held which
title in which year, across every holder. A share of another title's holders and a
collective's member conditions count over many people, so the application keeps
this index, read from the log's registry events in order, and reads only the
events recorded since it last looked (as `people()` does)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import ApplicationRecorder

from thidua.domain.registry import events as ev


@dataclass
class Roll:
    """Every person's postings, every collective's member unit, and the holders of
    each title by year (revoked ones left out)."""

    codes: dict[UUID, tuple[str, str]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # person → full name
    postings: dict[str, list[tuple[date, str]]] = field(default_factory=dict)
    posted: dict[str, set[str]] = field(default_factory=dict)  # unit → people
    parents: dict[str, str] = field(default_factory=dict)  # sub-unit → unit
    held: dict[tuple[str, str, int], set[str]] = field(default_factory=dict)
    position: int = 0
    # The members found since the last event, as many proposals ask the same.
    found: dict[tuple[frozenset[str], int], frozenset[str]] = field(
        default_factory=dict
    )

    def see(self, stream: UUID, event: Any) -> None:
        """Fold one registry event, recorded on `stream`, into the roll."""
        handle = _FOLDS.get(type(event))
        if handle is not None:
            self.found.clear()
            handle(self, stream, event)

    def members(self, units: Iterable[str], year: int) -> frozenset[str]:
        """The people posted, in some part of `year`, in one of `units` or in one
        of their sub-units."""
        key = (frozenset(units), year)
        if key not in self.found:
            self.found[key] = frozenset(self._members(set(key[0]), year))
        return self.found[key]

    def _members(self, wanted: set[str], year: int) -> set[str]:
        wanted |= {sub for sub, parent in self.parents.items() if parent in wanted}
        found: set[str] = set()
        for unit in wanted:
            for code in self.posted.get(unit, ()):
                if wanted & units_in(self.postings[code], year):
                    found.add(code)
        return found

    def holders(self, kind: str, title: str, year: int) -> set[str]:
        return self.held.get((kind, title, year), set())


def units_in(postings: list[tuple[date, str]], year: int) -> set[str]:
    """The units of a person's postings (in order) in some part of a year."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    units = {unit for since, unit in postings if start <= since <= end}
    before = [unit for since, unit in postings if since <= start]
    if before:
        units.add(before[-1])
    return units


def _person(roll: Roll, stream: UUID, event: ev.PersonRegistered) -> None:
    roll.codes[stream] = ("individual", event.code)
    roll.names[event.code] = event.name
    roll.postings[event.code] = [(event.since, event.unit)]
    roll.posted.setdefault(event.unit, set()).add(event.code)


def _collective(roll: Roll, stream: UUID, event: ev.CollectiveRegistered) -> None:
    roll.codes[stream] = ("collective", event.code)
    if event.parent is not None:
        roll.parents[event.code] = event.parent


def _transferred(roll: Roll, stream: UUID, event: ev.PersonTransferred) -> None:
    _, code = roll.codes[stream]
    roll.postings[code].append((event.since, event.unit))
    roll.posted.setdefault(event.unit, set()).add(code)


def _conferred(roll: Roll, stream: UUID, event: ev.TitleConferred) -> None:
    kind, code = roll.codes[stream]
    roll.held.setdefault((kind, event.title, event.year), set()).add(code)


def _revoked(roll: Roll, stream: UUID, event: ev.TitleRevoked) -> None:
    kind, code = roll.codes[stream]
    roll.held.get((kind, event.title, event.year), set()).discard(code)


Fold = Callable[[Roll, UUID, Any], None]
_FOLDS: dict[type, Fold] = {
    ev.PersonRegistered: _person,
    ev.CollectiveRegistered: _collective,
    ev.PersonTransferred: _transferred,
    ev.TitleConferred: _conferred,
    ev.TitleRevoked: _revoked,
}
KINDS = tuple(kind.__name__ for kind in _FOLDS)


def recorded_since(
    app: Application[Any], start: int, topics: list[str]
) -> tuple[list[Any], int]:
    """The events of these topics recorded after `start`, and the log's head as
    they were read: the next reading starts there, so a log that holds none of
    them is not searched again from its beginning (a search of every event, with
    no index on the topic, each time an award is judged). Events are visible in
    the order of their positions on both stores (SQLite writes one at a time; on
    PostgreSQL an append holds the table's lock), so none can appear later below
    the head read."""
    recorder = app.recorder
    assert isinstance(recorder, ApplicationRecorder)
    head = recorder.max_notification_id() or 0
    events: list[Any] = []
    while start < head and (
        batch := recorder.select_notifications(
            start=start, limit=1000, stop=head, topics=topics,
            inclusive_of_start=False,
        )
    ):  # fmt: skip
        events += [app.mapper.to_domain_event(n) for n in batch]
        start = batch[-1].id
    return events, max(start, head)
