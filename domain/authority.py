"""The key authority (cơ quan cấp khóa): who holds which key, and which roles.

The root key holder (the provincial board) founds it; the root delegates admins;
an admin registers a holder's key only with the holder's proof of possession, and
grants roles (operator of a bloc, representative of a unit, auditor, analyst); keys
and roles are revoked from a moment on. Every fact is signed over its statement, so
an auditor holding the root's public key can check the whole chain of delegation
from the stored rows alone (domain/auditor/delegation.py, docs/integrity.md).

The rules are `decide(state, command)` and `evolve(state, event)` over a frozen
state; the aggregate only records what `decide` returns and folds it with `evolve`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from thidua.domain import authority_commands as a
from thidua.domain.authority_errors import (
    AuthorityRefused,
    EndorsementRefused,
    PossessionUnproven,
)
from thidua.domain.authority_events import (
    AdminDelegated,
    AuthorityFounded,
    KeyCertified,
    KeyRevoked,
    RoleGranted,
    RoleWithdrawn,
)
from thidua.domain.authority_state import (
    ADMIN,
    AUTHORITY_ID,
    KEY,
    ROOT,
    SCOPED,
    AuthorityState,
    Credential,
    Decided,
    Grant,
    stated,
)
from thidua.domain.base import Command, Event, Stream
from thidua.domain.ids import key_id
from thidua.domain.signatures import signature_holds
from thidua.domain.types import Role

# decide ---------------------------------------------------------------------------


def decide(state: AuthorityState | None, command: Command) -> list[Decided]:
    """The facts a command of the authority adds, or the rule that refuses it."""
    if isinstance(command, a.FoundAuthority):
        return _found(state, command)
    if state is None:
        raise AuthorityRefused("this store has no key authority: run 'thidua db init'")
    return DECIDERS[type(command)](state, command)


def _found(state: AuthorityState | None, command: a.FoundAuthority) -> list[Decided]:
    if state is not None:
        raise AuthorityRefused(
            "the store's authority is already founded, by {board}", board=state.board
        )
    root = key_id(command.public_key)
    _prove(command.public_key, stated(AuthorityFounded, root, command), command.proof)
    fields = {"board": command.board, "public_key": command.public_key}
    return [Decided(AuthorityFounded, {**fields, "proof": command.proof})]


def _prove(public_key: str, said: str, proof: str) -> None:
    if not signature_holds(public_key, said, proof):
        raise PossessionUnproven(
            "the proof of possession does not hold: sign the registration with"
            " the new key itself",
            value=key_id(public_key),
        )


def _endorsed(
    state: AuthorityState, command: a.Endorsed, kind: type[Event], *ranks: str
) -> None:
    """The endorser may endorse this fact, still holds a live key, is the actor,
    and its signature over the fact's statement holds."""
    found = state.keys.get(command.endorser)
    if found is None or found.rank not in ranks or not found.live(command.issued_at):
        raise EndorsementRefused(
            "key {key} may not endorse this: it needs a live {ranks} key",
            key=command.endorser,
            ranks=" or ".join(ranks),
            value=command.endorser,
        )
    if found.holder != command.actor.name:
        raise EndorsementRefused(
            "key {key} is {holder}'s, not {actor}'s",
            key=command.endorser,
            holder=found.holder,
            actor=command.actor.name,
            value=command.endorser,
        )
    said = stated(kind, state.root, command)
    if not signature_holds(found.public_key, said, command.endorsement):
        raise EndorsementRefused(
            "the endorsement by key {key} does not hold", key=command.endorser
        )


def _new_key(state: AuthorityState, command: a.DelegateAdmin | a.CertifyKey) -> None:
    found = key_id(command.public_key)
    if found in state.keys:
        raise AuthorityRefused(
            "key {key} is already registered to {holder}",
            key=found,
            holder=state.keys[found].holder,
            value=found,
        )


def _key(
    state: AuthorityState, command: a.DelegateAdmin | a.CertifyKey
) -> list[Decided]:
    kind, rank = (
        (AdminDelegated, ROOT)
        if isinstance(command, a.DelegateAdmin)
        else (KeyCertified, ADMIN)
    )
    _endorsed(state, command, kind, *((ROOT,) if rank == ROOT else (ROOT, ADMIN)))
    _new_key(state, command)
    _prove(command.public_key, stated(kind, state.root, command), command.proof)
    fields = {"holder": command.holder, "public_key": command.public_key}
    return [Decided(kind, {**fields, "proof": command.proof, **_by(command)})]


def _by(command: a.Endorsed) -> dict[str, Any]:
    return {"endorser": command.endorser, "endorsement": command.endorsement}


