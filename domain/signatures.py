"""Whether an Ed25519 signature holds over a hash: pure, so that the rules asking for
a proof (the key authority's possession and endorsements) and the recording of signed
events share one check."""

from __future__ import annotations


def signature_holds(public_key: str, event_hash: str, signature: str) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key))
        key.verify(bytes.fromhex(signature), bytes.fromhex(event_hash))
    except (InvalidSignature, ValueError):
        return False
    return True
