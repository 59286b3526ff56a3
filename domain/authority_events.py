"""The key authority's events: the facts its stream records (domain/authority.py
decides them; `evolve` there folds them)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from thidua.domain.base import Created, Event
from thidua.domain.types import Name, Role

if TYPE_CHECKING:
    from thidua.domain.authority import Authority


class _Folds:
    """The authority's events fold with `evolve` (a mixin, not a kind of event)."""

    def apply(self, aggregate: Authority) -> None:
        assert isinstance(self, Event)
        from thidua.domain.authority import evolve

        aggregate.state = evolve(getattr(aggregate, "state", None), self)


class AuthorityFounded(Created):
    board: Name
    public_key: str
    proof: str

    def apply(self, aggregate: Authority) -> None:
        from thidua.domain.authority import evolve

        aggregate.state = evolve(None, self)


class AdminDelegated(_Folds, Event):
    holder: Name
    public_key: str
    proof: str
    endorser: str
    endorsement: str


class KeyCertified(_Folds, Event):
    holder: Name
    public_key: str
    proof: str
    endorser: str
    endorsement: str


class KeyRevoked(_Folds, Event):
    key: str
    revoked_from: datetime
    endorser: str
    endorsement: str


class RoleGranted(_Folds, Event):
    holder: Name
    role: Role
    scope: str | None = None
    endorser: str
    endorsement: str


class RoleWithdrawn(_Folds, Event):
    holder: Name
    role: Role
    scope: str | None = None
    revoked_from: datetime
    endorser: str
    endorsement: str
