"""The PostgreSQL recorder: the library's, appending through one database function.

The library appends in a pipeline of statements (lock the table, notify, insert,
commit). Its optional database function does it in one round trip, which nearly
doubles the commands per second, but leaves out the table lock. Without the lock two
appends can commit out of order of their positions, and a follower that has read past
the later one never sees the earlier. Ours (store/appending.py) takes the lock first,
and checks each event against its stream's head and the session's login.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.postgres import PostgresApplicationRecorder
from psycopg.sql import SQL, Identifier

from .appending import events_function
from .names import INSERT_FUNCTION


class Recorder(PostgresApplicationRecorder):
    """Appends with `SELECT thidua_insert_events(…)`: lock, notify, check, insert."""

    def __init__(self, datastore: Any, *, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name=events_table_name)
        schema = Identifier(datastore.schema)
        self.pg_function_name_insert_events = INSERT_FUNCTION
        self.sql_invoke_pg_function_insert_events = SQL(
            "SELECT * FROM {schema}.{function}((%s))"
        ).format(schema=schema, function=Identifier(INSERT_FUNCTION))
        create = events_function(
            datastore.schema,
            self.stored_event_type_name,
            self.events_table_name,
            self.channel_name,
        )
        self.sql_create_statements[self.create_insert_function_statement_index] = create
        self.sql_create_pg_function_insert_events = create
