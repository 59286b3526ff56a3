"""Commands of the registry: register people and collectives, move people between
units, confer and revoke emulation titles, record and revoke forms of commendation,
open and close proceedings."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from thidua.domain.base import Command
from thidua.domain.registry.state import HolderKind, ProceedingKind
from thidua.domain.types import AwardCode, Code, Decision, Frozen, Name, Token, Year


class HolderRef(Frozen):
    """A person by their registry code, or a collective by its unit's code."""

    kind: HolderKind
    code: Code


class RegisterPerson(Command):
    """Register a person: their identity, and the unit they work in from a day."""

    code: Code
    name: Name
    born: date | None = None
    gender: Name | None = None
    # Given in clear by the operator; the application keeps only its salted hash.
    national_id: str | None = Field(default=None, repr=False, max_length=40)
    id_hash: str | None = None
    unit: Code
    position: Name
    since: date


class TransferPerson(Command):
    """Record that a person moved to another unit (or position) from a day."""

    code: Code
    unit: Code
    position: Name
    since: date


class RegisterCollective(Command):
    """Register a member unit, or a sub-unit (phòng, ban) of one, as a collective."""

    code: Code
    name: Name
    parent: Code | None = None


class ConferTitle(Command):
    """Record an emulation title conferred for a year by an authority's decision."""

    holder: HolderRef
    title: AwardCode
    year: Year
    decision: Decision
    source_sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")


class RevokeTitle(Command):
    """Revoke a title (hủy bỏ), with the decision and its reasons; kept in history."""

    holder: HolderRef
    title: AwardCode
    year: Year
    decision: Decision


class RecordCommendation(Command):
    """Record a form of commendation (Bằng khen, Giấy khen) a decision awarded."""

    holder: HolderRef
    form: AwardCode
    year: Year
    decision: Decision


class RevokeCommendation(Command):
    """Revoke a recorded form of commendation, with the decision and its reasons."""

    holder: HolderRef
    form: AwardCode
    year: Year
    # The number of the decision that awarded it: a form may be awarded more than
    # once to one holder, never twice for one achievement (Law 06/2022, Chapter I,
    # the principles of commendation; Medium: read through a summary of the law).
    awarded_by: Name
    decision: Decision


class OpenProceeding(Command):
    """Record that discipline, an investigation or a complaint was opened."""

    holder: HolderRef
    kind: ProceedingKind
    opened_on: date
    noted_in: Name | None = None


class CloseProceeding(Command):
    """Record that a proceeding ended."""

    holder: HolderRef
    proceeding: Token
    closed_on: date


HolderCommand = (
    ConferTitle
    | RevokeTitle
    | RecordCommendation
    | RevokeCommendation
    | OpenProceeding
    | CloseProceeding
)
