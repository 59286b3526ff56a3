"""The Cycle aggregate: one bloc's emulation year, from opening to closing.

Its stream holds the adopted rulebook, the covenant, the scores, the votes and the
awards. Scoring, voting and awards live in their own modules as parts of this class.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar, Literal

from thidua.domain.awards import AwardsMixin
from thidua.domain.base import (
    Created,
    Event,
    Stream,
    require_operator,
    require_operator_or_unit,
)
from thidua.domain.bloc import Departure
from thidua.domain.commands import (
    AssignLeads,
    CloseCovenant,
    CloseCycle,
    OpenCycle,
    RegisterTargets,
    SignCovenant,
    SyncRoster,
)
from thidua.domain.errors import (
    AlreadySigned,
    CommandRejected,
    RulebookNotInForce,
    VoteAlreadyOpen,
)
from thidua.domain.ids import cycle_id
from thidua.domain.rulebook import check_rulebook, rulebook_hash
from thidua.domain.scoring import ScoringMixin
from thidua.domain.types import BlocCode, Frozen, Name, Stage, Text, UnitCode, Year
from thidua.domain.voting import VotingMixin


class Member(Frozen):
    code: UnitCode
    name: Name


class CycleOpened(Created):
    bloc: BlocCode
    bloc_name: Name
    year: Year
    roster: tuple[Member, ...]
    rulebook_text: str
    rulebook_sha256: str

    def apply(self, aggregate: Cycle) -> None:
        aggregate.bloc = self.bloc
        aggregate.bloc_name = self.bloc_name
        aggregate.year = self.year
        aggregate.roster = {m.code: m.name for m in self.roster}
        aggregate.departed = {}
        aggregate.rulebook_text = self.rulebook_text
        aggregate.rulebook_sha256 = self.rulebook_sha256
        aggregate.stage = aggregate.rulebook.rulebook.stages[0]
        aggregate.head = aggregate.deputy = aggregate.leads_method = None
        aggregate.signatures = {}
        aggregate.targets = {}
        aggregate.sheets = {}
        aggregate.ranking = None
        aggregate.rounds = {}
        aggregate.proposals = {}
        aggregate.awards = {}
        aggregate.proceedings = {}


class RosterChanged(Event):
    added_fields: ClassVar[frozenset[str]] = Event.added_fields | {"departures"}

    joined: tuple[Member, ...]
    left: tuple[UnitCode, ...]
    departures: tuple[Departure, ...] = ()

    def apply(self, aggregate: Cycle) -> None:
        told = {departure.unit: departure for departure in self.departures}
        for unit in self.left:
            name = aggregate.roster.pop(unit)
            aggregate.departed[unit] = told.get(unit) or Departure(unit=unit, name=name)
        aggregate.roster.update({m.code: m.name for m in self.joined})
        if aggregate.head in self.left or aggregate.deputy in self.left:
            aggregate.head = aggregate.deputy = aggregate.leads_method = None
        everyone = set(aggregate.roster) <= set(aggregate.signatures)
        if aggregate.stage is Stage.COVENANT and everyone:
            aggregate.advance_stage()


class LeadsAssigned(Event):
    head: UnitCode
    deputy: UnitCode
    method: Literal["rotation", "election", "assignment"]

    def apply(self, aggregate: Cycle) -> None:
        aggregate.head = self.head
        aggregate.deputy = self.deputy
        aggregate.leads_method = self.method


class CovenantSigned(Event):
    unit: UnitCode
    signatory: Name
    signatory_title: Name | None
    signed_on: date

    def apply(self, aggregate: Cycle) -> None:
        aggregate.signatures[self.unit] = Signature(
            self.signatory, self.signatory_title, self.signed_on
        )
        everyone = set(aggregate.roster) <= set(aggregate.signatures)
        if aggregate.stage is Stage.COVENANT and everyone:
            aggregate.advance_stage()


class TargetsRegistered(Event):
    unit: UnitCode
    targets: tuple[Text, ...]
    titles: tuple[Text, ...]

    def apply(self, aggregate: Cycle) -> None:
        aggregate.targets[self.unit] = (self.targets, self.titles)


class CovenantClosed(Event):
    unsigned: tuple[UnitCode, ...]

    def apply(self, aggregate: Cycle) -> None:
        aggregate.advance_stage()


class CycleClosed(Event):
    def apply(self, aggregate: Cycle) -> None:
        aggregate.stage = Stage.CLOSED


@dataclass(frozen=True)
class Signature:
    signatory: str
    title: str | None
    signed_on: date


class Cycle(ScoringMixin, VotingMixin, AwardsMixin, Stream):
    @classmethod
    def open(cls, command: OpenCycle, bloc_name: str, roster: dict[str, str]) -> Cycle:
        require_operator(command.actor)
        rulebook = check_rulebook(command.rulebook_text)
        meta = rulebook.rulebook
        if not meta.in_force(command.year):
            until = meta.effective_to or "open end"
            raise RulebookNotInForce(
                "rulebook {code} {version} is in force from {effective_from} "
                "to {until}, not in {year}",
                code=meta.code,
                version=meta.version,
                effective_from=meta.effective_from,
                until=until,
                year=command.year,
                value=command.year,
            )
        if len(roster) < meta.min_members:
            raise CommandRejected(
                "bloc {bloc} has {members} member(s) in {year}; the rulebook needs "
                "at least {min_members}",
                bloc=command.bloc,
                members=len(roster),
                year=command.year,
                min_members=meta.min_members,
                value=len(roster),
            )
        return cls._start(
            CycleOpened,
            cycle_id(command.bloc, command.year),
            command,
            bloc=command.bloc,
            bloc_name=bloc_name,
            year=command.year,
            roster=tuple(Member(code=c, name=n) for c, n in roster.items()),
            rulebook_text=command.rulebook_text,
            rulebook_sha256=rulebook_hash(command.rulebook_text),
        )

    def sync_roster(
        self,
        command: SyncRoster,
        roster: dict[str, str],
        departures: dict[str, Departure] | None = None,
    ) -> None:
        """Units that joined or left the bloc during the year (mergers, new bodies);
        `departures` says how the bloc recorded each leaving."""
        require_operator(command.actor)
        self._require_stage(Stage.COVENANT, Stage.SCORING, doing="change the roster")
        joined = tuple(
            Member(code=u, name=n) for u, n in roster.items() if u not in self.roster
        )
        left = tuple(u for u in self.roster if u not in roster)
        if not (joined or left):
            raise CommandRejected(
                "the roster of {ref} already matches bloc {bloc}'s members",
                ref=self.ref,
                bloc=self.bloc,
            )
        if len(roster) < self.rulebook.rulebook.min_members:
            raise CommandRejected(
                "the rulebook needs at least {min_members} members; the bloc "
                "would have {members}",
                min_members=self.rulebook.rulebook.min_members,
                members=len(roster),
                value=len(roster),
            )
        known = departures or {}
        self._record(
            RosterChanged,
            command,
            joined=joined,
            left=left,
            departures=tuple(known[u] for u in left if u in known),
        )

    def assign_leads(self, command: AssignLeads) -> None:
        require_operator(command.actor)
        self._require_not_closed()
        self._require_member(command.head, "head unit")
        self._require_member(command.deputy, "deputy unit")
        if command.head == command.deputy:
            raise CommandRejected("the head and the deputy must be different units")
        self._record(
            LeadsAssigned,
            command,
            head=command.head,
            deputy=command.deputy,
            method=command.method,
        )

    def sign_covenant(self, command: SignCovenant) -> None:
        require_operator_or_unit(command.actor, command.unit)
        # A unit that joins during scoring signs on joining.
        self._require_stage(Stage.COVENANT, Stage.SCORING, doing="sign the covenant")
        self._require_member(command.unit)
        if command.unit in self.signatures:
            raise AlreadySigned(
                "{unit} signed the covenant of {ref} on {signed_on}",
                unit=command.unit,
                ref=self.ref,
                signed_on=self.signatures[command.unit].signed_on,
                value=command.unit,
            )
        self._record(
            CovenantSigned,
            command,
            unit=command.unit,
            signatory=command.signatory,
            signatory_title=command.signatory_title,
            signed_on=command.signed_on,
        )

    def register_targets(self, command: RegisterTargets) -> None:
        require_operator_or_unit(command.actor, command.unit)
        self._require_stage(Stage.COVENANT, Stage.SCORING, doing="register targets")
        self._require_member(command.unit)
        if not (command.targets or command.titles):
            raise CommandRejected("register at least one target or title")
        self._record(
            TargetsRegistered,
            command,
            unit=command.unit,
            targets=command.targets,
            titles=command.titles,
        )

    def close_covenant(self, command: CloseCovenant) -> None:
        require_operator(command.actor)
        self._require_stage(Stage.COVENANT, doing="close covenant signing")
        unsigned = tuple(u for u in self.roster if u not in self.signatures)
        self._record(CovenantClosed, command, unsigned=unsigned)

    def close(self, command: CloseCycle) -> None:
        require_operator(command.actor)
        self._require_stage(Stage.REVIEW, doing="close the cycle")
        still_open = [m for m, rounds in self.rounds.items() if rounds[-1].is_open]
        if still_open:
            raise VoteAlreadyOpen(
                "close the open vote(s) first: {motions}",
                motions=", ".join(still_open),
                value=still_open,
            )
        self._record(CycleClosed, command)
