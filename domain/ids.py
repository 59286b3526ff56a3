"""Stream ids: derived from a bloc's code and a cycle's year, so anyone can find them.

Kept apart from the aggregates so that readers (the read models, the command line)
can name a stream without loading the domain model.
"""

from __future__ import annotations

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
