"""Every stored topic is pinned: it names the class it was stored for, wherever that
class is defined today, so that moving a class orphans nothing."""

from __future__ import annotations

import importlib
import pkgutil
import sqlite3
from pathlib import Path

import pytest
from eventsourcing.utils import resolve_topic

import thidua.domain
from thidua.domain.base import Event, Stream
from thidua.domain.service.mapper import pinned_topic
from thidua.domain.topics import AGGREGATES, EVENTS, KINDS, STREAMS

RELEASE_STORE = Path(__file__).parent.parent / "fixtures" / "release-1" / "thidua.db"


def _domain_classes(base: type) -> set[type]:
    for module in pkgutil.walk_packages(thidua.domain.__path__, "thidua.domain."):
        importlib.import_module(module.name)
    found, queue = set(), [base]
    while queue:
        for sub in queue.pop().__subclasses__():
            if sub.__module__.startswith("thidua.domain."):
                found.add(sub)
            queue.append(sub)
    return found


def test_every_pinned_event_topic_resolves_to_the_class_of_its_kind() -> None:
    for kind, topic in EVENTS.items():
        event_class = resolve_topic(topic)
        assert event_class.__name__ == kind
        assert pinned_topic(event_class) == topic


def test_every_pinned_aggregate_and_snapshot_topic_resolves_to_its_class() -> None:
    for name, topic in AGGREGATES.items():
        cls = resolve_topic(topic)
        assert cls.__name__ == name
        assert pinned_topic(cls) == topic


BASES = ("thidua.domain.base", "thidua.domain.commendation.stream")


def test_every_kind_of_event_has_a_pinned_topic() -> None:
    concrete = {
        cls.__name__
        for cls in _domain_classes(Event)
        # The library gives each aggregate its own base `Event`, never stored;
        # the bases of events live in modules of bases.
        if cls.__module__ not in BASES and cls.__name__ != "Event"
    }
    assert concrete == set(EVENTS)
    streams = {
        cls.__name__
        for cls in _domain_classes(Stream)
        # Bases of streams are never stored.
        if cls.__module__ not in {"thidua.domain.base", "thidua.domain.decider"}
    }
    assert streams <= set(AGGREGATES)


def test_each_kind_is_listed_once_in_one_stream() -> None:
    listed = [kind for kinds in STREAMS.values() for kind in kinds]
    assert len(listed) == len(set(listed)) == len(EVENTS) == len(KINDS)


def test_a_class_without_a_pinned_topic_is_refused_before_it_is_stored() -> None:
    class Unpinned(Event):
        pass

    with pytest.raises(TypeError, match="no pinned topic"):
        pinned_topic(Unpinned)


def test_every_topic_in_the_first_release_store_resolves() -> None:
    with sqlite3.connect(RELEASE_STORE) as db:
        topics = {row[0] for row in db.execute("SELECT topic FROM stored_events")}
        first_events = {
            row[0]
            for row in db.execute(
                "SELECT DISTINCT json_extract(state, '$.originator_topic')"
                " FROM stored_events WHERE originator_version = 1"
            )
        }
    assert topics <= set(EVENTS.values())
    assert first_events <= set(AGGREGATES.values())
    for topic in topics | first_events:
        assert resolve_topic(topic) is not None
