"""Storage failures are told apart by the driver's code, never by a message's words."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import psycopg
import psycopg.errors
import pytest
from eventsourcing.persistence import OperationalError
from stores import postgres_schema

from thidua.store import hint
from thidua.store.failures import Failure, classify


def wrapped(error: Exception) -> OperationalError:
    """As the library raises it: its own error, caused by the driver's."""
    try:
        raise OperationalError(error) from error
    except OperationalError as library_error:
        return library_error


def test_a_lock_held_by_another_sqlite_connection_is_a_lock_wait(
    tmp_path: Path,
) -> None:
    path = tmp_path / "locked.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN IMMEDIATE")
    waiter = sqlite3.connect(path, timeout=0, isolation_level=None)

    with pytest.raises(sqlite3.OperationalError) as caught:
        waiter.execute("BEGIN IMMEDIATE")

    assert classify(wrapped(caught.value)) is Failure.LOCKED
    holder.close()
    waiter.close()


def test_writing_a_read_only_sqlite_file_is_read_only(tmp_path: Path) -> None:
    path = tmp_path / "ro.db"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    reader = sqlite3.connect(f"file:{path}?mode=ro", uri=True)

    with pytest.raises(sqlite3.OperationalError) as caught:
        reader.execute("INSERT INTO t VALUES (1)")

    assert classify(caught.value) is Failure.READ_ONLY
    assert "read-only" in hint(caught.value)


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (psycopg.errors.DiskFull("không còn chỗ trên đĩa"), Failure.DISK_FULL),
        (psycopg.errors.LockNotAvailable("không lấy được khóa"), Failure.LOCKED),
        (psycopg.errors.InsufficientPrivilege("không đủ quyền"), Failure.PERMISSION),
        (psycopg.errors.AdminShutdown("máy chủ tắt"), Failure.CONNECTION_LOST),
        (psycopg.errors.DuplicateTable("bảng đã có"), Failure.RACING_SET_UP),
        (psycopg.errors.ReadOnlySqlTransaction("chỉ đọc"), Failure.READ_ONLY),
        (psycopg.errors.DivisionByZero("chia cho 0"), Failure.OTHER),
    ],
)
def test_a_postgres_failure_is_known_by_its_sqlstate_in_any_language(
    error: psycopg.Error, kind: Failure
) -> None:
    assert classify(wrapped(error)) is kind


def test_a_message_that_only_says_locked_is_not_a_lock_wait() -> None:
    assert classify(wrapped(ValueError("database is locked"))) is Failure.OTHER
    assert hint(RuntimeError("disk I/O error; permission denied")) == ""


@pytest.mark.postgres
def test_a_postgres_lock_timeout_is_a_lock_wait() -> None:
    with postgres_schema() as url:
        server, schema = url.split("?schema=")
        with (
            psycopg.connect(server, autocommit=True) as holder,
            psycopg.connect(server, autocommit=True) as waiter,
        ):
            holder.execute(f'CREATE TABLE "{schema}".t (x int)')
            holder.execute("BEGIN")
            holder.execute(f'LOCK TABLE "{schema}".t IN EXCLUSIVE MODE')
            waiter.execute("SET lock_timeout = '50ms'")
            waiter.execute("BEGIN")
            with pytest.raises(psycopg.Error) as caught:
                waiter.execute(f'LOCK TABLE "{schema}".t IN EXCLUSIVE MODE')
            waiter.execute("ROLLBACK")
            holder.execute("ROLLBACK")

    assert classify(wrapped(caught.value)) is Failure.LOCKED
