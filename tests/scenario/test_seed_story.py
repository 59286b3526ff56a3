"""The seed story: Khối thi đua Tham mưu tổng hợp (Lào Cai), reviewed on 25/01/2021."""

from __future__ import annotations

from datetime import date

from thidua.domain import commands as c
from thidua.domain.service.application import Thidua
from thidua.domain.types import Stage

from support import UNITS, Desk


def test_the_seed_cycle_is_recorded_from_opening_to_closing(
    app: Thidua, desk: Desk
) -> None:
    # The bloc and its members.
    desk.bloc()
    # Open 2020 under the bloc's rulebook; the deputy will rotate to head next year.
    y2020 = desk.open(2020)
    desk(c.AssignLeads, **y2020, head="SKHDT", deputy="SNV")
    # Every member signs the 2020 covenant; scoring begins.
    desk.sign_all(y2020)
    assert app.cycle("TMTH", 2020).stage is Stage.SCORING
    # Each unit scores itself; the head assesses one criterion of SNV, with a reason.
    desk.score_all(y2020)
    desk(
        c.AssessScores,
        **y2020,
        unit="SNV",
        assessor="head",
        points={"B1": "9.5"},
        notes={"B1": "Thiếu minh chứng"},
    )
    desk(
        c.AdjustScore,
        **y2020,
        unit="VPUBND",
        rule="initiative",
        points=2,
        reason="Sáng kiến",
    )
    # Scoring closes and the standings freeze with the PPC Office first.
    desk(c.CloseScoring, **y2020)
    ranking = app.cycle("TMTH", 2020).ranking
    assert ranking is not None
    assert [(e.unit, str(e.total), e.rank) for e in ranking[:2]] == [
        ("VPUBND", "98.5", 1),
        ("SNV", "94.0", 2),
    ]
    # The meeting votes by secret ballot: every unit votes, all for the PPC Office.
    desk(c.OpenVote, **y2020, motion="leading-unit")
    for unit in UNITS:
        desk(c.CastVote, **y2020, motion="leading-unit", voter=unit)
    desk(
        c.CloseVote,
        **y2020,
        motion="leading-unit",
        ballots=[{"choices": ["VPUBND"]}] * len(UNITS),
    )
    # The bloc proposes it for the provincial Emulation Flag.
    desk(
        c.ProposeAward,
        **y2020,
        award="provincial-flag",
        recipient={"kind": "collective", "unit": "VPUBND"},
    )
    # Certificates of Commendation for 5 collectives and 2 individuals.
    commended = [
        ("collective", "VPUBND", "Phòng Tổng hợp, Văn phòng UBND tỉnh"),
        ("collective", "SNV", "Ban Thi đua – Khen thưởng, Sở Nội vụ"),
        ("collective", "VPDDBQH", "Phòng Công tác Quốc hội"),
        ("collective", "STC", "Phòng Quản lý ngân sách, Sở Tài chính"),
        ("collective", "STP", "Phòng Xây dựng và kiểm tra văn bản, Sở Tư pháp"),
        ("individual", "SNGV", "Nguyễn Thị Thu Hà"),
        ("individual", "TTT", "Giàng A Sử"),
    ]
    for number, (kind, unit, name) in enumerate(commended, start=1):
        desk(
            c.GrantAward,
            **y2020,
            award="commendation",
            recipient={"kind": kind, "unit": unit, "name": name},
            decision={
                "number": f"{number:02d}/QĐ-SKHĐT",
                "decided_on": date(2021, 1, 25),
                "authority": "Giám đốc Sở Kế hoạch và Đầu tư",
            },
        )
    # The 2020 cycle closes.
    desk(c.CloseCycle, **y2020)
    # 2021 opens with the Department of Home Affairs as head and the Office of the
    # National Assembly Delegation and People's Council as deputy; all sign.
    y2021 = desk.open(2021)
    desk(c.AssignLeads, **y2021, head="SNV", deputy="VPDDBQH", method="assignment")
    desk.sign_all(y2021)

    cycle2020 = app.cycle("TMTH", 2020)
    tally = cycle2020.rounds["leading-unit"][-1].tally
    assert tally is not None
    assert (tally.outcome, tally.winners, tally.cast) == ("passed", ("VPUBND",), 8)
    assert [
        (p.award, p.recipient.name, p.status) for p in cycle2020.proposals.values()
    ] == [("provincial-flag", "Văn phòng UBND tỉnh", "proposed")]
    granted = [(a.recipient.kind, a.recipient.name) for a in cycle2020.awards.values()]
    assert granted == [(kind, name) for kind, _, name in commended]
    assert cycle2020.stage is Stage.CLOSED
    cycle2021 = app.cycle("TMTH", 2021)
    assert (cycle2021.head, cycle2021.deputy) == ("SNV", "VPDDBQH")
    assert set(cycle2021.signatures) == set(UNITS)
    assert cycle2021.stage is Stage.SCORING


def test_replaying_the_stream_gives_the_same_cycle(app: Thidua, desk: Desk) -> None:
    desk.bloc()
    cycle = desk.to_review()
    desk(c.OpenVote, **cycle, motion="leading-unit")

    first = app.cycle("TMTH", 2020)
    again = app.cycle("TMTH", 2020)

    assert first.__dict__ == again.__dict__
    assert app.cycle("TMTH", 2020, version=1).stage is Stage.COVENANT
