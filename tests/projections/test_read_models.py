"""Read models answer from the events: incrementally, after interruptions, rebuilt."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from thidua.domain import commands as c
from thidua.domain.errors import CycleNotFound, MalformedInput, ThiduaError
from thidua.domain.service.application import Thidua
from thidua.domain.types import Actor
from thidua.projections import runner
from thidua.projections import standings as standings_module
from thidua.projections.base import ProjectionFailed
from thidua.projections.read_models import ReadModels
from thidua.store import build_app

from support import (
    CRITERIA,
    OPERATIONS,
    SCORES,
    UNITS,
    Desk,
    dump,
    event_count,
    play,
    record_seed,
)


@pytest.fixture
def seeded(app: Thidua) -> ReadModels:
    record_seed(app)
    return ReadModels(app)


def test_the_standings_of_the_seed_cycle_are_its_frozen_ranking(
    seeded: ReadModels, app: Thidua
) -> None:
    rows = seeded.standings("TMTH", 2020)

    frozen = app.cycle("TMTH", 2020).ranking
    assert frozen is not None
    assert [(r["unit"], r["total"], r["rank"]) for r in rows] == [
        (e.unit, e.total, e.rank) for e in frozen
    ]
    first, last = rows[0], rows[-1]
    assert (first["unit"], first["total"], first["bonus"]) == (
        "VPUBND",
        Decimal("98.5"),
        Decimal(2),
    )
    assert (last["unit"], last["penalty"], last["total"]) == (
        "SNGV",
        Decimal(1),
        Decimal("83.5"),
    )
    assert all(r["ranking"] == "frozen" and r["complete"] for r in rows)
    assert rows[0]["unit_name"] == "Văn phòng UBND tỉnh"


def test_the_vote_results_show_the_recorded_count(seeded: ReadModels) -> None:
    (vote,) = seeded.votes("TMTH", 2020)

    assert (vote["motion"], vote["round"], vote["status"]) == (
        "leading-unit",
        1,
        "closed",
    )
    assert (vote["eligible"], vote["ballots_cast"], vote["turnout"]) == (8, 8, 1)
    # More than 1/2 of 8 eligible: 5 votes carry, not 4.
    assert (vote["quorum_met"], vote["needed"], vote["outcome"]) == (True, 5, "passed")
    assert vote["winners"] == "VPUBND"
    assert vote["counts"][0] == {
        "candidate": "VPUBND",
        "candidate_name": "Văn phòng UBND tỉnh",
        "votes_for": 8,
        "votes_against": 0,
    }


def test_the_award_registry_follows_proposals_to_their_decisions(
    seeded: ReadModels,
) -> None:
    rows = seeded.awards(bloc="TMTH")

    statuses = {r["record"]: r["status"] for r in rows}
    assert statuses == {
        "P1": "proposed",
        **{f"A{n}": "granted" for n in range(1, 8)},
    }
    people = {r["recipient"] for r in rows if r["recipient_kind"] == "individual"}
    assert people == {"Nguyễn Thị Thu Hà", "Giàng A Sử"}
    assert [r["record"] for r in seeded.awards(status="proposed")] == ["P1"]
    assert [r["record"] for r in seeded.awards(unit="ttt")] == ["A7"]
    assert seeded.awards(year_from=2021) == []


def test_an_award_granted_and_revoked_stays_in_the_registry(app: Thidua) -> None:
    desk = Desk(app)
    desk.bloc()
    cycle = desk.to_review()
    decision = {"number": "12/QĐ-UBND", "decided_on": "2021-02-01"}
    recipient = {"kind": "collective", "unit": "SNV"}
    desk(c.GrantAward, **cycle, award="commendation", recipient=recipient,
         decision=decision)  # fmt: skip
    desk(c.RevokeAward, **cycle, award_id="A1", reason="false report",
         decision={**decision, "number": "15/QĐ-UBND"})  # fmt: skip

    (row,) = ReadModels(app).awards()

    assert (row["status"], row["decision"], row["revocation"]) == (
        "revoked",
        "12/QĐ-UBND",
        "15/QĐ-UBND",
    )
    assert row["revocation_reason"] == "false report"


def test_participation_lists_what_each_unit_still_owes(seeded: ReadModels) -> None:
    rows = {r["unit"]: r for r in seeded.participation("TMTH", 2021)}

    assert set(rows) == set(UNITS)
    assert all(r["signed"] and r["criteria_submitted"] == 0 for r in rows.values())
    assert rows["SNV"]["missing"] == "own scores (tự chấm): " + ", ".join(CRITERIA)
    assert all(r["missing"] == "" for r in seeded.participation("TMTH", 2020))


def test_the_audit_log_holds_every_event_of_the_cycle_in_order(
    seeded: ReadModels, app: Thidua
) -> None:
    rows = seeded.audit_log("TMTH", 2020)

    assert [r["version"] for r in rows] == list(
        range(1, app.cycle("TMTH", 2020).version + 1)
    )
    assert rows[0]["event"] == "CycleOpened"
    assert [r["event"] for r in rows[-2:]] == ["CycleClosed", "StageAdvanced"]
    assert all(r["actor"] == "thidua demo" and r["role"] == "operator" for r in rows)
    signed = [r["summary"] for r in rows if r["event"] == "CovenantSigned"]
    assert signed[0].startswith("VPUBND signed the covenant (giao ước)")


def test_an_unknown_cycle_or_filter_is_an_error(seeded: ReadModels) -> None:
    with pytest.raises(CycleNotFound):
        seeded.standings("TMTH", 2030)
    with pytest.raises(ThiduaError, match="no bloc XYZ"):
        seeded.awards(bloc="XYZ")
    with pytest.raises(MalformedInput, match="unit 'SYT'"):
        seeded.awards(unit="SYT")
    with pytest.raises(MalformedInput, match="award 'flag'"):
        seeded.awards(award="flag")
    with pytest.raises(MalformedInput, match="empty"):
        seeded.awards(year_from=2021, year_to=2020)


def test_a_query_sees_the_command_just_recorded(app: Thidua) -> None:
    read_models = ReadModels(app)
    desk = Desk(app)
    desk.bloc()
    cycle = desk.open(2020)
    desk.sign_all(cycle)
    assert read_models.standings("TMTH", 2020)[0]["ranking"] == "provisional"

    desk(c.SubmitScores, **cycle, unit="STC", points={"A1": Decimal(29)})

    top = read_models.standings("TMTH", 2020)[0]
    assert (top["unit"], top["total"], top["criteria_scored"]) == ("STC", 29, 1)


def test_an_incremental_view_equals_one_built_at_once_for_the_seed_story(
    app: Thidua,
) -> None:
    incremental = ReadModels(app)
    record_seed(app, after_each=incremental.catch_up)

    assert dump(incremental) == dump(ReadModels(app))


def test_rebuilding_an_untouched_view_changes_nothing(seeded: ReadModels) -> None:
    seeded.catch_up()
    before = dump(seeded)

    reports = seeded.rebuild()

    assert all(report.unchanged for report in reports)
    assert dump(seeded) == before


def interleaved(app: Thidua) -> None:
    """Two cycles of one bloc recorded turn and turn about, as a province's are."""
    desk = Desk(app)
    desk.bloc()
    cycles = [desk.open(2020), desk.open(2021)]
    for unit, (_, signatory, _) in UNITS.items():
        for cycle in cycles:
            desk(c.SignCovenant, **cycle, unit=unit, signatory=signatory,
                 signed_on=date(cycle["year"], 1, 16))  # fmt: skip
    for unit, points in SCORES.items():
        for cycle in cycles:
            desk(c.SubmitScores, **cycle, unit=unit,
                 points=dict(zip(CRITERIA, points, strict=True)))  # fmt: skip
    for cycle in cycles:
        desk(c.CloseScoring, **cycle)


