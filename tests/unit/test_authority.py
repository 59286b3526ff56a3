"""The key authority's rules, database-free: `decide(state, command)` gives the
facts or the rule that refuses; `evolve` folds what was stored and never refuses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

import pytest

from thidua.domain import authority_commands as a
from thidua.domain.authority import (
    AdminDelegated,
    AuthorityFounded,
    KeyCertified,
    KeyRevoked,
    RoleGranted,
    decide,
    evolve,
)
from thidua.domain.authority_errors import (
    AuthorityRefused,
    EndorsementRefused,
    PossessionUnproven,
)
from thidua.domain.authority_state import AuthorityState, Decided
from thidua.domain.base import Command, Event
from thidua.domain.service.authorization import signed_fields
from thidua.domain.service.signing import Signer, seeded
from thidua.domain.types import Role

T0 = datetime(2021, 1, 1, tzinfo=UTC)
ROOT, ADMIN, MAI = (Signer(seeded(f"unit:{n}")) for n in ("root", "admin", "mai"))
STREAM = uuid4()


def command(
    kind: type[Command],
    fields: dict[str, Any],
    *,
    actor: str,
    at: datetime,
    state: AuthorityState | None = None,
    endorser: Signer | None = None,
    new_key: Signer | None = None,
) -> Command:
    root = state.root if state else ""
    signed = signed_fields(
        kind, fields, issued_at=at, root=root, endorser=endorser, new_key=new_key
    )
    return kind.model_validate(
        {"actor": {"name": actor}, "command_id": f"c{at:%H%M}", "issued_at": at,
         **signed}
    )  # fmt: skip


def fold(state: AuthorityState | None, decided: list[Decided], at: datetime) -> Any:
    for version, (kind, fields) in enumerate(decided, start=1):
        extra = {"originator_topic": "x"} if kind is AuthorityFounded else {}
        event: Event = kind.model_validate(
            {"originator_id": STREAM, "originator_version": version, "timestamp": at,
             "actor": {"name": "x"}, "command_id": "c", **extra, **fields}
        )  # fmt: skip
        state = evolve(state, event)
    return state


def founded() -> AuthorityState:
    found = command(a.FoundAuthority, {"board": "Ban TĐKT"}, actor="Ban TĐKT",
                    at=T0, new_key=ROOT)  # fmt: skip
    return fold(None, decide(None, found), T0)  # type: ignore[no-any-return]


def with_admin() -> AuthorityState:
    state = founded()
    at = T0 + timedelta(minutes=1)
    delegate = command(a.DelegateAdmin, {"holder": "Hùng"}, actor="Ban TĐKT", at=at,
                       state=state, endorser=ROOT, new_key=ADMIN)  # fmt: skip
    return fold(state, decide(state, delegate), at)  # type: ignore[no-any-return]


def test_the_root_founds_the_authority_with_its_own_proof() -> None:
    state = founded()

    assert state.board == "Ban TĐKT"
    assert state.root == ROOT.key_id
    assert state.keys[ROOT.key_id].rank == "root"


def test_a_founding_without_the_roots_proof_is_refused() -> None:
    found = command(a.FoundAuthority, {"board": "B"}, actor="B", at=T0, new_key=ROOT)
    forged = found.model_copy(update={"proof": "00" * 64})

    with pytest.raises(PossessionUnproven):
        decide(None, forged)


def test_nothing_but_a_founding_is_decided_without_an_authority() -> None:
    grant = command(a.GrantRole, {"holder": "Mai", "role": "auditor"}, actor="Hùng",
                    at=T0, endorser=ADMIN)  # fmt: skip

    with pytest.raises(AuthorityRefused, match="no key authority"):
        decide(None, grant)


def test_the_root_delegates_an_admin() -> None:
    state = with_admin()

    assert state.keys[ADMIN.key_id].rank == "admin"
    assert state.keys[ADMIN.key_id].holder == "Hùng"


def test_an_admin_registers_a_key_with_its_holders_proof() -> None:
    state = with_admin()
    at = T0 + timedelta(minutes=2)
    register = command(a.CertifyKey, {"holder": "Mai"}, actor="Hùng", at=at,
                       state=state, endorser=ADMIN, new_key=MAI)  # fmt: skip

    ((kind, fields),) = decide(state, register)

    assert kind is KeyCertified
    assert fields["holder"] == "Mai"
    assert fields["endorser"] == ADMIN.key_id


def test_an_endorsement_by_another_actor_than_the_keys_holder_is_refused() -> None:
    state = with_admin()
    at = T0 + timedelta(minutes=2)
    register = command(a.CertifyKey, {"holder": "Mai"}, actor="Giả", at=at,
                       state=state, endorser=ADMIN, new_key=MAI)  # fmt: skip

    with pytest.raises(EndorsementRefused, match="Hùng's"):
        decide(state, register)


def test_an_endorsement_made_for_another_moment_is_refused() -> None:
    state = with_admin()
    at = T0 + timedelta(minutes=2)
    register = command(a.CertifyKey, {"holder": "Mai"}, actor="Hùng", at=at,
                       state=state, endorser=ADMIN, new_key=MAI)  # fmt: skip
    replayed = register.model_copy(update={"issued_at": at + timedelta(days=1)})

    with pytest.raises(EndorsementRefused, match="does not hold"):
        decide(state, replayed)


def test_a_revoked_admin_endorses_nothing_from_then_on() -> None:
    state = with_admin()
    at = T0 + timedelta(minutes=2)
    revoke = command(a.RevokeKey, {"key": ADMIN.key_id, "revoked_from": at},
                     actor="Ban TĐKT", at=at, state=state, endorser=ROOT)  # fmt: skip
    decided = decide(state, revoke)
    assert decided[0].kind is KeyRevoked
    state = fold(state, decided, at)
    later = at + timedelta(minutes=1)
    register = command(a.CertifyKey, {"holder": "Mai"}, actor="Hùng", at=later,
                       state=state, endorser=ADMIN, new_key=MAI)  # fmt: skip

    with pytest.raises(EndorsementRefused, match="live"):
        decide(state, register)


def test_an_admin_may_not_revoke_another_admin() -> None:
    state = with_admin()
    at = T0 + timedelta(minutes=2)
    revoke = command(a.RevokeKey, {"key": ADMIN.key_id, "revoked_from": at},
                     actor="Hùng", at=at, state=state, endorser=ADMIN)  # fmt: skip

    with pytest.raises(EndorsementRefused):
        decide(state, revoke)


def test_a_unit_role_needs_its_unit_an_operator_a_bloc_or_the_province() -> None:
    state = with_admin()
    at = T0 + timedelta(minutes=2)
    register = command(a.CertifyKey, {"holder": "Mai"}, actor="Hùng", at=at,
                       state=state, endorser=ADMIN, new_key=MAI)  # fmt: skip
    state = fold(state, decide(state, register), at)

    def grant(role: str, scope: str | None = None) -> a.GrantRole:
        fields = {"holder": "Mai", "role": role, "scope": scope}
        return command(a.GrantRole, fields, actor="Hùng", at=at, state=state,
                       endorser=ADMIN)  # fmt: skip

    with pytest.raises(AuthorityRefused, match="for one bloc or unit"):
        decide(state, grant("unit"))
    with pytest.raises(AuthorityRefused, match="without a bloc or unit"):
        decide(state, grant("auditor", "TMTH"))
    ((kind, _),) = decide(state, grant("operator", "TMTH"))
    assert kind is RoleGranted
    state = fold(state, decide(state, grant("operator", "TMTH")), at)
    assert state.holds("Mai", Role.OPERATOR, "TMTH", at)
    assert not state.holds("Mai", Role.OPERATOR, "KHAC", at)
    assert not state.holds("Mai", Role.OPERATOR, None, at)
    state = fold(state, decide(state, grant("operator")), at)
    assert state.holds("Mai", Role.OPERATOR, None, at)  # the province's own work


def test_evolve_folds_a_stored_fact_whatever_the_rules_say() -> None:
    state = founded()
    # A stored delegation whose signatures do not hold still folds: replay never
    # refuses; `audit verify` is where it is found.
    forged = {"holder": "Giả", "public_key": MAI.public_key, "proof": "00" * 64,
              "endorser": "0" * 16, "endorsement": "00" * 64}  # fmt: skip
    stored = [Decided(AdminDelegated, forged)]

    state = fold(state, stored, T0)

    assert state.keys[MAI.key_id].holder == "Giả"
