"""The one path every command takes: load the stream, judge, record, report.

A command that loses an optimistic-concurrency race is judged again against the new
state, so it is applied once or refused for a domain reason, never lost or doubled.
"""

from __future__ import annotations

import contextlib
import random
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from copy import deepcopy as copy_of
from dataclasses import dataclass
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, OperationalError

from thidua.domain import commands as c
from thidua.domain.base import Command, Event, Stream
from thidua.domain.bloc import Bloc
from thidua.domain.cycle import Cycle
from thidua.domain.errors import AlreadyExists, ThiduaError
from thidua.domain.keyring import KEYRING_ID, Keyring
from thidua.domain.service.envelope import seal_pending
from thidua.domain.service.loading import UNFOLDABLE, fold, fold_into_cache, unreadable
from thidua.domain.service.signing import SignatureRefused, Signer

TCommand = TypeVar("TCommand", bound=Command)
TStream = TypeVar("TStream", bound=Stream)

ATTEMPTS = 30
HOT_FOR = 30.0  # seconds a stream counts as busy after a collision


class _Collided(Exception):
    """The one optimistic try lost its race."""


@dataclass(frozen=True)
class Receipt:
    """What a command did: the stream it changed, the events appended, its position."""

    command_id: str
    stream: str
    version: int
    events: tuple[str, ...]
    position: int | None
    already_applied: bool = False
    # Ids of the records the command made (an award A8, a proposal P2).
    created: tuple[str, ...] = ()


class BatchAbandoned(ThiduaError):
    """Raised when a batch ends after one of its commands was refused."""

    rule = "batch"


class ConcurrencyExhausted(ThiduaError):
    """Raised when a command kept losing the race for a stream and was not applied."""

    rule = "concurrency"


def project(stream: Stream | None, events: Iterable[Any]) -> Stream | None:
    """Apply stored events in order: the library's projector, without its per-event
    protocol check, which costs more than applying most of our events."""
    for event in events:
        stream = event.mutate(stream)
    return stream


