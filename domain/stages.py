"""A cycle's stage changes as an event of its own (StageAdvanced), decided beside
the event that causes it: the last signature, a roster change that leaves every
unit signed, the covenant's, the scoring's or the cycle's closing.

Cycles opened before the change (CycleOpened without `stage_events`) recorded no
such events: their state is marked `legacy`, and `evolve` derives their stage
from the causing events as it always did, so stores written then read the same.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from thidua.domain.base import Command, Event
from thidua.domain.cycle_state import CycleState
from thidua.domain.decider import changed, then
from thidua.domain.types import Stage


class StageAdvanced(Event):
    from_stage: Stage
    to_stage: Stage


def advancing(
    state: CycleState, events: list[Event], command: Command, to: Stage
) -> list[Event]:
    """The decided `events`, followed by the cycle's move to stage `to` where it
    is one: on a legacy cycle `evolve` derives the move instead, as it did when
    the cycle's first events were stored."""
    if state.legacy or to is state.stage:
        return events
    advanced = then(
        state,
        StageAdvanced,
        command,
        after=len(events),
        from_stage=state.stage,
        to_stage=to,
    )
    return [*events, advanced]


def derived(state: CycleState, stage: Stage) -> CycleState:
    """The state with the stage its events give, on a legacy cycle only: any other
    cycle moves by its recorded StageAdvanced."""
    return changed(state, stage=stage) if state.legacy else state


def _advanced(state: CycleState, event: StageAdvanced) -> CycleState:
    return changed(state, stage=event.to_stage)


HANDLERS: dict[type[Any], Callable[[Any, Any], CycleState]] = {
    StageAdvanced: _advanced,
}
