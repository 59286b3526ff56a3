"""Awards: proposals, the authority's decisions, revocations kept in history."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from thidua.domain import commands as c
from thidua.domain import errors
from thidua.domain.service.application import Thidua

from support import Desk

DECISION = {"number": "245/QĐ-UBND", "decided_on": date(2021, 3, 2)}


@pytest.fixture
def proposed(desk: Desk) -> dict[str, Any]:
    """2020 reviewed: VPUBND carried the vote and is proposed for the Flag (P1)."""
    desk.bloc()
    cycle = desk.to_review(2020)
    desk.elect(cycle, "VPUBND")
    desk(
        c.ProposeAward,
        **cycle,
        award="provincial-flag",
        recipient={"kind": "collective", "unit": "VPUBND"},
    )
    return cycle


def test_the_authority_grants_a_proposal_after_the_cycle_closes(
    app: Thidua, desk: Desk, proposed: dict[str, Any]
) -> None:
    desk(c.CloseCycle, **proposed)

    desk(c.GrantAward, **proposed, proposal="P1", decision=DECISION)

    award = app.cycle("TMTH", 2020).awards["A1"]
    assert (award.award, award.recipient.name, award.proposal_id) == (
        "provincial-flag",
        "Văn phòng UBND tỉnh",
        "P1",
    )
    assert award.decision.authority == "Chủ tịch UBND tỉnh Lào Cai"


def test_a_declined_proposal_cannot_be_granted(
    app: Thidua, desk: Desk, proposed: dict[str, Any]
) -> None:
    desk(
        c.DeclineProposal,
        **proposed,
        proposal="P1",
        decision=DECISION,
        reason="Chưa đủ tiêu chuẩn",
    )

    with pytest.raises(errors.UnknownAward):
        desk(c.GrantAward, **proposed, proposal="P1", decision=DECISION)
    assert app.cycle("TMTH", 2020).proposals["P1"].status == "declined"


def test_the_flag_quota_allows_one_proposal(
    app: Thidua, desk: Desk, proposed: dict[str, Any]
) -> None:
    with pytest.raises(errors.OneAwardPerAchievement):
        desk(
            c.ProposeAward,
            **proposed,
            award="provincial-flag",
            recipient={"kind": "collective", "unit": "VPUBND"},
        )


def test_a_flag_goes_to_the_whole_member_unit(
    app: Thidua, desk: Desk, proposed: dict[str, Any]
) -> None:
    desk(c.DeclineProposal, **proposed, proposal="P1", decision=DECISION)

    with pytest.raises(errors.AwardConditionNotMet):
        desk(
            c.ProposeAward,
            **proposed,
            award="provincial-flag",
            recipient={
                "kind": "collective",
                "unit": "VPUBND",
                "name": "Phòng Tổng hợp",
            },
        )


def test_a_revoked_award_stays_in_history(
    app: Thidua, desk: Desk, proposed: dict[str, Any]
) -> None:
    desk(c.GrantAward, **proposed, proposal="P1", decision=DECISION)
    desk(c.CloseCycle, **proposed)

    desk(
        c.RevokeAward,
        **proposed,
        award_id="A1",
        decision={"number": "88/QĐ-UBND", "decided_on": date(2021, 9, 1)},
        reason="Hồ sơ đề nghị kê khai không trung thực",
    )

    award = app.cycle("TMTH", 2020).awards["A1"]
    assert award.status == "revoked"
    assert award.revocation is not None
    assert award.revocation.number == "88/QĐ-UBND"
    assert award.decision.number == "245/QĐ-UBND"
    with pytest.raises(errors.UnknownAward):
        desk(
            c.RevokeAward, **proposed, award_id="A1", decision=DECISION, reason="again"
        )


def test_a_revocation_needs_its_reasons(
    app: Thidua, desk: Desk, proposed: dict[str, Any]
) -> None:
    desk(c.GrantAward, **proposed, proposal="P1", decision=DECISION)

    with pytest.raises(errors.ReasonRequired):
        desk(c.RevokeAward, **proposed, award_id="A1", decision=DECISION)


def test_a_certificate_of_merit_is_proposed_not_granted_directly(
    app: Thidua, desk: Desk, proposed: dict[str, Any]
) -> None:
    with pytest.raises(errors.CommandRejected, match="propose it first"):
        desk(
            c.GrantAward,
            **proposed,
            award="provincial-merit",
            recipient={"kind": "collective", "unit": "SNV"},
            decision=DECISION,
        )
