"""The read models name the events they follow by topic, without loading the domain:
those names must be the domain's own."""

from __future__ import annotations

import inspect

from eventsourcing.utils import get_topic, resolve_topic

from thidua.domain import awards, bloc, covenant, scoring, stages, voting
from thidua.domain.base import Event
from thidua.domain.commendation import decision
from thidua.domain.registry import events as registry
from thidua.projections.source import TOPICS


def test_every_topic_names_the_domain_event_of_that_kind() -> None:
    for kind, topic in TOPICS.items():
        event_class = resolve_topic(topic)
        assert event_class.__name__ == kind
        assert get_topic(event_class) == topic


def test_every_event_of_a_bloc_a_cycle_a_holder_or_a_decision_has_a_topic() -> None:
    defined = {
        name
        for module in (
            awards,
            bloc,
            covenant,
            scoring,
            stages,
            voting,
            registry,
            decision,
        )
        for name, member in inspect.getmembers(module, inspect.isclass)
        if issubclass(member, Event)
        and member.__module__ == module.__name__
        and not inspect.isabstract(member)
    }

    assert defined == set(TOPICS)
