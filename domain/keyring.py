"""The keyring (sổ khóa): the public keys actors sign their commands with.

Its rules are pure functions over one immutable state, as the cycle's are:
`decide_register(state, command)` returns the events a registration records (the
keyring's opening first, when there is none yet), `evolve` folds them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar
from uuid import NAMESPACE_URL, UUID, uuid5

from thidua.domain.base import Created, Event
from thidua.domain.commands import RegisterKey
from thidua.domain.decider import Decider, changed, evolver, first, then
from thidua.domain.errors import AlreadyExists
from thidua.domain.ids import key_id
from thidua.domain.types import Name

KEYRING_ID = uuid5(NAMESPACE_URL, "thidua:keyring")


class KeyringOpened(Created):
    pass


class KeyRegistered(Event):
    # Version 1 stored the key's id as `key_id`, the name of the signature
    # envelope's key, which signing the event overwrote: the id is now `key`.
    class_version: ClassVar[int] = 2

    holder: Name
    key: str
    public_key: str

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        # What a version 1 row holds under key_id is the signing key's id if it is
        # signed: the registered key's id is the one its public key gives.
        state["key"] = key_id(state["public_key"])
        if state.get("signature") is None:
            state.pop("key_id", None)


@dataclass(frozen=True, kw_only=True)
class KeyringState:
    id: UUID
    version: int
    # Key id → (holder, public key); a new mapping for every key registered.
    keys: dict[str, tuple[str, str]] = field(default_factory=dict)


# Evolving: no decisions, no refusals.
def _opened(_: None, event: KeyringOpened) -> KeyringState:
    return KeyringState(id=event.originator_id, version=event.originator_version)


def _registered(state: KeyringState, event: KeyRegistered) -> KeyringState:
    keys = {**state.keys, event.key: (event.holder, event.public_key)}
    return changed(state, keys=keys)


HANDLERS: dict[type[Any], Callable[[Any, Any], KeyringState]] = {
    KeyringOpened: _opened,
    KeyRegistered: _registered,
}
evolve = evolver(HANDLERS)


class Keyring(Decider[KeyringState]):
    evolve = evolve

    @property
    def keys(self) -> dict[str, tuple[str, str]]:
        return self.state.keys


# Deciding.
def decide_register(state: KeyringState | None, command: RegisterKey) -> list[Event]:
    """An actor registers their own public key; a key belongs to one holder."""
    opening: list[Event] = []
    if state is None:
        opening.append(first(KeyringOpened, Keyring, KEYRING_ID, command))
        state = evolve(None, opening[0])
    found = key_id(command.public_key)
    if found in state.keys:
        raise AlreadyExists(
            "key {found} is already registered to {holder}",
            found=found,
            holder=state.keys[found][0],
            value=found,
        )
    registered = then(
        state,
        KeyRegistered,
        command,
        holder=command.actor.name,
        key=found,
        public_key=command.public_key,
    )
    return [*opening, registered]