def test_read_models_keeping_one_stream_in_memory_build_the_same_views(
    app: Thidua, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Memory stays flat because folded states are dropped and read again: the views
    must not notice, neither in a rebuild nor page by page."""
    interleaved(app)
    everything = ReadModels(app)
    everything.catch_up()
    expected = dump(everything)
    everything.close()
    monkeypatch.setattr(runner, "HOLD", 1)
    monkeypatch.setattr(runner, "FLUSH_AT", 1)

    frugal = ReadModels(app)
    reports = frugal.runner.rebuild(
        [(p, p.twin(runner.REBUILD)) for p in frugal.by_name.values()], page=3
    )
    assert all(report.unchanged for report in reports)
    assert dump(frugal) == expected
    assert all(p.held() <= 1 for p in frugal.by_name.values())
    frugal.close()
    with build_app("memory:") as memory:
        interleaved(memory)
        paged = ReadModels(memory)
        paged.runner.catch_up(list(paged.by_name.values()), page=3)
        assert dump(paged) == expected
        paged.close()


def test_a_rebuild_reports_and_repairs_a_damaged_view(seeded: ReadModels) -> None:
    seeded.catch_up()
    before = dump(seeded)
    with seeded.db.transaction() as tx:
        tx.execute(
            f"UPDATE {seeded.db.qualify('standings')} SET total = 100"
            " WHERE unit = 'SNGV' AND year = 2020"
        )

    (report,) = seeded.rebuild("standings")

    assert [(d.table, d.only_live, d.only_rebuilt) for d in report.differences] == [
        ("standings", 1, 1)
    ]
    assert dump(seeded) == before


def test_an_interrupted_catch_up_resumes_and_applies_each_event_once(
    app: Thidua, monkeypatch: pytest.MonkeyPatch
) -> None:
    record_seed(app)
    read_models = ReadModels(app)
    pages = 0
    real_page = read_models.runner._page

    def crash_on_the_fourth_page(*args: Any, **kwargs: Any) -> Any:
        nonlocal pages
        pages += 1
        if pages == 4:
            raise KeyboardInterrupt
        return real_page(*args, **kwargs)

    monkeypatch.setattr(read_models.runner, "_page", crash_on_the_fourth_page)
    with pytest.raises(KeyboardInterrupt):
        read_models.runner.catch_up(list(read_models.by_name.values()), page=7)
    assert {r["position"] for r in read_models.status()} == {21}

    monkeypatch.undo()
    read_models.runner.catch_up(list(read_models.by_name.values()), page=7)

    assert {r["lag"] for r in read_models.status()} == {0}
    assert dump(read_models) == dump(ReadModels(app))
    log = dump(read_models)["audit_log"]
    assert len(log) == len({row[:2] for row in log}) == event_count(app)


def test_a_failing_read_model_stops_at_the_event_and_retries_later(
    app: Thidua, monkeypatch: pytest.MonkeyPatch
) -> None:
    record_seed(app)
    read_models = ReadModels(app)
    real_fold = standings_module.Standings.fold

    def refuse_sngv(self: Any, state: dict[str, Any], change: Any) -> None:
        if change.data.get("unit") == "SNGV":
            raise ValueError("cannot read this sheet")
        real_fold(self, state, change)

    monkeypatch.setattr(standings_module.Standings, "fold", refuse_sngv)
    with pytest.raises(ProjectionFailed, match=r"standings stopped at event \d+ \("):
        read_models.catch_up()

    status = {r["projection"]: r for r in read_models.status()}
    assert status["standings"]["position"] == 0
    assert "cannot read this sheet" in status["standings"]["error"]
    assert status["votes"]["lag"] == 0  # the others carry on

    monkeypatch.undo()
    read_models.catch_up()

    status = {r["projection"]: r for r in read_models.status()}
    assert (status["standings"]["lag"], status["standings"]["error"]) == (0, None)
    assert dump(read_models) == dump(ReadModels(app))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(OPERATIONS)
def test_an_incremental_view_equals_a_rebuilt_one_for_any_session(
    operations: list[tuple[Any, ...]],
) -> None:
    with build_app("memory:") as app:
        incremental = ReadModels(app)
        play(app, operations, catch_up=incremental.catch_up)
        incremental.catch_up()

        assert dump(incremental) == dump(ReadModels(app))
        assert all(report.unchanged for report in incremental.rebuild())


def test_unit_names_round_trip_exactly(app: Thidua) -> None:
    desk = Desk(app)
    desk.bloc()
    desk(c.AddUnit, bloc="TMTH", unit="BDT", name="Ban Dân tộc tỉnh", year=2020,
         actor=Actor(name="Hoàng Thị Ngọc Ánh"))  # fmt: skip
    desk.open(2020)

    names = {
        r["unit"]: r["unit_name"] for r in ReadModels(app).participation("TMTH", 2020)
    }

    assert names["BDT"] == "Ban Dân tộc tỉnh"
    assert names["VPDDBQH"] == "Văn phòng Đoàn ĐBQH và HĐND tỉnh"


def test_a_first_build_over_a_long_log_equals_one_made_page_by_page(
    app: Thidua, monkeypatch: pytest.MonkeyPatch
) -> None:
    record_seed(app)
    paged = dump(ReadModels(app))
    monkeypatch.setattr("thidua.projections.runner.BULK_FROM", 1)

    bulk = ReadModels(app)
    bulk.catch_up()

    assert dump(bulk) == paged
    assert {row["lag"] for row in bulk.status()} == {0}
