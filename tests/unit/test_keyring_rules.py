"""The keyring's rules without a database: `decide_register(state, command)` over
a state folded from its events, as the cycle's are."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from thidua.domain.base import Event
from thidua.domain.commands import RegisterKey
from thidua.domain.errors import AlreadyExists
from thidua.domain.ids import key_id
from thidua.domain.keyring import (
    KEYRING_ID,
    KeyRegistered,
    KeyringOpened,
    KeyringState,
    decide_register,
    evolve,
)

from support import OPERATOR

FIRST, SECOND = "a" * 64, "b" * 64


def registering(public_key: str, n: int = 1) -> RegisterKey:
    return RegisterKey(
        actor=OPERATOR,
        command_id=f"key-{n}",
        issued_at=datetime(2021, 1, 25, 8, n, tzinfo=UTC),
        public_key=public_key,
    )


def state_after(events: list[Event]) -> KeyringState:
    state = None
    for event in events:
        state = evolve(state, event)
    assert state is not None
    return state


def test_the_first_key_opens_the_keyring_and_registers_itself() -> None:
    decided = decide_register(None, registering(FIRST))

    assert [type(e) for e in decided] == [KeyringOpened, KeyRegistered]
    assert [e.originator_version for e in decided] == [1, 2]
    assert decided[0].originator_id == KEYRING_ID
    assert state_after(decided).keys == {key_id(FIRST): (OPERATOR.name, FIRST)}


def test_a_second_key_is_registered_beside_the_first() -> None:
    events = decide_register(None, registering(FIRST))
    before = state_after(events)

    decided = decide_register(before, registering(SECOND, 2))

    assert [(type(e), e.originator_version) for e in decided] == [(KeyRegistered, 3)]
    assert set(state_after([*events, *decided]).keys) == {
        key_id(FIRST),
        key_id(SECOND),
    }
    assert set(before.keys) == {key_id(FIRST)}  # the state it followed is unchanged


def test_a_key_cannot_be_registered_twice() -> None:
    state = state_after(decide_register(None, registering(FIRST)))

    with pytest.raises(AlreadyExists):
        decide_register(state, registering(FIRST, 2))
