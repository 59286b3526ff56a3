"""Invariants under random operator input, on each store: nothing lost or added;
replay is exact."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stores import fresh_store

from thidua.domain import commands as c
from thidua.domain.errors import ThiduaError
from thidua.domain.service.application import Thidua
from thidua.domain.service.status import cycle_status
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


@pytest.mark.parametrize(
    "kind", ["memory", pytest.param("sqlite", marks=pytest.mark.slow), "postgres"]
)
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(batch=submissions)
def test_every_accepted_score_is_kept_and_every_refused_one_leaves_no_trace(
    kind: str, batch: list[tuple[str, str, Decimal]]
) -> None:
    with fresh_store(kind) as url, build_app(url) as app:
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


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
@settings(max_examples=15, deadline=None)
@given(batch=submissions)
def test_a_cycle_replayed_from_a_store_equals_one_kept_in_memory(
    kind: str, batch: list[tuple[str, str, Decimal]]
) -> None:
    with fresh_store(kind) as url:
        with build_app(url) as app:
            submit_all(app, batch)
            kept = cycle_status(app.cycle("TMTH", 2020))
        with build_app(url) as reopened:
            from_store = cycle_status(reopened.cycle("TMTH", 2020))
    with build_app("memory:") as app:
        submit_all(app, batch)
        in_memory = cycle_status(app.cycle("TMTH", 2020))

    assert from_store == kept == in_memory
