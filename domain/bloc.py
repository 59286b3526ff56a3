"""The Bloc stream: an emulation bloc (khối / cụm thi đua) and its members, as
rules over one immutable state (domain/bloc_state.py): `decide_…(state, command)`
returns the events a command records, `evolve(state, event)` folds them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import ClassVar, Literal

from thidua.domain.base import Created, Event, require_operator
from thidua.domain.bloc_state import (
    BlocState,
    Departure,
    DocumentSettings,
    Membership,
    day_of,
)
from thidua.domain.commands import AddUnit, ConfigureBloc, CreateBloc, RemoveUnit
from thidua.domain.decider import Decider, changed, evolver, first, then
from thidua.domain.errors import AlreadyExists, CommandRejected, NotAMember
from thidua.domain.ids import bloc_id
from thidua.domain.types import BlocCode, Name, Text, UnitCode, Year

__all__ = [
    "Bloc",
    "BlocConfigured",
    "BlocCreated",
    "BlocState",
    "Departure",
    "DocumentSettings",
    "Membership",
    "UnitAdded",
    "UnitRemoved",
    "day_of",
]

BlocKind = Literal["khoi", "cum"]


class BlocCreated(Created):
    code: BlocCode
    name: Name
    province: Name
    kind: BlocKind


class UnitAdded(Event):
    unit: UnitCode
    name: Name
    year: Year
    decision: Text | None = None


class UnitRemoved(Event):
    added_fields: ClassVar[frozenset[str]] = Event.added_fields | {"successor"}

    unit: UnitCode
    year: Year
    decision: Text | None = None
    successor: UnitCode | None = None  # the member unit it merged into


class BlocConfigured(Event):
    """The bloc's document settings from a day on, all of them ("" = not set)."""

    superior_body: Text
    issuing_body: Text
    place: Text
    document_code: Text
    since: date


# Deciding.
def decide_create(command: CreateBloc) -> list[Event]:
    require_operator(command.actor)
    return [
        first(
            BlocCreated,
            Bloc,
            bloc_id(command.bloc),
            command,
            code=command.bloc,
            name=command.name,
            province=command.province,
            kind=command.kind,
        )
    ]


def decide_add_unit(state: BlocState, command: AddUnit) -> list[Event]:
    require_operator(command.actor)
    if state.current(command.unit) is not None:
        raise AlreadyExists(
            "unit {unit} is already a member of bloc {code}",
            unit=command.unit,
            code=state.code,
            value=command.unit,
        )
    return [
        then(
            state,
            UnitAdded,
            command,
            unit=command.unit,
            name=command.name,
            year=_year(command, joining=True),
            decision=command.decision,
        )
    ]


def decide_remove_unit(state: BlocState, command: RemoveUnit) -> list[Event]:
    require_operator(command.actor)
    membership = state.current(command.unit)
    if membership is None:
        raise NotAMember(
            "unit {unit} is not a current member of bloc {code}",
            unit=command.unit,
            code=state.code,
            value=command.unit,
        )
    year = _year(command, joining=False)
    if year < membership.joined:
        raise CommandRejected(
            "unit {unit} joined in {joined} and cannot leave in {year}",
            unit=command.unit,
            joined=membership.joined,
            year=year,
            value=year,
        )
    if command.successor is not None:
        _require_successor(state, command.unit, command.successor, year)
    return [
        then(
            state,
            UnitRemoved,
            command,
            unit=command.unit,
            year=year,
            decision=command.decision,
            successor=command.successor,
        )
    ]


def decide_configure(state: BlocState, command: ConfigureBloc) -> list[Event]:
    require_operator(command.actor)
    given = {
        name: value
        for name in ("superior_body", "issuing_body", "place", "document_code")
        if (value := getattr(command, name)) is not None
    }
    if not given:
        raise CommandRejected(
            "bloc {code}: name at least one setting to configure",
            code=state.code,
            value=None,
        )
    since = command.since or command.issued_at.date()
    settings = changed(state.settings_on(since) or DocumentSettings(), **given)
    return [
        then(
            state,
            BlocConfigured,
            command,
            superior_body=settings.superior_body,
            issuing_body=settings.issuing_body,
            place=settings.place,
            document_code=settings.document_code,
            since=since,
        )
    ]


def _require_successor(state: BlocState, unit: str, successor: str, year: int) -> None:
    """A unit merges into another member of the bloc, one still there that year."""
    found = state.current(successor)
    if successor == unit or found is None or not found.covers(year):
        raise NotAMember(
            "unit {unit} cannot merge into {successor}: not another current"
            " member of bloc {code} in {year}",
            unit=unit,
            successor=successor,
            code=state.code,
            year=year,
            value=successor,
        )


def _year(command: AddUnit | RemoveUnit, *, joining: bool) -> int:
    """The year of a membership change: as given, else the year of its day."""
    day, year = day_of(command.occurred_at), command.year
    if year is None and day is None:
        raise CommandRejected(
            "say when unit {unit} joins: its first year, or the day it joins"
            if joining
            else "say when unit {unit} leaves: its first year out, or the day it"
            " leaves",
            unit=command.unit,
        )
    if year is None:
        assert day is not None
        return day.year
    if day is not None and not day.year <= year <= day.year + 1:
        raise CommandRejected(
            "unit {unit} changes membership on {day}: from {first} or {second},"
            " not {year}",
            unit=command.unit,
            day=day.isoformat(),
            first=day.year,
            second=day.year + 1,
            year=year,
            value=year,
        )
    return year


# Evolving: no decisions, no refusals.
def _created(_: None, event: BlocCreated) -> BlocState:
    return BlocState(
        id=event.originator_id,
        version=event.originator_version,
        code=event.code,
        name=event.name,
        province=event.province,
        kind=event.kind,
    )


def _added(state: BlocState, event: UnitAdded) -> BlocState:
    joined = Membership(
        event.unit,
        event.name,
        event.year,
        joined_on=day_of(event.occurred_at),
        joining_decision=event.decision,
    )
    return changed(state, memberships=(*state.memberships, joined))


def _removed(state: BlocState, event: UnitRemoved) -> BlocState:
    leaving = state.current(event.unit)
    assert leaving is not None
    left = changed(
        leaving,
        left=event.year,
        left_on=day_of(event.occurred_at),
        leaving_decision=event.decision,
        merged_into=event.successor,
    )
    memberships = tuple(left if m is leaving else m for m in state.memberships)
    return changed(state, memberships=memberships)


def _configured(state: BlocState, event: BlocConfigured) -> BlocState:
    settings = DocumentSettings(
        event.superior_body,
        event.issuing_body,
        event.place,
        event.document_code,
        event.since,
    )
    return changed(state, configurations=(*state.configurations, settings))


evolve: Callable[[BlocState | None, Event], BlocState] = evolver(
    {
        BlocCreated: _created,
        UnitAdded: _added,
        UnitRemoved: _removed,
        BlocConfigured: _configured,
    }
)


class Bloc(Decider[BlocState]):
    evolve = evolve
