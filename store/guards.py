"""Append-only in the database itself: triggers that refuse UPDATE, DELETE, TRUNCATE.

The hash chain catches an alteration after the fact, even by someone who drops these
triggers; the triggers stop the honest mistake and the casual edit before it happens.
"""

from __future__ import annotations

import sqlite3
from typing import Any, Literal

from .names import CONTENT_TABLE, HEADS_TABLE, INSERT_FUNCTION, SNAPSHOT_FUNCTION

StoreKind = Literal["memory", "sqlite", "postgres"]


def store_kind(app: Any) -> StoreKind:
    """Which store the application's recorder writes to."""
    for cls in type(app.recorder).__mro__:
        if cls.__module__ == "eventsourcing.postgres":
            return "postgres"
        if cls.__module__ == "eventsourcing.sqlite":
            pool = app.recorder.datastore.pool
            return "memory" if pool.is_sqlite_memory_mode else "sqlite"
    return "memory"


REFUSAL = "append-only: stored events are never changed or removed"

SNAPSHOTS_REFUSAL = "snapshots are never changed: delete them to have them retaken"
SQLITE_TRIGGERS = [
    *(
        f"CREATE TRIGGER IF NOT EXISTS thidua_append_only_{operation.lower()}"
        f" BEFORE {operation} ON stored_events"
        f" BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
        for operation in ("UPDATE", "DELETE")
    ),
    # Snapshots are a cache of the events: they may be deleted, never edited.
    "CREATE TRIGGER IF NOT EXISTS thidua_snapshots_no_update"
    " BEFORE UPDATE ON stored_snapshots"
    f" BEGIN SELECT RAISE(ABORT, '{SNAPSHOTS_REFUSAL}'); END",
]


def guard_sqlite(path: str) -> None:
    connection = sqlite3.connect(path, timeout=10)
    try:
        # Every command opens the store: look before taking the write lock.
        (present,) = connection.execute(
            "SELECT COUNT(*) FROM sqlite_master"
            " WHERE type = 'trigger' AND name LIKE 'thidua\\_%' ESCAPE '\\'"
        ).fetchone()
        if present < len(SQLITE_TRIGGERS):
            with connection:
                for statement in SQLITE_TRIGGERS:
                    connection.execute(statement)
    finally:
        connection.close()


def guard_postgres(datastore: Any, events_table: str) -> None:
    schema = datastore.schema
    table = f'"{schema}".{events_table}'
    snapshots = f'"{schema}".{events_table.removesuffix("_events")}_snapshots'
    with datastore.transaction(commit=True) as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_trigger WHERE tgname = 'thidua_append_only'"
            " AND tgrelid = %s::regclass",
            (table,),
        )
        if cursor.fetchone():
            return
        cursor.execute(
            f'CREATE OR REPLACE FUNCTION "{schema}".thidua_append_only()'
            " RETURNS trigger LANGUAGE plpgsql AS"
            f" $$ BEGIN RAISE EXCEPTION '{REFUSAL} (%)', TG_OP; END $$"
        )
        cursor.execute(
            "CREATE OR REPLACE TRIGGER thidua_append_only"
            f" BEFORE UPDATE OR DELETE OR TRUNCATE ON {table}"
            f' FOR EACH STATEMENT EXECUTE FUNCTION "{schema}".thidua_append_only()'
        )
        # The writer keeps INSERT and TRUNCATE (the library's EXCLUSIVE table lock
        # needs one of UPDATE, DELETE or TRUNCATE; the trigger refuses TRUNCATE).
        cursor.execute(f"REVOKE UPDATE, DELETE ON {table} FROM PUBLIC, CURRENT_USER")
        cursor.execute(
            "CREATE OR REPLACE TRIGGER thidua_snapshots_no_update"
            f" BEFORE UPDATE ON {snapshots}"
            f' FOR EACH STATEMENT EXECUTE FUNCTION "{schema}".thidua_append_only()'
        )


def prepare(app: Any) -> None:
    """Create the PostgreSQL tables and functions on first use, by a role allowed to,
    and learn the session's login, which every event then carries."""
    if store_kind(app) != "postgres":
        return
    from .appending import install, route_snapshots

    recorder = app.recorder
    datastore = recorder.datastore
    schema = datastore.schema
    events = f'"{schema}".{recorder.events_table_name}'
    with datastore.transaction(commit=False) as cursor:
        cursor.execute(
            "SELECT to_regclass(%s) AS events, to_regclass(%s) AS snapshots,"
            " to_regclass(%s) AS heads, to_regproc(%s) AS insert_function,"
            " to_regproc(%s) AS snapshot_function,"
            " coalesce((SELECT prosecdef FROM pg_proc WHERE oid = to_regproc(%s)),"
            " false) AS checks,"
            " coalesce((SELECT pg_has_role(relowner, 'USAGE') FROM pg_class"
            " WHERE oid = to_regclass(%s)), true) AS owner,"
            " session_user AS login, to_regclass(%s) AS content",
            (
                events,
                f'"{schema}".{app.snapshots.recorder.events_table_name}',
                f'"{schema}".{HEADS_TABLE}',
                f'"{schema}".{INSERT_FUNCTION}',
                f'"{schema}".{SNAPSHOT_FUNCTION}',
                f'"{schema}".{INSERT_FUNCTION}',
                events,
                f'"{schema}".{CONTENT_TABLE}',
            ),
        )
        found = cursor.fetchone()
    # Every statement is "if not exists" or "or replace": a store made by an earlier
    # version of thidua gains what it lacks, once its owner opens it.
    if found["events"] is None or found["insert_function"] is None:
        recorder.create_table()
    if found["snapshots"] is None:
        app.snapshots.recorder.create_table()
    if found["content"] is None and found["owner"]:
        from .content import create_table

        with datastore.transaction(commit=True) as cursor:
            create_table(cursor, schema)
    trusted = found["checks"] and found["snapshot_function"] and found["heads"]
    if not trusted and found["owner"]:
        install(app)
        trusted = True
    app.login = found["login"]
    app.stream_lock_table = f'"{schema}".{HEADS_TABLE}' if trusted else None
    if trusted:
        route_snapshots(app)


def guard(app: Any) -> None:
    """Install the triggers on the application's events table, if not there yet."""
    recorder = app.recorder
    kind = store_kind(app)
    if kind == "sqlite":
        guard_sqlite(recorder.datastore.pool.db_name)
    elif kind == "postgres":
        guard_postgres(recorder.datastore, recorder.events_table_name)
