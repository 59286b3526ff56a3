"""The application service: `handle(command)` finds the command's use case by its
type; each loads, decides, saves and reports.

How a command is loaded, judged, recorded and retried is in recording.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import partial
from typing import Any, ClassVar, TypeVar, cast

from eventsourcing.utils import get_topic

from thidua.domain import awards, covenant, keyring, scoring, voting
from thidua.domain import bloc as blocs
from thidua.domain import commands as c
from thidua.domain.base import Command, Event
from thidua.domain.bloc import Bloc, BlocCreated, BlocState, Departure
from thidua.domain.cycle import Cycle, CycleOpened, CycleState, decide_open
from thidua.domain.errors import BlocNotFound, CycleNotFound, ThiduaError
from thidua.domain.ids import bloc_id, cycle_id
from thidua.domain.keyring import KEYRING_ID, Keyring
from thidua.domain.service import authorization, commendation
from thidua.domain.service.authorization import authorize
from thidua.domain.service.content import ContentStore, Memory
from thidua.domain.service.mapper import PydanticMapper
from thidua.domain.service.receipt import (
    BatchAbandoned,
    ConcurrencyExhausted,
    Receipt,
)
from thidua.domain.service.recording import ATTEMPTS
from thidua.domain.service.registry import RegistryDesk, registry_use_cases
from thidua.domain.service.snapshot import CycleSnapshot
from thidua.domain.topics import EVENTS

__all__ = [
    "ATTEMPTS",
    "BatchAbandoned",
    "ConcurrencyExhausted",
    "Receipt",
    "Thidua",
]

TCommand = TypeVar("TCommand", bound=Command)
TCycleCommand = TypeVar("TCycleCommand", bound=c.CycleCommand)
TBlocCommand = TypeVar("TBlocCommand", c.AddUnit, c.RemoveUnit, c.ConfigureBloc)
BlocDecision = Callable[[BlocState, TBlocCommand], list[Event]]
CycleDecision = Callable[[CycleState, TCycleCommand], list[Event]]
UseCase = Callable[["Thidua", Any], Receipt]

SNAPSHOT_EVERY = 200


class Thidua(RegistryDesk):
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
    # Documents of dossiers by SHA-256; the store sets its own (store/content.py).
    content: ContentStore

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        super().__init__(env)
        self.content = Memory()

    def handle(self, command: Command) -> Receipt:
        """Judge one command and record what it decides: the use case is the one
        the table below gives for the command's type."""
        try:
            use_case = USE_CASES[type(command)]
        except KeyError:
            msg = f"no use case handles {type(command).__qualname__}"
            raise TypeError(msg) from None
        if command.login != self.login:
            # The store's login, never one the command brings (None without logins).
            command = command.model_copy(update={"login": self.login})
        chosen = None
        if self.signer is None and self.signer_for is not None:
            chosen = self.signer_for(command)
        if chosen is not None:  # for this command only
            self.signer = chosen
            try:
                authorize(self, command)
                return use_case(self, command)
            finally:
                self.signer = None
        authorize(self, command)  # signatures and grants (authorization.py)
        return use_case(self, command)

    # The use cases that do more than load a stream and call one method.
    def _register_key(self, command: c.RegisterKey) -> Receipt:
        if KEYRING_ID not in self.repository:
            opened = Keyring.started(keyring.decide_register(None, command))
            return self._save(opened, command)

        def record(stream: Keyring, command: c.RegisterKey) -> None:
            stream.record(keyring.decide_register(stream.state, command))

        missing = ThiduaError("no keyring")
        return self._change(
            KEYRING_ID, partial(self._load, KEYRING_ID, missing), command, record
        )

    def _create_bloc(self, command: c.CreateBloc) -> Receipt:
        return self._create(
            bloc_id(command.bloc),
            command,
            lambda: Bloc.started(blocs.decide_create(command)),
        )

    def _open_cycle(self, command: c.OpenCycle) -> Receipt:
        bloc = self.bloc(command.bloc)
        roster = bloc.roster(command.year)
        return self._create(
            cycle_id(command.bloc, command.year),
            command,
            lambda: Cycle.started(decide_open(command, bloc.name, roster)),
        )

    def _sync_roster(self, command: c.SyncRoster) -> Receipt:
        bloc = self.bloc(command.bloc)
        roster = bloc.roster(command.year)
        departures = {m.unit: Departure.of(m) for m in bloc.memberships if m.left}
        sync = partial(
            covenant.decide_sync_roster, roster=roster, departures=departures
        )
        return self._on_cycle(command, sync)

    def _on_bloc(
        self, command: TBlocCommand, decide: BlocDecision[TBlocCommand]
    ) -> Receipt:
        def record(stream: Bloc, command: TBlocCommand) -> None:
            stream.record(decide(stream.state, command))

        return self._change(
            bloc_id(command.bloc), self._bloc_loader(command.bloc), command, record
        )

    # Reading the write side (operators' status; analysts use the projections).
    def bloc(self, code: str) -> BlocState:
        """The bloc as it stands: an immutable state, the caller's to keep."""
        return self._bloc_stream(code, copy=False, latest=True).state

    def _bloc_stream(
        self, code: str, *, copy: bool = True, latest: bool = False
    ) -> Bloc:
        """The bloc's stream: the caller's own copy unless it is a command's."""
        missing = BlocNotFound("no bloc {code}", code=code, value=code)
        found = self._load(bloc_id(code), missing, copy=copy, latest=latest)
        return cast(Bloc, found)

    def cycle(self, bloc: str, year: int, *, version: int | None = None) -> CycleState:
        """The cycle as it stands, or as of a version: an immutable state, the
        caller's to keep."""
        found = self.cycle_stream(bloc, year, version=version, copy=False, latest=True)
        return found.state

    def cycle_stream(
        self,
        bloc: str,
        year: int,
        *,
        version: int | None = None,
        copy: bool = True,
        latest: bool = False,
    ) -> Cycle:
        """The cycle's stream: the caller's own copy unless it is a command's."""
        missing = CycleNotFound(
            "bloc {bloc} has no cycle for {year}", bloc=bloc, year=year, value=year
        )
        stream_id = cycle_id(bloc, year)
        try:
            found = self._load(
                stream_id, missing, version=version, copy=copy, latest=latest
            )
            return cast(Cycle, found)
        except CycleNotFound:
            self.bloc(bloc)  # an unknown bloc is the better answer
            raise

    def cycle_to_score(self, bloc: str, year: int) -> CycleState:
        """The cycle, for a scoring template: refused once scoring is over."""
        cycle = self.cycle(bloc, year)
        cycle.require_scores_open(doing="write a scoring template")
        return cycle

    def _bloc_loader(self, code: str) -> Callable[..., Bloc]:
        return partial(self._bloc_stream, code)

    def blocs(self) -> list[BlocState]:
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
        self, command: TCycleCommand, decide: CycleDecision[TCycleCommand]
    ) -> Receipt:
        def record(stream: Cycle, command: TCycleCommand) -> None:
            stream.record(decide(stream.state, command))

        return self._change(
            cycle_id(command.bloc, command.year),
            partial(self.cycle_stream, command.bloc, command.year),
            command,
            record,
        )