class Recording(Application[UUID]):
    """Loading streams, recording what commands add to them, batches and retries."""

    # Set by the caller holding an actor's private key: events are then signed.
    signer: Signer | None = None

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        super().__init__(env)
        # Commands change the cached stream itself (a copy per command would cost
        # more than the rest of the command), so one thread at a time uses it.
        self._lock = threading.RLock()
        # Streams changed by the commands of an open batch, not yet recorded.
        self._batch: dict[UUID, Stream] | None = None
        self._batch_refused = False
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
        self._held = False
        self._hot: dict[UUID, float] = {}
        # Set by the store: whether a failed append only waited for another
        # process's lock, so it is judged again. The domain cannot read the
        # drivers' codes.
        self.is_lock_wait: Callable[[BaseException], bool] = lambda _error: False

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Judge each command as it comes; record them all in one transaction at the
        end. An import is then all or nothing, and a bulk load costs one commit.

        A command refused inside the batch abandons all of it, even if the caller
        catches the refusal and goes on.
        """
        with self._lock:
            if self._batch is not None:
                raise RuntimeError("batches do not nest")
            self._batch, self._batch_refused = {}, False
            streams = self._batch
            try:
                yield
                if self._batch_refused:
                    raise BatchAbandoned(
                        "a command of the batch was refused; nothing was recorded"
                    )
                self._batch = None
                if streams:
                    try:
                        self.save(*streams.values())
                    except IntegrityError:
                        raise ConcurrencyExhausted(
                            "another operator recorded on a stream of the batch while"
                            " it ran; nothing was recorded: run it again"
                        ) from None
            except BaseException:
                for stream in streams.values():
                    self._forget(stream)
                raise
            finally:
                self._batch = None

    def keys(self) -> dict[str, tuple[str, str]]:
        """Registered keys: key id → (holder, public key)."""
        if KEYRING_ID not in self.repository:
            return {}
        keyring: Keyring = self.repository.get(KEYRING_ID)
        return dict(keyring.keys)

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

        The first try judges the stream this process keeps, as it is. After a
        collision the kept stream stays clean: each further try judges a copy of it
        brought up to date, so a busy stream costs the loser only the events it
        missed, not a whole reload, and it is not starved by faster neighbours.
        """
        attempt = 0
        afresh = careful = False
        while attempt < ATTEMPTS:
            with self._lock:
                stream = loader(copy=careful)
                if command.command_id in stream.commands:
                    return self._already_applied(stream, command)
                first = len(stream.pending_events)
                try:
                    method(stream, command)
                    receipt = self._save(stream, command, first=first)
                    if careful and self.repository.cache is not None:
                        self.repository.cache.put(stream.id, stream)  # now current
                    return receipt
                except IntegrityError:
                    # Another operator appended first: judge again on fresh state.
                    self._forget_unless_copy(stream, careful)
                    self.collisions += 1
                    careful = self._batch is None
                except OperationalError as error:
                    self._forget_unless_copy(stream, careful)
                    self.collisions += 1
                    careful = self._batch is None
                    if not self.is_lock_wait(error):
                        raise
                    # Another process holds SQLite's write lock past the busy timeout.
                except ThiduaError:
                    self._forget_unless_copy(stream, careful)
                    if self._batch is None and not afresh:
                        # The kept stream may be behind the store: only a refusal
                        # of the stream as stored counts.
                        afresh = True
                        continue
                    self._batch_refused = self._batch is not None
                    raise
                except BaseException:
                    # A refused command may have changed the stream before refusing.
                    self._forget_unless_copy(stream, careful)
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

    def _forget_unless_copy(self, stream: Stream, copy: bool) -> None:
        if not copy:
            self._forget(stream)  # the kept stream itself was changed

    def _create(
        self, stream_id: UUID, command: Command, make: Callable[[], Stream]
    ) -> Receipt:
        for _ in range(2):
            with self._lock, self._refusals_abandon_the_batch():
                if self._batch and stream_id in self._batch:
                    raise AlreadyExists(
                        "{what} already exists",
                        what=self._label(self._batch[stream_id]),
                    )
                if stream_id in self.repository:
                    fold_into_cache(self, stream_id)  # not a snapshot's command ids
                    existing: Stream = self.repository.get(stream_id)
                    if command.command_id in existing.commands:
                        return self._already_applied(existing, command)
                    raise AlreadyExists(
                        "{what} already exists", what=self._label(existing)
                    )
                try:
                    return self._save(make(), command)
                except IntegrityError:
                    continue  # created concurrently: report it as it now stands
        raise ConcurrencyExhausted(
            "command {command_id} could not be applied", command_id=command.command_id
        )

    @contextlib.contextmanager
    def _refusals_abandon_the_batch(self) -> Iterator[None]:
        try:
            yield
        except BaseException:
            self._batch_refused = self._batch is not None
            raise

    def _save(
        self,
        stream: Stream,
        command: Command,
        *,
        first: int = 0,
    ) -> Receipt:
        """Record what the command added to the stream (from pending event `first`),
        sealed in new copies chained to the stream's head."""
        if self.signer is not None:
            self._check_signer(command, self.signer)
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
            stream=self._label(stream),
            version=stream.version,
            events=names,
            position=position,
            created=created,
        )

    def _check_signer(self, command: Command, signer: Signer) -> None:
        holder = self.keys().get(signer.key_id, (None, ""))[0]
        registering = isinstance(command, c.RegisterKey) and (
            command.public_key == signer.public_key
        )
        if holder != command.actor.name and not registering:
            raise SignatureRefused(
                (
                    "key {key} is not registered to {actor} but to {holder};"
                    " register it first with 'thidua keys register'"
                    if holder
                    else "key {key} is not registered to {actor};"
                    " register it first with 'thidua keys register'"
                ),
                key=signer.key_id,
                actor=command.actor.name,
                holder=holder,
                value=signer.key_id,
            )

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
            return f"cycle {stream.state.ref}"
        if isinstance(stream, Keyring):
            return "keyring"
        assert isinstance(stream, Bloc)
        return f"bloc {stream.state.code}"

    def _load(
        self,
        stream_id: UUID,
        missing: ThiduaError,
        *,
        version: int | None = None,
        copy: bool = True,
        latest: bool = False,
    ) -> Any:
        """The stream: a copy, or the kept one; a command's kept stream as this
        process last saw it, unless `latest` asks the store what others added."""
        try:
            with self._lock:
                if version is None and self._batch and stream_id in self._batch:
                    stream = self._batch[stream_id]
                    return copy_of(stream) if copy else stream
                shortcut = version is None and not (copy or latest or self._held)
                if shortcut and self.repository.cache:
                    # A command judges the kept stream as it is, without asking the
                    # store what others appended since: if they did, its append
                    # collides with theirs, and `_change` judges it again afresh.
                    with contextlib.suppress(KeyError):
                        return self.repository.cache.get(stream_id)
                if version is None and not fold_into_cache(self, stream_id):
                    return fold(self, stream_id)
                return self.repository.get(
                    stream_id,
                    version=version,
                    projector_func=project,
                    deepcopy_from_cache=copy,
                )
        except AggregateNotFoundError:
            raise missing from None
        except UNFOLDABLE as error:
            raise unreadable(stream_id, missing, error) from None

    def _forget(self, stream: Stream) -> None:
        """Drop a stream from the cache: the next load reads it from the store."""
        if self.repository.cache is not None:
            with contextlib.suppress(KeyError):
                self.repository.cache.get(stream.id, evict=True)
