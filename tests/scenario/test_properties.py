"""Invariants under random operator input: nothing lost or added; replay is exact."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thidua.domain import commands as c
from thidua.domain.application import Thidua
from thidua.domain.errors import ThiduaError
from thidua.domain.status import cycle_status
from thidua.store import build_app

from support import CRITERIA, UNITS, Desk, event_count

MAXIMA = dict(zip(CRITERIA, (30, 20, 10, 10, 10, 10, 10), strict=True))

submissions = st.lists(
    st.tuples(
        st.sampled_from([*UNITS, "SYT"]),
        st.sampled_from([*CRITERIA, "Z9"]),
        st.decimals(min_value=0, max_value=35, places=2),
    ),
    max_size=25,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(submissions)
def test_every_accepted_score_is_kept_and_every_refused_one_leaves_no_trace(
    batch: list[tuple[str, str, Decimal]],
) -> None:
    with build_app("memory:") as app:
        desk = Desk(app)
        desk.bloc()
        cycle: dict[str, Any] = desk.open(2020)
        desk.sign_all(cycle)
        expected: dict[str, dict[str, Decimal]] = {}

        for unit, criterion, points in batch:
            before = event_count(app)
            try:
                desk(c.SubmitScores, **cycle, unit=unit, points={criterion: points})
            except ThiduaError:
                assert event_count(app) == before
                continue
            assert unit in UNITS
            assert points <= MAXIMA[criterion]
            assert points == round(points, 1)
            expected.setdefault(unit, {})[criterion] = points

        sheets = app.cycle("TMTH", 2020).sheets
        assert {unit: sheet.own for unit, sheet in sheets.items()} == expected


def submit_all(app: Thidua, batch: list[tuple[str, str, Decimal]]) -> None:
    desk = Desk(app)
    desk.bloc()
    cycle: dict[str, Any] = desk.open(2020)
    desk.sign_all(cycle)
    for unit, criterion, points in batch:
        try:
            desk(c.SubmitScores, **cycle, unit=unit, points={criterion: points})
        except ThiduaError:
            continue


@settings(max_examples=15, deadline=None)
@given(submissions)
def test_a_cycle_replayed_from_sqlite_equals_one_kept_in_memory(
    batch: list[tuple[str, str, Decimal]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = str(Path(folder) / "p.db")
        with build_app(url) as app:
            submit_all(app, batch)
        with build_app(url) as reopened:
            from_file = cycle_status(reopened.cycle("TMTH", 2020))
    with build_app("memory:") as app:
        submit_all(app, batch)
        in_memory = cycle_status(app.cycle("TMTH", 2020))

    assert from_file == in_memory
