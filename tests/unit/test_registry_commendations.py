"""A form of commendation (Bằng khen, Giấy khen) in a register: recorded apart
from the titles, once a decision, revoked only while held."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from thidua.domain.errors import AlreadyExists, ReasonRequired
from thidua.domain.registry import commands as rc
from thidua.domain.registry import events as ev
from thidua.domain.registry.errors import TitleNotHeld
from thidua.domain.registry.rules import decide, evolve
from thidua.domain.registry.state import Holder, Posting
from thidua.domain.types import Actor

OPERATOR = Actor(name="Đỗ Thị Mai")
AN = Holder(
    "individual",
    "P1",
    "Nguyễn Văn An",
    postings=(Posting("SNV", "Chuyên viên", date(2015, 1, 1)),),
)
HOLDER = {"kind": "individual", "code": "P1"}


def command(cls: type[Any], **fields: Any) -> Any:
    moment = datetime(2024, 1, 5, tzinfo=UTC)
    return cls(actor=OPERATOR, command_id="c1", issued_at=moment, **fields)


def decision(number: str) -> dict[str, Any]:
    return {"number": number, "decided_on": date(2024, 1, 20)}


def recorded(state: Holder, number: str, form: str = "provincial-merit") -> Holder:
    record = command(
        rc.RecordCommendation, holder=HOLDER, form=form, year=2023,
        decision=decision(number),
    )  # fmt: skip
    (change,) = decide(state, record)
    assert change.event is ev.CommendationRecorded
    return _apply(state, change.event, change.fields)


def _apply(state: Holder, cls: type[Any], fields: dict[str, Any]) -> Holder:
    moment = datetime(2024, 1, 5, tzinfo=UTC)
    event = cls.model_construct(
        originator_id=None, originator_version=2, timestamp=moment, **fields
    )
    return evolve(state, event)


def test_a_bang_khen_is_held_as_a_commendation_and_never_as_a_title() -> None:
    held = recorded(AN, "12/QĐ-UBND")

    assert held.titles == ()
    assert held.held_in(2023) == []
    assert held.commendation("provincial-merit", 2023, "12/QĐ-UBND") is not None


def test_one_decision_records_a_form_once_for_a_holder() -> None:
    held = recorded(AN, "12/QĐ-UBND")

    with pytest.raises(AlreadyExists, match="by decision 12/QĐ-UBND"):
        recorded(held, "12/QĐ-UBND")


def test_a_form_may_be_awarded_again_in_a_year_by_another_decision() -> None:
    twice = recorded(recorded(AN, "12/QĐ-UBND"), "40/QĐ-UBND")

    assert [c.decision.number for c in twice.commendations] == [
        "12/QĐ-UBND",
        "40/QĐ-UBND",
    ]


def test_a_revocation_names_the_decision_that_awarded_the_form() -> None:
    held = recorded(recorded(AN, "12/QĐ-UBND"), "40/QĐ-UBND")
    revoke = command(
        rc.RevokeCommendation, holder=HOLDER, form="provincial-merit", year=2023,
        awarded_by="40/QĐ-UBND", decision=decision("77/QĐ-UBND"),
        reason="Hồ sơ kê khai không đúng",
    )  # fmt: skip

    (change,) = decide(held, revoke)
    after = _apply(held, change.event, {**change.fields, "reason": revoke.reason})

    assert after.commendation("provincial-merit", 2023, "12/QĐ-UBND") is not None
    assert after.commendation("provincial-merit", 2023, "40/QĐ-UBND") is None


def test_a_form_not_held_cannot_be_revoked() -> None:
    revoke = command(
        rc.RevokeCommendation, holder=HOLDER, form="commendation", year=2023,
        awarded_by="12/QĐ-UBND", decision=decision("77/QĐ-UBND"), reason="Sai",
    )  # fmt: skip

    with pytest.raises(TitleNotHeld, match="holds no commendation for 2023"):
        decide(AN, revoke)


def test_a_form_is_revoked_only_with_its_reasons() -> None:
    held = recorded(AN, "12/QĐ-UBND")
    revoke = command(
        rc.RevokeCommendation, holder=HOLDER, form="provincial-merit", year=2023,
        awarded_by="12/QĐ-UBND", decision=decision("77/QĐ-UBND"),
    )  # fmt: skip

    with pytest.raises(ReasonRequired):
        decide(held, revoke)
