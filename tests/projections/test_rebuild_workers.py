"""A rebuild of a long log folds its read models in worker processes, with the same
rows, counts and failures as one that folds them all in this process."""

from __future__ import annotations

from typing import Any

import pytest
from insider import Insider
from season import decide, season

from thidua.domain import commands as c
from thidua.domain.service.application import Thidua
from thidua.projections import workers
from thidua.projections.base import ProjectionFailed
from thidua.projections.read_models import PROJECTIONS, ReadModels
from thidua.store import build_app

from support import Desk, dump, record_seed, stored_events

# A decision's first line numbered in words: written past the engine, it does not
# fold in the decisions' read model, the only one that reads decisions.
GOOD, BAD = '"lines":[{"line":1,', '"lines":[{"line":"one",'


def _reports(views: ReadModels) -> list[tuple[Any, ...]]:
    return [(r.projection, r.events, r.position, r.unchanged) for r in views.rebuild()]


@pytest.fixture
def spied(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many processes each rebuild's fill went to; none for this process."""
    calls: list[int] = []
    fill = workers.fill

    def counted(store: str, groups: Any, *args: Any) -> dict[str, int]:
        calls.append(len(groups))
        return fill(store, groups, *args)

    monkeypatch.setattr(workers, "fill", counted)
    return calls


@pytest.fixture
def season_store(store_url: str) -> str:
    with build_app(store_url) as app:
        desk = Desk(app)
        season(desk)
        decide(desk)
    return store_url


def test_a_rebuild_in_worker_processes_gives_the_rows_and_counts_of_one_in_this_one(
    season_store: str, spied: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(workers.PARALLEL_FROM, "100")
    with build_app(season_store) as app:
        assert stored_events(app) >= 100
        views = ReadModels(app)
        views.catch_up()
        monkeypatch.setenv(workers.WORKERS, "1")
        alone = _reports(views)
        rows = dump(views)
        assert spied == []

        monkeypatch.setenv(workers.WORKERS, "2")
        seen: list[tuple[int, int]] = []
        shared = [
            (r.projection, r.events, r.position, r.unchanged)
            for r in views.rebuild(
                progress=lambda done, total: seen.append((done, total))
            )
        ]

        assert spied == [2]
        assert shared == alone
        assert all(unchanged for *_, unchanged in shared)
        assert dump(views) == rows
        assert seen[-1] == (stored_events(app), stored_events(app))
        views.close()


def test_events_recorded_while_workers_fold_are_in_the_swapped_in_views(
    season_store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parent's twins hold no folded state after the workers: the last catch-up
    reads the streams it touches again, from the log and the rows written."""
    monkeypatch.setenv(workers.PARALLEL_FROM, "100")
    with build_app(season_store) as app:
        views = ReadModels(app)
        views.catch_up()
        desk = Desk(app)

        def record_once(done: int, total: int) -> None:
            if not desk.issued:
                desk(c.AddUnit, bloc="TMTH", unit="BDT", name="Ban Dân tộc tỉnh",
                     year=2020, command_id="while-folding")  # fmt: skip

        shared = views.rebuild(progress=record_once)
        rows = dump(views)
        monkeypatch.setenv(workers.WORKERS, "1")
        alone = views.rebuild()

        assert desk.issued == 1
        assert {r.position for r in shared} == {stored_events(app)}
        assert not all(r.unchanged for r in shared)  # the new unit's rows
        assert [(r.projection, r.events) for r in shared] == [
            (r.projection, r.events) for r in alone
        ]
        assert all(r.unchanged for r in alone)
        assert dump(views) == rows
        views.close()


def test_read_models_opened_from_the_store_s_url_rebuild_in_workers_too(
    season_store: str, spied: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(workers.PARALLEL_FROM, "100")
    monkeypatch.setenv(workers.WORKERS, "2")
    views = ReadModels(None, store=season_store)
    views.catch_up()
    rows = dump(views)

    assert all(report.unchanged for report in views.rebuild("audit", "standings"))
    assert spied == [2]
    assert dump(views) == rows
    views.close()


def test_a_read_model_failing_in_a_worker_is_reported_as_in_this_process(
    season_store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(workers.PARALLEL_FROM, "100")
    views = ReadModels(None, store=season_store)
    rows = dump(views)
    insider = Insider(season_store)
    insider.drop_triggers()
    insider.replace_text(GOOD, BAD)
    monkeypatch.setenv(workers.WORKERS, "1")
    with pytest.raises(ProjectionFailed) as alone:
        views.rebuild()

    monkeypatch.setenv(workers.WORKERS, "2")
    with pytest.raises(ProjectionFailed) as shared:
        views.rebuild()

    assert str(shared.value) == str(alone.value)
    assert "read model decisions stopped at event" in str(shared.value)
    assert "(DecisionIssued, stream" in str(shared.value)
    assert "ValueError: invalid literal for int()" in str(shared.value)
    assert dump(views) == rows  # the live views answer as before
    insider.replace_text(BAD, GOOD)
    insider.connection.close()
    assert all(report.unchanged for report in views.rebuild())  # shadows dropped
    views.close()


def test_the_in_memory_store_a_short_log_or_one_read_model_fold_in_this_process(
    sqlite_url: str, spied: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(workers.WORKERS, "2")
    with build_app("memory:") as memory:
        record_seed(memory)
        monkeypatch.setenv(workers.PARALLEL_FROM, "1")
        in_memory = ReadModels(memory)
        in_memory.catch_up()
        assert all(report.unchanged for report in in_memory.rebuild())
    with build_app(sqlite_url) as app:
        record_seed(app)
        views = ReadModels(app)
        views.catch_up()
        monkeypatch.delenv(workers.PARALLEL_FROM)
        assert all(report.unchanged for report in views.rebuild())  # 65 events
        monkeypatch.setenv(workers.PARALLEL_FROM, "1")
        assert all(report.unchanged for report in views.rebuild("standings"))
        views.close()
    assert spied == []


def test_the_audit_log_and_the_status_pages_fold_in_different_workers(
    app: Thidua,
) -> None:
    views = ReadModels(app)
    twins = [live.twin("__rebuild") for live in views.by_name.values()]

    groups = workers.shares(twins, 2)

    names = [[twin.name for twin in group] for group in groups]
    heavy = sorted(("audit" in group, "statuses" in group) for group in names)
    assert heavy == [(False, True), (True, False)]
    weights = [sum(workers.WEIGHTS.get(n, workers.OTHERS) for n in g) for g in names]
    assert abs(weights[0] - weights[1]) <= workers.OTHERS
    order = [cls.name for cls in PROJECTIONS]
    assert all(group == sorted(group, key=order.index) for group in names)
    assert workers.shares(twins, 1) == [twins]
    assert len(workers.shares(twins, 16)) == len(twins)


@pytest.mark.parametrize("given", ["0", "two", "-1"])
def test_a_worker_count_that_is_no_whole_number_above_zero_is_refused(
    given: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(workers.WORKERS, given)
    with pytest.raises(
        ProjectionFailed, match=f"THIDUA_REBUILD_WORKERS must be .*{given}"
    ):
        workers.how_many()
