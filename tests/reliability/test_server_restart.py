"""The PostgreSQL server goes away in the middle of a command.

A `thidua` process is stopped inside its append (another session holds the events
table's EXCLUSIVE lock, so the command has been judged and waits to insert), and then
its server connection ends: terminated by the server, as a crash of that backend does
(once, or on every retry for four seconds), or by a real restart of the server
(`pg_ctlcluster restart`, run where the tests may do that: THIDUA_RESTART_POSTGRES=1,
which CI sets). Either way the command is applied whole or refused in one line, the
same command sent again is applied once, and the chain verifies.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from stores import demo_store

from thidua.domain.auditor.audit import Auditor
from thidua.store import build_app

from support import stored_events

CLI = [sys.executable, "-c", "from thidua.cli import main; main()"]
RESTART = os.environ.get("THIDUA_RESTART_POSTGRES") == "1"
pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def restart_server() -> None:
    clusters = sorted(os.listdir("/etc/postgresql"))
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", clusters[-1], "main",
         "restart", "-m", "fast"],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip


WAITING = (
    "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
    " AND query LIKE %s AND pid <> pg_backend_pid()"
)


def wait_for_the_command(server: str, schema: str) -> None:
    """Until the command waits on the table lock: it is under way."""
    import psycopg

    # Autocommit: inside a transaction pg_stat_activity would stay as first read.
    with psycopg.connect(server, autocommit=True) as watcher:
        for _ in range(400):
            if watcher.execute(WAITING, (f"%{schema}%",)).fetchall():
                return
            time.sleep(0.05)
    pytest.fail("the command never reached the store")


def terminate_waiting_backends(server: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(server, autocommit=True) as other:
        other.execute(
            f"SELECT pg_terminate_backend(pid) FROM ({WAITING}) AS waiting",
            (f"%{schema}%",),
        )


def add_unit(url: str) -> subprocess.Popen[str]:
    args = ["bloc", "add-unit", "TMTH", "SXD", "--name", "Sở Xây dựng",
            "--year", "2021", "--command-id", "add-SXD"]  # fmt: skip
    env = {**os.environ, "THIDUA_DB": url, "THIDUA_ACTOR": "Đỗ Thị Mai"}
    return subprocess.Popen(
        [*CLI, *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize(
    "how",
    [
        "backend terminated",
        "backend terminated on every retry",
        pytest.param(
            "server restarted",
            marks=pytest.mark.skipif(
                not RESTART or shutil.which("pg_ctlcluster") is None,
                reason="restarts the server: set THIDUA_RESTART_POSTGRES=1 where the"
                " tests may (needs pg_ctlcluster and the right to use it)",
            ),
        ),
    ],
)
def test_a_command_cut_off_mid_append_is_whole_or_absent_and_applies_once_on_resend(
    tmp_path: Path, how: str
) -> None:
    import psycopg

    with demo_store("postgres", tmp_path) as url:
        server = url.split("?", maxsplit=1)[0]
        schema = parse_qs(urlsplit(url).query)["schema"][0]
        with build_app(url) as app:
            before = stored_events(app)

        admin = psycopg.connect(server)
        admin.execute(f'LOCK TABLE "{schema}".thidua_events IN EXCLUSIVE MODE')
        command = add_unit(url)
        try:
            wait_for_the_command(server, schema)
            if how == "server restarted":
                restart_server()  # the admin's session and lock end with it
            elif how == "backend terminated":
                terminate_waiting_backends(server, schema)
            else:
                # Longer than the library goes on trying (ten times, 0.2 s apart).
                until = time.monotonic() + 4
                while time.monotonic() < until:
                    terminate_waiting_backends(server, schema)
                    time.sleep(0.02)
        finally:
            # The lock goes: the library's retry may now pass.
            with contextlib.suppress(psycopg.OperationalError):
                admin.rollback()
            admin.close()
        _, stderr = command.communicate(timeout=120)
        outcome = "refused: " + stderr.strip() if command.returncode else "applied"
        print(f"\n  {how}: the command was {outcome}")

        assert "Traceback" not in stderr, stderr
        assert command.returncode in (0, 1), stderr
        if command.returncode:
            errors = [line for line in stderr.splitlines() if line.startswith("Error")]
            assert len(errors) == 1, stderr
            assert "store" in errors[0]
            assert "command-id add-SXD" in errors[0]
        if how == "backend terminated on every retry":
            assert command.returncode == 1, "the server was away, yet it was applied"

        resent = add_unit(url)
        _, stderr = resent.communicate(timeout=120)
        assert resent.returncode == 0, stderr
        again = add_unit(url)
        assert again.wait(timeout=120) == 0
        with build_app(url) as app:
            after = stored_events(app)
            assert after == before + 1  # once: not lost, not doubled
            assert "SXD" in app.bloc("TMTH").roster(2021)
            examination = Auditor(app).examine()
            assert [p for r in examination.chains for p in r.problems] == []
            assert examination.discrepancies == []
