"""The application service: one method per use case; load, decide, save, report.

A command that loses an optimistic-concurrency race is judged again against the new
state, so it is applied once or refused for a domain reason, never lost or doubled.
"""

from __future__ import annotations

import contextlib
import random
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import partial
from typing import Any, ClassVar, TypeVar, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, OperationalError
from eventsourcing.utils import get_topic

from . import commands as c
from .base import Command, Event, Stream
from .bloc import Bloc, BlocCreated, bloc_id
from .cycle import Cycle, CycleOpened, cycle_id
from .errors import AlreadyExists, BlocNotFound, CycleNotFound, ThiduaError
from .keyring import KEYRING_ID, Keyring
from .mapper import PydanticMapper
from .signing import SignatureRefused, Signer
from .snapshot import CycleSnapshot
from .types import Frozen

TCommand = TypeVar("TCommand", bound=Command)
TStream = TypeVar("TStream", bound=Stream)
TCycleCommand = TypeVar("TCycleCommand", bound=c.CycleCommand)

ATTEMPTS = 30
SNAPSHOT_EVERY = 200


class Receipt(Frozen):
    """What a command did: the stream it changed, the events appended, its position."""

    command_id: str
    stream: str
    version: int
    events: tuple[str, ...]
    position: int | None
    already_applied: bool = False


class ConcurrencyExhausted(ThiduaError):
    """Raised when a command kept losing the race for a stream and was not applied."""

    rule = "concurrency"


def project(stream: Stream | None, events: Iterable[Any]) -> Stream | None:
    """Apply stored events in order: the library's projector, without its per-event
    protocol check, which costs more than applying most of our events."""
    for event in events:
        stream = event.mutate(stream)
    return stream


