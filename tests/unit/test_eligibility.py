"""Eligibility from history, database-free: a holder's register and the rules in
force give a verdict with its reasons."""

from __future__ import annotations

from datetime import date

from thidua.domain.registry.eligibility import Counts, Members, judge, needs_history
from thidua.domain.registry.state import Holder, Posting, Proceeding, Title
from thidua.domain.rulebook import check_rulebook
from thidua.domain.types import Decision

from registry_desk import TITLED

RULES = check_rulebook(TITLED)
DECISION = Decision(number="1/QĐ", decided_on=date(2023, 12, 20))


def an(*titles: tuple[str, int], proceedings: tuple[Proceeding, ...] = ()) -> Holder:
    return Holder(
        kind="individual",
        code="P1",
        name="Nguyễn Văn An",
        postings=(Posting("SNV", "Chuyên viên", date(2015, 1, 1)),),
        titles=tuple(Title(code, year, DECISION) for code, year in titles),
        proceedings=proceedings,
    )


def test_three_consecutive_grassroots_titles_make_a_provincial_fighter() -> None:
    holder = an(("cstd-co-so", 2021), ("cstd-co-so", 2022), ("cstd-co-so", 2023))

    verdict = judge(RULES, "cstd-tinh", 2023, holder, name=holder.name)

    assert verdict.eligible
    assert verdict.evidence == ("cstd-co-so: 2021, 2022, 2023",)


def test_a_gap_in_the_years_is_named() -> None:
    holder = an(("cstd-co-so", 2021), ("cstd-co-so", 2023))

    (refusal,) = judge(RULES, "cstd-tinh", 2023, holder, name=holder.name).refusals

    assert refusal.rule == "prerequisite"
    assert refusal.text.endswith("has 2021, 2023 (2022 missing)")


def test_a_revoked_title_does_not_count() -> None:
    revoked = Title("cstd-co-so", 2022, DECISION, revocation=DECISION)
    holder = an(("cstd-co-so", 2021), ("cstd-co-so", 2023))
    holder = Holder(**{**holder.__dict__, "titles": (*holder.titles, revoked)})

    assert not judge(RULES, "cstd-tinh", 2023, holder, name=holder.name).eligible


def test_the_national_fighter_needs_two_consecutive_provincial_titles() -> None:
    once = an(("cstd-tinh", 2023))
    twice = an(("cstd-tinh", 2022), ("cstd-tinh", 2023))

    assert not judge(RULES, "cstd-toan-quoc", 2023, once, name="An").eligible
    assert judge(RULES, "cstd-toan-quoc", 2023, twice, name="An").eligible


def test_the_rules_of_the_year_decide_n_of_the_last_m() -> None:
    rules = check_rulebook(
        TITLED.replace("years = 3\nsame_year = true", "years = 2\nwithin = 4")
    )
    holder = an(("cstd-co-so", 2019), ("cstd-co-so", 2021))

    assert judge(rules, "cstd-tinh", 2023, holder, name="An").eligible
    assert not judge(rules, "cstd-tinh", 2024, holder, name="An").eligible


def test_an_unregistered_person_cannot_have_a_title_with_prerequisites() -> None:
    verdict = judge(RULES, "cstd-tinh", 2023, None, name="Nguyễn Văn Mới")

    assert verdict.refusals[0].text.endswith("Nguyễn Văn Mới is not registered")
    assert needs_history(RULES, "cstd-tinh")
    assert not needs_history(RULES, "commendation")


def test_a_form_of_commendation_needs_no_history() -> None:
    assert judge(RULES, "commendation", 2023, None, name="Nguyễn Văn Mới").eligible


def test_an_open_proceeding_bars_and_a_closed_one_does_not() -> None:
    titles = (("cstd-co-so", 2021), ("cstd-co-so", 2022), ("cstd-co-so", 2023))
    opened = Proceeding("K1", "discipline", date(2023, 5, 1))
    closed = Proceeding("K1", "discipline", date(2023, 5, 1), date(2023, 8, 1))

    barred = judge(
        RULES, "cstd-tinh", 2023, an(*titles, proceedings=(opened,)), name="An"
    )
    cleared = judge(
        RULES, "cstd-tinh", 2023, an(*titles, proceedings=(closed,)), name="An"
    )

    assert [r.rule for r in barred.refusals] == ["pending-proceeding"]
    assert cleared.eligible


def test_titles_that_may_not_be_combined_are_refused_either_way() -> None:
    unit = Holder(
        "collective", "SNV", "Sở Nội vụ", titles=(Title("tt-ldtt", 2023, DECISION),)
    )

    members = Members(10, {"ldtt": 8, "cstd-co-so": 1})
    verdict = judge(RULES, "tt-ldxs", 2023, unit, name="Sở Nội vụ", members=members)
    in_the_cycle = judge(
        RULES, "tt-ldtt", 2023, unit, name="X", also=["tt-ldxs"], members=members
    )

    assert [r.rule for r in verdict.refusals] == ["not-combined"]
    assert [r.rule for r in in_the_cycle.refusals] == ["not-combined"]


def test_a_share_of_another_titles_holders_caps_a_title() -> None:
    holder = an(("ldtt", 2023))

    within = judge(
        RULES, "cstd-co-so", 2023, holder, name="An", counts=Counts(base=20, title=2)
    )
    beyond = judge(
        RULES, "cstd-co-so", 2023, holder, name="An", counts=Counts(base=20, title=3)
    )

    assert within.eligible
    assert [r.rule for r in beyond.refusals] == ["title-quota"]


UNIT = Holder("collective", "SNV", "Sở Nội vụ")


def test_an_excellent_collective_needs_seventy_percent_advanced_workers() -> None:
    enough = judge(
        RULES,
        "tt-ldxs",
        2023,
        UNIT,
        name="SNV",
        members=Members(10, {"ldtt": 7, "cstd-co-so": 1}),
    )
    short = judge(
        RULES,
        "tt-ldxs",
        2023,
        UNIT,
        name="SNV",
        members=Members(10, {"ldtt": 6, "cstd-co-so": 1}),
    )

    assert enough.eligible
    assert [r.text for r in short.refusals] == [
        "tt-ldxs needs ldtt for 2023 among Sở Nội vụ's members (≥ 70/100); "
        "6 of 10 hold it"
    ]


def test_an_excellent_collective_needs_one_grassroots_fighter_among_its_members() -> (
    None
):
    verdict = judge(
        RULES, "tt-ldxs", 2023, UNIT, name="SNV", members=Members(10, {"ldtt": 10})
    )

    assert [r.params["title"] for r in verdict.refusals] == ["cstd-co-so"]


def test_an_advanced_collective_needs_more_than_half_advanced_workers() -> None:
    half = judge(
        RULES, "tt-ldtt", 2023, UNIT, name="SNV", members=Members(10, {"ldtt": 5})
    )
    more = judge(
        RULES, "tt-ldtt", 2023, UNIT, name="SNV", members=Members(10, {"ldtt": 6})
    )

    assert [r.rule for r in half.refusals] == ["member-condition"]
    assert more.eligible


def test_a_collective_title_with_member_conditions_needs_a_registered_collective() -> (
    None
):
    verdict = judge(RULES, "tt-ldtt", 2023, None, name="Sở Nội vụ")

    assert needs_history(RULES, "tt-ldtt")
    assert [r.text for r in verdict.refusals] == [
        "tt-ldtt is judged on the members of a registered collective; "
        "Sở Nội vụ is not registered"
    ]
