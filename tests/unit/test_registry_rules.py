"""The registry's decider, database-free: decide gives the changes, evolve folds
them, and a refused command changes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from thidua.domain.errors import AlreadyExists, RoleNotPermitted
from thidua.domain.registry import commands as rc
from thidua.domain.registry import events as ev
from thidua.domain.registry.errors import (
    AmbiguousName,
    ProceedingNotOpen,
    WrongUnit,
)
from thidua.domain.registry.names import bare, id_hash, matches, the_one
from thidua.domain.registry.rules import decide
from thidua.domain.registry.state import Holder, Posting
from thidua.domain.types import Actor, Role

OPERATOR = Actor(name="Đỗ Thị Mai")
AN = Holder(
    "individual",
    "P1",
    "Nguyễn Văn An",
    postings=(Posting("SNV", "Chuyên viên", date(2015, 1, 1)),),
)


def command(cls: type[Any], actor: Actor = OPERATOR, **fields: Any) -> Any:
    moment = datetime(2024, 1, 5, tzinfo=UTC)
    return cls(actor=actor, command_id="c1", issued_at=moment, **fields)


def test_a_person_is_registered_once() -> None:
    register = command(
        rc.RegisterPerson,
        code="P1",
        name="Nguyễn Văn An",
        unit="SNV",
        position="Chuyên viên",
        since=date(2015, 1, 1),
    )

    (change,) = decide(None, register)

    assert change.event is ev.PersonRegistered
    assert change.fields["unit"] == "SNV"
    with pytest.raises(AlreadyExists):
        decide(AN, register)


def test_a_transfer_starts_after_the_last_posting() -> None:
    early = command(
        rc.TransferPerson,
        code="P1",
        unit="SYT",
        position="Chuyên viên",
        since=date(2014, 1, 1),
    )
    later = command(
        rc.TransferPerson,
        code="P1",
        unit="SYT",
        position="Chuyên viên",
        since=date(2023, 1, 1),
    )

    with pytest.raises(WrongUnit):
        decide(AN, early)
    assert [c.event for c in decide(AN, later)] == [ev.PersonTransferred]


def test_a_proceeding_closes_only_if_open() -> None:
    close = command(
        rc.CloseProceeding,
        holder={"kind": "individual", "code": "P1"},
        proceeding="K1",
        closed_on=date(2023, 1, 1),
    )

    with pytest.raises(ProceedingNotOpen):
        decide(AN, close)


def test_only_an_operator_keeps_the_registry() -> None:
    unit = Actor(name="Phạm Thị Lan", role=Role.UNIT, unit="SNV")
    confer = command(
        rc.ConferTitle,
        actor=unit,
        holder={"kind": "individual", "code": "P1"},
        title="ldtt",
        year=2023,
        decision={"number": "1", "decided_on": date(2023, 12, 1)},
    )

    with pytest.raises(RoleNotPermitted):
        decide(AN, confer)


def test_names_match_with_or_without_their_marks() -> None:
    people = {"P1": "Nguyễn Văn An", "P2": "Nguyễn Văn Ân", "P3": "Đỗ Thị Mai"}

    assert bare("Đỗ Thị Mai") == "do thi mai"
    assert matches("nguyễn  văn an", people.items()) == ["P1"]
    assert matches("Nguyen Van An", people.items()) == ["P1", "P2"]
    assert the_one("Do Thi Mai", people) == "P3"
    assert the_one("Lò Văn Mới", people) is None
    with pytest.raises(AmbiguousName, match="P1 Nguyễn Văn An; P2 Nguyễn Văn Ân"):
        the_one("nguyen van an", people)


def test_a_national_id_hash_depends_on_the_stores_salt() -> None:
    assert id_hash("a", "001 085") == id_hash("a", "001085")
    assert id_hash("a", "001085") != id_hash("b", "001085")