class Thidua(Application[UUID]):
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

    # Set by the caller holding an actor's private key: events are then signed.
    signer: Signer | None = None

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        super().__init__(env)
        # Commands change the cached stream itself (a copy per command would cost
        # more than the rest of the command), so one thread at a time uses it.
        self._lock = threading.RLock()

    # Keys.
    def register_key(self, command: c.RegisterKey) -> Receipt:
        if KEYRING_ID not in self.repository:
            keyring = Keyring.open(command)
            keyring.register(command)
            return self._save(keyring, command)
        missing = ThiduaError("no keyring")
        return self._change(
            partial(self._load, KEYRING_ID, missing, copy=False),
            command,
            Keyring.register,
        )

    def keys(self) -> dict[str, tuple[str, str]]:
        """Registered keys: key id → (holder, public key)."""
        if KEYRING_ID not in self.repository:
            return {}
        keyring: Keyring = self.repository.get(KEYRING_ID)
        return dict(keyring.keys)

    # Blocs.
    def create_bloc(self, command: c.CreateBloc) -> Receipt:
        return self._create(
            bloc_id(command.bloc), command, lambda: Bloc.create(command)
        )

    def add_unit(self, command: c.AddUnit) -> Receipt:
        return self._change(self._bloc_loader(command.bloc), command, Bloc.add_unit)

    def remove_unit(self, command: c.RemoveUnit) -> Receipt:
        return self._change(self._bloc_loader(command.bloc), command, Bloc.remove_unit)

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
        roster = self.bloc(command.bloc).roster(command.year)
        return self._on_cycle(command, partial(Cycle.sync_roster, roster=roster))

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
        missing = BlocNotFound(f"no bloc {code}", value=code)
        return cast(Bloc, self._load(bloc_id(code), missing, copy=copy))

    def cycle(
        self, bloc: str, year: int, *, version: int | None = None, copy: bool = True
    ) -> Cycle:
        """The cycle's stream: the caller's own copy unless it is a command's."""
        missing = CycleNotFound(f"bloc {bloc} has no cycle for {year}", value=year)
        try:
            return cast(
                Cycle,
                self._load(cycle_id(bloc, year), missing, version=version, copy=copy),
            )
        except CycleNotFound:
            self.bloc(bloc, copy=False)  # an unknown bloc is the better answer
            raise

    def _bloc_loader(self, code: str) -> Callable[[], Bloc]:
        return partial(self.bloc, code, copy=False)

    def blocs(self) -> list[Bloc]:
        return [self.bloc(event.code) for event in self._first_events(BlocCreated)]

    def cycle_years(self, bloc: str) -> list[int]:
        return sorted(e.year for e in self._first_events(CycleOpened) if e.bloc == bloc)

    def _first_events(self, event_class: type[Any]) -> Iterator[Any]:
        start = 0
        while batch := self.recorder.select_notifications(
            start=start,
            limit=500,
            topics=[get_topic(event_class)],
            inclusive_of_start=False,
        ):
            yield from (self.mapper.to_domain_event(n) for n in batch)
            start = batch[-1].id

    # The one path every command takes.
    def _on_cycle(
        self, command: TCycleCommand, method: Callable[[Cycle, TCycleCommand], None]
    ) -> Receipt:
        return self._change(
            partial(self.cycle, command.bloc, command.year, copy=False),
            command,
            method,
        )

    def _change(
        self,
        loader: Callable[[], TStream],
        command: TCommand,
        method: Callable[[TStream, TCommand], None],
    ) -> Receipt:
        for attempt in range(1, ATTEMPTS + 1):
            with self._lock:
                stream = loader()
                if command.command_id in stream.commands:
                    return self._already_applied(stream, command)
                try:
                    method(stream, command)
                    return self._save(stream, command)
                except IntegrityError:
                    # Another operator appended first: judge again on fresh state.
                    self._forget(stream)
                except OperationalError as error:
                    self._forget(stream)
                    if "locked" not in str(error):
                        raise
                    # Another process holds SQLite's write lock past the busy timeout.
                except BaseException:
                    # A refused command may have changed the stream before refusing.
                    self._forget(stream)
                    raise
            # A random pause, growing with each collision, keeps the processes that
            # collided from colliding again in step (exponential backoff with jitter).
            time.sleep(random.uniform(0, min(0.2, 0.002 * 2**attempt)))
        raise ConcurrencyExhausted(
            f"command {command.command_id} lost {ATTEMPTS} races for its stream;"
            " retry it"
        )

    def _create(
        self, stream_id: UUID, command: Command, make: Callable[[], Stream]
    ) -> Receipt:
        for _ in range(2):
            with self._lock:
                if stream_id in self.repository:
                    existing: Stream = self.repository.get(stream_id)
                    if command.command_id in existing.commands:
                        return self._already_applied(existing, command)
                    raise AlreadyExists(f"{self._label(existing)} already exists")
                try:
                    return self._save(make(), command)
                except IntegrityError:
                    continue  # created concurrently: report it as it now stands
        raise ConcurrencyExhausted(f"command {command.command_id} could not be applied")

    def _save(self, stream: Stream, command: Command) -> Receipt:
        names = tuple(type(e).__name__ for e in stream.pending_events)
        if self.signer is not None:
            self._sign(stream, command, self.signer)
        recordings = self.save(stream)
        position = recordings[-1].notification.id if recordings else None
        return Receipt(
            command_id=command.command_id,
            stream=self._label(stream),
            version=stream.version,
            events=names,
            position=position,
        )

    def _sign(self, stream: Stream, command: Command, signer: Signer) -> None:
        holder = self.keys().get(signer.key_id, (None, ""))[0]
        registering = isinstance(command, c.RegisterKey) and (
            command.public_key == signer.public_key
        )
        if holder != command.actor.name and not registering:
            raise SignatureRefused(
                f"key {signer.key_id} is not registered to {command.actor.name}"
                + (f" but to {holder}" if holder else "")
                + "; register it first with 'thidua keys register'",
                value=signer.key_id,
            )
        for event in stream.pending_events:
            # The events are complete and hashed; the signature is their envelope.
            assert isinstance(event, Event)
            assert event.event_hash is not None
            object.__setattr__(event, "signature", signer.sign(event.event_hash))
            object.__setattr__(event, "key_id", signer.key_id)

    def _already_applied(self, stream: Stream, command: Command) -> Receipt:
        return Receipt(
            command_id=command.command_id,
            stream=self._label(stream),
            version=stream.version,
            events=(),
            position=None,
            already_applied=True,
        )

    @staticmethod
    def _label(stream: Stream) -> str:
        if isinstance(stream, Cycle):
            return f"cycle {stream.ref}"
        if isinstance(stream, Keyring):
            return "keyring"
        assert isinstance(stream, Bloc)
        return f"bloc {stream.code}"

    def _load(
        self,
        stream_id: UUID,
        missing: ThiduaError,
        *,
        version: int | None = None,
        copy: bool = True,
    ) -> Any:
        try:
            with self._lock:
                return self.repository.get(
                    stream_id,
                    version=version,
                    projector_func=project,
                    deepcopy_from_cache=copy,
                )
        except AggregateNotFoundError:
            raise missing from None

    def _forget(self, stream: Stream) -> None:
        """Drop a stream from the cache: the next load reads it from the store."""
        if self.repository.cache is not None:
            with contextlib.suppress(KeyError):
                self.repository.cache.get(stream.id, evict=True)
