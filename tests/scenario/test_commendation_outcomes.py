"""What a decision records beyond its own stream: the proposals its council cut,
declined in their cycles, and each award in the register of a registered
recipient; and the auditor's own check of the declines."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from season import DECISION, decide, season

from thidua.domain.auditor.audit import Auditor
from thidua.domain.auditor.rederive_commendation import rederive_commendation
from thidua.domain.commendation import commands as k
from thidua.domain.registry import commands as rc
from thidua.domain.service.application import Thidua

from support import Desk


def test_a_proposal_the_council_cut_is_declined_by_the_decision_in_its_cycle(
    app: Thidua, desk: Desk
) -> None:
    season(desk)

    decide(desk)

    cut = app.cycle("VHXH", 2020).proposals["P1"]
    assert cut.status == "declined"
    assert app.cycle("TMTH", 2020).proposals["P1"].status == "granted"
    assert Auditor(app).examine().discrepancies == []


def test_a_decline_the_store_lost_is_caught(app: Thidua, desk: Desk) -> None:
    season(desk)
    decide(desk)
    rows = list(Auditor(app).rows())

    found = rederive_commendation([r for r in rows if r.event != "ProposalDeclined"])

    assert [(f.check, f.event) for f in found] == [("decision", "DecisionIssued")]
    assert "HS2/P1 was cut by its council" in found[0].said.english()


def test_a_decline_of_a_proposal_the_council_passed_is_caught(
    app: Thidua, desk: Desk
) -> None:
    season(desk)
    decide(desk)
    rows = list(Auditor(app).rows())
    declined = next(r for r in rows if r.event == "ProposalDeclined")
    tmth = next(r for r in rows if r.event == "AwardGranted").stream

    found = rederive_commendation(
        [replace(r, stream=tmth) if r is declined else r for r in rows]
    )

    assert sorted(f.event for f in found) == ["DecisionIssued", "ProposalDeclined"]


def test_a_registered_collective_holds_its_award_in_its_register(
    app: Thidua, desk: Desk
) -> None:
    desk(rc.RegisterCollective, code="VPDDBQH", name="Văn phòng Đoàn ĐBQH và HĐND")
    season(desk)

    decide(desk)

    register = app.holder("collective", "VPDDBQH")
    assert register is not None
    held = register.title("provincial-merit", 2020)
    assert held is not None
    assert held.decision.number == "512/QĐ-UBND"
    assert app.holder("collective", "VPUBND") is None  # not registered: no register
    assert Auditor(app).examine().discrepancies == []


def test_a_revoked_line_is_revoked_in_the_register_too(app: Thidua, desk: Desk) -> None:
    desk(rc.RegisterCollective, code="VPDDBQH", name="Văn phòng Đoàn ĐBQH và HĐND")
    season(desk)
    decide(desk)

    desk(
        k.RevokeDecision,
        number=DECISION["number"],
        revoking="77/QĐ-UBND",
        decided_on=date(2021, 6, 1),
        line=2,
        reason="Hồ sơ kê khai không đúng",
    )

    register = app.holder("collective", "VPDDBQH")
    assert register is not None
    assert register.title("provincial-merit", 2020) is None
    assert [t.revocation.number for t in register.titles if t.revocation] == [
        "77/QĐ-UBND"
    ]
