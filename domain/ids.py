"""Stream ids: derived from a bloc's code and a cycle's year, so anyone can find them.

Kept apart from the aggregates so that readers (the read models, the command line)
can name a stream without loading the domain model.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from uuid import NAMESPACE_URL, UUID, uuid5


@lru_cache(maxsize=4096)
def bloc_id(code: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"thidua:bloc:{code}")


@lru_cache(maxsize=4096)
def cycle_id(bloc: str, year: int) -> UUID:
    return uuid5(NAMESPACE_URL, f"thidua:cycle:{bloc}/{year}")


@lru_cache(maxsize=4096)
def person_id(code: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"thidua:person:{code}")


@lru_cache(maxsize=4096)
def collective_id(code: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"thidua:collective:{code}")


def key_id(public_key: str) -> str:
    """A public key's short name: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(bytes.fromhex(public_key)).hexdigest()[:16]
