"""Naming a store opens none of its file: on POSIX, closing any descriptor of a file
drops every lock the process holds on it, an open SQLite connection's included, and
another process closing its own connection would then take the write-ahead log away
from under the first (SQLite's "How to corrupt a database file", 2.2)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from thidua.store import sqlite_file, storage_env, store_url_kind


def _store(path: Path) -> None:
    with sqlite3.connect(path) as made:
        made.execute("PRAGMA journal_mode=WAL")
        made.execute("CREATE TABLE t (n INTEGER)")
        made.execute("INSERT INTO t VALUES (1)")
    made.close()


def _another_process_opens_and_closes(path: Path) -> None:
    code = (
        "import sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1])\n"
        "c.execute('SELECT count(*) FROM t').fetchall()\n"
        "c.close()\n"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], check=True)


@contextmanager
def _reading(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection of this process in the middle of a read, on a store in WAL."""
    _store(path)
    held = sqlite3.connect(path, isolation_level=None)
    try:
        held.execute("BEGIN")
        assert held.execute("SELECT n FROM t").fetchall() == [(1,)]
        assert path.with_name(path.name + "-wal").exists()
        yield held
    finally:
        held.close()


def test_naming_a_store_keeps_the_locks_of_its_open_connections(
    tmp_path: Path,
) -> None:
    path = tmp_path / "held.db"
    with _reading(path) as held:
        # What the command line asks of a store while its views are open.
        storage_env(str(path))
        store_url_kind(str(path))
        sqlite_file(str(path))
        _another_process_opens_and_closes(path)

        # The other process saw a reader and left the log in place.
        assert path.with_name(path.name + "-wal").exists()
        assert held.execute("SELECT n FROM t").fetchall() == [(1,)]
        held.execute("COMMIT")


def test_the_lock_loss_is_real_when_the_file_is_opened_and_closed(
    tmp_path: Path,
) -> None:
    # The same steps with the file opened and closed beside the connection, as the
    # check did before: the other process takes the log away.
    path = tmp_path / "dropped.db"
    with _reading(path):
        with open(path, "r+b"):
            pass
        _another_process_opens_and_closes(path)

        assert not path.with_name(path.name + "-wal").exists()