# The table from a command's type to its use case. Each entry is typed: mypy checks
# that the handler takes that very command.
def _use(
    command_class: type[TCommand], use_case: Callable[[Thidua, TCommand], Receipt]
) -> tuple[type[Command], UseCase]:
    return command_class, use_case


def _bloc(
    command_class: type[TBlocCommand], decide: BlocDecision[TBlocCommand]
) -> tuple[type[Command], UseCase]:
    return command_class, lambda app, command: app._on_bloc(command, decide)


def _cycle(
    command_class: type[TCycleCommand], decide: CycleDecision[TCycleCommand]
) -> tuple[type[Command], UseCase]:
    return command_class, lambda app, command: app._on_cycle(command, decide)


USE_CASES: dict[type[Command], UseCase] = dict(
    [
        # Keys.
        _use(c.RegisterKey, Thidua._register_key),
        # Blocs.
        _use(c.CreateBloc, Thidua._create_bloc),
        _bloc(c.AddUnit, blocs.decide_add_unit),
        _bloc(c.RemoveUnit, blocs.decide_remove_unit),
        _bloc(c.ConfigureBloc, blocs.decide_configure),
        # Cycles: roster, leads, covenant.
        _use(c.OpenCycle, Thidua._open_cycle),
        _use(c.SyncRoster, Thidua._sync_roster),
        _cycle(c.AssignLeads, covenant.decide_assign_leads),
        _cycle(c.SignCovenant, covenant.decide_sign_covenant),
        _cycle(c.RegisterTargets, covenant.decide_register_targets),
        _cycle(c.CloseCovenant, covenant.decide_close_covenant),
        # Scoring.
        _cycle(c.SubmitScores, scoring.decide_submit_scores),
        _cycle(c.AssessScores, scoring.decide_assess_scores),
        _cycle(c.AdjustScore, scoring.decide_adjust_score),
        _cycle(c.CloseScoring, scoring.decide_close_scoring),
        # Voting.
        _cycle(c.OpenVote, voting.decide_open_vote),
        _cycle(c.CastVote, voting.decide_cast_vote),
        _cycle(c.CloseVote, voting.decide_close_vote),
        # Awards.
        _cycle(c.DeclineProposal, awards.decide_decline_proposal),
        _cycle(c.RevokeAward, awards.decide_revoke_award),
        _cycle(c.RecordProceeding, awards.decide_record_proceeding),
        _cycle(c.CloseCycle, covenant.decide_close),
        # People, collectives, titles, and the history check of awards.
        *registry_use_cases(),
    ]
)
USE_CASES.update(authorization.USE_CASES)  # the key authority's
# Dossiers, the council's sessions and decisions (domain/commendation/).
USE_CASES.update(commendation.USE_CASES)
