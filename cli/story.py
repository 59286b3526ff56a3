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

from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from importlib.resources import files
from typing import Any

from thidua.domain.clock import Clock

from .cast import BLOC, COMMENDED, CRITERIA, SCORES, UNITS

__all__ = ["BLOC", "CRITERIA", "SCORES", "UNITS", "commands", "steps"]

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


def steps() -> list[tuple[str, str, str, dict[str, Any]]]:
    """(narration, application method, command class, fields) in the story's order."""
    y2020: dict[str, Any] = {"bloc": BLOC, "year": 2020}
    y2021: dict[str, Any] = {"bloc": BLOC, "year": 2021}
    story: list[tuple[str, str, str, dict[str, Any]]] = [
        (
            "Create the bloc Khối thi đua Tham mưu tổng hợp (Lào Cai).",
            "create_bloc",
            "CreateBloc",
            {
                "bloc": BLOC,
                "name": "Khối thi đua Tham mưu tổng hợp",
                "province": "Lào Cai",
                "occurred_at": FOUNDED,
            },
        ),
        (
            "Set how its documents name it: under UBND tỉnh Lào Cai, at Lào Cai.",
            "configure_bloc",
            "ConfigureBloc",
            {
                "bloc": BLOC,
                "superior_body": "UBND TỈNH LÀO CAI",
                "place": "Lào Cai",
                "document_code": "KTĐTMTH",
                "since": FOUNDED,
                "occurred_at": FOUNDED,
            },
        ),
    ]
    for unit, (name, _, _) in UNITS.items():
        story.append(
            (
                f"Add member unit {unit}: {name}.",
                "add_unit",
                "AddUnit",
                {
                    "bloc": BLOC,
                    "unit": unit,
                    "name": name,
                    "year": 2018,
                    "occurred_at": FOUNDED,
                },
            )
        )
    rules = files("thidua.rulebooks").joinpath("lao-cai-tmth.toml").read_text("utf-8")
    story += [
        (
            "Open the 2020 cycle under the bloc's rulebook.",
            "open_cycle",
            "OpenCycle",
            {**y2020, "rulebook_text": rules, "occurred_at": OPENED_2020},
        ),
        (
            "Assign the 2020 leads: SKHDT head (Trưởng khối), SNV deputy (Phó khối).",
            "assign_leads",
            "AssignLeads",
            {**y2020, "head": "SKHDT", "deputy": "SNV", "occurred_at": OPENED_2020},
        ),
    ]
    for unit, (_, signatory, title) in UNITS.items():
        story.append(
            (
                f"{unit} signs the 2020 covenant (giao ước thi đua).",
                "sign_covenant",
                "SignCovenant",
                {
                    **y2020,
                    "unit": unit,
                    "signatory": signatory,
                    "signatory_title": title,
                    "signed_on": SIGNED_2020,
                    "occurred_at": SIGNED_2020,
                },
            )
        )
    for unit, points in SCORES.items():
        story.append(
            (
                f"{unit} submits its own scores (tự chấm điểm).",
                "submit_scores",
                "SubmitScores",
                {
                    **y2020,
                    "unit": unit,
                    "points": dict(zip(CRITERIA, points, strict=True)),
                    "occurred_at": SELF_SCORED,
                },
            )
        )
    story += [
        (
            "The head assesses SNV: B1 lowered to 9.5 (thẩm định).",
            "assess_scores",
            "AssessScores",
            {
                **y2020,
                "unit": "SNV",
                "assessor": "head",
                "points": {"B1": 9.5},
                "notes": {"B1": "Thiếu minh chứng một phong trào thi đua"},
                "occurred_at": ASSESSED,
            },
        ),
        (
            "Bonus for VPUBND: a recognised initiative (điểm thưởng).",
            "adjust_score",
            "AdjustScore",
            {
                **y2020,
                "unit": "VPUBND",
                "rule": "initiative",
                "points": 2,
                "reason": "Sáng kiến cải cách hành chính được công nhận",
                "occurred_at": ASSESSED,
            },
        ),
        (
            "Penalty for SNGV: a late report (điểm trừ).",
            "adjust_score",
            "AdjustScore",
            {
                **y2020,
                "unit": "SNGV",
                "rule": "late-report",
                "points": 1,
                "reason": "Báo cáo tổng kết gửi chậm",
                "occurred_at": ASSESSED,
            },
        ),
        (
            "Close scoring; the standings freeze.",
            "close_scoring",
            "CloseScoring",
            {**y2020, "occurred_at": SCORING_CLOSED},
        ),
        (
            "At the meeting of 25/01/2021, open the secret vote for the leading unit.",
            "open_vote",
            "OpenVote",
            {**y2020, "motion": "leading-unit", "occurred_at": at_meeting(8, 30)},
        ),
    ]
    for unit in UNITS:
        story.append(
            (
                f"{unit} casts its secret ballot.",
                "cast_vote",
                "CastVote",
                {
                    **y2020,
                    "motion": "leading-unit",
                    "voter": unit,
                    "occurred_at": at_meeting(8, 35),
                },
            )
        )
    story += [
        (
            "The tally team counts 8 ballots for VPUBND and closes the vote.",
            "close_vote",
            "CloseVote",
            {
                **y2020,
                "motion": "leading-unit",
                "ballots": [{"choices": ["VPUBND"]}] * len(UNITS),
                "occurred_at": at_meeting(8, 50),
            },
        ),
        (
            "Propose VPUBND for the provincial Emulation Flag"
            " (Cờ thi đua của UBND tỉnh).",
            "propose_award",
            "ProposeAward",
            {
                **y2020,
                "award": "provincial-flag",
                "recipient": {"kind": "collective", "unit": "VPUBND"},
                "occurred_at": at_meeting(9, 0),
            },
        ),
    ]
    for index, (unit, collective, person) in enumerate(COMMENDED, start=1):
        kind = "individual" if person else "collective"
        story.append(
            (
                f"Certificate of Commendation (Giấy khen) to {person or collective}.",
                "grant_award",
                "GrantAward",
                {
                    **y2020,
                    "award": "commendation",
                    "recipient": {
                        "kind": kind,
                        "unit": unit,
                        "name": person or collective,
                    },
                    "decision": {
                        "number": f"{index:02d}/QĐ-SKHĐT",
                        "decided_on": MEETING,
                        "authority": "Giám đốc Sở Kế hoạch và Đầu tư",
                    },
                    "occurred_at": at_meeting(9, 15),
                },
            )
        )
    story += [
        (
            "Close the 2020 cycle.",
            "close_cycle",
            "CloseCycle",
            {**y2020, "occurred_at": at_meeting(9, 30)},
        ),
        (
            "Open the 2021 cycle.",
            "open_cycle",
            "OpenCycle",
            {**y2021, "rulebook_text": rules, "occurred_at": at_meeting(9, 45)},
        ),
        (
            "Assign the 2021 leads: SNV head, VPDDBQH deputy.",
            "assign_leads",
            "AssignLeads",
            {
                **y2021,
                "head": "SNV",
                "deputy": "VPDDBQH",
                "method": "assignment",
                "occurred_at": at_meeting(9, 50),
            },
        ),
    ]
    for unit, (_, signatory, title) in UNITS.items():
        story.append(
            (
                f"{unit} signs the 2021 covenant.",
                "sign_covenant",
                "SignCovenant",
                {
                    **y2021,
                    "unit": unit,
                    "signatory": signatory,
                    "signatory_title": title,
                    "signed_on": MEETING,
                    "occurred_at": at_meeting(10, 0),
                },
            )
        )
    return story


def commands() -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """(narration, application method, command class, fields) of every step, with
    the same command ids and recording times on every run."""
    clock = Clock(
        RECORDING_STARTS, timedelta(minutes=1), actor=OPERATOR, prefix="demo-"
    )
    for line, method, name, fields in steps():
        clock.follow(fields.get("occurred_at"))
        yield line, method, name, {**clock.meta(), **fields}
