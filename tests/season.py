"""A province's season after the blocs' meetings: three blocs propose their
leading units for the Flag, and the board, the council and the chair take over."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from thidua.cli.story import UNITS
from thidua.domain import commands as c
from thidua.domain.commendation import commands as k
from thidua.domain.commendation.rules import default_rules_text

from support import Desk, rulebook_text

BLOCS = {"TMTH": "VPUBND", "VHXH": "SNV", "KTTH": "VPDDBQH"}
MEMBERS = (
    "Trịnh Văn Chiến",
    "Hoàng Quốc Khánh",
    "Giàng Seo Văn",
    "Nguyễn Thành Sinh",
    "Vũ Xuân Cường",
    "Đặng Xuân Phong",
    "Lê Ngọc Hưng",
)
CHAIR = MEMBERS[0]
DOCUMENTS = {"request": b"To trinh", "report": b"Bao cao", "minutes": b"Bien ban"}


def propose(
    desk: Desk, bloc: str, leader: str, year: int = 2020, rulebook: str = ""
) -> dict[str, Any]:
    """A bloc's year to its review: its leader carried the vote and is proposed."""
    desk(c.CreateBloc, bloc=bloc, name=f"Khối thi đua {bloc}", province="Lào Cai")
    for unit, (name, _, _) in UNITS.items():
        desk(c.AddUnit, bloc=bloc, unit=unit, name=name, year=2018)
    cycle = {"bloc": bloc, "year": year}
    desk(c.OpenCycle, **cycle, rulebook_text=rulebook or rulebook_text())
    for unit, (_, signatory, title) in UNITS.items():
        desk(
            c.SignCovenant,
            **cycle,
            unit=unit,
            signatory=signatory,
            signatory_title=title,
            signed_on=date(2020, 1, 16),
        )
    from support import CRITERIA, SCORES

    for unit, points in SCORES.items():
        desk(
            c.SubmitScores,
            **cycle,
            unit=unit,
            points=dict(zip(CRITERIA, points, strict=True)),
        )
    desk(c.CloseScoring, **cycle)
    desk(c.OpenVote, **cycle, motion="leading-unit")
    for unit in UNITS:
        desk(c.CastVote, **cycle, motion="leading-unit", voter=unit)
    ballots = [{"choices": [leader]}] * len(UNITS)
    desk(c.CloseVote, **cycle, motion="leading-unit", ballots=ballots)
    desk(
        c.ProposeAward,
        **cycle,
        award="provincial-flag",
        recipient={"kind": "collective", "unit": leader},
    )
    return cycle


def submit(desk: Desk, dossier: str, bloc: str, year: int = 2020) -> None:
    """The bloc head opens the dossier for its proposal P1, attaches and submits."""
    desk(
        k.OpenDossier,
        dossier=dossier,
        bloc=bloc,
        year=year,
        proposals=["P1"],
        proposer=f"Trưởng khối {bloc}",
        rules_text=default_rules_text(),
    )
    for kind, data in DOCUMENTS.items():
        sha = desk.app.content.put(data + dossier.encode())
        desk(
            k.AttachDocument,
            dossier=dossier,
            kind=kind,
            title=f"{kind} {dossier}",
            sha256=sha,
            size=len(data),
        )
    desk(k.SubmitDossier, dossier=dossier)


def at(desk: Desk, day: date) -> None:
    desk.now = datetime(day.year, day.month, day.day, 8, tzinfo=UTC)


def season(desk: Desk) -> dict[str, str]:
    """Up to the council's closed session: D2 cut, D3 changed to the lower form."""
    dossiers = {}
    for n, (bloc, leader) in enumerate(BLOCS.items(), 1):
        propose(desk, bloc, leader)
        dossiers[f"HS{n}"] = bloc
        submit(desk, f"HS{n}", bloc)
    desk(k.ReceiveDossier, dossier="HS1")
    desk(k.ReturnDossier, dossier="HS2", reason="Thiếu báo cáo thành tích có xác nhận")
    sha = desk.app.content.put(b"Bao cao (co xac nhan)")
    desk(
        k.AttachDocument,
        dossier="HS2",
        kind="report",
        title="Báo cáo thành tích (bổ sung)",
        sha256=sha,
        size=21,
    )
    desk(k.SubmitDossier, dossier="HS2")
    for dossier in ("HS2", "HS3"):
        desk(k.ReceiveDossier, dossier=dossier)
    for dossier in dossiers:
        desk(k.AppraiseDossier, dossier=dossier)
        desk(k.PublishNotice, dossier=dossier, from_day=date(2021, 1, 26))
    desk(k.RecordComment, dossier="HS1", author="Bạn đọc", text="Đồng ý")
    at(desk, date(2021, 2, 17))
    desk(
        k.OpenSession,
        session="HD2021-1",
        held_on=date(2021, 2, 17),
        members=MEMBERS,
        chair=CHAIR,
        rules_text=default_rules_text(),
    )
    desk(k.RecordAttendance, session="HD2021-1", present=MEMBERS[:6])
    for dossier in dossiers:
        desk(k.AddToAgenda, session="HD2021-1", dossier=dossier)
    votes = {
        "HS1": ("yes",) * 5 + ("no",),
        "HS2": ("no",) * 4 + ("yes",) * 2,
        "HS3": ("lower",) * 4 + ("yes", "no"),
    }
    for dossier, papers in votes.items():
        desk(
            k.RecordOpinion,
            session="HD2021-1",
            member=MEMBERS[6],
            dossier=dossier,
            proposal="P1",
            choice="yes",
        )
        desk(
            k.CountBallots,
            session="HD2021-1",
            dossier=dossier,
            proposal="P1",
            papers=papers,
        )
    desk(k.CloseSession, session="HD2021-1")
    return dossiers


DECISION = {
    "number": "512/QĐ-UBND",
    "decided_on": date(2021, 3, 2),
    "signer": "Trịnh Xuân Trường",
    "authority": "Chủ tịch UBND tỉnh Lào Cai",
    "sessions": ["HD2021-1"],
}


def decide(desk: Desk) -> None:
    at(desk, date(2021, 3, 2))
    desk(k.IssueDecision, **DECISION, rules_text=default_rules_text())


def all_cut(desk: Desk) -> None:
    """One bloc's dossier HS1 to session HD2021-2, which cuts its one item."""
    propose(desk, "TMTH", "VPUBND")
    submit(desk, "HS1", "TMTH")
    for step in (k.ReceiveDossier, k.AppraiseDossier):
        desk(step, dossier="HS1")
    desk(k.PublishNotice, dossier="HS1", from_day=date(2021, 1, 26))
    at(desk, date(2021, 2, 17))
    session = {"session": "HD2021-2"}
    desk(k.OpenSession, **session, held_on=date(2021, 2, 17), members=MEMBERS,
         chair=CHAIR, rules_text=default_rules_text())  # fmt: skip
    desk(k.RecordAttendance, **session, present=MEMBERS)
    desk(k.AddToAgenda, **session, dossier="HS1")
    desk(k.CountBallots, **session, dossier="HS1", proposal="P1",
         papers=("no",) * 5 + ("yes",) * 2)  # fmt: skip
    desk(k.CloseSession, **session)
    at(desk, date(2021, 3, 2))
