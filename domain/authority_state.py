"""The key authority's state and the statements its signatures are made over.

A statement is the SHA-256 of a fact's kind, the root key's id, its moment and its
facts as sorted compact JSON; docs/integrity.md gives the recipe an auditor follows.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, NamedTuple
from uuid import NAMESPACE_URL, uuid5

from thidua.domain import authority_commands as a
from thidua.domain.types import Role

if TYPE_CHECKING:
    from thidua.domain.base import Command, Event

AUTHORITY_ID = uuid5(NAMESPACE_URL, "thidua:authority")
ROOT, ADMIN, KEY = "root", "admin", "key"
SCOPED = {Role.OPERATOR: "bloc", Role.UNIT: "unit"}  # roles granted for one code


def moment(when: datetime) -> str:
    """A moment as a statement writes it: UTC, to the microsecond."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def statement(kind: str, root: str, at: datetime, fields: Mapping[str, Any]) -> str:
    """What the signatures of an authority's fact are made over: the SHA-256 of
    its kind, the root key's id, its moment and its facts as sorted compact JSON
    (docs/integrity.md gives the recipe)."""
    body = {**fields, "_kind": kind, "_root": root, "_at": moment(at)}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Credential:
    holder: str
    public_key: str
    rank: str  # root, admin or key
    since: datetime
    until: datetime | None = None
    revoked_at: datetime | None = None  # when the revocation was recorded

    def live(self, at: datetime) -> bool:
        return self.since <= at and (self.until is None or at < self.until)


@dataclass(frozen=True)
class Grant:
    since: datetime
    until: datetime | None = None

    def live(self, at: datetime) -> bool:
        return self.since <= at and (self.until is None or at < self.until)


GrantKey = tuple[str, str, str | None]  # holder, role, scope


@dataclass(frozen=True)
class AuthorityState:
    board: str
    root: str  # the root key's id
    keys: Mapping[str, Credential] = field(default_factory=dict)
    grants: Mapping[GrantKey, Grant] = field(default_factory=dict)

    def holds(self, holder: str, role: Role, scope: str | None, at: datetime) -> bool:
        grant = self.grants.get((holder, role.value, scope))
        return grant is not None and grant.live(at)


class Decided(NamedTuple):
    """An event `decide` would record: its class and its fields."""

    kind: type[Event]
    fields: dict[str, Any]


# What each fact's statement covers, by kind (the rest are its signatures).
STATED: dict[str, tuple[str, ...]] = {
    "AuthorityFounded": ("board", "public_key"),
    "AdminDelegated": ("holder", "public_key"),
    "KeyCertified": ("holder", "public_key"),
    "KeyRevoked": ("key", "revoked_from"),
    "RoleGranted": ("holder", "role", "scope"),
    "RoleWithdrawn": ("holder", "role", "scope", "revoked_from"),
}


def stated(kind: type[Event], root: str, command: Command) -> str:
    """The statement of the fact a command asks for, as its signers sign it."""
    facts = {name: getattr(command, name) for name in STATED[kind.__name__]}
    return fact_statement(kind.__name__, root, command.issued_at, facts)


def fact_statement(kind: str, root: str, at: datetime, facts: Mapping[str, Any]) -> str:
    """The statement of a fact of this kind: what its proof and endorsement sign."""
    said = {
        name: moment(value) if isinstance(value, datetime) else value
        for name, value in facts.items()
    }
    return statement(kind, root, at, {name: said.get(name) for name in STATED[kind]})


# The fact each command of the authority asks for.
KIND_OF: dict[type[Command], str] = {
    a.FoundAuthority: "AuthorityFounded",
    a.DelegateAdmin: "AdminDelegated",
    a.CertifyKey: "KeyCertified",
    a.RevokeKey: "KeyRevoked",
    a.GrantRole: "RoleGranted",
    a.WithdrawRole: "RoleWithdrawn",
}
