"""The Cycle stream: one bloc's emulation year, from opening to closing.

Its stream holds the adopted rulebook, the covenant, the scores, the votes and the
awards. The rules are pure functions over one immutable state (domain/cycle_state.py),
in parts: covenant.py (roster, leads, covenant, closing), scoring.py, voting.py and
awards.py; each exports its `decide_…` functions and the `evolve` of its events.
The stream only holds the state; `evolve` below folds every part's events.
"""

from __future__ import annotations

from collections.abc import Callable

from thidua.domain import awards, covenant, scoring, stages, voting
from thidua.domain.base import Event, require_operator
from thidua.domain.commands import OpenCycle
from thidua.domain.covenant import CycleOpened, Member
from thidua.domain.cycle_state import CycleState
from thidua.domain.decider import Decider, evolver, first
from thidua.domain.errors import CommandRejected, RulebookNotInForce
from thidua.domain.ids import cycle_id
from thidua.domain.rulebook import check_rulebook, rulebook_hash

__all__ = ["Cycle", "CycleOpened", "CycleState", "decide_open", "evolve"]

evolve: Callable[[CycleState | None, Event], CycleState] = evolver(
    {
        **covenant.HANDLERS,
        **scoring.HANDLERS,
        **voting.HANDLERS,
        **awards.HANDLERS,
        **stages.HANDLERS,
    }
)


class Cycle(Decider[CycleState]):
    evolve = evolve


def decide_open(
    command: OpenCycle, bloc_name: str, roster: dict[str, str]
) -> list[Event]:
    """The bloc's year opens with the roster it has then, under a rulebook in force."""
    require_operator(command.actor)
    rulebook = check_rulebook(command.rulebook_text)
    meta = rulebook.rulebook
    if not meta.in_force(command.year):
        until = meta.effective_to or "open end"
        raise RulebookNotInForce(
            "rulebook {code} {version} is in force from {effective_from} "
            "to {until}, not in {year}",
            code=meta.code,
            version=meta.version,
            effective_from=meta.effective_from,
            until=until,
            year=command.year,
            value=command.year,
        )
    if len(roster) < meta.min_members:
        raise CommandRejected(
            "bloc {bloc} has {members} member(s) in {year}; the rulebook needs "
            "at least {min_members}",
            bloc=command.bloc,
            members=len(roster),
            year=command.year,
            min_members=meta.min_members,
            value=len(roster),
        )
    opened = first(
        CycleOpened,
        Cycle,
        cycle_id(command.bloc, command.year),
        command,
        bloc=command.bloc,
        bloc_name=bloc_name,
        year=command.year,
        roster=tuple(Member(code=c, name=n) for c, n in roster.items()),
        rulebook_text=command.rulebook_text,
        rulebook_sha256=rulebook_hash(command.rulebook_text),
        stage_events=True,
    )
    return [opened]
