"""Stores pydantic events with `eventsourcing` (9.5.6 has no pydantic mapper).

An event class may set `class_version: ClassVar[int] = N` and static methods
`upcast_vK_vK1(state)`; older stored events are upcast before validation.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.persistence import (
    JSONTranscoder,
    Mapper,
    MapperDeserialisationError,
    StoredEvent,
)
from eventsourcing.utils import resolve_topic
from pydantic import BaseModel, ValidationError

from thidua.domain.auditor.sorted_json import compact_json
from thidua.domain.types import STORED


def upcast(event_class: type[Any], state: dict[str, Any]) -> dict[str, Any]:
    """Bring a stored document of an older class version up to the current one."""
    version = state.pop("class_version", 1)
    while version < getattr(event_class, "class_version", 1):
        getattr(event_class, f"upcast_v{version}_v{version + 1}")(state)
        version += 1
    return state


def pinned_topic(cls: type[Any]) -> str:
    """The topic a class is stored under, pinned in domain/topics.py; never the one
    its module path would give, so that a class can move."""
    topic = getattr(cls, "TOPIC", None)
    if not topic:
        msg = f"{cls.__qualname__} has no pinned topic: add it to domain/topics.py"
        raise TypeError(msg)
    return str(topic)


class PydanticMapper(Mapper[UUID]):
    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        assert isinstance(domain_event, BaseModel)
        if hasattr(domain_event, "stored_document"):
            state = domain_event.stored_document()  # made when the event was hashed
        else:
            state = domain_event.model_dump(
                mode="json", exclude={"originator_id", "originator_version"}
            )
        class_version = getattr(type(domain_event), "class_version", 1)
        if class_version > 1:
            state["class_version"] = class_version
        if type(self.transcoder) is JSONTranscoder:
            # The library's transcoder's bytes, by orjson where provably the same.
            stored = compact_json(state, self.transcoder.encode)
        else:
            stored = self.transcoder.encode(state)
        if self.compressor:
            stored = self.compressor.compress(stored)
        if self.cipher:
            stored = self.cipher.encrypt(stored)
        return StoredEvent(
            originator_id=domain_event.originator_id,  # type: ignore[attr-defined]
            originator_version=domain_event.originator_version,  # type: ignore[attr-defined]
            topic=pinned_topic(type(domain_event)),
            state=stored,
        )

    def document(self, stored_event: StoredEvent) -> dict[str, Any]:
        """The event's fields as stored: deciphered, decompressed, decoded."""
        stored = stored_event.state
        if self.cipher:
            stored = self.cipher.decrypt(stored)
        if self.compressor:
            stored = self.compressor.decompress(stored)
        state: dict[str, Any] = self.transcoder.decode(stored)
        return state

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        return self.from_document(stored_event, self.document(stored_event))

    def from_document(self, stored_event: StoredEvent, state: dict[str, Any]) -> Any:
        """The domain event of a stored event whose document is decoded already
        (the auditor's): the dictionary becomes the event's, so pass a copy."""
        event_class = resolve_topic(stored_event.topic)
        state = upcast(event_class, state)
        state["originator_id"] = stored_event.originator_id
        state["originator_version"] = stored_event.originator_version
        try:
            # What was recorded loads as it was, whatever today's input rules say.
            return event_class.model_validate(state, context={STORED: True})
        except ValidationError as error:
            msg = (
                f"stored event {stored_event.originator_id} v"
                f"{stored_event.originator_version} ({stored_event.topic}) does not"
                f" validate: {error}"
            )
            raise MapperDeserialisationError(msg) from error
