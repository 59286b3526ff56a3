"""The registry's use cases, and the history check of `award propose` and `award
grant`: the application loads the recipient's register and passes it, with the
cycle's adopted rulebook, to the pure eligibility functions
(domain/registry/eligibility.py)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from thidua.domain import awards
from thidua.domain import commands as c
from thidua.domain.base import Command, Event
from thidua.domain.cycle import Cycle
from thidua.domain.cycle_state import CycleState
from thidua.domain.ids import collective_id, cycle_id, person_id
from thidua.domain.registry import commands as rc
from thidua.domain.registry.eligibility import Verdict, judge, needs_history, refuse
from thidua.domain.registry.errors import HolderNotFound, NoIdSalt, WrongUnit
from thidua.domain.registry.events import PersonRegistered
from thidua.domain.registry.holder import HolderStream
from thidua.domain.registry.names import id_hash, the_one
from thidua.domain.registry.state import Holder
from thidua.domain.service.receipt import Receipt
from thidua.domain.service.recording import Recording
from thidua.domain.service.registry_counts import (
    active_for,
    member_counts,
    quota_counts,
)
from thidua.domain.service.registry_roll import KINDS, Roll, recorded_since
from thidua.domain.topics import EVENTS
from thidua.domain.types import Recipient

TCommand = TypeVar("TCommand", bound=Command)


def holder_id(kind: str, code: str) -> UUID:
    return person_id(code) if kind == "individual" else collective_id(code)


class RegistryDesk(Recording):
    # The people read so far (code → name), and the log position read up to.
    _people: tuple[dict[str, str], int] = ({}, 0)
    _roll: Roll | None = None

    if TYPE_CHECKING:

        def cycle(
            self, bloc: str, year: int, *, version: int | None = None
        ) -> CycleState: ...

        def cycle_stream(
            self,
            bloc: str,
            year: int,
            *,
            version: int | None = None,
            copy: bool = True,
            latest: bool = False,
        ) -> Cycle: ...

    # Registering and changing holders.
    def _register_person(self, command: rc.RegisterPerson) -> Receipt:
        if command.national_id is not None:
            salt = self.env.get("ID_SALT")
            if not salt:
                raise NoIdSalt(
                    "a national id is kept only as its salted hash, and this store"
                    " has no salt: set THIDUA_ID_SALT"
                )
            hashed = id_hash(salt, command.national_id)
            command = command.model_copy(
                update={"national_id": None, "id_hash": hashed}
            )
        stream_id = person_id(command.code)
        registered = command
        return self._create(
            stream_id, command, lambda: HolderStream.register(stream_id, registered)
        )

    def _register_collective(self, command: rc.RegisterCollective) -> Receipt:
        stream_id = collective_id(command.code)
        return self._create(
            stream_id, command, lambda: HolderStream.register(stream_id, command)
        )

    def _transfer(self, command: rc.TransferPerson) -> Receipt:
        return self._on_holder("individual", command.code, command)

    def _on_holder_ref(
        self,
        command: rc.ConferTitle
        | rc.RevokeTitle
        | rc.RecordCommendation
        | rc.RevokeCommendation
        | rc.OpenProceeding
        | rc.CloseProceeding,
    ) -> Receipt:
        return self._on_holder(command.holder.kind, command.holder.code, command)

    def _on_holder(self, kind: str, code: str, command: Command) -> Receipt:
        stream_id = holder_id(kind, code)
        return self._change(
            stream_id,
            partial(self._holder_stream, kind, code),
            command,
            HolderStream.execute,
        )

    # Reading holders.
    def _holder_stream(
        self, kind: str, code: str, *, copy: bool = True
    ) -> HolderStream:
        missing = HolderNotFound(
            "nobody is registered as {code}", code=code, value=code
        )
        return cast(HolderStream, self._load(holder_id(kind, code), missing, copy=copy))

    def holder(self, kind: str, code: str) -> Holder | None:
        """A person's or a collective's register, None if not registered."""
        if holder_id(kind, code) not in self.repository:
            return None
        return self._holder_stream(kind, code, copy=False).state

    def people(self) -> dict[str, str]:
        """Every registered person: code → full name. A person's registration
        never changes, so the process keeps those it read and reads only the
        registrations recorded since."""
        known, start = self._people
        found = dict(known)
        events, start = recorded_since(self, start, [EVENTS[PersonRegistered.__name__]])
        for event in events:
            assert isinstance(event, PersonRegistered)
            found[event.code] = event.name
        self._people = (found, start)
        return dict(found)

    def roll(self) -> Roll:
        """Who is posted where and holds what, across the registry, read up to the
        log's last registry event."""
        roll = self._roll = self._roll or Roll()
        events, position = recorded_since(
            self, roll.position, [EVENTS[kind] for kind in KINDS]
        )
        for event in events:
            roll.see(event.originator_id, event)
        roll.position = position
        return roll

    # The history check of proposals and grants.
    def _propose_award(self, command: c.ProposeAward) -> Receipt:
        cycle = self.cycle(command.bloc, command.year)
        recipient, person, _ = self._history_check(
            cycle, command.award, command.recipient, command.person
        )
        update = {"recipient": recipient, "person": person}
        return self._on_award(
            command.model_copy(update=update), awards.decide_propose_award
        )

    def _grant_award(self, command: c.GrantAward) -> Receipt:
        cycle = self.cycle(command.bloc, command.year)
        proposal = cycle.proposals.get(command.proposal or "")
        if proposal is not None and proposal.status == "proposed":
            self._history_check(
                cycle, proposal.award, proposal.recipient, proposal.person, proposal.id
            )
        elif command.award is not None and command.recipient is not None:
            recipient, person, _ = self._history_check(
                cycle, command.award, command.recipient, command.person
            )
            command = command.model_copy(
                update={"recipient": recipient, "person": person}
            )
        return self._on_award(command, awards.decide_grant_award)

    def _on_award(
        self,
        command: TCommand,
        decide: Callable[[CycleState, TCommand], list[Event]],
    ) -> Receipt:
        def record(stream: Cycle, command: TCommand) -> None:
            stream.record(decide(stream.state, command))

        cycle_command = cast(c.CycleCommand, command)
        bloc, year = cycle_command.bloc, cycle_command.year
        return self._change(
            cycle_id(bloc, year),
            partial(self.cycle_stream, bloc, year),
            command,
            record,
        )

    def _history_check(
        self,
        cycle: CycleState,
        award: str,
        recipient: Recipient,
        person: str | None,
        proposal: str | None = None,
    ) -> tuple[Recipient, str | None, Verdict | None]:
        """The recipient as registered, their person code, and the verdict on
        their history; refused if the history does not allow the award."""
        rules = cycle.rulebook
        holder = self._recipient_holder(cycle, recipient, person)
        if holder is None and not needs_history(rules, award):
            return recipient, None, None  # as before the registry
        if holder is not None and holder.kind == "individual":
            if recipient.unit not in holder.units_in(cycle.year):
                raise WrongUnit(
                    "{name} is not in {unit} in {year} (units: {units})",
                    name=holder.label(),
                    unit=recipient.unit,
                    year=cycle.year,
                    units=", ".join(sorted(holder.units_in(cycle.year))) or "none",
                    value=recipient.unit,
                )
            recipient = recipient.model_copy(update={"name": holder.name})
        name = recipient.name or cycle.roster.get(recipient.unit, recipient.unit)
        title = rules.title(award)
        code = holder.code if holder and holder.kind == "individual" else None
        roll = self.roll() if code else None
        also = active_for(cycle, recipient, proposal, person=code, roll=roll)
        counts = members = None
        if title is not None and title.share_of is not None:
            counts = quota_counts(
                self.roll(),
                cycle,
                award,
                title.share_of,
                recipient=recipient,
                person=code,
                proposal=proposal,
            )
        if title is not None and title.members and holder is not None:
            members = member_counts(cycle, self.roll(), title, holder)
        verdict = judge(
            rules,
            award,
            cycle.year,
            holder,
            name=name,
            also=also,
            counts=counts,
            members=members,
        )
        refuse(verdict)
        return recipient, code, verdict

    def _recipient_holder(
        self, cycle: CycleState, recipient: Recipient, person: str | None
    ) -> Holder | None:
        if recipient.kind == "collective":
            whole = recipient.name in (None, cycle.roster.get(recipient.unit))
            return self.holder("collective", recipient.unit) if whole else None
        if person is None:
            assert recipient.name is not None
            person = the_one(recipient.name, self.people())
            if person is None:
                return None
        found = self.holder("individual", person)
        if found is None:
            raise HolderNotFound(
                "nobody is registered as {code}", code=person, value=person
            )
        return found


def registry_use_cases() -> list[tuple[type[Command], Callable[[Any, Any], Receipt]]]:
    """The registry's entries of the application's table of use cases."""
    return [
        (rc.RegisterPerson, RegistryDesk._register_person),
        (rc.RegisterCollective, RegistryDesk._register_collective),
        (rc.TransferPerson, RegistryDesk._transfer),
        (rc.ConferTitle, RegistryDesk._on_holder_ref),
        (rc.RevokeTitle, RegistryDesk._on_holder_ref),
        (rc.RecordCommendation, RegistryDesk._on_holder_ref),
        (rc.RevokeCommendation, RegistryDesk._on_holder_ref),
        (rc.OpenProceeding, RegistryDesk._on_holder_ref),
        (rc.CloseProceeding, RegistryDesk._on_holder_ref),
        (c.ProposeAward, RegistryDesk._propose_award),
        (c.GrantAward, RegistryDesk._grant_award),
    ]
