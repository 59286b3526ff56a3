"""The seed story that `thidua demo` records, step by step, with its own dates.

On 25 January 2021 the Khối thi đua Tham mưu tổng hợp of Lào Cai reviewed 2020, voted
the Provincial People's Committee Office the bloc's excellent unit and proposed it for
the provincial Emulation Flag, gave Certificates of Commendation to 5 collectives and
2 individuals, made the Department of Home Affairs head and the Office of the National
Assembly Delegation and People's Council deputy for 2021, and signed the 2021 covenant.

The article names only those three offices. The other five members, the 2020 leads, the
scores, the people, the collectives and the decision numbers are invented for the demo.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from importlib.resources import files
from typing import Any

from thidua.domain import commands as c
from thidua.domain.base import Command
from thidua.domain.service.clock import Clock
from thidua.office.i18n import Lang, Texts

from .cast import BLOC, COMMENDED, CRITERIA, SCORES, UNITS
from .story_commendation import commendation
from .story_registry import registry

__all__ = ["BLOC", "CRITERIA", "SCORES", "UNITS", "Step", "story"]

MEETING = date(2021, 1, 25)
# The story's own times, in Vietnam's time: the bloc's history as dates, the year-end
# meeting of 25/01/2021 by the clock on the wall. All invented but the meeting's day.
ICT = timezone(timedelta(hours=7))
FOUNDED = date(2018, 1, 15)
OPENED_2020 = date(2020, 1, 10)
SIGNED_2020 = date(2020, 1, 16)
SELF_SCORED = date(2020, 12, 15)
ASSESSED = date(2021, 1, 15)
SCORING_CLOSED = date(2021, 1, 20)


def at_meeting(hour: int, minute: int) -> datetime:
    return datetime(2021, 1, 25, hour, minute, tzinfo=ICT)


# The secretariat enters the bloc's history on 20/01/2021, once scoring has closed,
# a minute a command; then it records the meeting as it happens.
RECORDING_STARTS = datetime(2021, 1, 20, 14, 0, tzinfo=ICT)
OPERATOR = {"name": "thidua demo", "role": "operator"}


@dataclass(frozen=True)
class Step:
    """One step of the story: the command it records, and what the narrator says of
    it (a key of the catalogs' [demo] section, and the values it is filled with)."""

    command: Command
    narration: str
    values: Mapping[str, object]
    # A document the step attaches by its hash: the demo puts it in the content store.
    content: bytes | None = None
    # A command the story shows refused: the demo prints the refusal and goes on.
    refused: bool = False

    def said(self, lang: Lang) -> str:
        return Texts(lang, "demo")(self.narration, **self.values)


class _Teller:
    """Writes the story down, a command at a time, by the story's own clock: the
    same command ids and recording times on every run."""

    def __init__(self) -> None:
        self.clock = Clock(
            RECORDING_STARTS, timedelta(minutes=1), actor=OPERATOR, prefix="demo-"
        )
        self.steps: list[Step] = []

    def __call__(
        self,
        narration: str,
        command_class: type[Command],
        fields: dict[str, Any],
        *,
        content: bytes | None = None,
        refused: bool = False,
        **values: object,
    ) -> None:
        self.clock.follow(fields.get("occurred_at"))
        command = command_class.model_validate({**self.clock.meta(), **fields})
        self.steps.append(Step(command, narration, values, content, refused))


def story(*, past_the_meeting: bool = True, people: bool = False) -> list[Step]:
    """Every step of the seed story, in its order; without `past_the_meeting`, up
    to the meeting's end (what tests of the bloc's own year record); with `people`,
    then the registry's people and the proposal it refuses (cli/story_registry.py)."""
    tell = _Teller()
    y2020: dict[str, Any] = {"bloc": BLOC, "year": 2020}
    y2021: dict[str, Any] = {"bloc": BLOC, "year": 2021}
    tell(
        "bloc_founded",
        c.CreateBloc,
        {
            "bloc": BLOC,
            "name": "Khối thi đua Tham mưu tổng hợp",
            "province": "Lào Cai",
            "occurred_at": FOUNDED,
        },
    )
    tell(
        "bloc_documents",
        c.ConfigureBloc,
        {
            "bloc": BLOC,
            "superior_body": "UBND TỈNH LÀO CAI",
            "place": "Lào Cai",
            "document_code": "KTĐTMTH",
            "since": FOUNDED,
            "occurred_at": FOUNDED,
        },
    )
    for unit, (name, _, _) in UNITS.items():
        fields = {"bloc": BLOC, "unit": unit, "name": name, "year": 2018}
        tell(
            "member_added",
            c.AddUnit,
            {**fields, "occurred_at": FOUNDED},
            unit=unit,
            name=name,
        )
    rules = files("thidua.rulebooks").joinpath("lao-cai-tmth.toml").read_text("utf-8")
    tell(
        "open_2020",
        c.OpenCycle,
        {**y2020, "rulebook_text": rules, "occurred_at": OPENED_2020},
    )
    tell(
        "leads_2020",
        c.AssignLeads,
        {**y2020, "head": "SKHDT", "deputy": "SNV", "occurred_at": OPENED_2020},
    )
    for unit, (_, signatory, title) in UNITS.items():
        signed = {"signatory": signatory, "signatory_title": title}
        tell(
            "sign_2020",
            c.SignCovenant,
            {
                **y2020,
                "unit": unit,
                **signed,
                "signed_on": SIGNED_2020,
                "occurred_at": SIGNED_2020,
            },
            unit=unit,
        )
    for unit, points in SCORES.items():
        own = dict(zip(CRITERIA, points, strict=True))
        tell(
            "submit",
            c.SubmitScores,
            {**y2020, "unit": unit, "points": own, "occurred_at": SELF_SCORED},
            unit=unit,
        )
    tell(
        "assess_snv",
        c.AssessScores,
        {
            **y2020,
            "unit": "SNV",
            "assessor": "head",
            "points": {"B1": 9.5},
            "notes": {"B1": "Thiếu minh chứng một phong trào thi đua"},
            "occurred_at": ASSESSED,
        },
    )
    tell(
        "bonus_vpubnd",
        c.AdjustScore,
        {
            **y2020,
            "unit": "VPUBND",
            "rule": "initiative",
            "points": 2,
            "reason": "Sáng kiến cải cách hành chính được công nhận",
            "occurred_at": ASSESSED,
        },
    )
    tell(
        "penalty_sngv",
        c.AdjustScore,
        {
            **y2020,
            "unit": "SNGV",
            "rule": "late-report",
            "points": 1,
            "reason": "Báo cáo tổng kết gửi chậm",
            "occurred_at": ASSESSED,
        },
    )
    tell("scoring_closed", c.CloseScoring, {**y2020, "occurred_at": SCORING_CLOSED})
    vote = {**y2020, "motion": "leading-unit"}
    tell("vote_opened", c.OpenVote, {**vote, "occurred_at": at_meeting(8, 30)})
    for unit in UNITS:
        tell(
            "ballot_cast",
            c.CastVote,
            {**vote, "voter": unit, "occurred_at": at_meeting(8, 35)},
            unit=unit,
        )
    tell(
        "vote_counted",
        c.CloseVote,
        {
            **vote,
            "ballots": [{"choices": ["VPUBND"]}] * len(UNITS),
            "occurred_at": at_meeting(8, 50),
        },
        ballots=len(UNITS),
    )
    tell(
        "propose_flag",
        c.ProposeAward,
        {
            **y2020,
            "award": "provincial-flag",
            "recipient": {"kind": "collective", "unit": "VPUBND"},
            "occurred_at": at_meeting(9, 0),
        },
    )
    for index, (unit, collective, person) in enumerate(COMMENDED, start=1):
        kind = "individual" if person else "collective"
        tell(
            "commend",
            c.GrantAward,
            {
                **y2020,
                "award": "commendation",
                "recipient": {"kind": kind, "unit": unit, "name": person or collective},
                "decision": {
                    "number": f"{index:02d}/QĐ-SKHĐT",
                    "decided_on": MEETING,
                    "authority": "Giám đốc Sở Kế hoạch và Đầu tư",
                },
                "occurred_at": at_meeting(9, 15),
            },
            name=person or collective,
        )
    tell("close_2020", c.CloseCycle, {**y2020, "occurred_at": at_meeting(9, 30)})
    tell(
        "open_2021",
        c.OpenCycle,
        {**y2021, "rulebook_text": rules, "occurred_at": at_meeting(9, 45)},
    )
    tell(
        "leads_2021",
        c.AssignLeads,
        {
            **y2021,
            "head": "SNV",
            "deputy": "VPDDBQH",
            "method": "assignment",
            "occurred_at": at_meeting(9, 50),
        },
    )
    for unit, (_, signatory, title) in UNITS.items():
        signed = {"signatory": signatory, "signatory_title": title}
        tell(
            "sign_2021",
            c.SignCovenant,
            {
                **y2021,
                "unit": unit,
                **signed,
                "signed_on": MEETING,
                "occurred_at": at_meeting(10, 0),
            },
            unit=unit,
        )
    if past_the_meeting:  # the dossier, the council, the decision
        commendation(tell)
        if people:
            registry(tell)
    return tell.steps
