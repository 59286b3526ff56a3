"""The keyring (sổ khóa): the public keys actors sign their commands with."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import NAMESPACE_URL, uuid5

from thidua.domain.base import Created, Event, Stream
from thidua.domain.commands import RegisterKey
from thidua.domain.errors import AlreadyExists
from thidua.domain.service.signing import key_id
from thidua.domain.types import Name

KEYRING_ID = uuid5(NAMESPACE_URL, "thidua:keyring")


class KeyringOpened(Created):
    def apply(self, aggregate: Keyring) -> None:
        aggregate.keys = {}


class KeyRegistered(Event):
    holder: Name
    key_id: str
    public_key: str

    def apply(self, aggregate: Keyring) -> None:
        aggregate.keys[self.key_id] = (self.holder, self.public_key)


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
            key_id=found,
            public_key=command.public_key,
        )
