"""`thidua demo`: the seed story, recorded step by step into a fresh store.

On 25 January 2021 the Khối thi đua Tham mưu tổng hợp of Lào Cai reviewed 2020, voted
the Provincial People's Committee Office the bloc's excellent unit and proposed it for
the provincial Emulation Flag, gave Certificates of Commendation to 5 collectives and
2 individuals, made the Department of Home Affairs head and the Office of the National
Assembly Delegation and People's Council deputy for 2021, and signed the 2021 covenant.

The article names only those three offices. The other five members, the 2020 leads, the
scores, the people, the collectives and the decision numbers are invented for the demo.
"""

from __future__ import annotations

from datetime import date
from importlib.resources import files
from typing import Any

import click

from .context import CliContext
from .cycle import show_status
from .options import CycleRef

BLOC = "TMTH"
UNITS = {
    "VPUBND": ("Văn phòng UBND tỉnh", "Lê Minh Tuấn", "Chánh Văn phòng"),
    "SNV": ("Sở Nội vụ", "Phạm Thị Lan", "Giám đốc"),
    "VPDDBQH": (
        "Văn phòng Đoàn ĐBQH và HĐND tỉnh",
        "Vũ Đức Thắng",
        "Chánh Văn phòng",
    ),
    # Invented members of the bloc, for the demo.
    "SKHDT": ("Sở Kế hoạch và Đầu tư", "Nguyễn Quang Huy", "Giám đốc"),
    "STC": ("Sở Tài chính", "Đặng Thị Hương", "Giám đốc"),
    "STP": ("Sở Tư pháp", "Hoàng Văn Khải", "Giám đốc"),
    "TTT": ("Thanh tra tỉnh", "Lý Seo Chảo", "Chánh Thanh tra"),
    "SNGV": ("Sở Ngoại vụ", "Trịnh Thị Ngọc Ánh", "Giám đốc"),
}
SCORES = {  # own points A1 A2 B1 B2 C1 C2 D1 (invented)
    "VPUBND": (29, 19.5, 9.5, 9, 10, 9.5, 10),
    "SNV": (28, 19, 10, 9.5, 9.5, 9, 9.5),
    "VPDDBQH": (28, 18.5, 9, 9, 9.5, 9.5, 9.5),
    "SKHDT": (27.5, 18, 9, 8.5, 9, 9, 9),
    "STC": (27, 18, 8.5, 8.5, 9, 9, 9),
    "STP": (26.5, 17.5, 9, 8, 9, 8.5, 9),
    "TTT": (26, 17.5, 8.5, 8.5, 8.5, 9, 8.5),
    "SNGV": (26, 17, 8, 8, 9, 8.5, 8),
}
CRITERIA = ("A1", "A2", "B1", "B2", "C1", "C2", "D1")
COMMENDED = [  # (unit, collective or None, individual or None)
    ("VPUBND", "Phòng Tổng hợp, Văn phòng UBND tỉnh", None),
    ("SNV", "Ban Thi đua – Khen thưởng, Sở Nội vụ", None),
    ("VPDDBQH", "Phòng Công tác Quốc hội, Văn phòng Đoàn ĐBQH và HĐND tỉnh", None),
    ("STC", "Phòng Quản lý ngân sách, Sở Tài chính", None),
    ("STP", "Phòng Xây dựng và kiểm tra văn bản, Sở Tư pháp", None),
    ("SNGV", None, "Nguyễn Thị Thu Hà"),
    ("TTT", None, "Giàng A Sử"),
]
MEETING = date(2021, 1, 25)


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
                "since": date(2018, 1, 1),
            },
        ),
    ]
    for unit, (name, _, _) in UNITS.items():
        story.append(
            (
                f"Add member unit {unit}: {name}.",
                "add_unit",
                "AddUnit",
                {"bloc": BLOC, "unit": unit, "name": name, "year": 2018},
            )
        )
    rules = files("thidua.rulebooks").joinpath("lao-cai-tmth.toml").read_text("utf-8")
    story += [
        (
            "Open the 2020 cycle under the bloc's rulebook.",
            "open_cycle",
            "OpenCycle",
            {**y2020, "rulebook_text": rules},
        ),
        (
            "Assign the 2020 leads: SKHDT head (Trưởng khối), SNV deputy (Phó khối).",
            "assign_leads",
            "AssignLeads",
            {**y2020, "head": "SKHDT", "deputy": "SNV"},
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
                    "signed_on": date(2020, 1, 16),
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
            },
        ),
        (
            "Close scoring; the standings freeze.",
            "close_scoring",
            "CloseScoring",
            y2020,
        ),
        (
            "At the meeting of 25/01/2021, open the secret vote for the leading unit.",
            "open_vote",
            "OpenVote",
            {**y2020, "motion": "leading-unit"},
        ),
    ]
    for unit in UNITS:
        story.append(
            (
                f"{unit} casts its secret ballot.",
                "cast_vote",
                "CastVote",
                {**y2020, "motion": "leading-unit", "voter": unit},
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
                },
            )
        )
    story += [
        ("Close the 2020 cycle.", "close_cycle", "CloseCycle", y2020),
        (
            "Open the 2021 cycle.",
            "open_cycle",
            "OpenCycle",
            {**y2021, "rulebook_text": rules},
        ),
        (
            "Assign the 2021 leads: SNV head, VPDDBQH deputy.",
            "assign_leads",
            "AssignLeads",
            {**y2021, "head": "SNV", "deputy": "VPDDBQH", "method": "assignment"},
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
                },
            )
        )
    return story


@click.command("demo")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="How to show the cycles' status at the end.",
)
@click.pass_context
def demo(ctx: click.Context, *, fmt: str) -> None:
    """Record the seed story (Lào Cai, 25/01/2021) into a fresh store and show it.

    \b
    Example:
      thidua --db demo.db demo
    """
    from thidua.domain import commands

    from . import queries

    obj: CliContext = ctx.obj
    if recorded := {b.code for b in obj.app.blocs()}:
        if BLOC not in recorded:
            from thidua.domain.errors import StoreNotEmpty

            raise StoreNotEmpty(
                "the store {shown_db} already holds other data; run the demo "
                "on a fresh one: thidua --db demo.db demo",
                shown_db=obj.shown_db,
            )
        click.echo(
            f"The demo is already recorded in {obj.shown_db}; here is where it stands."
        )
    else:
        actor = {"name": "thidua demo", "role": "operator"}
        for number, (line, method, name, fields) in enumerate(steps(), start=1):
            command = getattr(commands, name).model_validate(
                {
                    "actor": actor,
                    "command_id": f"demo-{number}",
                    "issued_at": obj.clock(),
                    **fields,
                }
            )
            getattr(obj.app, method)(command)
            click.echo(f"{number:>3}. {line}")
        click.echo(f"\nRecorded in {obj.shown_db}.\n")
    for year in (2020, 2021):
        show_status(obj, CycleRef(BLOC, year), fmt)
        click.echo()
    seed = CycleRef(BLOC, 2020)
    for query in (queries.standings, queries.votes):
        ctx.invoke(query, cycle=seed, fmt=fmt, bom=False)
        click.echo()
    ctx.invoke(
        queries.awards,
        unit=None,
        bloc=BLOC,
        year_from=2020,
        year_to=2020,
        award=None,
        status=None,
        fmt=fmt,
        bom=False,
    )
