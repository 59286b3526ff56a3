"""The chain of delegation, checked from the stored rows alone: root → admin →
key → grant → signed command.

Separate from the engine's rules (domain/authority.py) on purpose: this reads the
authority's stored documents, recomputes every statement by the recipe of
docs/integrity.md, verifies each proof and endorsement with the public keys it has
accepted so far, and a fact that does not hold is a finding and is not believed:
whatever rests on it fails too. Then every event recorded after the founding must
be signed by a key registered to its actor, live when it was recorded, and the
actor must have held the grant for what it did (operator of the event's bloc,
representative of its unit).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from thidua.domain.auditor.integrity import UNREADABLE, StoredRow, where
from thidua.domain.phrase import Phrase, phrase

ENDORSERS = {  # who may endorse each kind of fact
    "AdminDelegated": ("root",),
    "KeyCertified": ("root", "admin"),
    "KeyRevoked": ("root", "admin"),
    "RoleGranted": ("root", "admin"),
    "RoleWithdrawn": ("root", "admin"),
}
STATED = {
    "AuthorityFounded": ("board", "public_key"),
    "AdminDelegated": ("holder", "public_key"),
    "KeyCertified": ("holder", "public_key"),
    "KeyRevoked": ("key", "revoked_from"),
    "RoleGranted": ("holder", "role", "scope"),
    "RoleWithdrawn": ("holder", "role", "scope", "revoked_from"),
}
SCOPED = {"operator", "unit"}
OUTSIDE = ("KeyringOpened", "KeyRegistered")  # the open keyring's kinds


def moment(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def _stated(kind: str, root: str, document: Mapping[str, Any]) -> bytes:
    facts = {}
    for name in STATED[kind]:
        value = document.get(name)
        if name == "revoked_from":
            value = moment(str(value)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        facts[name] = value
    at = moment(str(document["timestamp"])).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    body = {**facts, "_kind": kind, "_root": root, "_at": at}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).digest()


def holds(public_key: str, message: bytes | object, signature: object) -> bool:
    """Whether an Ed25519 signature holds over a message (bytes, or hex text)."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key))
        signed = message if isinstance(message, bytes) else bytes.fromhex(str(message))
        key.verify(bytes.fromhex(str(signature)), signed)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def _key_id(public_key: str) -> str:
    return hashlib.sha256(bytes.fromhex(public_key)).hexdigest()[:16]


@dataclass
class _Key:
    holder: str
    public_key: str
    rank: str
    since: datetime
    until: datetime | None = None
    # When and where in the log its revocation was recorded: from there on the
    # key signs nothing dated before it.
    revoked_at: datetime | None = None
    revoked_position: int = 0

    def live(self, at: datetime) -> bool:
        return self.since <= at and (self.until is None or at < self.until)

    def backdated(self, at: datetime, position: int) -> bool:
        """Signed after its revocation was recorded, yet dated before it."""
        if self.revoked_at is None or at >= self.revoked_at:
            return False
        return bool(position and self.revoked_position) and (
            position > self.revoked_position
        )


@dataclass
class Delegation:
    """What checking the chain of delegation found."""

    founded: bool = False
    board: str = ""
    root: str = ""  # the root key's id
    keys: dict[str, _Key] = field(default_factory=dict)
    grants: dict[tuple[str, str, str | None], list[list[Any]]] = field(
        default_factory=dict
    )
    said: list[Phrase] = field(default_factory=list)
    checked: int = 0  # events checked against keys and grants
    before: int = 0  # events recorded before the founding: identities self-declared
    _at: datetime | None = None
    _position: int = 0
    _here: int = 0  # the position of the fact being believed

    def granted(self, holder: str, role: str, scope: str | None, at: datetime) -> bool:
        return any(
            since <= at and (until is None or at < until)
            for since, until in self.grants.get((holder, role, scope), [])
        )


def check_authority(rows: list[StoredRow], root_key: str | None = None) -> Delegation:
    """Believe each fact of the authority's stream only if its signatures hold."""
    found = Delegation()
    if not rows:
        return found
    for row in sorted(rows, key=lambda r: r.version):
        if UNREADABLE in row.document:
            continue  # the chain check reports it
        try:
            _believe(found, row, root_key)
        except (KeyError, TypeError, ValueError, AttributeError):
            found.said.append(
                phrase("authority {where}: a fact missing its fields", where=where(row))
            )
    return found


def _believe(found: Delegation, row: StoredRow, root_key: str | None) -> None:
    at = moment(str(row.document["timestamp"]))
    if found._at is not None and at < found._at:
        found.said.append(
            phrase(
                "authority {where}: recorded before the fact it follows",
                where=where(row),
            )
        )
        return
    found._here = row.position
    if row.event == "AuthorityFounded" and row.version == 1:
        _found(found, row, at, root_key)
    elif not found.founded:
        found.said.append(
            phrase("authority {where}: the stream is not founded", where=where(row))
        )
    elif row.event in ENDORSERS:
        _fact(found, row, at)
    found._at = at


