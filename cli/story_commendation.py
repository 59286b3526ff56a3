"""The seed story continued past the meeting: the bloc's dossier for the Flag, the
provincial council's session, and the chair's decision. Invented but for the
proposal itself: the dossier's documents, the council's members, the numbers."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any, Protocol

from thidua.domain.commendation import commands as k
from thidua.domain.commendation.rules import default_rules_text

ICT = timezone(timedelta(hours=7))
DOSSIER = "HS-TMTH-2020"
SESSION = "HDTDKT-2021-01"
DECISION = "215/QĐ-UBND"
MEMBERS = (
    "Hoàng Văn Minh",
    "Nguyễn Thị Lan",
    "Vàng Seo Hoà",
    "Trần Quốc Bảo",
    "Lý Thị Hương",
    "Phạm Đức Thắng",
    "Lò Văn Sơn",
)
DOCUMENTS = (
    ("request", "Tờ trình số 05/TTr-KTMTH đề nghị tặng Cờ thi đua"),
    ("report", "Báo cáo thành tích năm 2020 của Văn phòng UBND tỉnh"),
    ("minutes", "Biên bản họp tổng kết Khối ngày 25/01/2021"),
)


class Tell(Protocol):
    def __call__(
        self,
        narration: str,
        command_class: type[Any],
        fields: dict[str, Any],
        *,
        content: bytes | None = None,
        refused: bool = False,
        **values: object,
    ) -> None: ...


def at(day: date, hour: int = 8, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ICT)


def commendation(tell: Tell) -> None:
    """The steps after the meeting, in their order."""
    import hashlib

    rules = default_rules_text()
    dossier = {"dossier": DOSSIER}
    tell(
        "dossier_opened",
        k.OpenDossier,
        {
            **dossier,
            "bloc": "TMTH",
            "year": 2020,
            "proposals": ["P1"],
            "proposer": "Sở Kế hoạch và Đầu tư (Trưởng khối 2020)",
            "rules_text": rules,
            "occurred_at": at(date(2021, 1, 27), 9),
        },
        dossier=DOSSIER,
    )
    for kind, title in DOCUMENTS:
        data = f"{title}\n".encode()
        tell(
            "document_attached",
            k.AttachDocument,
            {
                **dossier,
                "kind": kind,
                "title": title,
                "sha256": hashlib.sha256(data).hexdigest(),
                "size": len(data),
                "occurred_at": at(date(2021, 1, 27), 10),
            },
            content=data,
            title=title,
        )
    board = [
        ("dossier_submitted", k.SubmitDossier, date(2021, 1, 28)),
        ("dossier_received", k.ReceiveDossier, date(2021, 1, 29)),
        ("dossier_appraised", k.AppraiseDossier, date(2021, 2, 1)),
    ]
    for narration, command, day in board:
        tell(narration, command, {**dossier, "occurred_at": at(day)})
    tell(
        "notice_published",
        k.PublishNotice,
        {**dossier, "from_day": date(2021, 2, 2), "occurred_at": at(date(2021, 2, 2))},
    )
    held = date(2021, 3, 2)
    session = {"session": SESSION}
    tell(
        "session_opened",
        k.OpenSession,
        {
            **session,
            "held_on": held,
            "members": MEMBERS,
            "chair": MEMBERS[0],
            "rules_text": rules,
            "occurred_at": at(held, 14),
        },
        members=len(MEMBERS),
    )
    present = {"present": MEMBERS[:6], "occurred_at": at(held, 14, 5)}
    tell("attendance", k.RecordAttendance, {**session, **present}, present=6)
    tell(
        "agenda", k.AddToAgenda, {**session, **dossier, "occurred_at": at(held, 14, 10)}
    )
    item = {**session, **dossier, "proposal": "P1"}
    tell(
        "opinion",
        k.RecordOpinion,
        {
            **item,
            "member": MEMBERS[6],
            "choice": "yes",
            "occurred_at": at(held, 14, 15),
        },
        member=MEMBERS[6],
    )
    tell(
        "ballots",
        k.CountBallots,
        {**item, "papers": ["yes"] * 6, "occurred_at": at(held, 14, 40)},
    )
    tell("session_closed", k.CloseSession, {**session, "occurred_at": at(held, 15)})
    tell(
        "decision_issued",
        k.IssueDecision,
        {
            "number": DECISION,
            "decided_on": date(2021, 3, 5),
            "signer": MEMBERS[0],
            "authority": "Chủ tịch UBND tỉnh Lào Cai",
            "sessions": [SESSION],
            "rules_text": rules,
            "occurred_at": at(date(2021, 3, 5), 9),
        },
        number=DECISION,
    )
