"""The facts of a holder's stream. Each is folded by `rules.evolve`, through the
holder (holder.py): an event only carries facts, never a rule."""

from __future__ import annotations

from datetime import date
from typing import Any

from thidua.domain.base import Created, Event
from thidua.domain.registry.state import ProceedingKind
from thidua.domain.types import AwardCode, Code, Decision, Name, Year


class Folded:
    """An event of a holder's stream is folded by the rules' `evolve`."""

    def apply(self, aggregate: Any) -> None:
        aggregate.fold(self)


class PersonRegistered(Folded, Created):
    code: Code
    name: Name
    born: date | None
    gender: Name | None
    id_hash: str | None
    unit: Code
    position: Name
    since: date


class CollectiveRegistered(Folded, Created):
    code: Code
    name: Name
    parent: Code | None


class PersonTransferred(Folded, Event):
    unit: Code
    position: Name
    since: date


class TitleConferred(Folded, Event):
    title: AwardCode
    year: Year
    decision: Decision
    # Recorded from a past year's spreadsheet: the file's SHA-256, not a command's.
    source_sha256: str | None


class TitleRevoked(Folded, Event):
    title: AwardCode
    year: Year
    decision: Decision


class CommendationRecorded(Folded, Event):
    """A form of commendation (hình thức khen thưởng: a Bằng khen, a Giấy khen)
    awarded for a year's achievement by a numbered decision; kept apart from the
    emulation titles, which alone count as a higher title's prerequisite."""

    form: AwardCode
    year: Year
    decision: Decision


class CommendationRevoked(Folded, Event):
    form: AwardCode
    year: Year
    awarded_by: Name
    decision: Decision


class ProceedingOpened(Folded, Event):
    proceeding_id: str
    kind: ProceedingKind
    opened_on: date
    noted_in: str | None

    @property
    def record_id(self) -> str:
        return self.proceeding_id


class ProceedingClosed(Folded, Event):
    proceeding_id: str
    closed_on: date
