"""Rules that count over many people: a title's share of another title's holders
in the unit or the bloc, and what a collective's members must hold in the year."""

from __future__ import annotations

from typing import Any

import pytest

from thidua.domain import commands as c
from thidua.domain.auditor.audit import Auditor
from thidua.domain.registry import commands as rc
from thidua.domain.registry import errors as re
from thidua.domain.service.application import Thidua

from registry_desk import TITLED, RegistryDesk, decision, individual
from support import Desk


@pytest.fixture
def registry(desk: Desk) -> RegistryDesk:
    desk.bloc()
    return RegistryDesk(desk)


@pytest.fixture
def cycle(desk: Desk, registry: RegistryDesk) -> dict[str, Any]:
    return desk.to_review(2023, TITLED)


def grant(desk: Desk, cycle: dict[str, Any], award: str, unit: str, code: str) -> None:
    desk(
        c.GrantAward,
        **cycle,
        award=award,
        recipient=individual(unit, f"Người {code}"),
        person=code,
        decision=decision(2023),
    )


def test_a_grassroots_fighter_goes_to_at_most_fifteen_in_a_hundred_advanced_workers(
    desk: Desk, registry: RegistryDesk, cycle: dict[str, Any]
) -> None:
    first, second, *_ = registry.staff("SNV", 13, ("ldtt", 13))
    grant(desk, cycle, "cstd-co-so", "SNV", first)

    with pytest.raises(re.TitleQuotaExceeded) as refused:
        grant(desk, cycle, "cstd-co-so", "SNV", second)

    assert str(refused.value) == (
        "title-quota: cstd-co-so goes to at most 15/100 of the ldtt holders of "
        "the unit (1 of 13); 1 already hold or are proposed"
    )


def test_the_share_counts_the_unit_s_holders_only(
    desk: Desk, registry: RegistryDesk, cycle: dict[str, Any]
) -> None:
    snv = registry.staff("SNV", 7, ("ldtt", 7))
    stc = registry.staff("STC", 7, ("ldtt", 7))

    grant(desk, cycle, "cstd-co-so", "SNV", snv[0])
    grant(desk, cycle, "cstd-co-so", "STC", stc[0])

    assert len(desk.app.cycle("TMTH", 2023).awards) == 2


def test_titles_held_in_the_registry_count_against_the_share(
    desk: Desk, registry: RegistryDesk, cycle: dict[str, Any]
) -> None:
    codes = registry.staff("SNV", 7, ("ldtt", 7), ("cstd-co-so", 1))

    with pytest.raises(re.TitleQuotaExceeded, match=r"\(1 of 7\); 1 already"):
        grant(desk, cycle, "cstd-co-so", "SNV", codes[1])


def test_an_excellent_collective_needs_seventy_percent_of_its_people_advanced(
    desk: Desk, registry: RegistryDesk, cycle: dict[str, Any]
) -> None:
    desk(rc.RegisterCollective, code="SNV", name="Sở Nội vụ")
    registry.staff("SNV", 10, ("ldtt", 6), ("cstd-co-so", 1))
    unit = {"kind": "collective", "unit": "SNV"}

    with pytest.raises(re.MemberConditionNotMet) as refused:
        desk(c.ProposeAward, **cycle, award="tt-ldxs", recipient=unit)

    assert str(refused.value) == (
        "member-condition: tt-ldxs needs ldtt for 2023 among Sở Nội vụ's members "
        "(≥ 70/100); 6 of 10 hold it"
    )
    registry.confer("SNV-7", "ldtt", 2023)
    desk(c.ProposeAward, **cycle, award="tt-ldxs", recipient=unit)


def test_a_sub_units_people_are_members_of_its_unit(
    desk: Desk, registry: RegistryDesk, cycle: dict[str, Any]
) -> None:
    desk(rc.RegisterCollective, code="SNV", name="Sở Nội vụ")
    desk(rc.RegisterCollective, code="SNV-TCCB", name="Phòng TCCB", parent="SNV")
    registry.staff("SNV", 2, ("ldtt", 2))
    registry.staff("SNV-TCCB", 3, ("ldtt", 1))
    unit = {"kind": "collective", "unit": "SNV"}

    with pytest.raises(re.MemberConditionNotMet, match="3 of 5 hold it"):
        desk(c.ProposeAward, **cycle, award="tt-ldxs", recipient=unit)


def test_a_person_who_left_the_unit_before_the_year_is_not_its_member(
    desk: Desk, registry: RegistryDesk, cycle: dict[str, Any]
) -> None:
    from datetime import date

    desk(rc.RegisterCollective, code="SNV", name="Sở Nội vụ")
    registry.staff("SNV", 3, ("ldtt", 2))
    desk(
        rc.TransferPerson,
        code="SNV-3",
        unit="STC",
        position="Chuyên viên",
        since=date(2022, 3, 1),
    )

    desk(c.GrantAward, **cycle, award="tt-ldtt", decision=decision(2023),
         recipient={"kind": "collective", "unit": "SNV"})  # fmt: skip


def test_the_auditor_re_derives_shares_and_member_conditions_and_agrees(
    app: Thidua, desk: Desk, registry: RegistryDesk, cycle: dict[str, Any]
) -> None:
    desk(rc.RegisterCollective, code="SNV", name="Sở Nội vụ")
    codes = registry.staff("SNV", 7, ("ldtt", 7))
    grant(desk, cycle, "cstd-co-so", "SNV", codes[0])
    desk(c.ProposeAward, **cycle, award="tt-ldxs",
         recipient={"kind": "collective", "unit": "SNV"})  # fmt: skip

    assert Auditor(app).examine().discrepancies == []
    assert Auditor(app).examine("TMTH", 2023).discrepancies == []


def test_audit_explain_shows_the_members_counted_behind_a_collective_title(
    app: Thidua, desk: Desk, registry: RegistryDesk, cycle: dict[str, Any]
) -> None:
    desk(rc.RegisterCollective, code="SNV", name="Sở Nội vụ")
    registry.staff("SNV", 10, ("ldtt", 8), ("cstd-co-so", 1))
    desk(c.ProposeAward, **cycle, award="tt-ldxs",
         recipient={"kind": "collective", "unit": "SNV"})  # fmt: skip

    steps = Auditor(app).explain("TMTH", 2023, "tt-ldxs", "SNV")

    assert [s.finding for s in steps if s.step == "history"] == [
        "tt-ldxs for SNV: 8 of its 10 members held ldtt for 2023",
        "tt-ldxs for SNV: 1 of its 10 members held cstd-co-so for 2023",
    ]


def test_a_share_per_bloc_counts_the_holders_of_every_member_unit(
    desk: Desk, registry: RegistryDesk
) -> None:
    rules = TITLED.replace('per = "unit"', 'per = "bloc"', 1)
    assert rules != TITLED
    cycle = desk.to_review(2023, rules)
    snv = registry.staff("SNV", 7, ("ldtt", 7))
    stc = registry.staff("STC", 7, ("ldtt", 7))
    grant(desk, cycle, "cstd-co-so", "SNV", snv[0])
    grant(desk, cycle, "cstd-co-so", "STC", stc[0])

    with pytest.raises(re.TitleQuotaExceeded, match=r"of the bloc \(2 of 14\)"):
        grant(desk, cycle, "cstd-co-so", "SNV", snv[1])
