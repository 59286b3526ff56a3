"""Processes killed with SIGKILL at random moments lose or half-write nothing.

A burst of commands runs as a real process on each store, alone or beside a process
that catches up the read models or one that rebuilds them, and all are killed
(SIGKILL: no clean-up of any kind) once the burst has done a random number of units,
so in the middle of a command, several times over. After each kill the store must
verify, every command must be there whole or not at all, and the read models must
resume to what a rebuild gives; sending the same commands again, with the same
command ids, applies each once. THIDUA_KILLS sets the kills per case (default 4).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from thidua.domain import commands as c
from thidua.domain.auditor.audit import Auditor
from thidua.domain.ids import cycle_id
from thidua.projections.read_models import ReadModels
from thidua.projections.runner import REBUILD
from thidua.store import build_app

from support import Desk, rulebook_text

pytestmark = pytest.mark.slow

KILLS = int(os.environ.get("THIDUA_KILLS", "4"))  # per kind of process and store
ROOT = Path(__file__).parents[2]
BIG = [f"U{n:02d}" for n in range(30)]

# What the killed processes run: the same commands, under the same ids, every time.
BURST = """
import sys
from datetime import UTC, date, datetime
from decimal import Decimal
from thidua.domain import commands as c
from thidua.store import build_app
with build_app(sys.argv[1]) as app:
    for n, unit in enumerate(sys.argv[2:]):
        meta = {"actor": {"name": "Đỗ Thị Mai"}, "command_id": f"sign-{unit}",
                "issued_at": datetime(2020, 1, 16, tzinfo=UTC)}
        app.handle(c.SignCovenant(bloc="BIG", year=2020, unit=unit,
                          signatory="Lò Văn Tiến", signed_on=date(2020, 1, 16), **meta))
        meta["command_id"] = f"score-{unit}"
        app.handle(c.SubmitScores(bloc="BIG", year=2020, unit=unit,
                          points={"A1": Decimal(20 + n % 10)}, **meta))
        print(unit, flush=True)
"""
CATCH_UP = """
import sys
from thidua.projections.read_models import ReadModels
from thidua.store import build_app
with build_app(sys.argv[1]) as app:
    views = ReadModels(app)
    while True:
        views.catch_up()
"""
REBUILD_ALL = """
import sys
from thidua.projections.read_models import ReadModels
from thidua.store import build_app
with build_app(sys.argv[1]) as app:
    views = ReadModels(app)
    while True:
        views.rebuild()
