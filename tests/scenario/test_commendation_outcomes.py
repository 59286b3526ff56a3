"""What a decision records beyond its own stream: the proposals its council cut,
declined in their cycles, and each award in the register of a registered
recipient; and the auditor's own check of the declines."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from season import DECISION, decide, season

from thidua.domain.auditor.audit import Auditor
from thidua.domain.auditor.integrity import StoredRow
from thidua.domain.auditor.rederive_commendation import rederive_commendation
from thidua.domain.commendation import commands as k
from thidua.domain.commendation.errors import DossierNotFound
from thidua.domain.registry import commands as rc
from thidua.domain.service import commendation as service
from thidua.domain.service.application import Thidua
from thidua.domain.topics import EVENTS
from thidua.projections.read_models import ReadModels

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


def test_a_registered_collective_holds_its_bang_khen_as_a_commendation_not_a_title(
    app: Thidua, desk: Desk
) -> None:
    desk(rc.RegisterCollective, code="VPDDBQH", name="Văn phòng Đoàn ĐBQH và HĐND")
    season(desk)

    decide(desk)

    register = app.holder("collective", "VPDDBQH")
    assert register is not None
    assert register.title("provincial-merit", 2020) is None
    held = register.commendation("provincial-merit", 2020, "512/QĐ-UBND")
    assert held is not None
    assert held.decision.number == "512/QĐ-UBND"
    assert app.holder("collective", "VPUBND") is None  # not registered: no register
    assert Auditor(app).examine().discrepancies == []


def test_the_register_shows_a_bang_khen_as_a_commendation_in_the_unit_s_history(
    app: Thidua, desk: Desk
) -> None:
    desk(rc.RegisterCollective, code="VPDDBQH", name="Văn phòng Đoàn ĐBQH và HĐND")
    season(desk)
    decide(desk)

    history = ReadModels(app).unit_history("VPDDBQH")

    entries = {(r["entry"], r["what"]) for r in history}
    assert ("commendation", "provincial-merit") in entries
    assert ("title", "provincial-merit") not in entries


def test_rules_that_name_no_forms_write_every_line_as_a_title_as_before(
    app: Thidua, desk: Desk
) -> None:
    from thidua.domain.commendation.rules import default_rules_text

    text = default_rules_text()
    start = text.index("[forms]")
    legacy = text[:start] + text[text.index("# Form 0603", start) :]
    desk(rc.RegisterCollective, code="VPDDBQH", name="Văn phòng Đoàn ĐBQH và HĐND")
    season(desk)

    desk(k.IssueDecision, **DECISION, rules_text=legacy)

    register = app.holder("collective", "VPDDBQH")
    assert register is not None
    assert register.title("provincial-merit", 2020) is not None
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
    assert register.commendation("provincial-merit", 2020, "512/QĐ-UBND") is None
    assert [c.revocation.number for c in register.commendations if c.revocation] == [
        "77/QĐ-UBND"
    ]
    assert Auditor(app).examine().discrepancies == []


def _fighter_decided(app: Thidua, desk: Desk) -> None:
    """P-001, three times a grassroots Fighter, proposed by TMTH for the
    provincial Fighter beside the bloc's Flag; both passed and decided."""
    rules = _fighter_passed(app, desk)
    desk(k.IssueDecision, **{**DECISION, "sessions": ["HD1"]}, rules_text=rules)


def _fighter_passed(app: Thidua, desk: Desk) -> str:
    """The same, up to the council's closed session; the rules' text."""
    from season import CHAIR, MEMBERS, at, propose

    from thidua.domain import commands as c
    from thidua.domain.commendation.rules import default_rules_text

    from registry_desk import TITLED, RegistryDesk

    registry = RegistryDesk(desk)
    registry.register("P-001", "Nguyễn Văn An")
    registry.confer("P-001", "cstd-co-so", 2018, 2019, 2020)
    cycle = propose(desk, "TMTH", "VPUBND", rulebook=TITLED)
    desk(
        c.ProposeAward,
        **cycle,
        award="cstd-tinh",
        recipient={"kind": "individual", "unit": "SNV", "name": "Nguyễn Văn An"},
        person="P-001",
    )
    rules = default_rules_text()
    desk(k.OpenDossier, dossier="HS1", **cycle, proposals=["P1", "P2"],
         proposer="Trưởng khối TMTH", rules_text=rules)  # fmt: skip
    for kind in ("request", "report", "minutes"):
        sha = app.content.put(kind.encode())
        desk(k.AttachDocument, dossier="HS1", kind=kind, title=kind, sha256=sha,
             size=len(kind))  # fmt: skip
    for step in (k.SubmitDossier, k.ReceiveDossier, k.AppraiseDossier):
        desk(step, dossier="HS1")
    desk(k.PublishNotice, dossier="HS1", from_day=date(2021, 1, 26))
    at(desk, date(2021, 2, 17))
    session = {"session": "HD1"}
    desk(k.OpenSession, **session, held_on=date(2021, 2, 17), members=MEMBERS,
         chair=CHAIR, rules_text=rules)  # fmt: skip
    desk(k.RecordAttendance, **session, present=MEMBERS)
    desk(k.AddToAgenda, **session, dossier="HS1")
    for proposal in ("P1", "P2"):
        desk(k.CountBallots, **session, dossier="HS1", proposal=proposal,
             papers=("yes",) * 7)  # fmt: skip
    desk(k.CloseSession, **session)
    at(desk, date(2021, 3, 2))
    return rules


