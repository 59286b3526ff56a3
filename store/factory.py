"""The library's PostgreSQL infrastructure, with every session's timeouts set as it
connects (store/timeouts.py) and at most two connections a process."""

from __future__ import annotations

from typing import Any

from eventsourcing.postgres import PostgresFactory

from .timeouts import postgres_options


class Factory(PostgresFactory):
    def __init__(self, env: Any) -> None:
        super().__init__(env)
        # The pool opens on first use: its connections all get the options.
        kwargs = self.datastore.pool.kwargs
        assert isinstance(kwargs, dict)
        kwargs["options"] = postgres_options()
