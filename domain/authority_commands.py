"""What the key authority (cơ quan cấp khóa) is asked to record.

Each command carries the signatures that make it good, made over its statement
(domain/authority.py, `statement`): the proof that the holder of a new key has its
private key, and the endorsement of the root or of an admin.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AwareDatetime, Field

from thidua.domain.base import Command
from thidua.domain.types import Code, Name, Role

PublicKey = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
SignatureHex = Annotated[str, Field(pattern=r"^[0-9a-f]{128}$")]
Fingerprint = Annotated[str, Field(pattern=r"^[0-9a-f]{16}$")]


class FoundAuthority(Command):
    """Found the store's key authority: the board (the provincial emulation and
    commendation board) and its root public key, with the root's proof."""

    board: Name
    public_key: PublicKey
    proof: SignatureHex


class Endorsed(Command):
    """A fact of the authority endorsed by the key named `endorser`."""

    endorser: Fingerprint
    endorsement: SignatureHex


class DelegateAdmin(Endorsed):
    """Delegate an admin, who may register keys and grant roles; by the root."""

    holder: Name
    public_key: PublicKey
    proof: SignatureHex


class CertifyKey(Endorsed):
    """Register a holder's key: their proof of possession and an admin's
    endorsement."""

    holder: Name
    public_key: PublicKey
    proof: SignatureHex


class RevokeKey(Endorsed):
    """Revoke a key from a moment on: nothing it signs from then counts."""

    key: Fingerprint
    revoked_from: AwareDatetime


class GrantRole(Endorsed):
    """Grant a holder a role: operator of a bloc, representative of a unit,
    auditor or analyst."""

    holder: Name
    role: Role
    scope: Code | None = None


class WithdrawRole(Endorsed):
    """Withdraw a role granted before, from a moment on."""

    holder: Name
    role: Role
    scope: Code | None = None
    revoked_from: AwareDatetime


AUTHORITY_COMMANDS: tuple[type[Command], ...] = (
    FoundAuthority,
    DelegateAdmin,
    CertifyKey,
    RevokeKey,
    GrantRole,
    WithdrawRole,
)
