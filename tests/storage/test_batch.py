"""A batch: commands judged one by one, recorded together at the end, or not at all."""

from __future__ import annotations

import contextlib

import pytest

from thidua.domain import commands as c
from thidua.domain.errors import ThiduaError
from thidua.domain.service.application import (
    BatchAbandoned,
    ConcurrencyExhausted,
    Thidua,
)
from thidua.domain.service.status import cycle_status
from thidua.store import build_app

from support import Desk, event_count


def test_a_batch_records_its_commands_together_at_the_end(
    app: Thidua, store_url: str
) -> None:
    desk = Desk(app)
    with app.batch():
        desk.bloc()
        cycle = desk.open(2020)
        desk.sign_all(cycle)
        receipt = desk(c.SubmitScores, **cycle, unit="SNV", points={"A1": 25})
        assert event_count(app) == 0
        assert receipt.position is None
        assert receipt.events == ("ScoresSubmitted",)

    # The bloc and its members, the cycle, its covenants and the move to scoring.
    assert event_count(app) == 1 + 8 + 1 + 8 + 1 + 1
    with build_app(store_url) as fresh:
        assert cycle_status(fresh.cycle("TMTH", 2020)) == cycle_status(
            app.cycle("TMTH", 2020)
        )


def test_a_refused_command_abandons_the_whole_batch_even_if_caught(
    app: Thidua,
) -> None:
    desk = Desk(app)
    desk.bloc()
    cycle = desk.open(2020)
    before = event_count(app)

    def import_skipping_bad_rows() -> None:
        with app.batch():
            desk.sign_all(cycle)
            with contextlib.suppress(ThiduaError):
                desk(c.SubmitScores, **cycle, unit="SNV", points={"A1": 99})

    with pytest.raises(BatchAbandoned, match="nothing was recorded"):
        import_skipping_bad_rows()

    assert event_count(app) == before
    assert app.cycle("TMTH", 2020).signatures == {}
    desk.sign_all(cycle)  # the kept streams were forgotten: nothing half-applied
    assert len(app.cycle("TMTH", 2020).signatures) == 8


def test_a_repeated_command_in_a_batch_is_applied_once(app: Thidua) -> None:
    desk = Desk(app)
    desk.bloc()
    cycle = desk.open(2020)
    with app.batch():
        desk.sign_all(cycle)
        desk(c.SubmitScores, **cycle, unit="SNV", points={"A1": 25}, command_id="x")
        again = desk(
            c.SubmitScores, **cycle, unit="SNV", points={"A1": 26}, command_id="x"
        )

    assert again.already_applied
    assert app.cycle("TMTH", 2020).sheets["SNV"].own == {"A1": 25}


def test_a_batch_that_loses_a_race_records_nothing_and_says_so(
    app: Thidua, store_url: str
) -> None:
    desk = Desk(app)
    desk.bloc()
    cycle = desk.open(2020)
    before = event_count(app)

    def sign_while_another_operator_assigns_the_leads() -> None:
        with app.batch():
            desk.sign_all(cycle)
            with build_app(store_url) as other:
                rival = Desk(other)
                rival.issued = 1000
                rival(c.AssignLeads, **cycle, head="SNV", deputy="STC")

    with pytest.raises(ConcurrencyExhausted, match="run it again"):
        sign_while_another_operator_assigns_the_leads()

    assert event_count(app) == before + 1
    assert app.cycle("TMTH", 2020).signatures == {}
