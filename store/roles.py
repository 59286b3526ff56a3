"""PostgreSQL roles: a writer that may only append events and keep the read models,
and a reader for auditors and analysts.

Both are group roles without login; people log in as members (see docs/postgres.md).
The store's owner, who created the tables, grants; nobody else can undo the triggers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from thidua.domain.errors import ThiduaError

from .guards import store_kind
from .names import CONTENT_TABLE, HEADS_TABLE, INSERT_FUNCTION, SNAPSHOT_FUNCTION


class RolesRefused(ThiduaError):
    """Raised when roles are asked of a store that has none, or cannot be granted."""

    rule = "roles"


ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


@dataclass(frozen=True)
class Grant:
    role: str
    table: str
    privileges: str


def _role_exists(cursor: Any, role: str) -> bool:
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,))
    return cursor.fetchone() is not None


def _tables(cursor: Any, schema: str) -> list[str]:
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = %s ORDER BY tablename",
        (schema,),
    )
    return [row["tablename"] for row in cursor.fetchall()]


def grant_roles(app: Any, *, writer: str | None, reader: str | None) -> list[Grant]:
    """Create the roles if missing and grant them what they need, nothing more."""
    recorder = app.recorder
    if store_kind(app) != "postgres":
        raise RolesRefused(
            "roles exist only in PostgreSQL; an SQLite store is guarded by the"
            " file's own permissions"
        )
    for role in (writer, reader):
        if role is not None and not ROLE_NAME.fullmatch(role):
            raise RolesRefused(
                "a role name is lower-case letters, digits and _ (got {role!r})",
                role=role,
                value=role,
            )
    datastore = recorder.datastore
    schema = datastore.schema
    events = recorder.events_table_name
    snapshots = app.snapshots.recorder.events_table_name
    granted: list[Grant] = []
    with datastore.transaction(commit=True) as cursor:
        tables = _tables(cursor, schema)
        for role in (writer, reader):
            if role is not None and not _role_exists(cursor, role):
                cursor.execute(f'CREATE ROLE "{role}" NOLOGIN')
            if role is not None:
                # Exactly what is granted below, whatever was granted before.
                cursor.execute(
                    f'REVOKE ALL ON ALL TABLES IN SCHEMA "{schema}" FROM "{role}"'
                )
                cursor.execute(f'GRANT USAGE ON SCHEMA "{schema}" TO "{role}"')
        if writer is not None:
            for table in tables:
                privileges = _writer_privileges(table, events, snapshots)
                cursor.execute(
                    f'GRANT {privileges} ON "{schema}".{table} TO "{writer}"'
                )
                granted.append(Grant(writer, table, privileges))
            for function in (INSERT_FUNCTION, SNAPSHOT_FUNCTION):
                # Appending is only through these, which check each row (appending.py).
                cursor.execute(
                    f'GRANT EXECUTE ON FUNCTION "{schema}".{function} TO "{writer}"'
                )
                granted.append(Grant(writer, f"{function}()", "EXECUTE"))
            cursor.execute(
                f'GRANT USAGE ON ALL SEQUENCES IN SCHEMA "{schema}" TO "{writer}"'
            )
            # A rebuild swaps in new read-model tables; they keep the writer's rights.
            cursor.execute(
                f'ALTER DEFAULT PRIVILEGES IN SCHEMA "{schema}"'
                f' GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "{writer}"'
            )
        if reader is not None:
            for table in tables:
                cursor.execute(f'GRANT SELECT ON "{schema}".{table} TO "{reader}"')
                granted.append(Grant(reader, table, "SELECT"))
            cursor.execute(
                f'ALTER DEFAULT PRIVILEGES IN SCHEMA "{schema}"'
                f' GRANT SELECT ON TABLES TO "{reader}"'
            )
    return granted


def _writer_privileges(table: str, events: str, snapshots: str) -> str:
    if table == HEADS_TABLE:
        # Enough to lock a stream's row FOR UPDATE; LOCK TABLE in any mode that
        # would stall the others needs UPDATE on the whole table, not on a column.
        return "SELECT, INSERT, UPDATE (stream)"
    if table == CONTENT_TABLE:
        # A document is named by its hash for good: sent once, never changed.
        return "SELECT, INSERT"
    if table in (events, snapshots):
        # Rows come only through the owner's functions, so a writer can neither
        # write them nor LOCK either table (every mode but ACCESS SHARE needs a
        # right to write).
        return "SELECT"
    return "SELECT, INSERT, UPDATE, DELETE"
