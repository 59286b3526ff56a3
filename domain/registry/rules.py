"""The registry's rules in the decider shape: `decide(state, command)` gives the
changes a command makes to a holder (guards first), `evolve(state, event)` folds one
event into a new state and never refuses.

A change is the event's class and its facts; the holder (holder.py) stamps it with
the stream, version, time, actor and hash chain when it records it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from thidua.domain.base import Command, Event, require_operator
from thidua.domain.errors import AlreadyExists, ReasonRequired
from thidua.domain.registry import commands as rc
from thidua.domain.registry import events as ev
from thidua.domain.registry.errors import (
    HolderNotFound,
    ProceedingNotOpen,
    TitleNotHeld,
    WrongUnit,
)
from thidua.domain.registry.evolvers import EVOLVERS
from thidua.domain.registry.state import Holder


@dataclass(frozen=True)
class Change:
    """An event a command decides on, before it is stamped and recorded."""

    event: type[Event]
    fields: dict[str, Any]


TCommand = TypeVar("TCommand", bound=Command)


def decide(state: Holder | None, command: Command) -> list[Change]:
    """What the command records on the holder's stream, or the rule it breaks."""
    require_operator(command.actor)
    return DECIDERS[type(command)](state, command)


def evolve(state: Holder | None, event: Event) -> Holder:
    """The holder after one more event."""
    return EVOLVERS[type(event)](state, event)


def _register_person(state: Holder | None, command: rc.RegisterPerson) -> list[Change]:
    _require_new(state, command.code)
    # The application replaces a national id by its salted hash before deciding.
    assert command.national_id is None, "a national id reached the rules in clear"
    fields = command.model_dump(
        include={"code", "name", "born", "gender", "id_hash", "unit", "position"}
    )
    return [Change(ev.PersonRegistered, {**fields, "since": command.since})]


def _register_collective(
    state: Holder | None, command: rc.RegisterCollective
) -> list[Change]:
    _require_new(state, command.code)
    fields = {"code": command.code, "name": command.name, "parent": command.parent}
    return [Change(ev.CollectiveRegistered, fields)]


def _transfer(state: Holder | None, command: rc.TransferPerson) -> list[Change]:
    holder = _existing(state, command.code)
    last = holder.postings[-1]
    if command.since <= last.since:
        raise WrongUnit(
            "{name} is in {unit} since {since}: a transfer starts after that",
            name=holder.label(),
            unit=last.unit,
            since=last.since,
            value=command.since.isoformat(),
        )
    if (command.unit, command.position) == (last.unit, last.position):
        raise WrongUnit(
            "{name} is already {position} in {unit}",
            name=holder.label(),
            position=last.position,
            unit=last.unit,
            value=command.unit,
        )
    fields = {"unit": command.unit, "position": command.position}
    return [Change(ev.PersonTransferred, {**fields, "since": command.since})]


def _confer(state: Holder | None, command: rc.ConferTitle) -> list[Change]:
    holder = _existing(state, command.holder.code)
    if holder.title(command.title, command.year) is not None:
        raise AlreadyExists(
            "{name} already holds {title} for {year}",
            name=holder.label(),
            title=command.title,
            year=command.year,
            value=command.title,
        )
    fields = command.model_dump(include={"title", "year", "source_sha256"})
    return [Change(ev.TitleConferred, {**fields, "decision": command.decision})]


def _revoke(state: Holder | None, command: rc.RevokeTitle) -> list[Change]:
    holder = _existing(state, command.holder.code)
    if holder.title(command.title, command.year) is None:
        raise TitleNotHeld(
            "{name} holds no {title} for {year}",
            name=holder.label(),
            title=command.title,
            year=command.year,
            value=command.title,
        )
    if not command.reason:
        raise ReasonRequired("a revocation needs its reasons", value=command.title)
    fields = {"title": command.title, "year": command.year}
    return [Change(ev.TitleRevoked, {**fields, "decision": command.decision})]


def _record(state: Holder | None, command: rc.RecordCommendation) -> list[Change]:
    holder = _existing(state, command.holder.code)
    number = command.decision.number
    if holder.commendation(command.form, command.year, number) is not None:
        raise AlreadyExists(
            "{name} already holds {form} for {year} by decision {number}",
            name=holder.label(),
            form=command.form,
            year=command.year,
            number=number,
            value=command.form,
        )
    fields = {"form": command.form, "year": command.year}
    return [Change(ev.CommendationRecorded, {**fields, "decision": command.decision})]


def _revoke_form(state: Holder | None, command: rc.RevokeCommendation) -> list[Change]:
    holder = _existing(state, command.holder.code)
    if holder.commendation(command.form, command.year, command.awarded_by) is None:
        raise TitleNotHeld(
            "{name} holds no {form} for {year} by decision {number}",
            name=holder.label(),
            form=command.form,
            year=command.year,
            number=command.awarded_by,
            value=command.form,
        )
    if not command.reason:
        raise ReasonRequired("a revocation needs its reasons", value=command.form)
    fields = command.model_dump(include={"form", "year", "awarded_by"})
    return [Change(ev.CommendationRevoked, {**fields, "decision": command.decision})]


def _open(state: Holder | None, command: rc.OpenProceeding) -> list[Change]:
    holder = _existing(state, command.holder.code)
    fields = {
        "proceeding_id": f"K{len(holder.proceedings) + 1}",
        "kind": command.kind,
        "opened_on": command.opened_on,
        "noted_in": command.noted_in,
    }
    return [Change(ev.ProceedingOpened, fields)]


def _close(state: Holder | None, command: rc.CloseProceeding) -> list[Change]:
    holder = _existing(state, command.holder.code)
    found = next((p for p in holder.proceedings if p.id == command.proceeding), None)
    if found is None or not found.open:
        raise ProceedingNotOpen(
            "{name} has no open proceeding {proceeding}",
            name=holder.label(),
            proceeding=command.proceeding,
            value=command.proceeding,
        )
    if command.closed_on < found.opened_on:
        raise WrongUnit(
            "proceeding {proceeding} opened on {opened}: it cannot close before",
            proceeding=found.id,
            opened=found.opened_on,
            value=command.closed_on.isoformat(),
        )
    fields = {"proceeding_id": found.id, "closed_on": command.closed_on}
    return [Change(ev.ProceedingClosed, fields)]


def _require_new(state: Holder | None, code: str) -> None:
    if state is not None:
        raise AlreadyExists("{what} already exists", what=state.label(), value=code)


def _existing(state: Holder | None, code: str) -> Holder:
    if state is None:
        raise HolderNotFound("nobody is registered as {code}", code=code, value=code)
    return state


def _decider(
    command_class: type[TCommand],
    handler: Callable[[Holder | None, TCommand], list[Change]],
) -> tuple[type[Command], Callable[[Holder | None, Any], list[Change]]]:
    return command_class, handler


DECIDERS = dict(
    [
        _decider(rc.RegisterPerson, _register_person),
        _decider(rc.RegisterCollective, _register_collective),
        _decider(rc.TransferPerson, _transfer),
        _decider(rc.ConferTitle, _confer),
        _decider(rc.RevokeTitle, _revoke),
        _decider(rc.RecordCommendation, _record),
        _decider(rc.RevokeCommendation, _revoke_form),
        _decider(rc.OpenProceeding, _open),
        _decider(rc.CloseProceeding, _close),
    ]
)