def test_a_registered_person_holds_the_decision_s_award_in_their_register(
    app: Thidua, desk: Desk
) -> None:
    _fighter_decided(app, desk)

    register = app.holder("individual", "P-001")
    assert register is not None
    held = register.title("cstd-tinh", 2020)
    assert held is not None
    assert held.decision.number == "512/QĐ-UBND"
    assert Auditor(app).examine().discrepancies == []
    history = ReadModels(app).person_history("P-001")
    titles = [(r["year"], r["what"], r["reference"]) for r in history
              if r["entry"] == "title"]  # fmt: skip
    assert (2020, "cstd-tinh", "512/QĐ-UBND") in titles


def test_a_person_s_line_missing_from_their_register_is_caught(
    app: Thidua, desk: Desk
) -> None:
    _fighter_decided(app, desk)
    rows = list(Auditor(app).rows())

    found = rederive_commendation(
        [r for r in rows if not (r.event == "TitleConferred" and r.document["title"]
                                 == "cstd-tinh")]
    )  # fmt: skip

    assert [f.said.english() for f in found] == [
        "line cstd-tinh 2020 of decision 512/QĐ-UBND is not held in its person's"
        " register"
    ]


def test_a_title_the_decision_does_not_grant_is_caught_in_the_register(
    app: Thidua, desk: Desk
) -> None:
    _fighter_decided(app, desk)
    rows = list(Auditor(app).rows())
    (conferred,) = [
        r for r in rows if r.event == "TitleConferred" and r.document["year"] == 2020
        and r.document["title"] == "cstd-tinh"
    ]  # fmt: skip
    forged = replace(conferred, document={**conferred.document, "year": 2021})

    found = rederive_commendation([forged if r is conferred else r for r in rows])

    assert sorted(f.event for f in found) == ["DecisionIssued", "TitleConferred"]


def test_audit_explain_names_the_session_that_cut_a_declined_proposal(
    app: Thidua, desk: Desk
) -> None:
    season(desk)
    decide(desk)

    steps = Auditor(app).explain("VHXH", 2020, "provincial-flag", "SNV")

    assert [s.finding for s in steps if s.step == "council"] == [
        "P1: in dossier HS2, cut by council session HD2021-1, declined by decision "
        "512/QĐ-UBND"
    ]


def test_a_register_that_refuses_its_line_leaves_the_whole_decision_unrecorded(
    app: Thidua, desk: Desk
) -> None:
    import pytest

    from thidua.domain.errors import AlreadyExists

    rules = _fighter_passed(app, desk)
    desk(rc.ConferTitle, holder={"kind": "individual", "code": "P-001"},
         title="cstd-tinh", year=2020,
         decision={"number": "9/QĐ-UBND", "decided_on": date(2021, 1, 5)})  # fmt: skip

    with pytest.raises(AlreadyExists):
        desk(k.IssueDecision, **{**DECISION, "sessions": ["HD1"]}, rules_text=rules)

    assert app.cycle("TMTH", 2020).awards == {}
    assert service.dossier(app, "HS1").state.status == "council"
    with pytest.raises(DossierNotFound):
        service.decision(app, "512/QĐ-UBND")


def test_a_bang_khen_written_in_a_register_as_a_title_is_caught(
    app: Thidua, desk: Desk
) -> None:
    desk(rc.RegisterCollective, code="VPDDBQH", name="Văn phòng Đoàn ĐBQH và HĐND")
    season(desk)
    decide(desk)
    rows = list(Auditor(app).rows())
    form = next(r for r in rows if r.event == "CommendationRecorded")
    document = {**form.document, "title": form.document["form"]}
    as_title = replace(form, event="TitleConferred", document=document)

    found = rederive_commendation([as_title if r is form else r for r in rows])

    said = sorted(f.said.english() for f in found)
    assert said == [
        "the register holds provincial-merit 2020 by decision 512/QĐ-UBND, which"
        " grants it no such line"
    ]


def test_verify_holds_no_cycle_s_grant_and_reads_a_decision_s_grants_at_the_end(
    app: Thidua, desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    from thidua.domain.auditor import verify
    from thidua.domain.auditor.rederive_commendation import CommendationCheck

    _fighter_decided(app, desk)
    made: list[CommendationCheck] = []

    def check() -> CommendationCheck:
        made.append(CommendationCheck())
        return made[-1]

    monkeypatch.setattr(verify, "STORE_CHECKS", [check])

    assert Auditor(app).examine().discrepancies == []
    # Every award and decline of every cycle would be held to the end: none is.
    held = {row.event for row in made[-1].kept}
    assert not held & {"AwardGranted", "ProposalDeclined"}

    # The grants read back are the ones the decision's lines rest on: grants that
    # name another decision leave its lines without their grant.
    rows = Auditor.rows

    def renumbered(self: Auditor, *args: Any, **kwargs: Any) -> Iterator[StoredRow]:
        read_back = EVENTS["AwardGranted"] in kwargs.get("topics", ())
        for row in rows(self, *args, **kwargs):
            if not read_back:
                yield row
                continue
            decision = {**row.document["decision"], "number": "1/QĐ-KHÁC"}
            yield replace(row, document={**row.document, "decision": decision})

    monkeypatch.setattr(Auditor, "rows", renumbered)
    found = Auditor(app).examine().discrepancies
    # The line lacks its grant; the register's title then lacks the line's person.
    assert {f.event for _, f in found} == {"DecisionIssued", "TitleConferred"}
