"""Loading a stream to decide on: from its events alone, and refused in one line
when its stored rows cannot be folded.

The current state that commands are judged on never starts from a snapshot: a
snapshot is written by the same role as the events, and one with the right head
hash but a forged state (a command id added, a member invented) must decide
nothing. Snapshots still speed up replays as of a version, which check them
against the chain, and `audit verify` reports any that disagree with the events.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import MapperDeserialisationError

from thidua.domain.errors import StreamUnreadable, ThiduaError

if TYPE_CHECKING:
    from eventsourcing.application import Application

    from thidua.domain.base import Stream

# What folding a stream raises when its stored rows break what events may hold.
UNFOLDABLE = (
    MapperDeserialisationError,
    KeyError,
    ValueError,
    TypeError,
    ArithmeticError,
)


def project(stream: Stream | None, events: Iterable[Any]) -> Stream | None:
    """Apply stored events in order: the library's projector, without its per-event
    protocol check, which costs more than applying most of our events."""
    for event in events:
        stream = event.mutate(stream)
    return stream


def fold(app: Application[UUID], stream_id: UUID) -> Stream:
    """The stream folded from its stored events alone, ignoring any snapshot."""
    stream = project(None, app.events.get(stream_id))
    if stream is None:
        raise AggregateNotFoundError(stream_id)
    return stream


def fold_into_cache(app: Application[UUID], stream_id: UUID) -> bool:
    """Put the stream, folded from its events alone, into the cache unless it is
    there already (then it is kept up to date from events); False if no cache."""
    cache = app.repository.cache
    if cache is None:
        return False
    with contextlib.suppress(KeyError):
        cache.get(stream_id)
        return True
    cache.put(stream_id, fold(app, stream_id))
    return True


def unreadable(
    stream_id: UUID, missing: ThiduaError, error: BaseException
) -> StreamUnreadable:
    """The refusal to decide on rows written past the engine (by hand, by an
    insider) that do not validate or do not apply."""
    params = missing.params
    if "year" in params:
        stream = f"cycle {params['bloc']}/{params['year']}"
    else:
        stream = f"bloc {params['code']}" if "code" in params else str(stream_id)
    return unreadable_stream(stream, error)


def unreadable_stream(stream: str, error: BaseException) -> StreamUnreadable:
    """The refusal of a stream, named as people name it, whose events do not fold:
    the engine's, and the read models' that fold through the domain."""
    return StreamUnreadable(
        "the stored events of {stream} cannot be loaded ({problem}); nothing"
        " is decided on it: run `thidua audit verify --all` to see which"
        " event breaks which rule",
        stream=stream,
        problem=str(error).splitlines()[0][:160],
    )
