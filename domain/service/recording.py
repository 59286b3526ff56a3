"""The one path every command takes: load the stream, judge, record, report.

Loading and batches are in streams.py, the envelope in envelope.py, the receipt in
receipt.py.

A command that loses an optimistic-concurrency race is judged again against the new
state, so it is applied once or refused for a domain reason, never lost or doubled.
"""

from __future__ import annotations

import contextlib
import random
import time
from collections.abc import Callable, Mapping
from typing import TypeVar
from uuid import UUID

from eventsourcing.persistence import IntegrityError, OperationalError

from thidua.domain.base import Command, Event, Stream
from thidua.domain.errors import AlreadyExists, ThiduaError
from thidua.domain.service.envelope import seal_pending
from thidua.domain.service.loading import (
    fold_into_cache,
)
from thidua.domain.service.receipt import (
    ConcurrencyExhausted,
    Receipt,
    label,
)
from thidua.domain.service.signing import Signer, check_signer
from thidua.domain.service.streams import Streams

TCommand = TypeVar("TCommand", bound=Command)
TStream = TypeVar("TStream", bound=Stream)

ATTEMPTS = 30
HOT_FOR = 30.0  # seconds a stream counts as busy after a collision


class _Collided(Exception):
    """The one optimistic try lost its race."""


