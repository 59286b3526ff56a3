"""The Bloc aggregate: an emulation bloc (khối / cụm thi đua) and its members."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Literal

from .base import Created, Event, Stream, require_operator
from .commands import AddUnit, ConfigureBloc, CreateBloc, RemoveUnit
from .errors import AlreadyExists, CommandRejected, NotAMember
from .ids import bloc_id
from .types import BlocCode, Name, Text, UnitCode, Year

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
        aggregate.memberships.append(Membership(self.unit, self.name, self.year))


class UnitRemoved(Event):
    unit: UnitCode
    year: Year
    decision: Text | None = None

    def apply(self, aggregate: Bloc) -> None:
        membership = aggregate.current(self.unit)
        assert membership is not None
        membership.left = self.year


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
    """A unit's time in the bloc: a member in `joined` and every year before `left`."""

    unit: str
    name: str
    joined: int
    left: int | None = None

    def covers(self, year: int) -> bool:
        return self.joined <= year and (self.left is None or year < self.left)


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
            year=command.year,
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
        if command.year < membership.joined:
            raise CommandRejected(
                "unit {unit} joined in {joined} and cannot leave in {year}",
                unit=command.unit,
                joined=membership.joined,
                year=command.year,
                value=command.year,
            )
        self._record(
            UnitRemoved,
            command,
            unit=command.unit,
            year=command.year,
            decision=command.decision,
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

    def current(self, unit: str) -> Membership | None:
        """The unit's open membership, if it has not left."""
        return next(
            (m for m in self.memberships if m.unit == unit and m.left is None), None
        )

    def roster(self, year: int) -> dict[str, str]:
        """Member units in a year, code to name, in the order they joined."""
        return {m.unit: m.name for m in self.memberships if m.covers(year)}
