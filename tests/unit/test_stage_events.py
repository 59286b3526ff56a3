"""A cycle's stage moves by a decided StageAdvanced event, recorded right after the
event that causes it; a cycle opened before such events existed (legacy) derives
its stage from the causing events, as it always did."""

from __future__ import annotations

from typing import Any

from cycle_events import (
    FULL,
    REF,
    UNITS,
    command,
    opened,
    scored,
    signed_by_all,
    signing,
    state_after,
    then,
)

from thidua.domain import commands as c
from thidua.domain.base import Event
from thidua.domain.covenant import (
    decide_close,
    decide_close_covenant,
    decide_sign_covenant,
    decide_sync_roster,
)
from thidua.domain.cycle import decide_open
from thidua.domain.scoring import ScoringClosed, decide_close_scoring
from thidua.domain.stages import StageAdvanced
from thidua.domain.types import Stage

from support import rulebook_text


def kinds(events: list[Event]) -> list[tuple[str, Any]]:
    return [
        (type(e).__name__, (e.from_stage, e.to_stage))
        if isinstance(e, StageAdvanced)
        else (type(e).__name__, None)
        for e in events
    ]


def legacy(events: list[Event]) -> list[Event]:
    """The same cycle as a release that recorded no stage changes stored it."""
    first, *rest = events
    return [first.model_copy(update={"stage_events": False}), *rest]


def test_the_last_signature_decides_the_move_to_scoring_beside_it() -> None:
    events = then(opened(), *map(signing, "ABC"))
    sign = command(c.SignCovenant, **REF, **signing("D")[2])

    decided = decide_sign_covenant(state_after(events), sign)

    assert kinds(decided) == [
        ("CovenantSigned", None),
        ("StageAdvanced", (Stage.COVENANT, Stage.SCORING)),
    ]
    assert [e.originator_version for e in decided] == [5, 6]
    assert decided[1].command_id == sign.command_id


def test_a_signature_that_leaves_units_unsigned_decides_no_move() -> None:
    events = then(opened(), *map(signing, "AB"))

    decided = then(events, signing("C"))[len(events) :]

    assert kinds(decided) == [("CovenantSigned", None)]


def test_the_stage_moves_only_by_its_recorded_event() -> None:
    signatures = [e for e in signed_by_all() if not isinstance(e, StageAdvanced)]

    assert state_after(signatures).stage is Stage.COVENANT
    assert state_after(signed_by_all()).stage is Stage.SCORING


def test_a_roster_change_that_leaves_every_unit_signed_decides_the_move() -> None:
    five = {**UNITS, "E": "Sở E"}
    text = rulebook_text()
    events = decide_open(command(c.OpenCycle, **REF, rulebook_text=text), "K", five)
    events = then(events, *map(signing, UNITS))
    sync = command(c.SyncRoster, **REF)

    decided = decide_sync_roster(state_after(events), sync, UNITS)

    assert kinds(decided) == [
        ("RosterChanged", None),
        ("StageAdvanced", (Stage.COVENANT, Stage.SCORING)),
    ]


def test_closing_the_covenant_decides_the_move_to_the_next_stage() -> None:
    events = then(opened(), signing("A"))

    decided = decide_close_covenant(
        state_after(events), command(c.CloseCovenant, **REF)
    )

    assert kinds(decided) == [
        ("CovenantClosed", None),
        ("StageAdvanced", (Stage.COVENANT, Stage.SCORING)),
    ]


def test_closing_scoring_and_the_cycle_decide_their_moves() -> None:
    events = then(signed_by_all(), *(scored(u, FULL) for u in UNITS))

    scoring = decide_close_scoring(state_after(events), command(c.CloseScoring, **REF))
    closing = decide_close(
        state_after([*events, *scoring]), command(c.CloseCycle, **REF)
    )

    assert kinds(scoring) == [
        ("ScoringClosed", None),
        ("StageAdvanced", (Stage.SCORING, Stage.REVIEW)),
    ]
    assert kinds(closing) == [
        ("CycleClosed", None),
        ("StageAdvanced", (Stage.REVIEW, Stage.CLOSED)),
    ]
    assert state_after([*events, *scoring, *closing]).stage is Stage.CLOSED


def test_a_legacy_cycle_records_no_move_and_derives_its_stage() -> None:
    events = legacy(then(opened(), *map(signing, "ABC")))
    state = state_after(events)
    sign = command(c.SignCovenant, **REF, **signing("D")[2])

    decided = decide_sign_covenant(state, sign)

    assert state.legacy
    assert kinds(decided) == [("CovenantSigned", None)]
    assert state_after([*events, *decided]).stage is Stage.SCORING


def test_a_legacy_cycle_derives_review_and_closed_from_the_closing_events() -> None:
    events = legacy(signed_by_all())
    events = [e for e in events if not isinstance(e, StageAdvanced)]
    events = then(events, *(scored(u, FULL) for u in UNITS))
    closed = decide_close_scoring(state_after(events), command(c.CloseScoring, **REF))

    assert [type(e) for e in closed] == [ScoringClosed]
    assert state_after([*events, *closed]).stage is Stage.REVIEW
