"""Signatures of origin (chữ ký số): Ed25519 over an event's hash.

An actor registers a public key; commands issued with the matching private key carry
a signature over each resulting event's hash, so a forged event cannot be passed
off as theirs even by someone who rewrites the chain. `signature_problems` tells an
auditor which stored signatures do not hold.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from thidua.domain import commands as c
from thidua.domain.auditor.integrity import UNREADABLE, where
from thidua.domain.errors import ThiduaError
from thidua.domain.ids import key_id
from thidua.domain.phrase import Phrase, phrase
from thidua.domain.rulebook import parse_rulebook
from thidua.domain.signatures import signature_holds

# cryptography is imported where a key is used: most commands sign nothing, and the
# command line starts faster without it.
if TYPE_CHECKING:
    from collections.abc import Iterable

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from thidua.domain.auditor.integrity import StoredRow
    from thidua.domain.base import Command


class SignatureRefused(ThiduaError):
    """A key that cannot sign for this actor, or a key file that is not a key."""

    rule = "signature"


def public_key_of(private: Ed25519PrivateKey) -> str:
    from cryptography.hazmat.primitives import serialization

    raw = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return raw.hex()


def generate() -> tuple[bytes, str]:
    """A new key pair: the private key as PEM, the public key as 64 hex digits."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return pem, public_key_of(private)


def seeded(seed: str) -> bytes:
    """A private key (PEM) made from a seed: the same key on every run, for the
    demo and tests only (anyone who knows the seed holds the key)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    raw = hashlib.sha256(seed.encode("utf-8")).digest()
    return Ed25519PrivateKey.from_private_bytes(raw).private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


class Signer:
    """Signs event hashes with one private key."""

    def __init__(self, pem: bytes) -> None:
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.ed25519 import (
            Ed25519PrivateKey,
        )

        try:
            private = serialization.load_pem_private_key(pem, password=None)
        except (ValueError, TypeError) as error:
            raise SignatureRefused(
                "not an Ed25519 private key: {error}", error=error
            ) from None
        if not isinstance(private, Ed25519PrivateKey):
            raise SignatureRefused("not an Ed25519 private key")
        self._private = private
        self.public_key = public_key_of(private)
        self.key_id = key_id(self.public_key)

    def sign(self, event_hash: str) -> str:
        return self._private.sign(bytes.fromhex(event_hash)).hex()


UNSIGNED = "{where}: not signed, and the rulebook requires it"


def check_signer(
    keys: dict[str, tuple[str, str]], command: Command, signer: Signer
) -> None:
    """Refuse to sign with a key not registered to the command's actor, unless
    the command registers that very key."""
    holder = keys.get(signer.key_id, (None, ""))[0]
    registering = isinstance(command, c.RegisterKey) and (
        command.public_key == signer.public_key
    )
    if holder != command.actor.name and not registering:
        raise SignatureRefused(
            (
                "key {key} is not registered to {actor} but to {holder};"
                " register it first with 'thidua keys register'"
                if holder
                else "key {key} is not registered to {actor};"
                " register it first with 'thidua keys register'"
            ),
            key=signer.key_id,
            actor=command.actor.name,
            holder=holder,
            value=signer.key_id,
        )


def registered_keys(rows: Iterable[StoredRow]) -> dict[str, tuple[str, str]]:
    """The keys the keyring's stored rows register: key id → (holder, public key).

    The id is the one the public key gives: a row stored before the event named
    it `key` holds the signing key's id under `key_id` when it is signed.
    """
    return {
        key_id(row.document["public_key"]): (
            row.document["holder"],
            row.document["public_key"],
        )
        for row in rows
        if row.event == "KeyRegistered" and UNREADABLE not in row.document
    }


def signature_problems(
    rows: list[StoredRow], keys: dict[str, tuple[str, str]]
) -> list[Phrase]:
    """Signatures that do not hold; unsigned events where the rulebook wants them."""
    problems = []
    required = False
    for row in rows:
        document = row.document
        if UNREADABLE in document:
            continue  # reported by the chain check
        at = where(row)
        if row.event == "CycleOpened":
            rulebook = parse_rulebook(document["rulebook_text"])
            required = rulebook.rulebook.signatures_required
        signature, key = document.get("signature"), document.get("key_id")
        if signature is None:
            if required:
                problems.append(phrase(UNSIGNED, where=at))
            continue
        holder, public_key = keys.get(str(key), (None, ""))
        actor = document["actor"]["name"]
        if holder is None:
            problems.append(
                phrase(
                    "{where}: signed with key {key}, which is not registered",
                    where=at,
                    key=str(key),
                )
            )
        elif holder != actor:
            problems.append(
                phrase(
                    "{where}: signed with {holder}'s key, issued by {actor}",
                    where=at,
                    holder=holder,
                    actor=actor,
                )
            )
        elif not signature_holds(
            public_key, str(document.get("event_hash")), signature
        ):
            problems.append(phrase("{where}: the signature does not hold", where=at))
    return problems
