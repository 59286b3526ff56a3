"""Every refused command names its rule and appends nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from thidua.domain import commands as c
from thidua.domain import errors
from thidua.domain.service.application import Thidua
from thidua.domain.types import Actor

from support import Desk, event_count, rulebook_text

DECISION = {"number": "01/QĐ", "decided_on": date(2021, 1, 25)}


def refused(
    app: Thidua, error: type[errors.ThiduaError], action: Callable[[], Any]
) -> errors.ThiduaError:
    before = event_count(app)
    with pytest.raises(error) as raised:
        action()
    assert event_count(app) == before, "a refused command appended events"
    return raised.value


@pytest.fixture
def cycle(desk: Desk) -> dict[str, Any]:
    desk.bloc()
    return desk.open(2020)


@pytest.fixture
def review(desk: Desk) -> dict[str, Any]:
    desk.bloc()
    return desk.to_review(2020)


def test_an_unknown_bloc_is_refused(app: Thidua, desk: Desk) -> None:
    refused(app, errors.BlocNotFound, lambda: desk.open(2020))


def test_an_unknown_cycle_is_refused(
    app: Thidua, desk: Desk, cycle: dict[str, Any]
) -> None:
    refused(
        app,
        errors.CycleNotFound,
        lambda: desk(
            c.SignCovenant,
            bloc="TMTH",
            year=2019,
            unit="SNV",
            signatory="A",
            signed_on=date(2019, 1, 1),
        ),
    )


def test_a_cycle_cannot_be_opened_twice(
    app: Thidua, desk: Desk, cycle: dict[str, Any]
) -> None:
    refused(app, errors.AlreadyExists, lambda: desk.open(2020))


def test_a_rulebook_not_in_force_that_year_is_refused(app: Thidua, desk: Desk) -> None:
    desk.bloc()

    error = refused(app, errors.RulebookNotInForce, lambda: desk.open(2024))

    assert "2024" in str(error)


def test_a_bloc_too_small_for_the_rulebook_cannot_open_a_cycle(
    app: Thidua, desk: Desk
) -> None:
    desk(c.CreateBloc, bloc="NHO", name="Khối nhỏ", province="Lào Cai")
    desk(c.AddUnit, bloc="NHO", unit="A", name="Đơn vị A", year=2020)

    refused(
        app,
        errors.CommandRejected,
        lambda: desk(c.OpenCycle, bloc="NHO", year=2020, rulebook_text=rulebook_text()),
    )


def test_a_unit_that_is_not_a_member_cannot_sign(
    app: Thidua, desk: Desk, cycle: dict[str, Any]
) -> None:
    refused(
        app,
        errors.NotAMember,
        lambda: desk(
            c.SignCovenant,
            **cycle,
            unit="SYT",
            signatory="A",
            signed_on=date(2020, 1, 1),
        ),
    )


def test_a_unit_that_left_before_the_year_is_not_on_the_roster(
    app: Thidua, desk: Desk
) -> None:
    desk.bloc()
    desk(c.RemoveUnit, bloc="TMTH", unit="SNGV", year=2020, reason="sáp nhập")

    cycle = desk.open(2020)

    assert "SNGV" not in app.cycle("TMTH", 2020).roster
    refused(
        app,
        errors.NotAMember,
        lambda: desk(
            c.SignCovenant,
            **cycle,
            unit="SNGV",
            signatory="A",
            signed_on=date(2020, 1, 1),
        ),
    )


def test_a_unit_cannot_sign_the_covenant_twice(
    app: Thidua, desk: Desk, cycle: dict[str, Any]
) -> None:
    desk(c.SignCovenant, **cycle, unit="SNV", signatory="A", signed_on=date(2020, 1, 1))

    refused(
        app,
        errors.AlreadySigned,
        lambda: desk(
            c.SignCovenant,
            **cycle,
            unit="SNV",
            signatory="B",
            signed_on=date(2020, 1, 2),
        ),
    )


def test_no_score_before_the_covenant_stage_ends(
    app: Thidua, desk: Desk, cycle: dict[str, Any]
) -> None:
    refused(
        app,
        errors.WrongStage,
        lambda: desk(c.SubmitScores, **cycle, unit="SNV", points={"A1": 20}),
    )


def test_closing_the_covenant_early_opens_scoring(
    app: Thidua, desk: Desk, cycle: dict[str, Any]
) -> None:
    desk(c.SignCovenant, **cycle, unit="SNV", signatory="A", signed_on=date(2020, 1, 1))

    desk(c.CloseCovenant, **cycle, reason="hết hạn ký")
    desk(c.SubmitScores, **cycle, unit="SNV", points={"A1": 20})

    assert app.cycle("TMTH", 2020).sheets["SNV"].own == {"A1": 20}


def test_the_rulebook_may_allow_scores_during_the_covenant(
    app: Thidua, desk: Desk
) -> None:
    desk.bloc()
    rules = rulebook_text(**{"during_covenant = false": "during_covenant = true"})
    cycle = desk.open(2020, rules)

    desk(c.SubmitScores, **cycle, unit="SNV", points={"A1": 20})

    assert app.cycle("TMTH", 2020).sheets["SNV"].own == {"A1": 20}


@pytest.fixture
def scoring(desk: Desk, cycle: dict[str, Any]) -> dict[str, Any]:
    desk.sign_all(cycle)
    return cycle


@pytest.mark.parametrize("points", ["30.5", "31", "1000000"])
def test_points_above_a_criterion_maximum_are_refused(
    app: Thidua, desk: Desk, scoring: dict[str, Any], points: str
) -> None:
    error = refused(
        app,
        errors.PointsOutOfBounds,
        lambda: desk(c.SubmitScores, **scoring, unit="SNV", points={"A1": points}),
    )

    assert error.rule == "points-bounds"


def test_points_with_more_decimals_than_the_rulebook_allows_are_refused(
    app: Thidua, desk: Desk, scoring: dict[str, Any]
) -> None:
    refused(
        app,
        errors.PointsOutOfBounds,
        lambda: desk(c.SubmitScores, **scoring, unit="SNV", points={"A1": "20.25"}),
    )


def test_negative_points_are_refused(
    app: Thidua, desk: Desk, scoring: dict[str, Any]
) -> None:
    refused(
        app,
        errors.PointsOutOfBounds,
        lambda: desk(c.SubmitScores, **scoring, unit="SNV", points={"A1": "-1"}),
    )
    refused(
        app,
        errors.PointsOutOfBounds,
        lambda: desk(
            c.AdjustScore,
            **scoring,
            unit="SNV",
            rule="initiative",
            points=-2,
            reason="x",
        ),
    )


def test_an_unknown_criterion_is_refused(
    app: Thidua, desk: Desk, scoring: dict[str, Any]
) -> None:
    refused(
        app,
        errors.UnknownCriterion,
        lambda: desk(c.SubmitScores, **scoring, unit="SNV", points={"Z9": 1}),
    )


def test_a_changed_assessment_needs_a_reason(
    app: Thidua, desk: Desk, scoring: dict[str, Any]
) -> None:
    desk(c.AssignLeads, **scoring, head="SKHDT", deputy="SNV")
    desk(c.SubmitScores, **scoring, unit="STC", points={"A1": 28})

    refused(
        app,
        errors.ReasonRequired,
        lambda: desk(
            c.AssessScores, **scoring, unit="STC", assessor="head", points={"A1": 25}
        ),
    )


def test_the_head_does_not_assess_its_own_scores(
    app: Thidua, desk: Desk, scoring: dict[str, Any]
) -> None:
    desk(c.AssignLeads, **scoring, head="SKHDT", deputy="SNV")

    refused(
        app,
        errors.CommandRejected,
        lambda: desk(
            c.AssessScores, **scoring, unit="SKHDT", assessor="head", points={"A1": 25}
        ),
    )


def test_bonus_points_are_bounded_by_their_rule_and_need_a_reason(
    app: Thidua, desk: Desk, scoring: dict[str, Any]
) -> None:
    desk(c.AdjustScore, **scoring, unit="SNV", rule="initiative", points=4, reason="x")

    refused(
        app,
        errors.PointsOutOfBounds,
        lambda: desk(
            c.AdjustScore,
            **scoring,
            unit="SNV",
            rule="initiative",
            points=2,
            reason="y",
        ),
    )
    refused(
        app,
        errors.ReasonRequired,
        lambda: desk(c.AdjustScore, **scoring, unit="SNV", rule="initiative", points=1),
    )
    refused(
        app,
        errors.UnknownCriterion,
        lambda: desk(
            c.AdjustScore, **scoring, unit="SNV", rule="lucky", points=1, reason="z"
        ),
    )


def test_scoring_does_not_close_while_sheets_are_incomplete(
    app: Thidua, desk: Desk, scoring: dict[str, Any]
) -> None:
    desk(c.SubmitScores, **scoring, unit="SNV", points={"A1": 20})

    error = refused(
        app, errors.ScoringIncomplete, lambda: desk(c.CloseScoring, **scoring)
    )

    assert "SNV: A2" in str(error)


def test_no_score_after_scoring_closes(
    app: Thidua, desk: Desk, review: dict[str, Any]
) -> None:
    refused(
        app,
        errors.WrongStage,
        lambda: desk(c.SubmitScores, **review, unit="SNV", points={"A1": 20}),
    )


def test_no_vote_before_scoring_closes(
    app: Thidua, desk: Desk, scoring: dict[str, Any]
) -> None:
    refused(
        app,
        errors.WrongStage,
        lambda: desk(c.OpenVote, **scoring, motion="leading-unit"),
    )


def test_no_ballot_before_the_vote_opens(
    app: Thidua, desk: Desk, review: dict[str, Any]
) -> None:
    refused(
        app,
        errors.VoteNotOpen,
        lambda: desk(c.CastVote, **review, motion="leading-unit", voter="SNV"),
    )


def test_an_unknown_motion_is_refused(
    app: Thidua, desk: Desk, review: dict[str, Any]
) -> None:
    refused(
        app, errors.UnknownMotion, lambda: desk(c.OpenVote, **review, motion="best")
    )


def test_a_unit_cannot_vote_twice_in_one_round(
    app: Thidua, desk: Desk, review: dict[str, Any]
) -> None:
    desk(c.OpenVote, **review, motion="leading-unit")
    desk(c.CastVote, **review, motion="leading-unit", voter="SNV")

    refused(
        app,
        errors.AlreadyVoted,
        lambda: desk(c.CastVote, **review, motion="leading-unit", voter="SNV"),
    )


def test_a_ballot_after_the_vote_closes_is_refused(
    app: Thidua, desk: Desk, review: dict[str, Any]
) -> None:
    desk.elect(review, "VPUBND")

    refused(
        app,
        errors.VoteNotOpen,
        lambda: desk(c.CastVote, **review, motion="leading-unit", voter="SNV"),
    )


def test_a_candidate_outside_the_top_of_the_standings_cannot_stand(
    app: Thidua, desk: Desk, review: dict[str, Any]
) -> None:
    refused(
        app,
        errors.NotEligible,
        lambda: desk(c.OpenVote, **review, motion="leading-unit", candidates=["SNGV"]),
    )


def test_an_absent_unit_cannot_vote(
    app: Thidua, desk: Desk, review: dict[str, Any]
) -> None:
    desk(c.OpenVote, **review, motion="leading-unit", absent=["TTT"])

    refused(
        app,
        errors.NotEligible,
        lambda: desk(c.CastVote, **review, motion="leading-unit", voter="TTT"),
    )


@pytest.mark.parametrize(
    ("actor", "rule"),
    [
        (Actor(name="Kiểm toán viên", role="auditor"), "role"),
        (Actor(name="Phân tích viên", role="analyst"), "role"),
    ],
)
def test_auditors_and_analysts_cannot_issue_commands(
    app: Thidua, desk: Desk, cycle: dict[str, Any], actor: Actor, rule: str
) -> None:
    error = refused(
        app,
        errors.RoleNotPermitted,
        lambda: desk(
            c.SignCovenant,
            **cycle,
            actor=actor,
            unit="SNV",
            signatory="A",
            signed_on=date(2020, 1, 1),
        ),
    )

    assert error.rule == rule


def test_a_unit_representative_acts_only_for_its_own_unit(
    app: Thidua, desk: Desk, cycle: dict[str, Any]
) -> None:
    representative = Actor(name="Phạm Thị Lan", role="unit", unit="SNV")

    desk(
        c.SignCovenant,
        **cycle,
        actor=representative,
        unit="SNV",
        signatory="Phạm Thị Lan",
        signed_on=date(2020, 1, 1),
    )

    refused(
        app,
        errors.RoleNotPermitted,
        lambda: desk(
            c.SignCovenant,
            **cycle,
            actor=representative,
            unit="STC",
            signatory="A",
            signed_on=date(2020, 1, 1),
        ),
    )
    refused(
        app,
        errors.RoleNotPermitted,
        lambda: desk(
            c.AssignLeads, **cycle, actor=representative, head="SNV", deputy="STC"
        ),
    )


def test_an_unknown_award_is_refused(
    app: Thidua, desk: Desk, review: dict[str, Any]
) -> None:
    refused(
        app,
        errors.UnknownAward,
        lambda: desk(
            c.ProposeAward,
            **review,
            award="gold-star",
            recipient={"kind": "collective", "unit": "SNV"},
        ),
    )


def test_the_flag_goes_only_to_a_unit_the_vote_passed(
    app: Thidua, desk: Desk, review: dict[str, Any]
) -> None:
    error = refused(
        app,
        errors.AwardConditionNotMet,
        lambda: desk(
            c.ProposeAward,
            **review,
            award="provincial-flag",
            recipient={"kind": "collective", "unit": "VPUBND"},
        ),
    )

    assert "leading-unit" in str(error)


def test_an_award_over_its_quota_is_refused(
    app: Thidua, desk: Desk, review: dict[str, Any]
) -> None:
    def commend(unit: str, name: str) -> Any:
        return desk(
            c.GrantAward,
            **review,
            award="commendation",
            recipient={"kind": "individual", "unit": unit, "name": name},
            decision=DECISION,
        )

    for unit, name in [("SNV", "Người Một"), ("STC", "Người Hai"), ("STP", "Người Ba")]:
        commend(unit, name)

    refused(app, errors.QuotaExceeded, lambda: commend("TTT", "Người Bốn"))


def test_one_achievement_gets_one_award(
    app: Thidua, desk: Desk, review: dict[str, Any]
) -> None:
    person = {"kind": "individual", "unit": "SNV", "name": "Trần Văn Bình"}
    desk(
        c.GrantAward,
        **review,
        award="commendation",
        recipient=person,
        decision=DECISION,
    )

    refused(
        app,
        errors.OneAwardPerAchievement,
        lambda: desk(
            c.GrantAward,
            **review,
            award="commendation",
            recipient=person,
            decision=DECISION,
        ),
    )


def test_no_proposal_while_a_complaint_is_pending(
    app: Thidua, desk: Desk, review: dict[str, Any]
) -> None:
    person = {"kind": "individual", "unit": "STC", "name": "Lê Văn Cường"}
    desk(c.RecordProceeding, **review, recipient=person, kind="complaint", pending=True)

    refused(
        app,
        errors.PendingProceeding,
        lambda: desk(
            c.GrantAward,
            **review,
            award="commendation",
            recipient=person,
            decision=DECISION,
        ),
    )
    desk(
        c.RecordProceeding, **review, recipient=person, kind="complaint", pending=False
    )
    desk(
        c.GrantAward,
        **review,
        award="commendation",
        recipient=person,
        decision=DECISION,
    )


def test_nothing_but_decisions_and_revocations_after_the_cycle_closes(
    app: Thidua, desk: Desk, review: dict[str, Any]
) -> None:
    person = {"kind": "individual", "unit": "SNV", "name": "Trần Văn Bình"}
    desk(
        c.GrantAward,
        **review,
        award="commendation",
        recipient=person,
        decision=DECISION,
    )
    desk(c.CloseCycle, **review)

    refused(
        app,
        errors.CycleIsClosed,
        lambda: desk(c.AssignLeads, **review, head="SNV", deputy="STC"),
    )
    refused(
        app,
        errors.CycleIsClosed,
        lambda: desk(c.OpenVote, **review, motion="leading-unit"),
    )
    desk(
        c.RevokeAward, **review, award_id="A1", decision=DECISION, reason="Kê khai sai"
    )

    assert app.cycle("TMTH", 2020).awards["A1"].status == "revoked"


def test_a_repeated_command_id_is_applied_once(
    app: Thidua, desk: Desk, cycle: dict[str, Any]
) -> None:
    sign = {**cycle, "unit": "SNV", "signatory": "A", "signed_on": date(2020, 1, 1)}
    first = desk(c.SignCovenant, command_id="ky-snv", **sign)
    before = event_count(app)

    again = desk(c.SignCovenant, command_id="ky-snv", **sign)

    assert not first.already_applied
    assert again.already_applied
    assert event_count(app) == before
