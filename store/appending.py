"""Appending on PostgreSQL: two functions owned by the store's owner, the only way the
writer role adds rows to the events and snapshots tables (see docs/postgres.md).

The events function takes the table lock (so positions become visible in commit
order), then checks each event against its stream's head: its version is the head's
plus one, its previous hash is the head's hash, and the login it carries in its
hashed content is the session's own login (`session_user`). The hash covers the
login, so an auditor checks who appended an event from the row alone; the function is
what makes the login true. A writer may execute the functions and nothing more: the
tables refuse its INSERT, UPDATE, DELETE and TRUNCATE, and with them its LOCK TABLE.
"""

from __future__ import annotations

from typing import Any

from psycopg.sql import SQL, Composed, Identifier

from .names import HEADS_TABLE, INSERT_FUNCTION, SNAPSHOT_FUNCTION

LOGIN = "login"  # the field of the hashed content that names the appending login

# What the functions say when they refuse, in SQLSTATEs store/failures.py knows: a
# version already taken is the library's optimistic-concurrency conflict, and it
# judges the command again.
FORGED_LOGIN = "42501"  # insufficient_privilege
TAKEN = "23505"  # unique_violation
BROKEN = "P0001"  # raise_exception: the append does not follow the head


def events_function(schema: str, row: str, table: str, channel: str) -> Composed:
    return SQL(
        "CREATE OR REPLACE FUNCTION {schema}.{function}(events {schema}.{row}[])"
        " RETURNS SETOF bigint LANGUAGE plpgsql SECURITY DEFINER"
        " SET search_path = pg_catalog, pg_temp AS $BODY$"
        " DECLARE e {schema}.{row}; doc jsonb; head_version bigint;"
        " head_hash text; appended bigint;"
        " BEGIN"
        " LOCK TABLE {schema}.{table} IN EXCLUSIVE MODE;"
        " NOTIFY {channel};"
        " FOREACH e IN ARRAY events LOOP"
        "  doc := convert_from(e.state, 'UTF8')::jsonb;"
        "  IF doc->>'login' IS DISTINCT FROM session_user::text THEN"
        "   RAISE EXCEPTION 'append refused: the event names login %, but % is"
        " appending', coalesce(doc->>'login', 'none'), session_user"
        "   USING ERRCODE = '{forged}';"
        "  END IF;"
        "  SELECT t.originator_version,"
        "   convert_from(t.state, 'UTF8')::jsonb->>'event_hash'"
        "   INTO head_version, head_hash FROM {schema}.{table} t"
        "   WHERE t.originator_id = e.originator_id"
        "   ORDER BY t.originator_version DESC LIMIT 1;"
        "  IF NOT FOUND THEN head_version := 0; head_hash := repeat('0', 64); END IF;"
        "  IF e.originator_version <= head_version THEN"
        "   RAISE EXCEPTION 'append refused: version % of stream % is taken',"
        " e.originator_version, e.originator_id USING ERRCODE = '{taken}';"
        "  END IF;"
        "  IF e.originator_version <> head_version + 1"
        "   OR doc->>'previous_hash' IS DISTINCT FROM head_hash THEN"
        "   RAISE EXCEPTION 'append refused: version % of stream % does not follow"
        " its head (version %)', e.originator_version, e.originator_id, head_version"
        "   USING ERRCODE = '{broken}';"
        "  END IF;"
        "  INSERT INTO {schema}.{table}"
        " (originator_id, originator_version, topic, state)"
        "   VALUES (e.originator_id, e.originator_version, e.topic, e.state)"
        "   RETURNING notification_id INTO appended;"
        "  RETURN NEXT appended;"
        " END LOOP;"
        " END; $BODY$"
    ).format(
        schema=Identifier(schema),
        function=Identifier(INSERT_FUNCTION),
        row=Identifier(row),
        table=Identifier(table),
        channel=Identifier(channel),
        forged=SQL(FORGED_LOGIN),
        taken=SQL(TAKEN),
        broken=SQL(BROKEN),
    )


