"""What the registry keeps of a person or a collective: an immutable state, built
only by `rules.evolve` from the holder's events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from thidua.domain.types import Decision

HolderKind = Literal["individual", "collective"]
ProceedingKind = Literal["discipline", "investigation", "complaint"]


@dataclass(frozen=True)
class Posting:
    """A person's unit and position from a day on (a transfer starts a new one)."""

    unit: str
    position: str
    since: date


@dataclass(frozen=True)
class Title:
    """An emulation title conferred for a year by a numbered decision."""

    title: str
    year: int
    decision: Decision
    # The SHA-256 of the spreadsheet a past year's title was recorded from.
    source_sha256: str | None = None
    revocation: Decision | None = None
    revoked_because: str | None = None

    @property
    def held(self) -> bool:
        return self.revocation is None


@dataclass(frozen=True)
class Commendation:
    """A form of commendation (Bằng khen, Giấy khen) awarded by a numbered decision."""

    form: str
    year: int
    decision: Decision
    revocation: Decision | None = None
    revoked_because: str | None = None

    @property
    def held(self) -> bool:
        return self.revocation is None


@dataclass(frozen=True)
class Proceeding:
    """Discipline, an investigation or a complaint, from its opening to its close."""

    id: str
    kind: ProceedingKind
    opened_on: date
    closed_on: date | None = None
    # Where it was first recorded (a cycle "BLOC/YEAR"), for the reader only.
    noted_in: str | None = None

    @property
    def open(self) -> bool:
        return self.closed_on is None


@dataclass(frozen=True)
class Holder:
    """A person (cá nhân) or a collective (tập thể: a member unit or its phòng,
    ban), with the titles and proceedings of every year."""

    kind: HolderKind
    code: str
    name: str
    born: date | None = None
    gender: str | None = None
    # A national id only as its salted hash: never in clear.
    id_hash: str | None = None
    postings: tuple[Posting, ...] = ()
    # A sub-unit's member unit.
    parent: str | None = None
    titles: tuple[Title, ...] = ()
    commendations: tuple[Commendation, ...] = ()
    proceedings: tuple[Proceeding, ...] = ()

    @property
    def unit(self) -> str:
        """The member unit it belongs to now."""
        if self.kind == "collective":
            return self.parent or self.code
        return self.postings[-1].unit

    def unit_on(self, day: date) -> str | None:
        """The member unit it belonged to on a day (None before it was posted)."""
        if self.kind == "collective":
            return self.unit
        found = [p.unit for p in self.postings if p.since <= day]
        return found[-1] if found else None

    def units_in(self, year: int) -> set[str]:
        """Every unit it belonged to in some part of a year."""
        if self.kind == "collective":
            return {self.unit}
        start, end = date(year, 1, 1), date(year, 12, 31)
        units = {p.unit for p in self.postings if start <= p.since <= end}
        if (first := self.unit_on(start)) is not None:
            units.add(first)
        return units

    def years_held(self, title: str) -> list[int]:
        """The years it holds a title, revoked ones left out."""
        return sorted({t.year for t in self.titles if t.title == title and t.held})

    def held_in(self, year: int) -> list[str]:
        return sorted({t.title for t in self.titles if t.year == year and t.held})

    def title(self, title: str, year: int) -> Title | None:
        return next(
            (t for t in self.titles if (t.title, t.year) == (title, year) and t.held),
            None,
        )

    def commendation(self, form: str, year: int, by: str) -> Commendation | None:
        """The form held for a year by the decision numbered `by`."""
        return next(
            (
                c
                for c in self.commendations
                if (c.form, c.year, c.decision.number) == (form, year, by) and c.held
            ),
            None,
        )

    def open_proceedings(self) -> list[Proceeding]:
        return [p for p in self.proceedings if p.open]

    def label(self) -> str:
        return self.name if self.kind == "collective" else f"{self.name} ({self.code})"
