"""The rules of dossiers, council sessions and decisions, as pure functions:
`decide` on a state folded by `evolve`, no store involved."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from thidua.domain.commendation import commands as k
from thidua.domain.commendation import (
    council,
    council_state,
    decision,
    dossier,
    dossier_state,
)
from thidua.domain.commendation.calendar import add_working_days, working_days_between
from thidua.domain.commendation.errors import (
    DocumentsMissing,
    NoQuorum,
    NotACouncilMember,
    WrongDossierStatus,
)
from thidua.domain.commendation.rules import default_rules_text, parse_rules, reward
from thidua.domain.commendation.stream import Checkpoint
from thidua.domain.errors import ReasonRequired
from thidua.domain.types import Recipient

RULES = default_rules_text()
ITEM = dossier_state.Item(
    bloc="TMTH",
    year=2020,
    proposal="P1",
    award="provincial-flag",
    recipient=Recipient(kind="collective", unit="VPUBND", name="Văn phòng UBND"),
)
MEMBERS = ("A", "B", "C", "D", "E", "F")


def meta(n: int = 1) -> dict[str, Any]:
    return {
        "actor": {"name": "Mai"},
        "command_id": f"c{n}",
        "issued_at": datetime(2021, 2, 1, tzinfo=UTC),
    }


def opened() -> dossier.Dossier:
    command = k.OpenDossier(
        **meta(),
        dossier="HS1",
        bloc="TMTH",
        year=2020,
        proposals=("P1",),
        proposer="SKHĐT",
        rules_text=RULES,
    )
    minutes = Checkpoint(stream="cycle TMTH/2020", version=90, head="ab")
    changes = dossier.open_dossier(command, (ITEM,), minutes, "sha")
    stream = dossier.Dossier.begin("HS1", command, changes)
    assert isinstance(stream, dossier.Dossier)
    return stream


def step(stream: Any, command_class: type[Any], n: int, **fields: Any) -> None:
    stream.execute(command_class(**meta(n), **fields))


def attached(kinds: tuple[str, ...] = ("request", "report", "minutes")) -> Any:
    stream = opened()
    for n, kind in enumerate(kinds, 2):
        step(
            stream,
            k.AttachDocument,
            n,
            dossier="HS1",
            kind=kind,
            title=kind,
            sha256="0" * 64,
            size=1,
        )
    return stream


def test_a_dossier_without_its_achievement_report_cannot_be_submitted() -> None:
    stream = attached(("request", "minutes"))

    with pytest.raises(DocumentsMissing):
        dossier.decide(stream.state, k.SubmitDossier(**meta(9), dossier="HS1"))


def test_a_returned_dossier_is_resubmitted_not_submitted() -> None:
    stream = attached()
    step(stream, k.SubmitDossier, 10, dossier="HS1")
    step(stream, k.ReturnDossier, 11, dossier="HS1", reason="Thiếu chữ ký")

    changes = dossier.decide(stream.state, k.SubmitDossier(**meta(12), dossier="HS1"))

    assert [event for event, _ in changes] == [dossier_state.DossierResubmitted]
    assert stream.state.returns == ("Thiếu chữ ký",)


def test_a_dossier_is_not_returned_without_a_reason() -> None:
    stream = attached()
    step(stream, k.SubmitDossier, 10, dossier="HS1")

    with pytest.raises(ReasonRequired):
        dossier.decide(stream.state, k.ReturnDossier(**meta(11), dossier="HS1"))


def test_a_draft_cannot_be_appraised() -> None:
    with pytest.raises(WrongDossierStatus):
        dossier.decide(opened().state, k.AppraiseDossier(**meta(2), dossier="HS1"))


def test_a_decided_dossier_cannot_be_withdrawn() -> None:
    state = opened().state

    with pytest.raises(WrongDossierStatus):
        dossier.decide(
            replace(state, status="decided"),
            k.WithdrawDossier(**meta(2), dossier="HS1"),
        )


def test_ten_working_days_skip_weekends_and_tet() -> None:
    holidays = parse_rules(RULES).holidays

    until = add_working_days(date(2021, 2, 2), 10, holidays)

    assert until == date(2021, 2, 23)
    assert working_days_between(date(2021, 2, 9), date(2021, 2, 17), holidays) == 1


def session(present: tuple[str, ...] = MEMBERS[:5]) -> council.CouncilSession:
    command = k.OpenSession(
        **meta(),
        session="HD1",
        held_on=date(2021, 3, 1),
        members=MEMBERS,
        chair="A",
        rules_text=RULES,
    )
    stream = council.CouncilSession.begin(
        "HD1", command, council.open_session(command, "sha")
    )
    assert isinstance(stream, council.CouncilSession)
    step(stream, k.RecordAttendance, 2, session="HD1", present=present)
    stream.execute(
        k.AddToAgenda(**meta(3), session="HD1", dossier="HS1"), items=(ITEM,)
    )
    return stream


def counted(state: council_state.SessionState, *papers: str) -> tuple[str, str | None]:
    command = k.CountBallots(
        **meta(9), session="HD1", dossier="HS1", proposal="P1", papers=papers
    )
    _counted, (_, decided) = council.decide(state, command)
    return decided["result"], decided["award"]


def test_more_than_half_of_all_members_pass_the_proposed_form() -> None:
    state = session().state

    assert counted(state, "yes", "yes", "yes", "yes", "no") == (
        "passed",
        "provincial-flag",
    )


def test_half_of_all_members_is_not_enough_even_if_all_present_agree() -> None:
    state = session(MEMBERS[:4]).state

    assert counted(state, "yes", "yes", "yes", "no") == ("cut", None)


def test_a_majority_for_the_lower_form_only_changes_it_to_the_lower_form() -> None:
    state = session().state

    assert counted(state, "lower", "lower", "yes", "yes", "no") == (
        "lowered",
        "provincial-merit",
    )


def test_an_absent_member_s_written_opinion_counts() -> None:
    stream = session()
    step(
        stream,
        k.RecordOpinion,
        5,
        session="HD1",
        member="F",
        dossier="HS1",
        proposal="P1",
        choice="yes",
    )

    assert counted(stream.state, "yes", "yes", "yes", "no", "no") == (
        "passed",
        "provincial-flag",
    )


def test_a_member_present_gives_no_written_opinion() -> None:
    with pytest.raises(NotACouncilMember):
        step(
            session(),
            k.RecordOpinion,
            5,
            session="HD1",
            member="A",
            dossier="HS1",
            proposal="P1",
            choice="yes",
        )


def test_the_council_does_not_count_without_its_quorum() -> None:
    with pytest.raises(NoQuorum):
        counted(session(MEMBERS[:3]).state, "yes", "yes", "yes")


def test_a_reward_is_the_coefficient_of_the_base_salary_in_force() -> None:
    rules = parse_rules(RULES)
    passed = decision.Passed(
        session="HD1", dossier="HS1", item=ITEM, award="provincial-flag"
    )

    (line,) = decision.lines_of(rules, date(2024, 8, 1), [passed])

    assert (line.coefficient, line.base_salary, line.amount) == (
        Decimal("8.0"),
        2_340_000,
        18_720_000,
    )
    assert "73/2024" in line.source
    assert reward(Decimal("0.3"), 1_490_000) == 447_000


def test_a_reward_is_rounded_up_to_the_ten_thousand_dong_where_the_rules_say() -> None:
    rules = parse_rules(default_rules_text())
    individual = ITEM.model_copy(
        update={"recipient": ITEM.recipient.model_copy(update={"kind": "individual"})}
    )
    passed = decision.Passed(
        session="HD1", dossier="HS1", item=individual, award="commendation"
    )

    (line,) = decision.lines_of(rules, date(2020, 1, 10), [passed])

    # 0.3 × 1,490,000 = 447,000 đồng, rounded up (Decree 91/2017 Art. 68(2)).
    assert line.amount == 450_000
    assert reward(Decimal("0.3"), 1_390_000, 10_000) == 420_000
    assert reward(Decimal("0.8"), 1_390_000, 10_000) == 1_120_000
    assert reward(Decimal("2.0"), 2_340_000, 10_000) == 4_680_000


def test_a_province_that_reads_the_rounding_as_to_the_nearest_says_so() -> None:
    assert reward(Decimal("0.15"), 1_490_000, 10_000, "nearest") == 220_000
    assert reward(Decimal("0.3"), 1_490_000, 10_000, "nearest") == 450_000
    assert reward(Decimal("0.3"), 2_340_000, 10_000, "nearest") == 700_000
    assert reward(Decimal("0.15"), 1_490_000, 10_000, "up") == 230_000
    nearest = RULES.replace('mode = "up"', 'mode = "nearest"', 1)
    assert parse_rules(nearest).reward(Decimal("0.3"), 2_340_000) == 700_000


def test_rules_that_say_no_rounding_pay_to_the_dong() -> None:
    start = RULES.index("[rounding]")
    unrounded = parse_rules(RULES[:start] + RULES[RULES.index("[forms]", start) :])

    assert unrounded.rounding is None
    assert unrounded.reward(Decimal("0.3"), 1_490_000) == 447_000
