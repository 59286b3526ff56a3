"""The cycle's rules without a database: each decision over a state folded from
events, as `decide(state_after(events), command) == [...]` or a refusal."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
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
from thidua.domain.awards import decide_grant_award
from thidua.domain.covenant import CovenantSigned, decide_sign_covenant
from thidua.domain.cycle_values import Sheet
from thidua.domain.errors import (
    PointsOutOfBounds,
    QuotaExceeded,
    ScoringIncomplete,
    WrongStage,
)
from thidua.domain.ranking import rank_units
from thidua.domain.scoring import (
    decide_adjust_score,
    decide_close_scoring,
)
from thidua.domain.types import Decision, Recipient, Stage
from thidua.domain.voting import decide_open_vote

from support import OPERATOR


def test_a_signature_decides_one_covenant_signed_event() -> None:
    events = then(opened(), signing("A"))
    sign = command(
        c.SignCovenant, **REF, unit="B", signatory="Lê Văn Bình", signed_on=date.today()
    )

    decided = decide_sign_covenant(state_after(events), sign)

    assert decided == [
        CovenantSigned(
            originator_id=events[0].originator_id,
            originator_version=3,
            timestamp=sign.issued_at,
            actor=OPERATOR,
            command_id=sign.command_id,
            unit="B",
            signatory="Lê Văn Bình",
            signatory_title=None,
            signed_on=date.today(),
        )
    ]


def test_the_last_signature_moves_the_cycle_to_scoring() -> None:
    assert state_after(then(opened(), *map(signing, "ABC"))).stage is Stage.COVENANT

    assert state_after(signed_by_all()).stage is Stage.SCORING


def test_scores_cannot_come_in_before_the_covenant_is_signed() -> None:
    with pytest.raises(WrongStage):
        then(opened(), scored("A", {"A1": "20"}))


def test_points_above_a_criterion_maximum_are_refused() -> None:
    with pytest.raises(PointsOutOfBounds):
        then(signed_by_all(), scored("A", {"A1": "31"}))


def test_points_with_more_decimals_than_the_rulebook_allows_are_refused() -> None:
    with pytest.raises(PointsOutOfBounds):
        then(signed_by_all(), scored("A", {"A1": "20.25"}))


def test_scoring_closes_only_when_every_sheet_is_complete() -> None:
    events = then(signed_by_all(), *(scored(u, FULL) for u in "ABC"))
    events = then(events, scored("D", {"A1": "30"}))

    with pytest.raises(ScoringIncomplete):
        decide_close_scoring(state_after(events), command(c.CloseScoring, **REF))


def test_a_tie_in_total_goes_to_fewer_penalty_points() -> None:
    rules = state_after(opened()).rulebook
    sheets = {
        "A": Sheet(own={"A1": Decimal(20)}, adjustments=[("late-report", Decimal(2))]),
        "B": Sheet(own={"A1": Decimal(18)}),
        "C": Sheet(own={"A1": Decimal(18)}),
    }

    ranking = rank_units(rules, sheets, ["A", "B", "C"])

    assert [(e.unit, e.total, e.rank) for e in ranking] == [
        ("B", Decimal(18), 1),
        ("C", Decimal(18), 1),
        ("A", Decimal(18), 3),
    ]


def test_a_penalty_above_its_rule_limit_is_refused() -> None:
    adjust = {"unit": "A", "rule": "late-report", "points": Decimal(6)}
    events = signed_by_all()

    with pytest.raises(PointsOutOfBounds):
        decide_adjust_score(
            state_after(events),
            command(c.AdjustScore, **REF, **adjust, reason="late twice"),
        )


def test_a_vote_opens_only_in_review() -> None:
    with pytest.raises(WrongStage):
        then(signed_by_all(), (decide_open_vote, c.OpenVote, {"motion": "merit"}))


def test_a_direct_award_beyond_its_quota_is_refused() -> None:
    events = then(signed_by_all(), *(scored(u, FULL) for u in UNITS))
    events = then(events, (decide_close_scoring, c.CloseScoring, {}))
    decision = Decision(number="12/QĐ-KTĐ", decided_on=date(2021, 12, 1))

    def granting(n: int) -> tuple[Any, type[Any], dict[str, Any]]:
        person = Recipient(kind="individual", unit="A", name=f"Người {n}")
        fields = {"award": "commendation", "recipient": person, "decision": decision}
        return decide_grant_award, c.GrantAward, fields

    events = then(events, *(granting(n) for n in range(3)))

    with pytest.raises(QuotaExceeded):
        then(events, granting(3))
