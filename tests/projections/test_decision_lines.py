"""Form 0603 is counted from the read model of the decisions' lines: the same
form as counted from the decision streams themselves, revoked lines left out,
and the same after `projections rebuild`."""

from __future__ import annotations

from datetime import date
from typing import Any

from season import DECISION, decide, season

from thidua.domain.commendation import commands as k
from thidua.domain.commendation.decision import DecisionIssued
from thidua.domain.service.application import Thidua
from thidua.domain.service.commendation_loading import decision
from thidua.projections.read_models import ReadModels
from thidua.projections.statistics import form_0603, report_lines

from support import Desk


def _from_the_streams(app: Thidua, province: str, year: int) -> list[Any]:
    """The form counted from the decision streams, as it was before the read
    model: the lines in force of the year's decisions for the province's blocs."""
    found = []
    for event in app._first_events(DecisionIssued):
        state = decision(app, event.number).state
        for line in state.live():
            if (
                state.decided_on.year == year
                and app.bloc(line.bloc).province == province
            ):
                dumped = line.model_dump(mode="json")
                found.append((dumped, state.rules.column(line.award)))
    return form_0603(found)


def _counts(form: list[dict[str, Any]]) -> dict[str, int]:
    return {r["row"]: r["count"] for r in form if r["code"] in ("01", "02", "05")}


def test_the_read_model_counts_form_0603_as_the_decision_streams_do(
    app: Thidua, desk: Desk
) -> None:
    season(desk)
    decide(desk)

    counted = form_0603(report_lines(ReadModels(app), "Lào Cai", 2021))

    assert counted == _from_the_streams(app, "Lào Cai", 2021)
    assert _counts(counted) == {"total": 2, "collective": 2, "individual": 0}


def test_a_revoked_line_leaves_the_read_model_s_count(app: Thidua, desk: Desk) -> None:
    season(desk)
    decide(desk)
    views = ReadModels(app)
    form_0603(report_lines(views, "Lào Cai", 2021))  # caught up before the revocation

    desk(k.RevokeDecision, number=DECISION["number"], revoking="77/QĐ-UBND",
         decided_on=date(2021, 6, 1), line=2, reason="Kê khai không đúng")  # fmt: skip

    counted = form_0603(report_lines(views, "Lào Cai", 2021))
    assert counted == _from_the_streams(app, "Lào Cai", 2021)
    assert _counts(counted) == {"total": 1, "collective": 1, "individual": 0}


def test_another_province_or_year_counts_nothing(app: Thidua, desk: Desk) -> None:
    season(desk)
    decide(desk)
    views = ReadModels(app)

    assert report_lines(views, "Yên Bái", 2021) == []
    assert report_lines(views, "Lào Cai", 2020) == []


def test_rebuilding_the_decisions_read_model_changes_no_row(
    app: Thidua, desk: Desk
) -> None:
    season(desk)
    decide(desk)
    views = ReadModels(app)
    views.catch_up()

    (report,) = views.rebuild("decisions")

    assert [(d.only_live, d.only_rebuilt) for d in report.differences] == [(0, 0)]


def test_form_0603_leaves_blank_the_rows_no_kept_fact_counts(
    app: Thidua, desk: Desk
) -> None:
    season(desk)
    decide(desk)

    form = {
        r["code"]: r for r in form_0603(report_lines(ReadModels(app), "Lào Cai", 2021))
    }

    blank = [code for code, r in form.items() if r["count"] is None]
    assert blank == ["03", "06", "07", "08", "09", "10"]
    assert form["04"]["count"] == 0  # no recipient is a household
    assert form["11"]["count"] == form["01"]["count"] == 2
    assert [form[f"{n}"]["count"] for n in range(12, 18)] == [0] * 6
