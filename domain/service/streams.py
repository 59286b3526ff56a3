"""The streams a process keeps: loading them (from the cache, the store or an open
batch), dropping a stream the store has moved past, and batches of commands
recorded in one transaction."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator, Mapping
from typing import Any
from uuid import UUID

from eventsourcing.application import (
    AggregateNotFoundError,
    Application,
    ProcessingEvent,
)
from eventsourcing.persistence import IntegrityError, Recording

from thidua.domain.base import Stream
from thidua.domain.errors import ThiduaError
from thidua.domain.keyring import KEYRING_ID, Keyring
from thidua.domain.service.loading import (
    UNFOLDABLE,
    fold,
    fold_into_cache,
    project,
    unreadable,
)
from thidua.domain.service.receipt import BatchAbandoned, ConcurrencyExhausted


class Streams(Application[UUID]):
    """Loading the streams commands are judged on, and batches of commands."""

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        super().__init__(env)
        # A command's kept stream is the cached one itself (a copy per command
        # would cost more than the rest of the command), and the cache takes the
        # draft a command records on: one thread at a time does either.
        self._lock = threading.RLock()
        # Streams changed by the commands of an open batch, not yet recorded.
        self._batch: dict[UUID, Stream] | None = None
        self._batch_refused = False
        # Whether this process holds a stream's lock across processes: then the
        # stream is loaded up to date (recording.py).
        self._held = False

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
            # The drafts its commands recorded on (Stream.draft): the kept streams
            # stay as they were until the store has the whole batch.
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
                    if self.repository.cache is not None:
                        for stream in streams.values():
                            self.repository.cache.put(stream.id, stream)
            finally:
                self._batch = None

    def save(self, *streams: Any, **kwargs: Any) -> list[Recording[UUID]]:
        """The library's save, collecting a stream's events without its two runtime
        protocol checks (a protocol's isinstance inspects every attribute it names:
        tens of microseconds a save)."""
        processing: ProcessingEvent[UUID] = ProcessingEvent()
        for stream in streams:
            if isinstance(stream, Stream):
                processing.events.extend(stream.collect_events())
                processing.aggregates[stream.id] = stream
            else:
                processing.collect_events(stream)
        processing.saved_kwargs.update(kwargs)
        recordings = self._record(processing)
        self._take_snapshots(processing)
        self._notify(recordings)
        self.notify(processing.events)  # the library's deprecated hook, as it does
        return recordings

    def keys(self) -> dict[str, tuple[str, str]]:
        """Registered keys: key id → (holder, public key)."""
        from thidua.domain.service.authorization import authority_keys

        if KEYRING_ID not in self.repository:
            return authority_keys(self)  # type: ignore[arg-type]
        keyring: Keyring = self.repository.get(KEYRING_ID)
        return {**keyring.keys, **authority_keys(self)}  # type: ignore[arg-type]

    @contextlib.contextmanager
    def _refusals_abandon_the_batch(self) -> Iterator[None]:
        try:
            yield
        except BaseException:
            self._batch_refused = self._batch is not None
            raise

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
                    # A draft the batch holds: commands record on drafts of it.
                    return self._batch[stream_id]
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
