"""A full disk: one line, no partial write, and the store still verifies afterwards.

On SQLite the disk really fills: the `thidua` processes run with a file-size limit
(RLIMIT_FSIZE, as a quota or a small partition would set), so the journal cannot grow
past it. On PostgreSQL the server's own disk cannot be filled from here, so the
events table refuses inserts with the error a full disk raises (SQLSTATE 53100),
from a trigger: the client sees exactly what it would see.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from stores import demo_store

from thidua.domain.auditor.audit import Auditor
from thidua.projections.read_models import ReadModels
from thidua.projections.runner import REBUILD
from thidua.store import build_app

from support import stored_events

pytestmark = pytest.mark.slow

UNITS = [f"S{n:02d}" for n in range(12)]
CLI = [sys.executable, "-c", "from thidua.cli import main; main()"]


def thidua(
    url: str, *args: str, limit: int | None = None
) -> subprocess.CompletedProcess[str]:
    def within_limit() -> None:
        # Past the limit a write fails with EFBIG, as on a full disk, instead of
        # the process being killed by SIGXFSZ.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))  # type: ignore[arg-type]

    env = {**os.environ, "THIDUA_DB": url, "THIDUA_ACTOR": "Đỗ Thị Mai"}
    return subprocess.run(
        [*CLI, *args],
        env=env,
        capture_output=True,
        text=True,
        preexec_fn=within_limit if limit else None,
        timeout=120,
        check=False,
    )


def add_unit(
    url: str, unit: str, limit: int | None = None
) -> subprocess.CompletedProcess[str]:
    return thidua(
        url,
        "bloc", "add-unit", "TMTH", unit, "--name", f"Sở thứ {unit}", "--year", "2021",
        "--command-id", f"add-{unit}",
        limit=limit,
    )  # fmt: skip


def one_line_or_output(result: subprocess.CompletedProcess[str]) -> bool:
    """True when the command was refused: one `Error:` line naming the full disk."""
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 1), result.stderr
    if result.returncode == 0:
        return False
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error")]
    assert len(errors) == 1, result.stderr
    assert "disk may be full" in errors[0], errors[0]
    return True


def check_after(url: str, recorded: list[str]) -> None:
    """The space is back: the store verifies, holds what was confirmed and nothing
    else, the views equal a rebuild, and a resend applies each command once."""
    with build_app(url) as app:
        examination = Auditor(app).examine()
        assert [p for r in examination.chains for p in r.problems] == []
        assert examination.discrepancies == []
        members = app.bloc("TMTH").roster(2021)
        assert [u for u in UNITS if u in members] == recorded
        before = stored_events(app)
    for unit in UNITS:
        assert add_unit(url, unit).returncode == 0
    with build_app(url) as app:
        assert stored_events(app) == before + len(UNITS) - len(recorded)
        assert set(UNITS) <= set(app.bloc("TMTH").roster(2021))
        views = ReadModels(app)
        views.catch_up()
        pairs = [(p, p.twin(REBUILD)) for p in views.by_name.values()]
        assert all(report.unchanged for report in views.runner.rebuild(pairs))
        views.close()


def test_a_full_disk_refuses_sqlite_commands_in_one_line_and_loses_nothing(
    tmp_path: Path,
) -> None:
    with demo_store("sqlite", tmp_path) as url:
        # Writes past the limit fail. The WAL index (-shm) needs its 32 KB; the
        # journal, which starts empty, has room for a few commands.
        limit = 32768 + 8192
        recorded, refused = [], 0
        for unit in UNITS:
            if one_line_or_output(add_unit(url, unit, limit=limit)):
                refused += 1
            else:
                recorded.append(unit)
        queried = thidua(url, "standings", "TMTH/2020", limit=limit)
        assert "Traceback" not in queried.stderr
        assert queried.returncode in (0, 1)
        assert refused, "the limit was never reached: the test tested nothing"
        check_after(url, recorded)


@pytest.mark.postgres
def test_a_full_postgres_disk_refuses_commands_in_one_line_and_loses_nothing(
    tmp_path: Path,
) -> None:
    import psycopg

    with demo_store("postgres", tmp_path) as url:
        server = url.split("?", maxsplit=1)[0]
        schema = parse_qs(urlsplit(url).query)["schema"][0]
        table = f'"{schema}".thidua_events'
        recorded = UNITS[:3]
        for unit in recorded:
            assert add_unit(url, unit).returncode == 0
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(
                f'CREATE FUNCTION "{schema}".disk_full() RETURNS trigger'
                " LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION"
                " 'could not extend file: No space left on device'"
                " USING ERRCODE = 'disk_full'; END $$"
            )
            admin.execute(
                f"CREATE TRIGGER disk_full BEFORE INSERT ON {table}"
                f' FOR EACH ROW EXECUTE FUNCTION "{schema}".disk_full()'
            )
        for unit in UNITS[3:6]:
            # The library tries a failed insert again for two seconds first.
            assert one_line_or_output(add_unit(url, unit))
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f"DROP TRIGGER disk_full ON {table}")
        check_after(url, recorded)
