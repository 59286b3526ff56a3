"""How each event of a holder's stream changes the holder: the registry's `evolve`
cases (rules.py), which never refuse and never validate."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, TypeVar

from thidua.domain.base import Event
from thidua.domain.registry import events as ev
from thidua.domain.registry.state import (
    Commendation,
    Holder,
    Posting,
    Proceeding,
    Title,
)

TEvent = TypeVar("TEvent", bound=Event)


def _person_registered(_: Holder | None, event: ev.PersonRegistered) -> Holder:
    posting = Posting(event.unit, event.position, event.since)
    return Holder(
        kind="individual",
        code=event.code,
        name=event.name,
        born=event.born,
        gender=event.gender,
        id_hash=event.id_hash,
        postings=(posting,),
    )


def _collective_registered(_: Holder | None, event: ev.CollectiveRegistered) -> Holder:
    return Holder("collective", event.code, event.name, parent=event.parent)


def _transferred(state: Holder | None, event: ev.PersonTransferred) -> Holder:
    assert state is not None
    posting = Posting(event.unit, event.position, event.since)
    return replace(state, postings=(*state.postings, posting))


def _conferred(state: Holder | None, event: ev.TitleConferred) -> Holder:
    assert state is not None
    title = Title(event.title, event.year, event.decision, event.source_sha256)
    return replace(state, titles=(*state.titles, title))


def _revoked(state: Holder | None, event: ev.TitleRevoked) -> Holder:
    assert state is not None
    titles = tuple(
        replace(t, revocation=event.decision, revoked_because=event.reason)
        if (t.title, t.year, t.held) == (event.title, event.year, True)
        else t
        for t in state.titles
    )
    return replace(state, titles=titles)


def _recorded(state: Holder | None, event: ev.CommendationRecorded) -> Holder:
    assert state is not None
    found = Commendation(event.form, event.year, event.decision)
    return replace(state, commendations=(*state.commendations, found))


def _form_revoked(state: Holder | None, event: ev.CommendationRevoked) -> Holder:
    assert state is not None
    key = (event.form, event.year, event.awarded_by, True)
    forms = tuple(
        replace(c, revocation=event.decision, revoked_because=event.reason)
        if (c.form, c.year, c.decision.number, c.held) == key
        else c
        for c in state.commendations
    )
    return replace(state, commendations=forms)


def _opened(state: Holder | None, event: ev.ProceedingOpened) -> Holder:
    assert state is not None
    found = Proceeding(
        event.proceeding_id, event.kind, event.opened_on, noted_in=event.noted_in
    )
    return replace(state, proceedings=(*state.proceedings, found))


def _closed(state: Holder | None, event: ev.ProceedingClosed) -> Holder:
    assert state is not None
    proceedings = tuple(
        replace(p, closed_on=event.closed_on) if p.id == event.proceeding_id else p
        for p in state.proceedings
    )
    return replace(state, proceedings=proceedings)


def _evolver(
    event_class: type[TEvent], handler: Callable[[Holder | None, TEvent], Holder]
) -> tuple[type[Event], Callable[[Holder | None, Any], Holder]]:
    return event_class, handler


EVOLVERS = dict(
    [
        _evolver(ev.PersonRegistered, _person_registered),
        _evolver(ev.CollectiveRegistered, _collective_registered),
        _evolver(ev.PersonTransferred, _transferred),
        _evolver(ev.TitleConferred, _conferred),
        _evolver(ev.TitleRevoked, _revoked),
        _evolver(ev.CommendationRecorded, _recorded),
        _evolver(ev.CommendationRevoked, _form_revoked),
        _evolver(ev.ProceedingOpened, _opened),
        _evolver(ev.ProceedingClosed, _closed),
    ]
)
