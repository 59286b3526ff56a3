"""The envelope of a new event: its place in the hash chain and its signature.

The rules decide events without it. Recording seals each one before it is stored:
the sealed event is a new object, built with its hash (over the stored form, see
docs/integrity.md) and, when the actor holds a key, the signature over that hash;
the decided event is never changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from thidua.domain.auditor.integrity import GENESIS, UNHASHED, event_hash
from thidua.domain.base import DomainEvent, Event, Stream

if TYPE_CHECKING:
    from thidua.domain.service.signing import Signer

TEvent = TypeVar("TEvent", bound=DomainEvent)

__all__ = ["GENESIS", "seal", "seal_pending", "sealed"]


def sealed(event: TEvent, previous: str, signer: Signer | None = None) -> TEvent:
    """The event with its envelope: the hash of its predecessor, its own hash, and
    the signature over it if `signer` is given."""
    document: dict[str, Any] = event.model_dump(
        mode="json",
        exclude={
            "originator_id",
            "originator_version",
            "previous_hash",
            *UNHASHED,
            *event.absent_fields(),
        },
    )
    document["previous_hash"] = previous
    class_version = getattr(type(event), "class_version", 1)
    if class_version > 1:
        document["class_version"] = class_version
    digest = event_hash(
        type(event).__name__, event.originator_id, event.originator_version, document
    )
    envelope: dict[str, Any] = {"previous_hash": previous, "event_hash": digest}
    if signer is not None:
        envelope |= {"signature": signer.sign(digest), "key_id": signer.key_id}
    copy = event.model_copy(update=envelope)
    # The JSON form the hash was taken over, kept with the new copy (a private
    # attribute, not a field), so storing it does not dump it again.
    copy._sealed = document
    return copy


def seal(
    events: Sequence[TEvent], head: str | None, signer: Signer | None = None
) -> list[TEvent]:
    """The events, sealed in order, each chained to the one before; `head` is the
    hash of the stream's last stored event (None for a new stream)."""
    previous = head or GENESIS
    done: list[TEvent] = []
    for event in events:
        copy = sealed(event, previous, signer)
        assert copy.event_hash is not None
        previous = copy.event_hash
        done.append(copy)
    return done


def seal_pending(
    stream: Stream, first: int = 0, signer: Signer | None = None
) -> list[Event]:
    """Seal the stream's pending events from `first` on, in place of the decided
    ones, chained to the stream's head; the sealed events."""
    pending = stream.pending_events
    decided = [e for e in pending[first:] if isinstance(e, Event)]
    done = seal(decided, stream.head_hash, signer)
    pending[first:] = done
    if done:
        stream.head_hash = done[-1].event_hash
    return done
