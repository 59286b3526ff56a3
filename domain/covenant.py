"""The cycle's roster, leads and covenant (giao ước thi đua), and its opening and
closing: rules over the cycle's state. `decide_…(state, command)` returns the
events a command records; `evolve(state, event)` folds this part's events."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, ClassVar, Literal

from thidua.domain.base import (
    Created,
    Event,
    require_operator,
    require_operator_or_unit,
)
from thidua.domain.bloc_state import Departure
from thidua.domain.commands import (
    AssignLeads,
    CloseCovenant,
    CloseCycle,
    RegisterTargets,
    SignCovenant,
    SyncRoster,
)
from thidua.domain.cycle_state import (
    CycleState,
    next_stage,
    require_member,
    require_not_closed,
    require_stage,
)
from thidua.domain.cycle_values import Signature
from thidua.domain.decider import changed, evolver, then
from thidua.domain.errors import AlreadySigned, CommandRejected, VoteAlreadyOpen
from thidua.domain.rulebook import parse_rulebook
from thidua.domain.stages import advancing, derived
from thidua.domain.types import BlocCode, Frozen, Name, Stage, Text, UnitCode, Year


class Member(Frozen):
    code: UnitCode
    name: Name


class CycleOpened(Created):
    added_fields: ClassVar[frozenset[str]] = Created.added_fields | {"stage_events"}

    bloc: BlocCode
    bloc_name: Name
    year: Year
    roster: tuple[Member, ...]
    rulebook_text: str
    rulebook_sha256: str
    # Whether its stage changes are recorded (domain/stages.py): not in a cycle
    # opened before they were.
    stage_events: bool = False


class RosterChanged(Event):
    added_fields: ClassVar[frozenset[str]] = Event.added_fields | {"departures"}

    joined: tuple[Member, ...]
    left: tuple[UnitCode, ...]
    departures: tuple[Departure, ...] = ()


class LeadsAssigned(Event):
    head: UnitCode
    deputy: UnitCode
    method: Literal["rotation", "election", "assignment"]


class CovenantSigned(Event):
    unit: UnitCode
    signatory: Name
    signatory_title: Name | None
    signed_on: date


class TargetsRegistered(Event):
    unit: UnitCode
    targets: tuple[Text, ...]
    titles: tuple[Text, ...]


class CovenantClosed(Event):
    unsigned: tuple[UnitCode, ...]


class CycleClosed(Event):
    pass


# Evolving: no decisions, no refusals.
def _opened(_: None, event: CycleOpened) -> CycleState:
    return CycleState(
        id=event.originator_id,
        version=event.originator_version,
        bloc=event.bloc,
        bloc_name=event.bloc_name,
        year=event.year,
        roster={m.code: m.name for m in event.roster},
        rulebook_text=event.rulebook_text,
        rulebook_sha256=event.rulebook_sha256,
        stage=parse_rulebook(event.rulebook_text).rulebook.stages[0],
        legacy=not event.stage_events,
    )


def covenant_stage(state: CycleState) -> Stage:
    """The covenant's stage is over once every unit on the roster has signed."""
    everyone = set(state.roster) <= set(state.signatures)
    if state.stage is Stage.COVENANT and everyone:
        return next_stage(state)
    return state.stage


def _roster_changed(state: CycleState, event: RosterChanged) -> CycleState:
    told = {departure.unit: departure for departure in event.departures}
    roster, departed = dict(state.roster), dict(state.departed)
    for unit in event.left:
        name = roster.pop(unit)
        departed[unit] = told.get(unit) or Departure(unit=unit, name=name)
    roster.update({m.code: m.name for m in event.joined})
    state = changed(state, roster=roster, departed=departed)
    if state.head in event.left or state.deputy in event.left:
        state = changed(state, head=None, deputy=None, leads_method=None)
    return derived(state, covenant_stage(state))


def _leads(state: CycleState, event: LeadsAssigned) -> CycleState:
    return changed(
        state, head=event.head, deputy=event.deputy, leads_method=event.method
    )


def _signed(state: CycleState, event: CovenantSigned) -> CycleState:
    signature = Signature(event.signatory, event.signatory_title, event.signed_on)
    signatures = {**state.signatures, event.unit: signature}
    state = changed(state, signatures=signatures)
    return derived(state, covenant_stage(state))


def _targets(state: CycleState, event: TargetsRegistered) -> CycleState:
    targets = {**state.targets, event.unit: (event.targets, event.titles)}
    return changed(state, targets=targets)


def _covenant_closed(state: CycleState, _: CovenantClosed) -> CycleState:
    return derived(state, next_stage(state))


