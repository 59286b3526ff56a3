"""Membership changes during the year: the cycle's roster follows the bloc's."""

from __future__ import annotations

from datetime import date

import pytest

from thidua.domain import commands as c
from thidua.domain import errors
from thidua.domain.service.application import Thidua
from thidua.domain.types import Stage

from support import UNITS, Desk


def test_a_unit_that_leaves_mid_year_leaves_the_roster(app: Thidua, desk: Desk) -> None:
    desk.bloc()
    cycle = desk.open(2020)
    desk(c.AssignLeads, **cycle, head="SKHDT", deputy="SNGV")

    desk(c.RemoveUnit, bloc="TMTH", unit="SNGV", year=2020, reason="sáp nhập")
    desk(c.SyncRoster, **cycle)

    state = app.cycle("TMTH", 2020)
    assert "SNGV" not in state.roster
    assert (state.head, state.deputy) == (
        None,
        None,
    )  # the leads must be assigned again
    with pytest.raises(errors.NotAMember):
        desk(
            c.SignCovenant,
            **cycle,
            unit="SNGV",
            signatory="A",
            signed_on=date(2020, 3, 1),
        )


def test_a_unit_that_joins_mid_year_signs_and_completes_the_covenant(
    app: Thidua, desk: Desk
) -> None:
    desk.bloc()
    cycle = desk.open(2020)
    desk.sign_all(cycle)
    assert app.cycle("TMTH", 2020).stage is Stage.SCORING

    desk(c.AddUnit, bloc="TMTH", unit="SYT", name="Sở Y tế", year=2020)
    desk(c.SyncRoster, **cycle)

    state = app.cycle("TMTH", 2020)
    assert list(state.roster) == [*UNITS, "SYT"]
    desk(c.SignCovenant, **cycle, unit="SYT", signatory="B", signed_on=date(2020, 4, 1))
    assert "SYT" in app.cycle("TMTH", 2020).signatures


def test_leaving_can_complete_the_covenant(app: Thidua, desk: Desk) -> None:
    desk.bloc()
    cycle = desk.open(2020)
    for unit in [u for u in UNITS if u != "SNGV"]:
        desk(
            c.SignCovenant,
            **cycle,
            unit=unit,
            signatory="A",
            signed_on=date(2020, 1, 16),
        )

    desk(c.RemoveUnit, bloc="TMTH", unit="SNGV", year=2020)
    desk(c.SyncRoster, **cycle)

    assert app.cycle("TMTH", 2020).stage is Stage.SCORING


def test_the_roster_is_frozen_with_the_standings(app: Thidua, desk: Desk) -> None:
    desk.bloc()
    cycle = desk.to_review(2020)
    desk(c.AddUnit, bloc="TMTH", unit="SYT", name="Sở Y tế", year=2020)

    with pytest.raises(errors.WrongStage):
        desk(c.SyncRoster, **cycle)


def test_a_roster_that_already_matches_is_not_synced_again(
    app: Thidua, desk: Desk
) -> None:
    desk.bloc()
    cycle = desk.open(2020)

    with pytest.raises(errors.CommandRejected, match="already matches"):
        desk(c.SyncRoster, **cycle)
