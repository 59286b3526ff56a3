"""The SQLite store saves through a connection of its own (store/sqlite.py): the same
rows as the library's recorder, the same errors, and the log moved into the file
when the application closes."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Any, ClassVar
from uuid import uuid4

import pytest
from eventsourcing.persistence import IntegrityError, OperationalError, StoredEvent

from thidua.cli.story import story
from thidua.domain.cycle import Cycle
from thidua.domain.ids import bloc_id
from thidua.domain.service.application import Thidua
from thidua.store import build_app, storage_env
from thidua.store.failures import is_lock_wait
from thidua.store.sqlite import Events, Snapshots


class OftenSnapshotting(Thidua):
    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {Cycle: 5}


def record_the_story(env: dict[str, str]) -> None:
    with OftenSnapshotting(env=env) as app:
        for step in story():
            app.handle(step.command)
        # Reads through the recorder as well: a replay and a snapshot's stream.
        assert app.cycle("TMTH", 2020, version=7).version == 7


def tables(path: Path) -> dict[str, Any]:
    connection = sqlite3.connect(path)
    try:
        found: dict[str, Any] = {}
        for name, sql in connection.execute(
            "SELECT name, sql FROM sqlite_master ORDER BY name"
        ):
            found[f"schema {name}"] = sql
            if sql and sql.startswith("CREATE TABLE"):
                found[name] = connection.execute(
                    f"SELECT * FROM {name} ORDER BY 1, 2"
                ).fetchall()
        # A snapshot says when it was taken: the one column that differs by run.
        found["stored_snapshots"] = [
            (*row[:3], {**json.loads(row[3]), "timestamp": None})
            for row in found["stored_snapshots"]
        ]
        found["positions"] = connection.execute(
            "SELECT rowid, originator_id, originator_version FROM stored_events"
            " ORDER BY rowid"
        ).fetchall()
        return found
    finally:
        connection.close()


def test_our_recorder_stores_the_rows_the_librarys_stores(tmp_path: Path) -> None:
    ours, theirs = tmp_path / "ours.db", tmp_path / "theirs.db"
    record_the_story(storage_env(str(ours)))
    record_the_story(
        {**storage_env(str(theirs)), "PERSISTENCE_MODULE": "eventsourcing.sqlite"}
    )

    found, expected = tables(ours), tables(theirs)

    assert len(expected["stored_events"]) > 40
    assert expected["stored_snapshots"]
    assert found == expected


def test_a_sqlite_store_saves_and_reads_through_our_recorder(tmp_path: Path) -> None:
    with build_app(str(tmp_path / "store.db")) as app:
        assert isinstance(app.recorder, Events)
        assert app.snapshots is not None
        assert isinstance(app.snapshots.recorder, Snapshots)
        assert app.recorder.own is not None


def event(stream: Any, version: int) -> StoredEvent:
    return StoredEvent(
        originator_id=stream, originator_version=version, topic="t", state=b"{}"
    )


def test_a_version_already_taken_is_the_librarys_integrity_error(
    tmp_path: Path,
) -> None:
    stream = uuid4()
    with Thidua(env=storage_env(str(tmp_path / "store.db"))) as app:
        app.recorder.insert_events([event(stream, 1)])

        with pytest.raises(IntegrityError) as caught:
            app.recorder.insert_events([event(stream, 2), event(stream, 1)])

        assert isinstance(caught.value.__cause__, sqlite3.IntegrityError)
        # The transaction is rolled back whole: version 2 is not kept either.
        assert [e.originator_version for e in app.recorder.select_events(stream)] == [1]


def test_a_lock_held_past_the_busy_timeout_is_the_librarys_operational_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("THIDUA_LOCK_TIMEOUT", "1")
    path = tmp_path / "store.db"
    with Thidua(env=storage_env(str(path))) as app:
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        started = time.monotonic()
        try:
            with pytest.raises(OperationalError) as caught:
                app.recorder.insert_events([event(uuid4(), 1)])
        finally:
            holder.close()
        waited = time.monotonic() - started

        assert waited >= 0.9
        assert isinstance(caught.value.__cause__, sqlite3.OperationalError)
        assert is_lock_wait(caught.value)
        # Once the lock is free the same connection saves again.
        app.recorder.insert_events([event(uuid4(), 1)])


def test_closing_the_application_moves_the_log_into_the_database_file(
    tmp_path: Path,
) -> None:
    path = tmp_path / "store.db"
    app = build_app(str(path))
    for step in story()[:5]:
        app.handle(step.command)

    app.close()

    assert not Path(f"{path}-wal").exists()
    copy = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    (count,) = copy.execute("SELECT COUNT(*) FROM stored_events").fetchone()
    copy.close()
    assert count >= 5
    with build_app(str(path)) as again:
        assert len(again.recorder.select_events(bloc_id("TMTH"))) == count
