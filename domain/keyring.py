"""The keyring (sổ khóa): the public keys actors sign their commands with."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar
from uuid import NAMESPACE_URL, uuid5

from thidua.domain.base import Created, Event, Stream
from thidua.domain.commands import RegisterKey
from thidua.domain.errors import AlreadyExists
from thidua.domain.ids import key_id
from thidua.domain.types import Name

KEYRING_ID = uuid5(NAMESPACE_URL, "thidua:keyring")


class KeyringOpened(Created):
    def apply(self, aggregate: Keyring) -> None:
        aggregate.keys = {}


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

    def apply(self, aggregate: Keyring) -> None:
        aggregate.keys[self.key] = (self.holder, self.public_key)


class Keyring(Stream):
    if TYPE_CHECKING:
        keys: dict[str, tuple[str, str]]

    @classmethod
    def open(cls, command: RegisterKey) -> Keyring:
        return cls._start(KeyringOpened, KEYRING_ID, command)

    def register(self, command: RegisterKey) -> None:
        """An actor registers their own public key; a key belongs to one holder."""
        found = key_id(command.public_key)
        if found in self.keys:
            raise AlreadyExists(
                "key {found} is already registered to {holder}",
                found=found,
                holder=self.keys[found][0],
                value=found,
            )
        self._record(
            KeyRegistered,
            command,
            holder=command.actor.name,
            key=found,
            public_key=command.public_key,
        )
