"""One command at a time per stream, across processes, on PostgreSQL.

Commands are judged optimistically and retried when another process appended first.
On a stream many operators work at once, a process whose try takes longer (its first
load, or a copy brought up to date) can lose every race to faster neighbours. An
advisory lock on the stream, held from loading to appending, lets each command in
turn: retries become rare, and nobody starves. SQLite needs none: its write lock
already admits one writer at a time, and its busy timeout makes the others wait.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID


def postgres_stream_lock(datastore: Any) -> Any:
    """A context manager factory: `with lock(stream_id):` holds the stream."""

    @contextmanager
    def hold(stream_id: UUID) -> Iterator[None]:
        # PostgreSQL's advisory keys are signed 64-bit integers.
        key = (stream_id.int >> 64) - (1 << 63)
        with datastore.get_connection() as connection:
            connection.execute("SELECT pg_advisory_lock(%s)", (key,))
            try:
                yield
            finally:
                connection.execute("SELECT pg_advisory_unlock(%s)", (key,))

    return hold
