"""A province's season past the blocs: dossiers, the council's vote, the chair's
decision granting each award in its cycle with its reward."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from season import CHAIR, DECISION, MEMBERS, at, decide, propose, season, submit

from thidua.domain.auditor.audit import Auditor
from thidua.domain.auditor.integrity import StoredRow
from thidua.domain.auditor.rederive_commendation import rederive_commendation
from thidua.domain.commendation import commands as k
from thidua.domain.commendation.errors import DayOutOfOrder, NoticeNotOver
from thidua.domain.commendation.rules import default_rules_text
from thidua.domain.service import commendation as service
from thidua.domain.service.application import Thidua

from support import Desk


def test_a_season_ends_with_one_decision_granting_what_the_council_passed(
    app: Thidua, desk: Desk
) -> None:
    season(desk)

    decide(desk)

    decision = service.decision(app, "512/QĐ-UBND").state
    assert [(x.bloc, x.award, x.amount) for x in decision.lines] == [
        ("TMTH", "provincial-flag", 11_920_000),
        ("KTTH", "provincial-merit", 2_980_000),
    ]
    flag = app.cycle("TMTH", 2020).awards["A1"]
    merit = app.cycle("KTTH", 2020).awards["A1"]
    assert (flag.award, flag.decision.number) == ("provincial-flag", "512/QĐ-UBND")
    assert (merit.award, merit.proposal_id) == ("provincial-merit", "P1")
    assert app.cycle("VHXH", 2020).awards == {}
    statuses = [service.dossier(app, f"HS{n}").state.status for n in (1, 2, 3)]
    assert statuses == ["decided"] * 3


def test_the_council_cuts_one_and_lowers_another(app: Thidua, desk: Desk) -> None:
    season(desk)

    results = service.session(app, "HD2021-1").state.results

    assert [(d, r, a) for d, _, r, a in results] == [
        ("HS1", "passed", "provincial-flag"),
        ("HS2", "cut", None),
        ("HS3", "lowered", "provincial-merit"),
    ]


def test_a_returned_dossier_keeps_its_first_documents(app: Thidua, desk: Desk) -> None:
    season(desk)

    state = service.dossier(app, "HS2").state

    assert [d.kind for d in state.documents] == [
        "request",
        "report",
        "minutes",
        "report",
    ]
    assert state.returns == ("Thiếu báo cáo thành tích có xác nhận",)


def test_the_council_may_not_take_up_a_dossier_before_its_notice_ends(
    desk: Desk,
) -> None:
    propose(desk, "TMTH", "VPUBND")
    submit(desk, "HS1", "TMTH")
    desk(k.ReceiveDossier, dossier="HS1")
    desk(k.AppraiseDossier, dossier="HS1")
    desk(k.PublishNotice, dossier="HS1", from_day=date(2021, 1, 26))
    at(desk, date(2021, 2, 9))
    desk(
        k.OpenSession,
        session="S",
        held_on=date(2021, 2, 9),
        members=MEMBERS,
        chair=CHAIR,
        rules_text=default_rules_text(),
    )

    with pytest.raises(NoticeNotOver):
        desk(k.AddToAgenda, session="S", dossier="HS1")


def test_a_revoked_line_revokes_its_award_in_the_cycle(app: Thidua, desk: Desk) -> None:
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

    assert app.cycle("KTTH", 2020).awards["A1"].status == "revoked"
    assert app.cycle("TMTH", 2020).awards["A1"].status == "granted"
    assert [x.line for x in service.decision(app, "512/QĐ-UBND").state.live()] == [1]


def _rows(app: Thidua) -> list[StoredRow]:
    return list(Auditor(app).rows())


def _forged(rows: list[StoredRow], event: str, change: Any) -> list[StoredRow]:
    forged = []
    for row in rows:
        document = row.document
        if row.event == event:
            document = json.loads(json.dumps(row.document))
            change(document)
            event = ""  # the first only
        forged.append(replace(row, document=document))
    return forged


def test_audit_verify_re_derives_the_council_and_the_decision(
    app: Thidua, desk: Desk
) -> None:
    season(desk)
    decide(desk)

    examination = Auditor(app).examine()

    assert examination.discrepancies == []
    assert all(not report.problems for report in examination.chains)


def test_a_forged_council_result_is_caught(app: Thidua, desk: Desk) -> None:
    season(desk)
    rows = _rows(app)
    cut = next(
        r for r in rows if r.event == "ItemDecided" and r.document["dossier"] == "HS2"
    )

    def passed(document: dict[str, Any]) -> None:
        document.update(result="passed", award="provincial-flag")

    forged = [replace(r, document={**r.document}) if r is cut else r for r in rows]
    passed(forged[rows.index(cut)].document)
    found = rederive_commendation(forged)

    assert [(f.check, f.event) for f in found] == [("council", "ItemDecided")]


def test_a_forged_decision_line_is_caught(app: Thidua, desk: Desk) -> None:
    season(desk)
    decide(desk)

    def richer(document: dict[str, Any]) -> None:
        document["lines"][1]["amount"] = 29_800_000

    found = rederive_commendation(_forged(_rows(app), "DecisionIssued", richer))

    assert [(f.check, f.event) for f in found] == [("decision", "DecisionIssued")]


def test_a_document_is_kept_by_its_hash_beside_the_log(app: Thidua) -> None:
    sha = app.content.put("Tờ trình số 12/TTr".encode())

    assert app.content.get(sha) == "Tờ trình số 12/TTr".encode()
    assert app.content.get("0" * 64) is None


def test_the_statistics_count_the_decision_and_the_auditor_counts_the_same(
    app: Thidua, desk: Desk
) -> None:
    from thidua.domain.auditor.rederive_report import rederive_report
    from thidua.projections.read_models import ReadModels
    from thidua.projections.statistics import form_0603, report_lines

    season(desk)
    decide(desk)

    form = {
        r["row"]: r for r in form_0603(report_lines(ReadModels(app), "Lào Cai", 2021))
    }
    audited = rederive_report(_rows(app), "Lào Cai", 2021)

    assert (form["total"]["flag"], form["total"]["merit"]) == (1, 1)
    assert form["total"]["amount"] == 11_920_000 + 2_980_000
    assert audited["total"] == {"flag": 1, "merit": 1}
    assert audited["collective"] == {"flag": 1, "merit": 1}
    assert audited["regular"] == audited["total"]  # each a bloc's yearly review


def test_a_proposal_goes_in_one_dossier_only(desk: Desk) -> None:
    from thidua.domain.errors import UnknownAward

    propose(desk, "TMTH", "VPUBND")
    submit(desk, "HS1", "TMTH")

    with pytest.raises(UnknownAward, match="already in dossier HS1"):
        submit(desk, "HS2", "TMTH")


def test_a_notice_may_not_begin_before_its_dossier_is_appraised(desk: Desk) -> None:
    propose(desk, "TMTH", "VPUBND")
    submit(desk, "HS1", "TMTH")
    desk(k.ReceiveDossier, dossier="HS1")
    desk(k.AppraiseDossier, dossier="HS1")  # recorded on 25/01/2021

    with pytest.raises(DayOutOfOrder):
        desk(k.PublishNotice, dossier="HS1", from_day=date(2021, 1, 20))


def test_the_council_may_not_sit_on_a_dossier_before_its_appraisal(
    desk: Desk,
) -> None:
    propose(desk, "TMTH", "VPUBND")
    submit(desk, "HS2", "TMTH")
    desk(k.ReceiveDossier, dossier="HS2")
    at(desk, date(2021, 3, 1))
    desk(k.AppraiseDossier, dossier="HS2")
    desk(k.PublishNotice, dossier="HS2", from_day=date(2021, 3, 1))
    desk(
        k.OpenSession,
        session="S",
        held_on=date(2021, 2, 26),
        members=MEMBERS,
        chair=CHAIR,
        rules_text=default_rules_text(),
    )

    with pytest.raises(DayOutOfOrder):
        desk(k.AddToAgenda, session="S", dossier="HS2")


def test_a_decision_may_not_be_dated_before_its_council(desk: Desk) -> None:
    season(desk)

    with pytest.raises(DayOutOfOrder):
        desk(
            k.IssueDecision,
            **{**DECISION, "decided_on": date(2021, 2, 16)},
            rules_text=default_rules_text(),
        )


def test_a_council_dated_inside_the_notice_period_is_caught(
    app: Thidua, desk: Desk
) -> None:
    season(desk)

    def earlier(document: dict[str, Any]) -> None:
        document["held_on"] = "2021-02-08"  # the notices run to 09/02/2021

    found = rederive_commendation(_forged(_rows(app), "SessionOpened", earlier))

    assert {(f.check, f.event) for f in found} == {("notice", "AgendaItemsAdded")}
    assert len(found) == 3  # each dossier the session took up


def test_a_notice_shortened_in_the_store_is_caught(app: Thidua, desk: Desk) -> None:
    season(desk)

    def shorter(document: dict[str, Any]) -> None:
        document["until"] = "2021-02-01"

    found = rederive_commendation(_forged(_rows(app), "NoticePublished", shorter))

    assert [(f.check, f.event) for f in found] == [("notice", "NoticePublished")]


def test_a_decision_dated_before_its_council_is_caught(app: Thidua, desk: Desk) -> None:
    season(desk)
    decide(desk)

    def earlier(document: dict[str, Any]) -> None:
        document["decided_on"] = "2021-02-16"

    found = rederive_commendation(_forged(_rows(app), "DecisionIssued", earlier))

    assert ("decision", "DecisionIssued") in [(f.check, f.event) for f in found]


def test_audit_explain_names_the_dossier_the_council_and_the_decision(
    app: Thidua, desk: Desk
) -> None:
    season(desk)
    decide(desk)

    steps = Auditor(app).explain("KTTH", 2020, "provincial-merit", "VPDDBQH")

    (carried,) = [s.finding for s in steps if s.step == "council"]
    assert carried == (
        "P1: in dossier HS3, passed by council session HD2021-1, "
        "line 2 of decision 512/QĐ-UBND"
    )
