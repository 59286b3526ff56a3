"""What a bloc (khối / cụm thi đua) is at a version: one immutable state, built by
domain/bloc.py's `evolve` from the bloc's events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from thidua.domain.types import Frozen, Name, Text, UnitCode


@dataclass(frozen=True)
class DocumentSettings:
    """How the bloc's documents name it: the body above it (cơ quan chủ quản),
    itself as issuer, the place name (địa danh) and the code in their numbers."""

    superior_body: str = ""
    issuing_body: str = ""
    place: str = ""
    document_code: str = ""
    since: date | None = None


@dataclass(frozen=True)
class Membership:
    """A unit's time in the bloc: a member in `joined` and every year before `left`,
    with the days and decisions of joining and leaving, where they were given."""

    unit: str
    name: str
    joined: int
    left: int | None = None
    joined_on: date | None = None
    joining_decision: str | None = None
    left_on: date | None = None
    leaving_decision: str | None = None
    merged_into: str | None = None

    def covers(self, year: int) -> bool:
        return self.joined <= year and (self.left is None or year < self.left)


class Departure(Frozen):
    """A unit that left the roster during the year: when, by what decision, and the
    member it merged into, as the bloc recorded them."""

    unit: UnitCode
    name: Name
    left_on: date | None = None
    decision: Text | None = None
    merged_into: UnitCode | None = None

    @classmethod
    def of(cls, membership: Membership) -> Departure:
        return cls(
            unit=membership.unit,
            name=membership.name,
            left_on=membership.left_on,
            decision=membership.leaving_decision,
            merged_into=membership.merged_into,
        )


@dataclass(frozen=True)
class BlocState:
    id: UUID
    version: int
    code: str
    name: str
    province: str
    kind: str
    memberships: tuple[Membership, ...] = ()
    configurations: tuple[DocumentSettings, ...] = ()

    def current(self, unit: str) -> Membership | None:
        """The unit's open membership, if it has not left."""
        return next(
            (m for m in self.memberships if m.unit == unit and m.left is None), None
        )

    def roster(self, year: int) -> dict[str, str]:
        """Member units in a year, code to name, in the order they joined."""
        return {m.unit: m.name for m in self.memberships if m.covers(year)}

    def settings_on(self, day: date) -> DocumentSettings | None:
        """The document settings in force on a day: the last configured from that
        day or before; for a day before any, the first (nothing older is known)."""
        known = sorted(self.configurations, key=lambda s: s.since or day)
        if not known:
            return None
        before = [s for s in known if s.since is not None and s.since <= day]
        return before[-1] if before else known[0]


def day_of(when: date | None) -> date | None:
    """The day of a fact given as a day or as a moment (in its own offset)."""
    return when.date() if isinstance(when, datetime) else when
