"""The application service: one method per use case; load, decide, save, report.

How a command is loaded, judged, recorded and retried is in recording.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any, ClassVar, TypeVar, cast

from eventsourcing.utils import get_topic

from . import commands as c
from .base import Event
from .bloc import Bloc, BlocCreated, Departure
from .cycle import Cycle, CycleOpened
from .errors import BlocNotFound, CycleNotFound, ThiduaError
from .ids import bloc_id, cycle_id
from .keyring import KEYRING_ID, Keyring
from .mapper import PydanticMapper
from .recording import (
    ATTEMPTS,
    BatchAbandoned,
    ConcurrencyExhausted,
    Receipt,
    Recording,
)
from .snapshot import CycleSnapshot
from .topics import EVENTS

__all__ = [
    "ATTEMPTS",
    "BatchAbandoned",
    "ConcurrencyExhausted",
    "Receipt",
    "Thidua",
]

TCycleCommand = TypeVar("TCycleCommand", bound=c.CycleCommand)

SNAPSHOT_EVERY = 200


class Thidua(Recording):
    name = "thidua"
    env: ClassVar[dict[str, str]] = {
        "MAPPER_TOPIC": get_topic(PydanticMapper),
        # A long-lived process (an import, a busy operator's session, a benchmark)
        # keeps the streams it works on and reads only what others appended since.
        "AGGREGATE_CACHE_MAXSIZE": "256",
    }
    # A replay as of any version loads the snapshot before it and at most this many
    # events after it.
    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {Cycle: SNAPSHOT_EVERY}
    snapshot_class = CycleSnapshot

    # Keys.
    def register_key(self, command: c.RegisterKey) -> Receipt:
        if KEYRING_ID not in self.repository:
            keyring = Keyring.open(command)
            keyring.register(command)
            return self._save(keyring, command)
        missing = ThiduaError("no keyring")
        return self._change(
            KEYRING_ID,
            partial(self._load, KEYRING_ID, missing),
            command,
            Keyring.register,
        )

    # Blocs.
    def create_bloc(self, command: c.CreateBloc) -> Receipt:
        return self._create(
            bloc_id(command.bloc), command, lambda: Bloc.create(command)
        )

    def add_unit(self, command: c.AddUnit) -> Receipt:
        return self._change(
            bloc_id(command.bloc),
            self._bloc_loader(command.bloc),
            command,
            Bloc.add_unit,
        )

    def remove_unit(self, command: c.RemoveUnit) -> Receipt:
        return self._change(
            bloc_id(command.bloc),
            self._bloc_loader(command.bloc),
            command,
            Bloc.remove_unit,
        )

    def configure_bloc(self, command: c.ConfigureBloc) -> Receipt:
        return self._change(
            bloc_id(command.bloc),
            self._bloc_loader(command.bloc),
            command,
            Bloc.configure,
        )

    # Cycles.
    def open_cycle(self, command: c.OpenCycle) -> Receipt:
        bloc = self.bloc(command.bloc)
        roster = bloc.roster(command.year)
        return self._create(
            cycle_id(command.bloc, command.year),
            command,
            lambda: Cycle.open(command, bloc.name, roster),
        )

    def sync_roster(self, command: c.SyncRoster) -> Receipt:
        bloc = self.bloc(command.bloc)
        roster = bloc.roster(command.year)
        departures = {m.unit: Departure.of(m) for m in bloc.memberships if m.left}
        sync = partial(Cycle.sync_roster, roster=roster, departures=departures)
        return self._on_cycle(command, sync)

    def assign_leads(self, command: c.AssignLeads) -> Receipt:
        return self._on_cycle(command, Cycle.assign_leads)

    def sign_covenant(self, command: c.SignCovenant) -> Receipt:
        return self._on_cycle(command, Cycle.sign_covenant)

    def register_targets(self, command: c.RegisterTargets) -> Receipt:
        return self._on_cycle(command, Cycle.register_targets)

    def close_covenant(self, command: c.CloseCovenant) -> Receipt:
        return self._on_cycle(command, Cycle.close_covenant)

    def submit_scores(self, command: c.SubmitScores) -> Receipt:
        return self._on_cycle(command, Cycle.submit_scores)

    def assess_scores(self, command: c.AssessScores) -> Receipt:
        return self._on_cycle(command, Cycle.assess_scores)

    def adjust_score(self, command: c.AdjustScore) -> Receipt:
        return self._on_cycle(command, Cycle.adjust_score)

    def close_scoring(self, command: c.CloseScoring) -> Receipt:
        return self._on_cycle(command, Cycle.close_scoring)

    def open_vote(self, command: c.OpenVote) -> Receipt:
        return self._on_cycle(command, Cycle.open_vote)

    def cast_vote(self, command: c.CastVote) -> Receipt:
        return self._on_cycle(command, Cycle.cast_vote)

    def close_vote(self, command: c.CloseVote) -> Receipt:
        return self._on_cycle(command, Cycle.close_vote)

    def propose_award(self, command: c.ProposeAward) -> Receipt:
        return self._on_cycle(command, Cycle.propose_award)

    def grant_award(self, command: c.GrantAward) -> Receipt:
        return self._on_cycle(command, Cycle.grant_award)

    def decline_proposal(self, command: c.DeclineProposal) -> Receipt:
        return self._on_cycle(command, Cycle.decline_proposal)

    def revoke_award(self, command: c.RevokeAward) -> Receipt:
        return self._on_cycle(command, Cycle.revoke_award)

    def record_proceeding(self, command: c.RecordProceeding) -> Receipt:
        return self._on_cycle(command, Cycle.record_proceeding)

    def close_cycle(self, command: c.CloseCycle) -> Receipt:
        return self._on_cycle(command, Cycle.close)

    # Reading the write side (operators' status; analysts use the projections).
    def bloc(self, code: str, *, copy: bool = True) -> Bloc:
        """The bloc's stream: the caller's own copy unless it is a command's."""
        missing = BlocNotFound("no bloc {code}", code=code, value=code)
        return cast(Bloc, self._load(bloc_id(code), missing, copy=copy))

    def cycle(
        self, bloc: str, year: int, *, version: int | None = None, copy: bool = True
    ) -> Cycle:
        """The cycle's stream: the caller's own copy unless it is a command's."""
        missing = CycleNotFound(
            "bloc {bloc} has no cycle for {year}", bloc=bloc, year=year, value=year
        )
        try:
            return cast(
                Cycle,
                self._load(cycle_id(bloc, year), missing, version=version, copy=copy),
            )
        except CycleNotFound:
            self.bloc(bloc, copy=False)  # an unknown bloc is the better answer
            raise

    def cycle_to_score(self, bloc: str, year: int) -> Cycle:
        """The cycle, for a scoring template: refused once scoring is over."""
        cycle = self.cycle(bloc, year)
        cycle.require_scores_open(doing="write a scoring template")
        return cycle

    def _bloc_loader(self, code: str) -> Callable[..., Bloc]:
        return partial(self.bloc, code)

    def blocs(self) -> list[Bloc]:
        return [self.bloc(event.code) for event in self._first_events(BlocCreated)]

    def cycle_years(self, bloc: str) -> list[int]:
        return sorted(e.year for e in self._first_events(CycleOpened) if e.bloc == bloc)

    def _first_events(self, event_class: type[Event]) -> Iterator[Any]:
        start = 0
        while batch := self.recorder.select_notifications(
            start=start,
            limit=500,
            topics=[EVENTS[event_class.__name__]],
            inclusive_of_start=False,
        ):
            yield from (self.mapper.to_domain_event(n) for n in batch)
            start = batch[-1].id

    # The one path every command takes.
    def _on_cycle(
        self, command: TCycleCommand, method: Callable[[Cycle, TCycleCommand], None]
    ) -> Receipt:
        return self._change(
            cycle_id(command.bloc, command.year),
            partial(self.cycle, command.bloc, command.year),
            command,
            method,
        )
