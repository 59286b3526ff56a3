"""When things happened, read from stored documents: for `audit replay --as-of`.

Every event is recorded at a moment (`timestamp`, UTC, the recording clock's), and
may say when its fact happened (`occurred_at`: a day, or a moment with its offset,
as the operator gave it). Without one, the fact happened when it was recorded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any, Literal

By = Literal["occurred", "recorded"]
BY: tuple[By, ...] = ("occurred", "recorded")


def when(document: Mapping[str, Any], by: By) -> date | datetime:
    """When the event's fact happened, or when it was recorded."""
    text = document.get("occurred_at") if by == "occurred" else None
    if text is None:
        return datetime.fromisoformat(document["timestamp"])
    return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)


def by_then(value: date | datetime, moment: datetime) -> bool:
    """Whether it had happened by the moment; a day counts from its start, read in
    the moment's own offset."""
    if isinstance(value, datetime):
        return value <= moment
    return value <= moment.date()


def version_as_of(
    documents: Sequence[Mapping[str, Any]], moment: datetime, by: By
) -> int:
    """How many of a stream's events (in order) stood at the moment: by recording
    time, those recorded by then; by time of fact, the longest run of events from
    the first whose facts had all happened by then (a fact entered late, after
    others it follows, waits for them). 0 when none did."""
    if by == "recorded":
        done = [
            n for n, doc in enumerate(documents, 1) if by_then(when(doc, by), moment)
        ]
        return max(done, default=0)
    version = 0
    for doc in documents:
        if not by_then(when(doc, by), moment):
            break
        version += 1
    return version
