"""People and collectives across years: proposals judged on their history of
emulation titles, and on proceedings that follow them across cycles and blocs."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from thidua.domain import commands as c
from thidua.domain import errors
from thidua.domain.registry import commands as rc
from thidua.domain.registry import errors as re
from thidua.domain.service.application import Thidua

from registry_desk import TITLED, RegistryDesk, decision, individual, person
from support import Desk

AN = "Nguyễn Văn An"


@pytest.fixture
def registry(desk: Desk) -> RegistryDesk:
    desk.bloc()
    return RegistryDesk(desk)


@pytest.fixture
def cycle(desk: Desk, registry: RegistryDesk) -> dict[str, Any]:
    """The seed bloc's 2023 review, under rules with the 2022 law's titles."""
    return desk.to_review(2023, TITLED)


def test_a_provincial_fighter_needs_three_consecutive_grassroots_titles(
    desk: Desk, registry: RegistryDesk, cycle: dict[str, Any]
) -> None:
    registry.register("P1", AN)
    registry.confer("P1", "cstd-co-so", 2022, 2023)

    with pytest.raises(re.PrerequisiteNotMet) as refused:
        desk(
            c.ProposeAward, **cycle, award="cstd-tinh", recipient=individual("SNV", AN)
        )

    assert str(refused.value) == (
        "prerequisite: cstd-tinh needs cstd-co-so in 3 consecutive years; "
        "Nguyễn Văn An has 2022, 2023 (2021 missing)"
    )


def test_three_consecutive_titles_allow_the_proposal_and_name_the_person(
    app: Thidua, desk: Desk, registry: RegistryDesk, cycle: dict[str, Any]
) -> None:
    registry.register("P1", AN)
    registry.confer("P1", "cstd-co-so", 2021, 2022, 2023)

    desk(
        c.ProposeAward,
        **cycle,
        award="cstd-tinh",
        recipient=individual("SNV", "Nguyen Van An"),  # typed without marks
    )

    proposal = app.cycle("TMTH", 2023).proposals["P1"]
    assert (proposal.person, proposal.recipient.name) == ("P1", AN)


def test_n_of_the_last_m_years_counts_years_that_need_not_follow_each_other(
    desk: Desk, registry: RegistryDesk
) -> None:
    rules = TITLED.replace(
        "years = 3\nsame_year = true", "years = 2\nwithin = 3\nsame_year = true"
    )
    cycle = desk.to_review(2023, rules)
    registry.register("P1", AN)
    registry.register("P2", "Trần Thị Bình")
    registry.confer("P1", "cstd-co-so", 2021, 2023)
    registry.confer("P2", "cstd-co-so", 2020, 2023)

    desk(c.ProposeAward, **cycle, award="cstd-tinh", recipient=individual("SNV", AN))
    with pytest.raises(re.PrerequisiteNotMet, match=r"has 2023$"):
        desk(
            c.ProposeAward,
            **cycle,
            award="cstd-tinh",
            recipient=individual("SNV", "Trần Thị Bình"),
        )


def test_a_title_revoked_after_the_proposal_stops_the_grant(
    desk: Desk, registry: RegistryDesk, cycle: dict[str, Any]
) -> None:
    registry.register("P1", AN)
    registry.confer("P1", "cstd-co-so", 2021, 2022, 2023)
    desk(c.ProposeAward, **cycle, award="cstd-tinh", recipient=individual("SNV", AN))
    desk(
        rc.RevokeTitle,
        holder=person("P1"),
        title="cstd-co-so",
        year=2021,
        decision=decision(2024, "9"),
        reason="Hồ sơ kê khai không trung thực",
    )

    with pytest.raises(re.PrerequisiteNotMet, match=r"\(2021 missing\)"):
        desk(c.GrantAward, **cycle, proposal="P1", decision=decision(2024))


def test_a_revocation_needs_its_reasons_and_stays_in_history(
    app: Thidua, desk: Desk, registry: RegistryDesk
) -> None:
    registry.register("P1", AN)
    registry.confer("P1", "ldtt", 2022)
    revoke = {"holder": person("P1"), "title": "ldtt", "year": 2022}

    with pytest.raises(errors.ReasonRequired):
        desk(rc.RevokeTitle, **revoke, decision=decision(2023))
    desk(rc.RevokeTitle, **revoke, decision=decision(2023), reason="Sai sót")

    holder = app.holder("individual", "P1")
    assert holder is not None
    (title,) = holder.titles
    assert (title.held, title.revoked_because) == (False, "Sai sót")
    with pytest.raises(re.TitleNotHeld):
        desk(rc.RevokeTitle, **revoke, decision=decision(2023), reason="Lần nữa")


def test_a_person_keeps_their_history_when_moving_to_a_unit_of_another_bloc(
    app: Thidua, desk: Desk, registry: RegistryDesk
) -> None:
    registry.register("P1", AN, unit="SNV")
    registry.confer("P1", "cstd-co-so", 2021, 2022)
    desk(
        rc.TransferPerson,
        code="P1",
        unit="SYT",
        position="Phó Chánh Văn phòng",
        since=date(2023, 1, 1),
    )
    registry.confer("P1", "cstd-co-so", 2023)
    other = registry.other_bloc_to_review(2023)

    desk(c.ProposeAward, **other, award="cstd-tinh", recipient=individual("SYT", AN))

    assert app.cycle("KHOI2", 2023).proposals["P1"].person == "P1"
    old_bloc = desk.to_review(2023, TITLED)
    with pytest.raises(re.WrongUnit, match="not in SNV in 2023"):
        desk(
            c.ProposeAward,
            **old_bloc,
            award="cstd-tinh",
            recipient=individual("SNV", AN),
        )


def test_a_proceeding_opened_in_one_cycle_bars_a_proposal_in_another_blocs_cycle(
    desk: Desk, registry: RegistryDesk, cycle: dict[str, Any]
) -> None:
    registry.register("P1", AN, unit="SYT")
    registry.confer("P1", "cstd-co-so", 2021, 2022, 2023)
    desk(
        rc.OpenProceeding,
        holder=person("P1"),
        kind="complaint",
        opened_on=date(2023, 11, 2),
        noted_in="TMTH/2023",
    )
    other = registry.other_bloc_to_review(2023)
    propose = {"award": "cstd-tinh", "recipient": individual("SYT", AN)}

    with pytest.raises(errors.PendingProceeding, match="pending complaint"):
        desk(c.ProposeAward, **other, **propose)
    desk(
        rc.CloseProceeding,
        holder=person("P1"),
        proceeding="K1",
        closed_on=date(2023, 12, 1),
    )
    desk(c.ProposeAward, **other, **propose)


def test_a_collectives_proceeding_bars_it_in_every_cycle(
    desk: Desk, registry: RegistryDesk, cycle: dict[str, Any]
) -> None:
    desk(rc.RegisterCollective, code="VPUBND", name="Văn phòng UBND tỉnh")
    desk(
        rc.OpenProceeding,
        holder=person("VPUBND", "collective"),
        kind="investigation",
        opened_on=date(2023, 6, 1),
    )

    with pytest.raises(errors.PendingProceeding):
        desk(
            c.ProposeAward,
            **cycle,
            award="tt-ldxs",
            recipient={"kind": "collective", "unit": "VPUBND"},
        )


def test_a_name_shared_by_two_people_is_refused_with_both_listed(
    desk: Desk, registry: RegistryDesk, cycle: dict[str, Any]
) -> None:
    registry.register("P1", AN)
    registry.register("P2", "Nguyễn Văn Ân")
    registry.confer("P1", "cstd-co-so", 2021, 2022, 2023)

    with pytest.raises(re.AmbiguousName) as refused:
        desk(
            c.ProposeAward,
            **cycle,
            award="cstd-tinh",
            recipient=individual("SNV", "Nguyen Van An"),
        )

    assert "P1 Nguyễn Văn An; P2 Nguyễn Văn Ân" in str(refused.value)
    desk(
        c.ProposeAward,
        **cycle,
        award="cstd-tinh",
        recipient=individual("SNV", AN),  # with its marks: one person
    )


def test_an_unregistered_name_keeps_forms_without_prerequisites_only(
    app: Thidua, desk: Desk, registry: RegistryDesk, cycle: dict[str, Any]
) -> None:
    newcomer = individual("SNV", "Nguyễn Văn Mới")

    desk(c.GrantAward, **cycle, award="commendation", recipient=newcomer,
         decision=decision(2023))  # fmt: skip
    with pytest.raises(re.PrerequisiteNotMet, match="is not registered"):
        desk(c.ProposeAward, **cycle, award="cstd-tinh", recipient=newcomer)

    assert app.cycle("TMTH", 2023).awards["A1"].recipient.name == "Nguyễn Văn Mới"


def test_the_excellent_collective_is_not_combined_with_the_advanced_one(
    desk: Desk, registry: RegistryDesk, cycle: dict[str, Any]
) -> None:
    desk(rc.RegisterCollective, code="SNV", name="Sở Nội vụ")
    registry.confer("SNV", "tt-ldtt", 2023, kind="collective")

    with pytest.raises(re.NotCombined, match="tt-ldxs may not be combined"):
        desk(
            c.ProposeAward,
            **cycle,
            award="tt-ldxs",
            recipient={"kind": "collective", "unit": "SNV"},
        )


def test_a_title_and_a_form_of_commendation_are_not_one_achievement(
    desk: Desk, registry: RegistryDesk
) -> None:
    cycle = desk.to_review(2023, TITLED)
    desk.elect(cycle, "VPUBND")
    desk(rc.RegisterCollective, code="VPUBND", name="Văn phòng UBND tỉnh")
    registry.staff("VPUBND", 4, ("ldtt", 4), ("cstd-co-so", 1))
    unit = {"kind": "collective", "unit": "VPUBND"}

    desk(c.ProposeAward, **cycle, award="tt-ldxs", recipient=unit)
    desk(c.ProposeAward, **cycle, award="provincial-flag", recipient=unit)
    with pytest.raises(errors.OneAwardPerAchievement):
        desk(c.GrantAward, **cycle, award="commendation", recipient=unit,
             decision=decision(2023))  # fmt: skip


def test_a_national_id_is_kept_only_as_its_salted_hash(
    desk: Desk, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from thidua.store import build_app

    registered = {"code": "P1", "name": AN, "unit": "SNV", "position": "Chuyên viên"}
    with pytest.raises(re.NoIdSalt):
        desk(rc.RegisterPerson, **registered, since=date(2020, 1, 1),
             national_id="001085012345")  # fmt: skip
    monkeypatch.setenv("THIDUA_ID_SALT", "muối-của-kho")
    app = build_app(store_url)
    Desk(app)(rc.RegisterPerson, **registered, since=date(2020, 1, 1),
              national_id="001 085 012 345")  # fmt: skip

    holder = app.holder("individual", "P1")
    assert holder is not None
    assert holder.id_hash is not None
    assert "001085012345" not in repr(holder)
    assert len(holder.id_hash) == 64
    app.close()


def test_the_auditor_re_derives_every_eligibility_decision_and_agrees(
    app: Thidua, desk: Desk, registry: RegistryDesk, cycle: dict[str, Any]
) -> None:
    from thidua.domain.auditor.audit import Auditor

    registry.register("P1", AN)
    registry.confer("P1", "cstd-co-so", 2021, 2022, 2023)
    desk(c.ProposeAward, **cycle, award="cstd-tinh", recipient=individual("SNV", AN))
    desk(c.GrantAward, **cycle, proposal="P1", decision=decision(2024))

    assert Auditor(app).examine().discrepancies == []
    assert Auditor(app).examine("TMTH", 2023).discrepancies == []


def test_audit_explain_shows_the_history_behind_a_proposal(
    app: Thidua, desk: Desk, registry: RegistryDesk, cycle: dict[str, Any]
) -> None:
    from thidua.domain.auditor.audit import Auditor

    registry.register("P1", AN)
    registry.confer("P1", "cstd-co-so", 2021, 2022, 2023)
    registry.confer("P1", "ldtt", 2023)  # not a prerequisite of cstd-tinh
    desk(c.ProposeAward, **cycle, award="cstd-tinh", recipient=individual("SNV", AN))

    steps = Auditor(app).explain("TMTH", 2023, "cstd-tinh", AN)

    history = [s.finding for s in steps if s.step == "history"]
    assert history == [
        f"cstd-co-so for {year} by decision 1/QĐ-{year}" for year in (2021, 2022, 2023)
    ]


def test_the_log_is_searched_for_registrations_only_past_what_was_read(
    app: Thidua, desk: Desk, registry: RegistryDesk, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every Giấy khen to a person asks who is registered; a log with no new
    # registration since the last question must not be searched again, or each
    # award costs a search of the whole log.
    registry.register("P1", AN)
    assert app.people() == {"P1": AN}
    assert app.roll().names == {"P1": AN}
    searched: list[int] = []
    select = app.recorder.select_notifications

    def counted(*args: Any, **kwargs: Any) -> Any:
        searched.append(kwargs.get("start", 0))
        return select(*args, **kwargs)

    monkeypatch.setattr(app.recorder, "select_notifications", counted)
    desk.to_review(2023, TITLED)  # many events, none a registration

    assert app.people() == {"P1": AN}
    app.roll()
    assert len(searched) == 2  # once each past what they read, up to the head
    assert (app.people(), app.roll().names) == ({"P1": AN}, {"P1": AN})
    assert len(searched) == 2  # nothing recorded since: no search at all

    registry.register("P2", "Trần Thị Bình")
    assert app.people() == {"P1": AN, "P2": "Trần Thị Bình"}
    assert app.roll().names["P2"] == "Trần Thị Bình"
