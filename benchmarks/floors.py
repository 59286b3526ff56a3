"""The storage floors the engine is measured against, in the same run.

Write floor: plain sqlite3 (or psycopg) inserting the very rows the engine stored,
one transaction per command, into a table of the same layout with the same
durability settings. Read floor: plain sqlite3 (or psycopg) selecting the rows a
read model reads, in log order, and decoding their JSON. Output floor: the read
floor, then writing the rows the read models hold into tables of the same layout
(key and indexes), in one transaction, with no folding at all.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

Row = tuple[Any, ...]


def is_postgres(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


def _postgres(url: str) -> tuple[Any, str]:
    import psycopg

    schema = parse_qs(urlsplit(url).query).get("schema", ["public"])[0]
    return psycopg.connect(url.split("?", maxsplit=1)[0], autocommit=True), schema


def stored_rows(url: str, after: int = 0, table: str = "thidua_events") -> list[Row]:
    """The events table's rows after a position, in log order. `table` names it on
    PostgreSQL (the application's name and _events); SQLite has one, stored_events."""
    columns = "originator_id, originator_version, topic, state"
    if is_postgres(url):
        connection, schema = _postgres(url)
        with connection:
            return list(
                connection.execute(
                    f'SELECT {columns} FROM "{schema}".{table}'
                    " WHERE notification_id > %s ORDER BY notification_id",
                    (after,),
                )
            )
    with sqlite3.connect(url) as connection:
        return connection.execute(
            f"SELECT {columns} FROM stored_events WHERE rowid > ? ORDER BY rowid",
            (after,),
        ).fetchall()


def create_floor_table(url: str, floor_db: str, table: str = "thidua_events") -> None:
    """The floor's table: the events table's layout, beside it on PostgreSQL or in
    a file of its own on SQLite."""
    if is_postgres(url):
        connection, schema = _postgres(url)
        with connection:
            connection.execute(
                f'CREATE TABLE "{schema}".floor_events'
                f' (LIKE "{schema}".{table} INCLUDING ALL)'
            )
        return
    # The library's layout and settings: WAL, default synchronous.
    with sqlite3.connect(floor_db) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute(
            "CREATE TABLE floor_events (originator_id TEXT, originator_version"
            " INTEGER, topic TEXT, state BLOB,"
            " PRIMARY KEY (originator_id, originator_version))"
        )


def floor_connection(url: str, floor_db: str, *, shared: bool = False) -> Floor:
    """A connection to the floor's table, with its INSERT and BEGIN. `shared`: other
    processes write the same SQLite file at once, so each transaction takes the
    write lock as it begins."""
    if is_postgres(url):
        connection, schema = _postgres(url)
        sql = (
            f'INSERT INTO "{schema}".floor_events'
            " (originator_id, originator_version, topic, state) VALUES (%s, %s, %s, %s)"
        )
        return Floor(connection, sql, "BEGIN")
    connection = sqlite3.connect(floor_db, isolation_level=None, timeout=60)
    sql = "INSERT INTO floor_events VALUES (?, ?, ?, ?)"
    return Floor(connection, sql, "BEGIN IMMEDIATE" if shared else "BEGIN")


@dataclass
class Floor:
    connection: Any
    sql: str
    begin: str

    def insert(self, chunks: Sequence[Sequence[Row]]) -> float:
        """Seconds to insert each chunk in a transaction of its own."""
        started = time.perf_counter()
        for chunk in chunks:
            self.connection.execute(self.begin)
            for row in chunk:
                self.connection.execute(self.sql, row)
            self.connection.execute("COMMIT")
        return time.perf_counter() - started

    def close(self) -> None:
        self.connection.close()


def write_floor(
    url: str,
    floor_db: str,
    rows: Sequence[Row],
    sizes: list[int],
    table: str = "thidua_events",
) -> float:
    """Seconds to insert `rows`, one transaction per command of `sizes` rows."""
    chunks = []
    start = 0
    for size in sizes:
        if size:
            chunks.append(rows[start : start + size])
        start += size
    create_floor_table(url, floor_db, table)
    floor = floor_connection(url, floor_db)
    elapsed = floor.insert(chunks)
    floor.close()
    if is_postgres(url):
        connection, schema = _postgres(url)
        with connection:
            connection.execute(f'DROP TABLE "{schema}".floor_events')
    return elapsed


def read_floor(
    url: str, topics: Sequence[str], table: str = "thidua_events"
) -> tuple[int, float]:
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
                f' state FROM "{schema}".{table}'
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


def output_floor(
    url: str, topics: Sequence[str], tables: Sequence[str], table: str = "thidua_events"
) -> tuple[int, float]:
    """The read floor, then the read models' rows written again: (events, seconds).

    The rows are fetched from the live tables before the clock starts; the floor's
    tables, made with the live ones' layout, are dropped at the end.
    """
    count, read_s = read_floor(url, topics, table)
    if is_postgres(url):
        return count, read_s + _postgres_output(url, tables)
    connection = sqlite3.connect(url, isolation_level=None)
    rows = {
        name: connection.execute(f"SELECT * FROM {name}").fetchall() for name in tables
    }
    schema = [
        (kind, name, sql)
        for kind, name, sql in connection.execute(
            "SELECT type, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL"
            f" AND tbl_name IN ({', '.join('?' for _ in tables)})"
            " ORDER BY type = 'index'",
            list(tables),
        )
    ]
    started = time.perf_counter()
    connection.execute("BEGIN")
    for kind, name, sql in schema:
        # An index's own name gets the prefix as well as its table's.
        named = re.sub(r"INDEX (IF NOT EXISTS )?", r"\g<0>floor_", sql, count=1)
        made = named if kind == "index" else sql
        connection.execute(re.sub(rf"\b{name}\b", f"floor_{name}", made))
    for name, found in rows.items():
        if found:
            marks = ", ".join("?" for _ in found[0])
            connection.executemany(f"INSERT INTO floor_{name} VALUES ({marks})", found)
    connection.execute("COMMIT")
    elapsed = time.perf_counter() - started
    for name in tables:
        connection.execute(f"DROP TABLE floor_{name}")
    connection.close()
    return count, read_s + elapsed


def _postgres_output(url: str, tables: Sequence[str]) -> float:
    connection, schema = _postgres(url)
    with connection:
        rows = {
            name: connection.execute(f'SELECT * FROM "{schema}".{name}').fetchall()
            for name in tables
        }
        started = time.perf_counter()
        with connection.transaction(), connection.cursor() as cursor:
            for name, found in rows.items():
                cursor.execute(
                    f'CREATE TABLE "{schema}".floor_{name}'
                    f' (LIKE "{schema}".{name} INCLUDING ALL)'
                )
                if found:
                    marks = ", ".join("%s" for _ in found[0])
                    cursor.executemany(
                        f'INSERT INTO "{schema}".floor_{name} VALUES ({marks})', found
                    )
        elapsed = time.perf_counter() - started
        for name in tables:
            connection.execute(f'DROP TABLE "{schema}".floor_{name}')
    return elapsed