def snapshots_function(schema: str, row: str, table: str, events: str) -> Composed:
    # A snapshot is a cache the engine never decides on (domain/service/loading.py);
    # it is still refused unless it stands at a version its stream has.
    return SQL(
        "CREATE OR REPLACE FUNCTION {schema}.{function}(snapshots {schema}.{row}[])"
        " RETURNS void LANGUAGE plpgsql SECURITY DEFINER"
        " SET search_path = pg_catalog, pg_temp AS $BODY$"
        " DECLARE s {schema}.{row};"
        " BEGIN"
        " FOREACH s IN ARRAY snapshots LOOP"
        "  IF NOT EXISTS (SELECT 1 FROM {schema}.{events} t"
        "   WHERE t.originator_id = s.originator_id"
        "   AND t.originator_version = s.originator_version) THEN"
        "   RAISE EXCEPTION 'snapshot refused: stream % has no version %',"
        " s.originator_id, s.originator_version USING ERRCODE = '{broken}';"
        "  END IF;"
        "  INSERT INTO {schema}.{table}"
        " (originator_id, originator_version, topic, state)"
        "   VALUES (s.originator_id, s.originator_version, s.topic, s.state);"
        " END LOOP;"
        " END; $BODY$"
    ).format(
        schema=Identifier(schema),
        function=Identifier(SNAPSHOT_FUNCTION),
        row=Identifier(row),
        table=Identifier(table),
        events=Identifier(events),
        broken=SQL(BROKEN),
    )


def install(app: Any) -> None:
    """Create (or replace) both functions and the heads table. The functions run as
    their owner, executable by no one else until `thidua db grant` grants the writer
    role; a writer granted by an earlier version loses its INSERT on the events and
    snapshots and is granted the functions instead."""
    recorder = app.recorder
    snapshots = app.snapshots.recorder
    datastore = recorder.datastore
    schema = datastore.schema
    row = recorder.stored_event_type_name
    tables = (recorder.events_table_name, snapshots.events_table_name)
    with datastore.transaction(commit=True) as cursor:
        cursor.execute(
            events_function(
                schema, row, recorder.events_table_name, recorder.channel_name
            )
        )
        cursor.execute(snapshots_function(schema, row, tables[1], tables[0]))
        cursor.execute(
            SQL(
                "CREATE TABLE IF NOT EXISTS {schema}.{heads} (stream uuid PRIMARY KEY)"
            ).format(schema=Identifier(schema), heads=Identifier(HEADS_TABLE))
        )
        functions = [
            SQL("{schema}.{name}").format(
                schema=Identifier(schema), name=Identifier(name)
            )
            for name in (INSERT_FUNCTION, SNAPSHOT_FUNCTION)
        ]
        for function in functions:
            cursor.execute(
                SQL("REVOKE ALL ON FUNCTION {} FROM PUBLIC").format(function)
            )
        cursor.execute(
            "SELECT DISTINCT grantee FROM information_schema.role_table_grants"
            " WHERE table_schema = %s AND table_name = %s"
            " AND privilege_type = 'INSERT' AND grantee <> current_user",
            (schema, tables[0]),
        )
        for (writer,) in [tuple(found.values()) for found in cursor.fetchall()]:
            for table in tables:
                cursor.execute(
                    SQL(
                        "REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {schema}.{table}"
                        " FROM {writer}"
                    ).format(
                        schema=Identifier(schema),
                        table=Identifier(table),
                        writer=Identifier(writer),
                    )
                )
            for function in functions:
                cursor.execute(
                    SQL("GRANT EXECUTE ON FUNCTION {} TO {}").format(
                        function, Identifier(writer)
                    )
                )
            cursor.execute(
                SQL(
                    "GRANT SELECT, INSERT, UPDATE (stream) ON {schema}.{heads} TO {who}"
                ).format(
                    schema=Identifier(schema),
                    heads=Identifier(HEADS_TABLE),
                    who=Identifier(writer),
                )
            )


def route_snapshots(app: Any) -> None:
    """Snapshots are inserted through their function, like events."""
    snapshots = app.snapshots.recorder
    schema = Identifier(snapshots.datastore.schema)
    snapshots.insert_events_statement = SQL(
        "SELECT {schema}.{function}(%s::{schema}.{row}[])"
    ).format(
        schema=schema,
        function=Identifier(SNAPSHOT_FUNCTION),
        row=Identifier(snapshots.stored_event_type_name),
    )
