"""Finding a person by name the way Vietnamese is typed: with or without its marks
(Nguyễn Văn An, Nguyen Van An), in any case and spacing; and a national id kept
only as its salted hash."""

from __future__ import annotations

import hashlib
import hmac
import unicodedata
from collections.abc import Iterable

from thidua.domain.registry.errors import AmbiguousName


def exact(name: str) -> str:
    """A name as written, compared without case or extra spaces."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def bare(name: str) -> str:
    """A name without its marks: đ is d, ư is u, tones dropped."""
    decomposed = unicodedata.normalize("NFD", exact(name).replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def matches(name: str, candidates: Iterable[tuple[str, str]]) -> list[str]:
    """The codes of the candidates (code, name) that `name` names: written with
    its marks, the names written exactly so; written without, every name that is
    the same without its marks."""
    pairs = list(candidates)
    wanted = exact(name)
    if wanted != bare(name):
        return [code for code, found in pairs if exact(found) == wanted]
    return [code for code, found in pairs if bare(found) == wanted]


def the_one(name: str, candidates: dict[str, str]) -> str | None:
    """The one candidate code `name` names, None if none; refused if several, with
    the candidates listed for the operator to choose from by code."""
    found = matches(name, candidates.items())
    if len(found) > 1:
        listed = "; ".join(f"{code} {candidates[code]}" for code in sorted(found))
        raise AmbiguousName(
            "{name} names {count} registered people: {candidates}; name one by "
            "its code",
            name=name,
            count=len(found),
            candidates=listed,
            value=name,
        )
    return found[0] if found else None


def id_hash(salt: str, national_id: str) -> str:
    """The salted hash a national id is kept as (HMAC-SHA-256 under the store's
    salt): the same id gives the same hash in one store, nothing in another."""
    given = "".join(national_id.split())
    return hmac.new(salt.encode(), given.encode(), hashlib.sha256).hexdigest()
