"""A council session that cuts every item it took up: the chair's answer is a
decision with no lines, which declines each cut proposal in its cycle and closes
the dossiers, as the board tells the proposing body that nothing passed."""

from __future__ import annotations

import pytest
from season import DECISION, all_cut, at, season

from thidua.domain.auditor.audit import Auditor
from thidua.domain.auditor.rederive_commendation import rederive_commendation
from thidua.domain.commendation import commands as k
from thidua.domain.commendation.errors import DecisionRefused
from thidua.domain.commendation.rules import default_rules_text
from thidua.domain.service import commendation as service
from thidua.domain.service.application import Thidua

from support import Desk

NOTHING = {**DECISION, "number": "513/QĐ-UBND", "sessions": ["HD2021-2"]}


def test_a_session_that_cut_everything_is_answered_by_a_decision_with_no_lines(
    app: Thidua, desk: Desk
) -> None:
    all_cut(desk)

    desk(k.IssueDecision, **NOTHING, rules_text=default_rules_text())

    assert service.decision(app, "513/QĐ-UBND").state.lines == ()
    assert app.cycle("TMTH", 2020).proposals["P1"].status == "declined"
    assert app.cycle("TMTH", 2020).awards == {}
    assert service.dossier(app, "HS1").state.status == "decided"


def test_the_auditor_re_derives_the_declines_of_a_session_that_cut_everything(
    app: Thidua, desk: Desk
) -> None:
    all_cut(desk)
    desk(k.IssueDecision, **NOTHING, rules_text=default_rules_text())
    rows = list(Auditor(app).rows())

    lost = rederive_commendation([r for r in rows if r.event != "ProposalDeclined"])

    assert Auditor(app).examine().discrepancies == []
    assert [f.event for f in lost] == ["DecisionIssued"]
    assert "HS1/P1 was cut by its council" in lost[0].said.english()


def test_audit_explain_names_the_session_that_cut_everything(
    app: Thidua, desk: Desk
) -> None:
    all_cut(desk)
    desk(k.IssueDecision, **NOTHING, rules_text=default_rules_text())

    steps = Auditor(app).explain("TMTH", 2020, "provincial-flag", "VPUBND")

    assert [s.finding for s in steps if s.step == "council"] == [
        "P1: in dossier HS1, cut by council session HD2021-2, declined by decision "
        "513/QĐ-UBND"
    ]


def test_a_decision_on_sessions_with_nothing_left_to_decide_is_refused(
    desk: Desk,
) -> None:
    season(desk)
    at(desk, DECISION["decided_on"])
    desk(k.IssueDecision, **DECISION, rules_text=default_rules_text())

    with pytest.raises(DecisionRefused, match="have no item not yet decided"):
        desk(k.IssueDecision, **{**DECISION, "number": "514/QĐ-UBND"},
             rules_text=default_rules_text())  # fmt: skip