class Recording(Streams):
    """Judging commands on their streams, recording what they decide, and judging
    them again when another process appended first."""

    # Set by the caller holding an actor's private key: events are then signed.
    signer: Signer | None = None
    # Chooses a signer for a command that comes without one (the demo's store
    # signs with its public demo keys: cli/demo_authority.py); None signs nothing.
    signer_for: Callable[[Command], Signer | None] | None = None
    # The database login every event records as appending it, where the store has
    # logins (store/guards.py); None in memory and on SQLite.
    login: str | None = None

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        super().__init__(env)
        # Commands judged again because another process appended first (or held
        # SQLite's lock): what a soak run reports.
        self.collisions = 0
        # Holds one stream for one command across processes, where the store can
        # (store/locks.py): optimistic retries alone starve a slow process on a busy
        # stream. A process takes it on a stream where it has just collided, for
        # HOT_FOR seconds, and then loads the stream up to date under it.
        self.stream_lock: (
            Callable[[UUID], contextlib.AbstractContextManager[None]] | None
        ) = None
        self._hot: dict[UUID, float] = {}
        # Set by the store: whether a failed append only waited for another
        # process's lock, so it is judged again. The domain cannot read the
        # drivers' codes.
        self.is_lock_wait: Callable[[BaseException], bool] = lambda _error: False

    def _change(
        self,
        stream_id: UUID,
        loader: Callable[..., TStream],
        command: TCommand,
        method: Callable[[TStream, TCommand], None],
    ) -> Receipt:
        if self._batch is not None or self.stream_lock is None:
            return self._judge(loader, command, method)
        if time.monotonic() - self._hot.get(stream_id, -HOT_FOR) >= HOT_FOR:
            try:
                return self._judge(loader, command, method, tries=1)
            except _Collided:
                # Others work on this stream now: take turns with them for a while.
                self._hot[stream_id] = time.monotonic()
        with self.stream_lock(stream_id):
            self._held = True
            try:
                return self._judge(loader, command, method)
            finally:
                self._held = False

    def _judge(
        self,
        loader: Callable[..., TStream],
        command: TCommand,
        method: Callable[[TStream, TCommand], None],
        *,
        tries: int = ATTEMPTS,
    ) -> Receipt:
        """Load with `loader(copy=…)`, judge with `method`, record; again if beaten.

        The first try judges the stream this process keeps, as it is. The command
        records on a draft of it (Stream.draft), which replaces it once saved: a
        refusal or a lost race leaves the kept stream as it was, with nothing to
        undo. After a collision each further try judges the kept stream brought up
        to date (`copy=True` loads it so), so a busy stream costs the loser only
        the events it missed, not a whole reload, and it is not starved by faster
        neighbours.
        """
        attempt = 0
        afresh = careful = False
        while attempt < ATTEMPTS:
            with self._lock:
                kept = loader(copy=careful)
                if command.command_id in kept.commands:
                    return self._already_applied(kept, command)
                stream, first = kept.draft(), len(kept.pending_events)
                try:
                    method(stream, command)
                    receipt = self._save(stream, command, first=first)
                    if self._batch is None and self.repository.cache is not None:
                        self.repository.cache.put(stream.id, stream)  # now current
                    return receipt
                except IntegrityError:
                    # Another operator appended first: judge again on fresh state.
                    self.collisions += 1
                    careful = self._batch is None
                except OperationalError as error:
                    self.collisions += 1
                    careful = self._batch is None
                    if not self.is_lock_wait(error):
                        raise
                    # Another process holds SQLite's write lock past the busy timeout.
                except ThiduaError:
                    if self._batch is None and not afresh:
                        # The kept stream may be behind the store: only a refusal
                        # of the stream as stored counts.
                        afresh = careful = True
                        continue
                    self._batch_refused = self._batch is not None
                    raise
                except BaseException:
                    self._batch_refused = self._batch is not None
                    raise
            attempt += 1
            if attempt == tries < ATTEMPTS:
                raise _Collided
            # A random pause, growing with each collision, keeps the processes that
            # collided from colliding again in step (exponential backoff with
            # jitter); under the stream lock it gives the others time to collide
            # too, and from then on wait their turn.
            time.sleep(random.uniform(0, min(0.2, 0.002 * 2**attempt)))
        raise ConcurrencyExhausted(
            "command {command_id} lost {ATTEMPTS} races for its stream; retry it",
            command_id=command.command_id,
            ATTEMPTS=ATTEMPTS,
        )

    def _create(
        self, stream_id: UUID, command: Command, make: Callable[[], Stream]
    ) -> Receipt:
        for _ in range(2):
            with self._lock, self._refusals_abandon_the_batch():
                if self._batch and stream_id in self._batch:
                    raise AlreadyExists(
                        "{what} already exists",
                        what=label(self._batch[stream_id]),
                    )
                if stream_id in self.repository:
                    fold_into_cache(self, stream_id)  # not a snapshot's command ids
                    existing: Stream = self.repository.get(stream_id)
                    if command.command_id in existing.commands:
                        return self._already_applied(existing, command)
                    raise AlreadyExists("{what} already exists", what=label(existing))
                try:
                    return self._save(make(), command)
                except IntegrityError:
                    continue  # created concurrently: report it as it now stands
        raise ConcurrencyExhausted(
            "command {command_id} could not be applied", command_id=command.command_id
        )

    def _save(self, stream: Stream, command: Command, *, first: int = 0) -> Receipt:
        """Record what the command added to the stream (from pending event `first`:
        a batch's earlier commands added those before), sealed in new copies
        chained to the stream's head."""
        if self.signer is not None:
            check_signer(self.keys(), command, self.signer)
        events = seal_pending(stream, first, self.signer)
        names = tuple(type(e).__name__ for e in events)
        created = tuple(
            e.record_id
            for e in events
            if isinstance(e, Event) and e.record_id is not None
        )
        if self._batch is not None:
            self._batch[stream.id] = stream
            position = None
        else:
            recordings = self.save(stream)
            position = recordings[-1].notification.id if recordings else None
        return Receipt(
            command_id=command.command_id,
            stream=label(stream),
            version=stream.version,
            events=names,
            position=position,
            created=created,
        )

    def _already_applied(self, stream: Stream, command: Command) -> Receipt:
        return Receipt(
            command_id=command.command_id,
            stream=label(stream),
            version=stream.version,
            events=(),
            position=None,
            already_applied=True,
        )
