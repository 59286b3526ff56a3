"""The Bloc aggregate: an emulation bloc (khối / cụm thi đua) and its members."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, ClassVar, Literal

from thidua.domain.base import Created, Event, Stream, require_operator
from thidua.domain.commands import AddUnit, ConfigureBloc, CreateBloc, RemoveUnit
from thidua.domain.errors import AlreadyExists, CommandRejected, NotAMember
from thidua.domain.ids import bloc_id
from thidua.domain.types import BlocCode, Frozen, Name, Text, UnitCode, Year

BlocKind = Literal["khoi", "cum"]


class BlocCreated(Created):
    code: BlocCode
    name: Name
    province: Name
    kind: BlocKind

    def apply(self, aggregate: Bloc) -> None:
        aggregate.code = self.code
        aggregate.name = self.name
        aggregate.province = self.province
        aggregate.kind = self.kind
        aggregate.memberships = []
        aggregate.configurations = []


class UnitAdded(Event):
    unit: UnitCode
    name: Name
    year: Year
    decision: Text | None = None

    def apply(self, aggregate: Bloc) -> None:
        aggregate.memberships.append(
            Membership(
                self.unit,
                self.name,
                self.year,
                joined_on=day_of(self.occurred_at),
                joining_decision=self.decision,
            )
        )


class UnitRemoved(Event):
    added_fields: ClassVar[frozenset[str]] = Event.added_fields | {"successor"}

    unit: UnitCode
    year: Year
    decision: Text | None = None
    successor: UnitCode | None = None  # the member unit it merged into

    def apply(self, aggregate: Bloc) -> None:
        membership = aggregate.current(self.unit)
        assert membership is not None
        membership.left = self.year
        membership.left_on = day_of(self.occurred_at)
        membership.leaving_decision = self.decision
        membership.merged_into = self.successor


def day_of(when: date | None) -> date | None:
    """The day of a fact given as a day or as a moment (in its own offset)."""
    return when.date() if isinstance(when, datetime) else when


class BlocConfigured(Event):
    """The bloc's document settings from a day on, all of them ("" = not set)."""

    superior_body: Text
    issuing_body: Text
    place: Text
    document_code: Text
    since: date

    def apply(self, aggregate: Bloc) -> None:
        aggregate.configurations.append(
            DocumentSettings(
                self.superior_body,
                self.issuing_body,
                self.place,
                self.document_code,
                self.since,
            )
        )


@dataclass(frozen=True)
class DocumentSettings:
    """How the bloc's documents name it: the body above it (cơ quan chủ quản),
    itself as issuer, the place name (địa danh) and the code in their numbers."""

    superior_body: str = ""
    issuing_body: str = ""
    place: str = ""
    document_code: str = ""
    since: date | None = None


@dataclass
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


class Bloc(Stream):
    if (
        TYPE_CHECKING
    ):  # state, set by events; not a dataclass (the library would make it one)
        code: str
        name: str
        province: str
        kind: str
        memberships: list[Membership]
        configurations: list[DocumentSettings]

    @classmethod
    def create(cls, command: CreateBloc) -> Bloc:
        require_operator(command.actor)
        return cls._start(
            BlocCreated,
            bloc_id(command.bloc),
            command,
            code=command.bloc,
            name=command.name,
            province=command.province,
            kind=command.kind,
        )

    def add_unit(self, command: AddUnit) -> None:
        require_operator(command.actor)
        if self.current(command.unit) is not None:
            raise AlreadyExists(
                "unit {unit} is already a member of bloc {code}",
                unit=command.unit,
                code=self.code,
                value=command.unit,
            )
        self._record(
            UnitAdded,
            command,
            unit=command.unit,
            name=command.name,
            year=_year(command, joining=True),
            decision=command.decision,
        )

    def remove_unit(self, command: RemoveUnit) -> None:
        require_operator(command.actor)
        membership = self.current(command.unit)
        if membership is None:
            raise NotAMember(
                "unit {unit} is not a current member of bloc {code}",
                unit=command.unit,
                code=self.code,
                value=command.unit,
            )
        year = _year(command, joining=False)
        if year < membership.joined:
            raise CommandRejected(
                "unit {unit} joined in {joined} and cannot leave in {year}",
                unit=command.unit,
                joined=membership.joined,
                year=year,
                value=year,
            )
        if command.successor is not None:
            self._require_successor(command.unit, command.successor, year)
        self._record(
            UnitRemoved,
            command,
            unit=command.unit,
            year=year,
            decision=command.decision,
            successor=command.successor,
        )

    def configure(self, command: ConfigureBloc) -> None:
        require_operator(command.actor)
        given = {
            name: value
            for name in ("superior_body", "issuing_body", "place", "document_code")
            if (value := getattr(command, name)) is not None
        }
        if not given:
            raise CommandRejected(
                "bloc {code}: name at least one setting to configure",
                code=self.code,
                value=None,
            )
        since = command.since or command.issued_at.date()
        settings = replace(self.settings_on(since) or DocumentSettings(), **given)
        self._record(
            BlocConfigured,
            command,
            superior_body=settings.superior_body,
            issuing_body=settings.issuing_body,
            place=settings.place,
            document_code=settings.document_code,
            since=since,
        )

    def settings_on(self, day: date) -> DocumentSettings | None:
        """The document settings in force on a day: the last configured from that
        day or before; for a day before any, the first (nothing older is known)."""
        known = sorted(self.configurations, key=lambda s: s.since or day)
        if not known:
            return None
        before = [s for s in known if s.since is not None and s.since <= day]
        return before[-1] if before else known[0]

    def _require_successor(self, unit: str, successor: str, year: int) -> None:
        """A unit merges into another member of the bloc, one still there that year."""
        found = self.current(successor)
        if successor == unit or found is None or not found.covers(year):
            raise NotAMember(
                "unit {unit} cannot merge into {successor}: not another current"
                " member of bloc {code} in {year}",
                unit=unit,
                successor=successor,
                code=self.code,
                year=year,
                value=successor,
            )

    def current(self, unit: str) -> Membership | None:
        """The unit's open membership, if it has not left."""
        return next(
            (m for m in self.memberships if m.unit == unit and m.left is None), None
        )

    def roster(self, year: int) -> dict[str, str]:
        """Member units in a year, code to name, in the order they joined."""
        return {m.unit: m.name for m in self.memberships if m.covers(year)}


def _year(command: AddUnit | RemoveUnit, *, joining: bool) -> int:
    """The year of a membership change: as given, else the year of its day."""
    day, year = day_of(command.occurred_at), command.year
    if year is None and day is None:
        raise CommandRejected(
            "say when unit {unit} joins: its first year, or the day it joins"
            if joining
            else "say when unit {unit} leaves: its first year out, or the day it"
            " leaves",
            unit=command.unit,
        )
    if year is None:
        assert day is not None
        return day.year
    if day is not None and not day.year <= year <= day.year + 1:
        raise CommandRejected(
            "unit {unit} changes membership on {day}: from {first} or {second},"
            " not {year}",
            unit=command.unit,
            day=day.isoformat(),
            first=day.year,
            second=day.year + 1,
            year=year,
            value=year,
        )
    return year
