"""The storage floors the engine is measured against, in the same run.

Write floor: plain sqlite3 (or psycopg) inserting the very rows the engine stored,
one transaction per command, into a table of the same layout with the same
durability settings. Read floor: plain sqlite3 (or psycopg) selecting the rows a
read model reads, in log order, and decoding their JSON.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Sequence
from typing import Any
from urllib.parse import parse_qs, urlsplit

Row = tuple[Any, ...]


def is_postgres(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


def _postgres(url: str) -> tuple[Any, str]:
    import psycopg

    schema = parse_qs(urlsplit(url).query).get("schema", ["public"])[0]
    return psycopg.connect(url.split("?", maxsplit=1)[0], autocommit=True), schema


def stored_rows(url: str, after: int = 0) -> list[Row]:
    """The events table's rows after a position, in log order."""
    columns = "originator_id, originator_version, topic, state"
    if is_postgres(url):
        connection, schema = _postgres(url)
        with connection:
            return list(
                connection.execute(
                    f'SELECT {columns} FROM "{schema}".thidua_events'
                    " WHERE notification_id > %s ORDER BY notification_id",
                    (after,),
                )
            )
    with sqlite3.connect(url) as connection:
        return connection.execute(
            f"SELECT {columns} FROM stored_events WHERE rowid > ? ORDER BY rowid",
            (after,),
        ).fetchall()


def write_floor(
    url: str, floor_db: str, rows: Sequence[Row], sizes: list[int]
) -> float:
    """Seconds to insert `rows`, one transaction per command of `sizes` rows."""
    chunks = []
    start = 0
    for size in sizes:
        if size:
            chunks.append(rows[start : start + size])
        start += size
    if is_postgres(url):
        connection, schema = _postgres(url)
        connection.execute(
            f'CREATE TABLE "{schema}".floor_events'
            f' (LIKE "{schema}".thidua_events INCLUDING ALL)'
        )
        sql = (
            f'INSERT INTO "{schema}".floor_events'
            " (originator_id, originator_version, topic, state) VALUES (%s, %s, %s, %s)"
        )
    else:
        # The library's layout and settings: WAL, default synchronous, deferred BEGIN.
        connection = sqlite3.connect(floor_db, isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute(
            "CREATE TABLE stored_events (originator_id TEXT, originator_version"
            " INTEGER, topic TEXT, state BLOB,"
            " PRIMARY KEY (originator_id, originator_version))"
        )
        sql = "INSERT INTO stored_events VALUES (?, ?, ?, ?)"
    started = time.perf_counter()
    for chunk in chunks:
        connection.execute("BEGIN")
        for row in chunk:
            connection.execute(sql, row)
        connection.execute("COMMIT")
    elapsed = time.perf_counter() - started
    if is_postgres(url):
        connection.execute(f'DROP TABLE "{schema}".floor_events')
    connection.close()
    return elapsed


def read_floor(url: str, topics: Sequence[str]) -> tuple[int, float]:
    """Rows of these topics, selected in log order and decoded: (count, seconds)."""
    marks = ", ".join("?" for _ in topics)
    count = 0
    if is_postgres(url):
        connection, schema = _postgres(url)
        started = time.perf_counter()
        # A server-side cursor, a page at a time, as the read models read.
        with connection.transaction(), connection.cursor(name="floor") as cursor:
            cursor.execute(
                "SELECT notification_id, originator_id, originator_version, topic,"
                f' state FROM "{schema}".thidua_events'
                f" WHERE topic IN ({marks.replace('?', '%s')})"
                " ORDER BY notification_id",
                list(topics),
            )
            while batch := cursor.fetchmany(5000):
                for row in batch:
                    json.loads(row[4])
                    count += 1
        elapsed = time.perf_counter() - started
        connection.close()
        return count, elapsed
    connection = sqlite3.connect(url)
    started = time.perf_counter()
    for row in connection.execute(
        "SELECT rowid, originator_id, originator_version, topic, state"
        f" FROM stored_events WHERE topic IN ({marks}) ORDER BY rowid",
        list(topics),
    ):
        json.loads(row[4])
        count += 1
    elapsed = time.perf_counter() - started
    connection.close()
    return count, elapsed
