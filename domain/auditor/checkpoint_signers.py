"""Who may sign a checkpoint: on a store with a key authority, a holder of a key
the authority certified, live when the checkpoint is taken, who then holds the
auditor's grant; on a store without one, the holder of a key in the open keyring.

A checkpoint is what an auditor holds against the keepers of the record, so under
an authority it is signed only by someone the authority made an auditor: an
operator's signature on it would be the keepers vouching for themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from thidua.domain.auditor.delegation import Delegation, check_authority
from thidua.domain.authority_errors import GrantMissing, KeyNotCertified
from thidua.domain.authority_state import AUTHORITY_ID
from thidua.domain.keyring import KEYRING_ID
from thidua.domain.service.signing import registered_keys

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from thidua.domain.auditor.audit import Auditor
    from thidua.domain.auditor.checkpoint import Checkpoint

AUDITOR = "auditor"


def delegation(auditor: Auditor) -> Delegation | None:
    """The store's chain of delegation as its stored rows prove it, if it has one."""
    rows = auditor.stream_rows(AUTHORITY_ID)
    return check_authority(rows) if rows else None


def signing_keys(auditor: Auditor) -> dict[str, tuple[str, str]]:
    """The keys a checkpoint's signer may hold: key id → (holder, public key)."""
    found = delegation(auditor)
    if found is None:
        return registered_keys(auditor.stream_rows(KEYRING_ID))
    return {key: (held.holder, held.public_key) for key, held in found.keys.items()}


def require_auditor(found: Delegation, key: str, holder: str, at: datetime) -> None:
    """Refuse to sign unless the authority certified the key to the holder, live
    at `at`, and granted the holder the auditor's role then."""
    held = found.keys.get(key)
    if held is None or held.holder != holder:
        raise KeyNotCertified(
            "key {key} is not registered to {actor}",
            key=key,
            actor=holder,
            value=key,
        )
    if not held.live(at):
        raise KeyNotCertified(
            "key {key} of {actor} is revoked from {until}",
            key=key,
            actor=holder,
            until=held.until,
            value=key,
        )
    if not found.granted(holder, AUDITOR, None, at):
        raise GrantMissing(
            "{actor} is not granted the role {role} by the authority",
            actor=holder,
            role=AUDITOR,
            value=AUDITOR,
        )


def unvouched(auditor: Auditor, checkpoints: Sequence[Checkpoint]) -> Exception | None:
    """Why a signed checkpoint held against a store with an authority was signed
    by someone the authority did not make an auditor when it was taken (None when
    every signer was one, or the store has no authority)."""
    from thidua.domain.auditor.checkpoint import CheckpointRefused
    from thidua.domain.auditor.delegation import moment

    signed = [c for c in checkpoints if c.signature is not None and c.taken_at]
    if not signed or (found := delegation(auditor)) is None:
        return None
    for checkpoint in signed:
        try:
            at = moment(str(checkpoint.taken_at))
            require_auditor(found, str(checkpoint.key_id), str(checkpoint.signer), at)
        except (KeyNotCertified, GrantMissing, ValueError):
            return CheckpointRefused(
                "checkpoint {checkpoint}: signed by {signer}, whom the authority"
                " had not made an auditor then",
                checkpoint=checkpoint,
                signer=checkpoint.signer,
            )
    return None