def _closed(state: CycleState, _: CycleClosed) -> CycleState:
    return derived(state, Stage.CLOSED)


HANDLERS: dict[type[Any], Callable[[Any, Any], CycleState]] = {
    CycleOpened: _opened,
    RosterChanged: _roster_changed,
    LeadsAssigned: _leads,
    CovenantSigned: _signed,
    TargetsRegistered: _targets,
    CovenantClosed: _covenant_closed,
    CycleClosed: _closed,
}
evolve = evolver(HANDLERS)


# Deciding.
def decide_sync_roster(
    state: CycleState,
    command: SyncRoster,
    roster: dict[str, str],
    departures: dict[str, Departure] | None = None,
) -> list[Event]:
    """Units that joined or left the bloc during the year (mergers, new bodies);
    `departures` says how the bloc recorded each leaving."""
    require_operator(command.actor)
    require_stage(state, Stage.COVENANT, Stage.SCORING, doing="change the roster")
    joined = tuple(
        Member(code=u, name=n) for u, n in roster.items() if u not in state.roster
    )
    left = tuple(u for u in state.roster if u not in roster)
    if not (joined or left):
        raise CommandRejected(
            "the roster of {ref} already matches bloc {bloc}'s members",
            ref=state.ref,
            bloc=state.bloc,
        )
    if len(roster) < state.rulebook.rulebook.min_members:
        raise CommandRejected(
            "the rulebook needs at least {min_members} members; the bloc "
            "would have {members}",
            min_members=state.rulebook.rulebook.min_members,
            members=len(roster),
            value=len(roster),
        )
    known = departures or {}
    departing = tuple(known[u] for u in left if u in known)
    changes = then(
        state, RosterChanged, command, joined=joined, left=left, departures=departing
    )
    return advancing(state, [changes], command, covenant_stage(evolve(state, changes)))


def decide_assign_leads(state: CycleState, command: AssignLeads) -> list[Event]:
    require_operator(command.actor)
    require_not_closed(state)
    require_member(state, command.head, "head unit")
    require_member(state, command.deputy, "deputy unit")
    if command.head == command.deputy:
        raise CommandRejected("the head and the deputy must be different units")
    leads = then(
        state,
        LeadsAssigned,
        command,
        head=command.head,
        deputy=command.deputy,
        method=command.method,
    )
    return [leads]


def decide_sign_covenant(state: CycleState, command: SignCovenant) -> list[Event]:
    require_operator_or_unit(command.actor, command.unit)
    # A unit that joins during scoring signs on joining.
    require_stage(state, Stage.COVENANT, Stage.SCORING, doing="sign the covenant")
    require_member(state, command.unit)
    if command.unit in state.signatures:
        raise AlreadySigned(
            "{unit} signed the covenant of {ref} on {signed_on}",
            unit=command.unit,
            ref=state.ref,
            signed_on=state.signatures[command.unit].signed_on,
            value=command.unit,
        )
    signed = then(
        state,
        CovenantSigned,
        command,
        unit=command.unit,
        signatory=command.signatory,
        signatory_title=command.signatory_title,
        signed_on=command.signed_on,
    )
    return advancing(state, [signed], command, covenant_stage(evolve(state, signed)))


def decide_register_targets(state: CycleState, command: RegisterTargets) -> list[Event]:
    require_operator_or_unit(command.actor, command.unit)
    require_stage(state, Stage.COVENANT, Stage.SCORING, doing="register targets")
    require_member(state, command.unit)
    if not (command.targets or command.titles):
        raise CommandRejected("register at least one target or title")
    registered = then(
        state,
        TargetsRegistered,
        command,
        unit=command.unit,
        targets=command.targets,
        titles=command.titles,
    )
    return [registered]


def decide_close_covenant(state: CycleState, command: CloseCovenant) -> list[Event]:
    require_operator(command.actor)
    require_stage(state, Stage.COVENANT, doing="close covenant signing")
    unsigned = tuple(u for u in state.roster if u not in state.signatures)
    closed = then(state, CovenantClosed, command, unsigned=unsigned)
    return advancing(state, [closed], command, next_stage(state))


def decide_close(state: CycleState, command: CloseCycle) -> list[Event]:
    require_operator(command.actor)
    require_stage(state, Stage.REVIEW, doing="close the cycle")
    still_open = [m for m, rounds in state.rounds.items() if rounds[-1].is_open]
    if still_open:
        raise VoteAlreadyOpen(
            "close the open vote(s) first: {motions}",
            motions=", ".join(still_open),
            value=still_open,
        )
    return advancing(state, [then(state, CycleClosed, command)], command, Stage.CLOSED)