def _found(
    found: Delegation, row: StoredRow, at: datetime, root_key: str | None
) -> None:
    document = row.document
    public_key = str(document["public_key"])
    root = _key_id(public_key)
    if root_key is not None and root_key not in (public_key, root):
        found.said.append(
            phrase(
                "authority {where}: its root key {key} is not the root key held,"
                " {held}",
                where=where(row),
                key=root,
                held=root_key,
            )
        )
        return
    if not holds(public_key, _stated(row.event, root, document), document["proof"]):
        found.said.append(
            phrase(
                "authority {where}: the root's proof does not hold", where=where(row)
            )
        )
        return
    found.founded, found.board, found.root = True, str(document["board"]), root
    found.keys[root] = _Key(found.board, public_key, "root", at)
    found._position = row.position


def _fact(found: Delegation, row: StoredRow, at: datetime) -> None:
    document, kind, here = row.document, row.event, where(row)
    said = _stated(kind, found.root, document)
    endorser = found.keys.get(str(document.get("endorser")))
    if (
        endorser is None
        or endorser.rank not in ENDORSERS[kind]
        or not endorser.live(at)
    ):
        found.said.append(
            phrase(
                "authority {where}: endorsed by key {key}, which may not endorse it",
                where=here,
                key=str(document.get("endorser")),
            )
        )
        return
    if endorser.holder != document["actor"]["name"] or not holds(
        endorser.public_key, said, document.get("endorsement")
    ):
        found.said.append(
            phrase("authority {where}: the endorsement does not hold", where=here)
        )
        return
    problem = FACTS[kind](found, document, at, said, endorser.rank)
    if problem is not None:
        found.said.append(phrase(problem, where=here, **_named(document)))


def _named(document: Mapping[str, Any]) -> dict[str, str]:
    return {"holder": str(document.get("holder", ""))}


def _new_key(
    found: Delegation, document: Mapping[str, Any], at: datetime, said: bytes, _: str
) -> str | None:
    public_key = str(document["public_key"])
    key = _key_id(public_key)
    if key in found.keys:
        return "authority {where}: {holder}'s key is registered twice"
    if not holds(public_key, said, document.get("proof")):
        return "authority {where}: no proof that {holder} holds the key"
    found.keys[key] = _Key(str(document["holder"]), public_key, "key", at)
    return None


def _new_admin(
    found: Delegation, document: Mapping[str, Any], at: datetime, said: bytes, by: str
) -> str | None:
    problem = _new_key(found, document, at, said, by)
    if problem is None:
        found.keys[_key_id(str(document["public_key"]))].rank = "admin"
    return problem


def _revocation(
    found: Delegation, document: Mapping[str, Any], at: datetime, __: bytes, by: str
) -> str | None:
    target = found.keys.get(str(document["key"]))
    if target is None or (target.rank == "admin" and by != "root"):
        return "authority {where}: revokes a key it may not"
    target.until = moment(str(document["revoked_from"]))
    target.revoked_at, target.revoked_position = at, found._here
    return None


def _role(
    found: Delegation, document: Mapping[str, Any], at: datetime, _: bytes, __: str
) -> str | None:
    scope = document.get("scope")
    grant = (str(document["holder"]), str(document["role"]), scope)
    province = grant[1] == "operator" and scope is None  # the province's own work
    if (grant[1] in SCOPED) != (scope is not None) and not province:
        return "authority {where}: {holder}'s role is granted without its scope"
    found.grants.setdefault(grant, []).append([at, None])
    return None


def _withdrawal(
    found: Delegation, document: Mapping[str, Any], _: datetime, __: bytes, ___: str
) -> str | None:
    grant = (str(document["holder"]), str(document["role"]), document.get("scope"))
    periods = found.grants.get(grant, [])
    if periods and periods[-1][1] is None:
        periods[-1][1] = moment(str(document["revoked_from"]))
    return None


FACTS: dict[str, Callable[..., str | None]] = {
    "AdminDelegated": _new_admin,
    "KeyCertified": _new_key,
    "KeyRevoked": _revocation,
    "RoleGranted": _role,
    "RoleWithdrawn": _withdrawal,
}


def certified_keys(rows: list[StoredRow]) -> dict[str, tuple[str, str]]:
    """The keys whose registration holds: key id → (holder, public key)."""
    found = check_authority(rows)
    return {key: (held.holder, held.public_key) for key, held in found.keys.items()}
