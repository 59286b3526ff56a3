"""The status pages a read model keeps say what the domain's own fold of the stream
says, after any session and whenever the read model caught up."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from thidua.domain.service.application import Thidua
from thidua.domain.service.status import bloc_status, cycle_status
from thidua.projections.read_models import ReadModels
from thidua.projections.statuses import Statuses
from thidua.store import build_app

from support import OPERATIONS, play, record_seed


def as_printed(page: dict[str, Any]) -> Any:
    """The page as `--format json` prints it (tuples as lists, days as text)."""
    return json.loads(json.dumps(page, ensure_ascii=False, default=str))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(OPERATIONS)
def test_a_cycle_status_page_equals_the_domains_fold_for_any_session(
    operations: list[tuple[Any, ...]],
) -> None:
    with build_app("memory:") as app:
        views = ReadModels(app)
        play(app, operations, catch_up=views.catch_up)

        page = views.cycle_page("TMTH", 2020)

        assert page == as_printed(cycle_status(app.cycle("TMTH", 2020)))


def test_the_seed_blocs_pages_equal_the_domains_for_each_year(app: Thidua) -> None:
    record_seed(app)
    views = ReadModels(app)
    bloc = app.bloc("TMTH")
    years = app.cycle_years("TMTH")

    for year in (None, *years, years[-1] + 1):
        assert views.bloc_page("tmth", year) == as_printed(
            bloc_status(bloc, years, year)
        )
    for year in years:
        assert views.cycle_page("TMTH", year) == as_printed(
            cycle_status(app.cycle("TMTH", year))
        )
    assert [row["bloc"] for row in views.bloc_list()] == [
        found.code for found in app.blocs()
    ]


def test_pages_come_out_the_same_when_few_streams_stay_in_memory(
    app: Thidua, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Statuses, "holds", 2)  # each stream is folded again often
    views = ReadModels(app)
    record_seed(app, after_each=views.catch_up)

    for year in app.cycle_years("TMTH"):
        assert views.cycle_page("TMTH", year) == as_printed(
            cycle_status(app.cycle("TMTH", year))
        )
    assert all(report.unchanged for report in views.rebuild("statuses"))
