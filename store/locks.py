"""One command at a time per stream, across processes, on PostgreSQL.

Commands are judged optimistically and retried when another process appended first.
On a stream many operators work at once, a process whose try takes longer (its first
load, or a copy brought up to date) can lose every race to faster neighbours. A lock
on the stream, held from loading to appending, lets each command in turn: retries
become rare, and nobody starves. SQLite needs none: its write lock already admits one
writer at a time, and its busy timeout makes the others wait.

The lock is a row of the heads table taken FOR UPDATE, which needs the right to
update that table: the writer role has it, the reader role does not, so an auditor's
session cannot stall the operators (an advisory lock is open to every session). The
wait is bounded by the session's lock_timeout (store/timeouts.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID


def postgres_stream_lock(datastore: Any, heads: str) -> Any:
    """A context manager factory: `with lock(stream_id):` holds the stream."""

    @contextmanager
    def hold(stream_id: UUID) -> Iterator[None]:
        with datastore.transaction(commit=True) as cursor:
            cursor.execute(
                f"INSERT INTO {heads} (stream) VALUES (%s) ON CONFLICT DO NOTHING",
                (stream_id,),
            )
            cursor.execute(
                f"SELECT 1 FROM {heads} WHERE stream = %s FOR UPDATE", (stream_id,)
            )
            yield

    return hold