"""

SCRIPTS = {"catch-up": CATCH_UP, "rebuild": REBUILD_ALL}


def open_big_cycle(url: str) -> None:
    with build_app(url) as app:
        desk = Desk(app)
        desk(c.CreateBloc, bloc="BIG", name="Khối lớn", province="Lào Cai")
        for unit in BIG:
            desk(c.AddUnit, bloc="BIG", unit=unit, name=f"Sở {unit}", year=2018)
        # Scores may come while others still sign: a burst interleaves the two.
        rules = rulebook_text(**{"during_covenant = false": "during_covenant = true"})
        desk(c.OpenCycle, bloc="BIG", year=2020, rulebook_text=rules)


def start(script: str, url: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, url, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def crash(kind: str, url: str, rng: random.Random) -> None:
    """A burst of commands, with a catch-up or a rebuild running beside it, all
    killed once the burst has done a random number of units: mid-command."""
    burst = start(BURST, url, *BIG)
    beside = None if kind == "burst" else start(SCRIPTS[kind], url)
    assert burst.stdout is not None
    for _ in range(rng.randint(1, len(BIG) - 1)):
        if not burst.stdout.readline():
            break  # the burst ended first
    for process in (burst, beside):
        if process is not None:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
            if process.stdout:
                process.stdout.close()


def check_whole(url: str) -> None:
    """The store verifies, and each command is there whole or not at all."""
    with build_app(url) as app:
        examination = Auditor(app).examine()
        assert [p for r in examination.chains for p in r.problems] == []
        assert examination.discrepancies == []
        cycle = app.cycle("BIG", 2020)
        for unit in BIG:
            if unit in cycle.sheets:
                assert unit in cycle.signatures  # a score never without its signing
        # A command's events are one unbroken run of versions: never split by a
        # crash, never recorded a second time further on.
        versions: dict[str, list[int]] = {}
        for row in Auditor(app).stream_rows(cycle_id("BIG", 2020)):
            versions.setdefault(row.document["command_id"], []).append(row.version)
        for command_id, run in versions.items():
            assert run == list(range(run[0], run[0] + len(run))), command_id
        views = ReadModels(app)
        views.catch_up()
        pairs = [(p, p.twin(REBUILD)) for p in views.by_name.values()]
        assert all(report.unchanged for report in views.runner.rebuild(pairs))
        views.close()


@pytest.mark.parametrize("kind", ["burst", "catch-up", "rebuild"])
def test_a_killed_process_leaves_every_command_whole(
    kind: str, store_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    rng = random.Random(kind)
    open_big_cycle(store_url)
    for _ in range(KILLS):
        crash(kind, store_url, rng)
        check_whole(store_url)

    # The operator sends everything again: each command applied once, none twice.
    subprocess.run(
        [sys.executable, "-c", BURST, store_url, *BIG],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    check_whole(store_url)
    with build_app(store_url) as app:
        cycle = app.cycle("BIG", 2020)
        assert sorted(cycle.signatures) == sorted(BIG)
        assert sorted(cycle.sheets) == sorted(BIG)
        commands = {
            row.document["command_id"]
            for row in Auditor(app).stream_rows(cycle_id("BIG", 2020))
        }
    assert {f"sign-{u}" for u in BIG} | {f"score-{u}" for u in BIG} <= commands
    with capsys.disabled():
        print(f"\n  {kind}: killed {KILLS} times, nothing lost or doubled")


def test_a_killed_import_records_the_whole_file_or_nothing(
    store_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`thidua import scores` of 30 units × 7 criteria, killed at a random moment
    of its run, into a fresh cycle each time: the store holds every sheet of the
    file or none of them, never some; run again, it records the rest once."""
    rng = random.Random("import")
    open_big_cycle(store_url)
    rules = rulebook_text(
        **{
            "during_covenant = false": "during_covenant = true",
            "effective_to = 2023-12-31": "effective_to = 2999-12-31",
        }
    )
    env = {**os.environ, "THIDUA_DB": store_url, "THIDUA_ACTOR": "Đỗ Thị Mai"}

    def ready(year: int) -> list[str]:
        """A signed cycle of the year, and the import command for it."""
        with build_app(store_url) as app:
            desk = Desk(app)
            if year != 2020:
                desk(c.OpenCycle, bloc="BIG", year=year, rulebook_text=rules)
            for unit in BIG:
                desk(c.SignCovenant, bloc="BIG", year=year, unit=unit,
                     signatory="Lò Văn Tiến", signed_on=f"{year}-01-16")  # fmt: skip
            criteria = app.cycle("BIG", year).rulebook.criteria
        sheet = tmp_path / f"diem-{year}.csv"
        rows = [f"{u},{k.code},{k.max_points - n % 3}"
                for n, u in enumerate(BIG) for k in criteria]  # fmt: skip
        sheet.write_text("unit,criterion,points\n" + "\n".join(rows), encoding="utf-8")
        return [sys.executable, "-c", "from thidua.cli import main; main()",
                "import", "scores", f"BIG/{year}", str(sheet)]  # fmt: skip

    def sheets(year: int) -> int:
        with build_app(store_url) as app:
            return len(app.cycle("BIG", year).sheets)

    def run(command: list[str]) -> None:
        done = subprocess.run(
            command, env=env, cwd=ROOT, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr

    started = time.perf_counter()
    run(ready(2020))
    duration = time.perf_counter() - started  # of a whole import, as a process
    landed = {"before": 0, "after": 0}
    for year in range(2021, 2021 + KILLS):
        command = ready(year)
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        process = subprocess.Popen(command, env=env, cwd=ROOT, **quiet)  # type: ignore[call-overload]
        time.sleep(rng.uniform(0, duration))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        check_whole(store_url)
        scored = sheets(year)
        assert scored in (0, len(BIG)), f"{scored} of {len(BIG)} sheets: half an import"
        landed["before" if scored == 0 else "after"] += 1
        run(command)  # the operator runs it again
        assert sheets(year) == len(BIG)
    check_whole(store_url)
    with capsys.disabled():
        print(
            f"\n  import: killed {KILLS} times within its {duration:.2f} s"
            f" ({landed['before']} before the commit, {landed['after']} after);"
            " never part of a file"
        )