def _revoke_key(state: AuthorityState, command: a.RevokeKey) -> list[Decided]:
    target = state.keys.get(command.key)
    if target is None or target.until is not None or target.rank == ROOT:
        raise AuthorityRefused(
            "key {key} is not a registered key that can be revoked",
            key=command.key,
            value=command.key,
        )
    ranks = (ROOT,) if target.rank == ADMIN else (ROOT, ADMIN)
    _endorsed(state, command, KeyRevoked, *ranks)
    fields = {"key": command.key, "revoked_from": command.revoked_from}
    return [Decided(KeyRevoked, {**fields, **_by(command)})]


def _grant(state: AuthorityState, command: a.GrantRole) -> list[Decided]:
    _endorsed(state, command, RoleGranted, ROOT, ADMIN)
    scoped = SCOPED.get(command.role)
    # An operator without a bloc is the province's own: dossiers, council, decisions.
    province = command.role is Role.OPERATOR and command.scope is None
    if (scoped is None) != (command.scope is None) and not province:
        raise AuthorityRefused(
            "the role {role} is granted for one bloc or unit"
            if scoped
            else "the role {role} is granted without a bloc or unit",
            role=command.role.value,
            value=command.scope,
        )
    if not any(
        k.holder == command.holder and k.until is None for k in state.keys.values()
    ):
        raise AuthorityRefused(
            "{holder} holds no registered key: register one first",
            holder=command.holder,
            value=command.holder,
        )
    if state.holds(command.holder, command.role, command.scope, command.issued_at):
        raise AuthorityRefused(
            "{holder} already holds that role", holder=command.holder
        )
    fields = {"holder": command.holder, "role": command.role, "scope": command.scope}
    return [Decided(RoleGranted, {**fields, **_by(command)})]


def _withdraw(state: AuthorityState, command: a.WithdrawRole) -> list[Decided]:
    _endorsed(state, command, RoleWithdrawn, ROOT, ADMIN)
    grant = state.grants.get((command.holder, command.role.value, command.scope))
    if grant is None or grant.until is not None:
        raise AuthorityRefused(
            "{holder} holds no such role to withdraw", holder=command.holder
        )
    fields = {
        "holder": command.holder,
        "role": command.role,
        "scope": command.scope,
        "revoked_from": command.revoked_from,
    }
    return [Decided(RoleWithdrawn, {**fields, **_by(command)})]


DECIDERS: dict[type[Command], Callable[[AuthorityState, Any], list[Decided]]] = {
    a.DelegateAdmin: _key,
    a.CertifyKey: _key,
    a.RevokeKey: _revoke_key,
    a.GrantRole: _grant,
    a.WithdrawRole: _withdraw,
}


# evolve ---------------------------------------------------------------------------


def evolve(state: AuthorityState | None, event: Event) -> AuthorityState:
    """The state after an event: no rule is checked, a stored fact never refused."""
    if isinstance(event, AuthorityFounded):
        root = key_id(event.public_key)
        credential = Credential(event.board, event.public_key, ROOT, event.timestamp)
        return AuthorityState(event.board, root, {root: credential})
    assert state is not None
    return EVOLVERS[type(event)](state, event)


def _keyed(rank: str) -> Callable[[AuthorityState, Any], AuthorityState]:
    def add(state: AuthorityState, event: Any) -> AuthorityState:
        found = Credential(event.holder, event.public_key, rank, event.timestamp)
        return replace(state, keys={**state.keys, key_id(event.public_key): found})

    return add


def _revoked(state: AuthorityState, event: KeyRevoked) -> AuthorityState:
    if event.key not in state.keys:
        return state  # a stored fact the rules would refuse: verify names it
    found = replace(
        state.keys[event.key], until=event.revoked_from, revoked_at=event.timestamp
    )
    return replace(state, keys={**state.keys, event.key: found})


def _granted(state: AuthorityState, event: RoleGranted) -> AuthorityState:
    grant = Grant(event.timestamp)
    key = (event.holder, event.role.value, event.scope)
    return replace(state, grants={**state.grants, key: grant})


def _withdrawn(state: AuthorityState, event: RoleWithdrawn) -> AuthorityState:
    key = (event.holder, event.role.value, event.scope)
    if key not in state.grants:
        return state
    grant = replace(state.grants[key], until=event.revoked_from)
    return replace(state, grants={**state.grants, key: grant})


EVOLVERS: dict[type[Event], Callable[[AuthorityState, Any], AuthorityState]] = {
    AdminDelegated: _keyed(ADMIN),
    KeyCertified: _keyed(KEY),
    KeyRevoked: _revoked,
    RoleGranted: _granted,
    RoleWithdrawn: _withdrawn,
}


# The aggregate: holds the state, records what `decide` returns. -----------------


class Authority(Stream):
    if TYPE_CHECKING:
        state: AuthorityState

    @classmethod
    def found(cls, command: a.FoundAuthority) -> Authority:
        ((_, fields),) = decide(None, command)
        return cls._start(AuthorityFounded, AUTHORITY_ID, command, **fields)

    def act(self, command: Command) -> None:
        for kind, fields in decide(self.state, command):
            self._record(kind, command, **fields)
