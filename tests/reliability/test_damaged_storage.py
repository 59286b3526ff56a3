"""Damaged storage: a clear line, no partial write, and `audit verify` tells the truth.

An SQLite file cut in half, overwritten in the middle, not a database at all, or
read-only; a PostgreSQL server that drops every connection between two commands.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from click.testing import CliRunner, Result
from eventsourcing.persistence import PersistenceError

from thidua.cli import main
from thidua.domain import commands as c
from thidua.domain.auditor.audit import Auditor
from thidua.domain.errors import ThiduaError
from thidua.store import build_app

from support import Desk, event_count

COMMANDS = [
    ["standings", "TMTH/2020"],
    ["cycle", "status", "TMTH/2020"],
    ["projections", "status"],
    ["audit", "verify", "--all"],
    ["bloc", "create", "KT", "--name", "Khối Kinh tế", "--province", "Lào Cai"],
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("damaged") / "demo.db"
    assert CliRunner().invoke(main, ["--db", str(path), "-q", "demo"]).exit_code == 0
    # The commands below create the bloc KT: the demo's authority grants it first.
    grant = [
        "authority",
        "grant",
        "Đỗ Thị Mai",
        "operator",
        "KT",
        "--as",
        "Lê Văn Hùng",
    ]
    assert CliRunner().invoke(main, ["--db", str(path), "-q", *grant]).exit_code == 0
    return path


def cut_in_half(path: Path) -> None:
    with path.open("r+b") as handle:
        handle.truncate(path.stat().st_size // 2)


def overwrite_the_middle(path: Path) -> None:
    with path.open("r+b") as handle:
        handle.seek(path.stat().st_size // 2)
        handle.write(b"\xff" * 16384)


def alter_an_event_on_disk(path: Path) -> None:
    """A flipped byte inside a stored event's JSON, as a failing disk leaves it."""
    data = bytearray(path.read_bytes())
    at = data.index(b'"signatory":"') + len(b'"signatory":"')
    data[at] ^= 0x01
    path.write_bytes(bytes(data))


def not_a_database(path: Path) -> None:
    path.write_bytes(b"SQLite format 2\x00" + bytes(range(256)) * 4)


def run(db: Path, args: list[str]) -> Result:
    return CliRunner().invoke(main, ["--db", str(db), *args], catch_exceptions=True)


@pytest.mark.parametrize(
    "damage",
    [cut_in_half, overwrite_the_middle, alter_an_event_on_disk, not_a_database],
    ids=["cut in half", "overwritten in the middle", "an event altered", "not SQLite"],
)
def test_a_damaged_sqlite_file_gets_one_line_never_a_traceback(
    demo: Path, tmp_path: Path, damage: Callable[[Path], None]
) -> None:
    damaged = tmp_path / "damaged.db"
    shutil.copy(demo, damaged)
    damage(damaged)

    for args in COMMANDS:
        result = run(damaged, args)
        assert result.exit_code in (0, 1), (args, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert "Traceback" not in result.output
        if result.exit_code:
            assert result.stderr.count("Error: ") == 1, result.stderr
            assert "store" in result.stderr or "audit" in result.stderr


@pytest.mark.parametrize(
    "damage",
    [cut_in_half, alter_an_event_on_disk, not_a_database],
    ids=["cut in half", "an event altered", "not SQLite"],
)
def test_audit_verify_fails_a_store_whose_events_were_damaged(
    demo: Path, tmp_path: Path, damage: Callable[[Path], None]
) -> None:
    damaged = tmp_path / "damaged.db"
    shutil.copy(demo, damaged)
    damage(damaged)

    verified = run(damaged, ["audit", "verify", "--all"])

    assert verified.exit_code == 1
    assert verified.stderr.count("Error: ") == 1


@pytest.fixture
def own_database(postgres_url: str) -> Iterator[str]:
    """A database of the test's own, so that dropping every connection to it leaves
    other test runs on the same server alone."""
    import psycopg

    server = postgres_url.split("?", maxsplit=1)[0]
    name = f"thidua_drop_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(server)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_dropped_postgres_connection_loses_and_doubles_nothing(
    own_database: str,
) -> None:
    import psycopg

    server = own_database
    with build_app(f"{server}?schema=public") as app:
        desk = Desk(app)
        desk.bloc()
        cycle = desk.open(2020)
        before = event_count(app)
        with psycopg.connect(server, autocommit=True) as admin:
            # Every other connection to the database goes, the application's too.
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                (urlsplit(server).path.lstrip("/"),),
            )
        command = {
            "unit": "SNV",
            "signatory": "Phạm Thị Lan",
            "signed_on": "2020-01-16",
        }
        try:
            desk(c.SignCovenant, **cycle, command_id="after-drop", **command)
        except (ThiduaError, PersistenceError):
            assert event_count(app) == before  # refused: nothing half-written
        desk(c.SignCovenant, **cycle, command_id="after-drop", **command)  # again

        assert event_count(app) == before + 1
        examination = Auditor(app).examine()
        assert [p for r in examination.chains for p in r.problems] == []
        assert list(app.cycle("TMTH", 2020).signatures) == ["SNV"]


def make_read_only(path: Path) -> None:
    """Read-only even for root, who runs these tests: the immutable attribute."""
    path.chmod(0o444)
    if os.access(path, os.W_OK):
        done = subprocess.run(
            ["chattr", "+i", str(path)], capture_output=True, check=False
        )
        if done.returncode:
            pytest.skip(f"cannot make a file read-only for this user: {done.stderr!r}")


def test_a_read_only_sqlite_file_gets_one_line_and_stays_as_it_was(
    demo: Path, tmp_path: Path
) -> None:
    if shutil.which("chattr") is None and os.geteuid() == 0:
        pytest.skip("root may write any file, and chattr is not here")
    locked = tmp_path / "read-only.db"
    shutil.copy(demo, locked)
    before = locked.read_bytes()
    make_read_only(locked)
    try:
        for args in COMMANDS:
            result = run(locked, args)
            assert result.exit_code == 1, (args, result.output)
            assert "Traceback" not in result.output
            assert result.stderr.count("Error: ") == 1, result.stderr
            assert "writable copy" in result.stderr
    finally:
        subprocess.run(["chattr", "-i", str(locked)], capture_output=True, check=False)
        locked.chmod(0o644)
    assert locked.read_bytes() == before
    assert run(locked, ["audit", "verify", "--all"]).exit_code == 0
