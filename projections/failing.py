"""What a catch-up or a rebuild says as it goes and when a read model fails, the
same from the command's own process and from a rebuild's workers (workers.py)."""

from __future__ import annotations

from collections.abc import Callable

from .base import EventFailed

Progress = Callable[[int, int], None]


def describe_failure(projection: str, failure: EventFailed) -> str:
    """A read model's failure as one line, the same wherever it folded."""
    change = failure.change
    return (
        f"read model {projection} stopped at event {change.position}"
        f" ({change.kind}, stream {change.stream} version {change.version}):"
        f" {type(failure.error).__name__}: {failure.error}"
    )
