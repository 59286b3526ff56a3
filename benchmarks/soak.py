"""Soak: several writer processes on one cycle and a follower, then a full account.

Writers submit score sheets on the same 30-unit cycle at once, each command with its
own id, while `thidua projections follow` keeps the read models current. Afterwards
the program counts every command id in the store (each must be there exactly once),
checks the chains and re-derivations, and compares the followed read models with a
rebuild. It prints commands/s, the p50 and p99 latency of a command, how many were
judged again after a collision, and what was lost or doubled (zero, or it fails).

Run:  python -m benchmarks.soak [--db postgresql://…] --writers 4 --commands 4000
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import ExitStack
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from benchmarks.report import Stores
from thidua.domain import commands as c
from thidua.domain.auditor.audit import Auditor
from thidua.domain.ids import cycle_id
from thidua.projections.read_models import ReadModels
from thidua.projections.runner import REBUILD
from thidua.store import build_app

UNITS = [f"U{n:02d}" for n in range(30)]
ACTOR = {"name": "Đỗ Thị Mai"}
NOW = datetime(2020, 3, 1, tzinfo=UTC)


def set_up(url: str) -> None:
    from benchmarks.common import seed_rulebook

    meta = {"actor": ACTOR, "issued_at": NOW}
    with build_app(url) as app:
        app.handle(
            c.CreateBloc(
                bloc="SOAK",
                name="Khối thử tải",
                province="Lào Cai",
                command_id="bloc",
                **meta,
            )
        )
        for unit in UNITS:
            app.handle(
                c.AddUnit(
                    bloc="SOAK",
                    unit=unit,
                    name=f"Sở {unit}",
                    year=2018,
                    command_id=f"add-{unit}",
                    **meta,
                )
            )
        rules = seed_rulebook(lenient=True)
        app.handle(
            c.OpenCycle(
                bloc="SOAK", year=2020, rulebook_text=rules, command_id="open", **meta
            )
        )
        for unit in UNITS:
            app.handle(
                c.SignCovenant(
                    bloc="SOAK",
                    year=2020,
                    unit=unit,
                    signatory="Lò Văn Tiến",
                    signed_on=date(2020, 1, 16),
                    command_id=f"sign-{unit}",
                    **meta,
                )
            )


Result = tuple[list[float], int, float, float]

# Seconds: for every writer to be ready, and for the whole run.
START_WITHIN = 120.0
RUN_WITHIN = 1200.0


def write(url: str, writer: int, count: int, barrier: Any) -> Result:
    """One operator: `count` score sheets on the shared cycle. Returns the latencies,
    the collisions, and when it started and ended (the machine's monotonic clock)."""
    latencies = []
    with build_app(url) as app:
        barrier.wait()
        begun = time.monotonic()
        for n in range(count):
            unit = UNITS[(writer * 7 + n) % len(UNITS)]
            command = c.SubmitScores(
                bloc="SOAK",
                year=2020,
                unit=unit,
                actor=ACTOR,
                issued_at=NOW,
                command_id=f"w{writer}-{n}",
                points={"A1": Decimal(10 + n % 20)},
            )
            started = time.perf_counter()
            app.handle(command)
            latencies.append(time.perf_counter() - started)
        return latencies, app.collisions, begun, time.monotonic()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=os.environ.get("THIDUA_DB"))
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--commands", type=int, default=4000)
    args = parser.parse_args()
    share = args.commands // args.writers
    with tempfile.TemporaryDirectory() as folder, ExitStack() as stack:
        stores = Stores(args.db, Path(folder), stack)
        url = stores.fresh("soak")
        set_up(url)
        follower = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "thidua"),
                "--db",
                url,
                "-q",
                "projections",
                "follow",
                "--idle",
                "0.2",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            context = multiprocessing.get_context("spawn")
            with context.Manager() as manager:
                # Bounded waits: a writer that never starts breaks the barrier,
                # and a run that never ends is given up, instead of hanging CI.
                barrier = manager.Barrier(args.writers, timeout=START_WITHIN)
                with context.Pool(args.writers) as pool:
                    results = pool.starmap_async(
                        write, [(url, w, share, barrier) for w in range(args.writers)]
                    ).get(timeout=RUN_WITHIN)
            took = max(r[3] for r in results) - min(r[2] for r in results)
            time.sleep(1.0)  # the follower's last wake-up
        finally:
            follower.send_signal(signal.SIGTERM)
            follower.wait(timeout=60)
        account(
            url,
            stores.kind,
            writers=args.writers,
            share=share,
            took=took,
            results=results,
        )


def account(
    url: str,
    kind: str,
    *,
    writers: int,
    share: int,
    took: float,
    results: list[Result],
) -> None:
    latencies = sorted(x for r in results for x in r[0])
    collisions = sum(r[1] for r in results)
    expected = {f"w{w}-{n}" for w in range(writers) for n in range(share)}
    with build_app(url) as app:
        rows = Auditor(app).stream_rows(cycle_id("SOAK", 2020))
        seen = Counter(row.document["command_id"] for row in rows)
        examination = Auditor(app).examine()
        views = ReadModels(app)
        lag = max(row["lag"] for row in views.status())
        pairs = [(p, p.twin(REBUILD)) for p in views.by_name.values()]
        same = all(r.unchanged for r in views.runner.rebuild(pairs))
        views.close()
    lost = len(expected - set(seen))
    doubled = sum(1 for command in expected if seen[command] > 1)
    problems = [p for r in examination.chains for p in r.problems]
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    print(
        f"{kind}: {writers} writers on one cycle, {len(latencies):,} commands,"
        f" a follower beside them"
    )
    print(f"  commands/s together          {len(latencies) / took:>10,.0f}")
    print(
        f"  latency p50 / p99            {statistics.median(latencies) * 1000:>7.1f}"
        f" / {p99 * 1000:.1f} ms"
    )
    print(f"  judged again after collision {collisions:>10,}")
    print(f"  lost / doubled               {lost:>6} / {doubled}")
    print(f"  follower lag at the end      {lag:>10}  (views equal a rebuild: {same})")
    print(f"  chains and re-derivations    {'hold' if not problems else problems[0]}")
    if lost or doubled or problems or examination.discrepancies or lag or not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
