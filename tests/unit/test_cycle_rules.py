"""The cycle's rules without a database: each decision over a state folded from
events, as `decide(state_after(events), command) == [...]` or a refusal."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from itertools import count
from typing import Any

import pytest

from thidua.domain import commands as c
from thidua.domain.awards import decide_grant_award
from thidua.domain.base import Event
from thidua.domain.covenant import CovenantSigned, decide_sign_covenant
from thidua.domain.cycle import decide_open, evolve
from thidua.domain.cycle_state import CycleState
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
    decide_submit_scores,
)
from thidua.domain.types import Decision, Recipient, Stage
from thidua.domain.voting import decide_open_vote

from support import OPERATOR, rulebook_text

UNITS = {"A": "Sở A", "B": "Sở B", "C": "Sở C", "D": "Sở D"}
REF = {"bloc": "TMTH", "year": 2021}
STARTED = datetime(2021, 1, 25, 8, 0, tzinfo=UTC)
_ticks = count()


def command(kind: type[Any], **fields: Any) -> Any:
    """A command of the operator, a minute after the one before."""
    n = next(_ticks)
    meta = {"actor": OPERATOR, "command_id": f"c{n}"}
    return kind(**meta, issued_at=STARTED + timedelta(minutes=n), **fields)


def state_after(events: Iterable[Event]) -> CycleState:
    state = None
    for event in events:
        state = evolve(state, event)
    assert state is not None
    return state


def opened(rules: str | None = None) -> list[Event]:
    text = rules or rulebook_text()
    return decide_open(command(c.OpenCycle, **REF, rulebook_text=text), "Khối", UNITS)


def then(events: list[Event], *decided: Any) -> list[Event]:
    """The events, and what each decision (decide, command fields) adds to them."""
    for decide, kind, fields in decided:
        events = [
            *events,
            *decide(state_after(events), command(kind, **REF, **fields)),
        ]
    return events


def signing(unit: str) -> tuple[Any, type[Any], dict[str, Any]]:
    fields = {
        "unit": unit,
        "signatory": "Nguyễn Văn An",
        "signed_on": date(2021, 1, 25),
    }
    return decide_sign_covenant, c.SignCovenant, fields


def scored(unit: str, points: dict[str, str]) -> tuple[Any, type[Any], dict[str, Any]]:
    given = {code: Decimal(value) for code, value in points.items()}
    return decide_submit_scores, c.SubmitScores, {"unit": unit, "points": given}


FULL = {
    "A1": "30",
    "A2": "20",
    "B1": "10",
    "B2": "10",
    "C1": "10",
    "C2": "10",
    "D1": "10",
}


def signed_by_all() -> list[Event]:
    return then(opened(), *(signing(unit) for unit in UNITS))


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
