"""Auditor benchmark: replay of a long cycle as of a version, and verify throughput.

Builds (or reuses) an SQLite store holding one cycle of about --events events: a bloc
of 100 units that sign, then submit scores again and again, recorded through the
domain model (snapshots are taken every 200 events, as in use). Then it prints:

* the median time to replay the cycle as of a random late version (`audit replay`:
  snapshot, remaining events, and the snapshot's check against the chain);
* the throughput of `audit verify --all`: chains alone, and chains plus the
  re-derivation of rankings, tallies, awards and stages;
* the throughput of `audit checkpoint` (the Merkle root over the whole log) and of
  `audit verify --checkpoint` of that checkpoint, with the memory each pass
  allocates at its peak: the tree keeps only its stack of subtrees, so the peak
  stays that of one page of rows whatever the size of the log.

Then `audit verify --all` on the national dataset and on one four times larger,
each pass a process of its own with its peak memory (benchmarks/verify.py):
`--national quick` for a small dataset, `none` to skip it; `--workdir` keeps
those stores for the next run.

Run:  python -m benchmarks.audit --events 10000 --db bench-audit.db
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from benchmarks.common import Clock, save, seed_rulebook
from thidua.domain import commands as c
from thidua.domain import covenant, scoring
from thidua.domain.auditor.audit import Auditor
from thidua.domain.auditor.log_tree import LogTree
from thidua.domain.bloc import Bloc, decide_add_unit, decide_create
from thidua.domain.cycle import Cycle, decide_open
from thidua.store import build_app

from .verify import national

UNITS = [f"U{n:03d}" for n in range(100)]


def build(db: str, events: int) -> None:
    rules = seed_rulebook(lenient=True)
    clock = Clock(datetime(2020, 1, 2), timedelta(seconds=30))
    rng = random.Random(2020)
    ref = {"bloc": "LON", "year": 2020}
    with build_app(db) as app:
        bloc = Bloc.started(
            decide_create(
                c.CreateBloc(
                    bloc="LON", name="Khối lớn", province="Lào Cai", **clock.meta()
                )
            )
        )
        for unit in UNITS:
            added = c.AddUnit(
                bloc="LON", unit=unit, year=2018, name=f"Sở {unit}", **clock.meta()
            )
            bloc.record(decide_add_unit(bloc.state, added))
        save(app, bloc)
        opened = c.OpenCycle(**ref, rulebook_text=rules, **clock.meta())
        roster = {u: f"Sở {u}" for u in UNITS}
        cycle = Cycle.started(decide_open(opened, "Khối lớn", roster))
        for unit in UNITS:
            act(
                cycle,
                covenant.decide_sign_covenant,
                c.SignCovenant(
                    **ref,
                    unit=unit,
                    signatory="Nguyễn Văn An",
                    signed_on=date(2020, 1, 20),
                    **clock.meta(),
                ),
            )
        while cycle.version < events - 1:
            points = {
                "A1": Decimal(rng.randint(15, 30)),
                "B1": Decimal(rng.randint(5, 10)),
            }
            act(
                cycle,
                scoring.decide_submit_scores,
                c.SubmitScores(
                    **ref, unit=rng.choice(UNITS), points=points, **clock.meta()
                ),
            )
            if len(cycle.pending_events) >= 1000:
                save(app, cycle)
        act(cycle, scoring.decide_close_scoring, c.CloseScoring(**ref, **clock.meta()))
        save(app, cycle)


def act(cycle: Cycle, decide: Any, command: c.CycleCommand) -> None:
    cycle.record(decide(cycle.state, command))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--db", default="bench-audit.db")
    parser.add_argument("--replays", type=int, default=30)
    parser.add_argument("--national", choices=("full", "quick", "none"), default="full")
    parser.add_argument("--workdir", default="bench-verify")
    args = parser.parse_args()

    path = Path(args.db)
    if not path.exists():
        print(f"Building a cycle of {args.events:,} events into {path} …")
        build(str(path), args.events)
    with build_app(str(path)) as app:
        auditor = Auditor(app)
        latest = app.cycle("LON", 2020).version
        total = app.recorder.max_notification_id() or 0
        print(f"Store: {path}, {total:,} events; cycle LON/2020 at version {latest:,}")

        rng = random.Random(7)
        samples = []
        for _ in range(args.replays):
            version = rng.randint(latest * 9 // 10, latest)
            started = time.perf_counter()
            replayed = auditor.replay("LON", 2020, version)
            samples.append(time.perf_counter() - started)
            assert replayed.version == version
        median = statistics.median(samples) * 1000
        print(f"Replay as of a version, median of {len(samples)}: {median:.1f} ms"
              " (target ≤ 100 ms)")  # fmt: skip

        for label, rederive in (("chains", False), ("chains + re-derivation", True)):
            started = time.perf_counter()
            examination = auditor.examine(rederive=rederive)
            took = time.perf_counter() - started
            assert all(report.intact for report in examination.chains)
            assert not examination.discrepancies
            print(f"Verify --all, {label}: {total / took:,.0f} events/s ({took:.2f} s)")
        checkpoints(auditor, total)
    if args.national != "none":
        national(args.workdir, quick=args.national == "quick")


def checkpoints(auditor: Auditor, total: int) -> None:
    import tracemalloc

    tree = LogTree(auditor)
    started = time.perf_counter()
    checkpoint, _ = tree.checkpoint(datetime.now(UTC))
    took = time.perf_counter() - started
    print(f"Checkpoint of {checkpoint.tree_size:,} events: {total / took:,.0f}"
          f" events/s ({took:.2f} s)")  # fmt: skip
    started = time.perf_counter()
    (found,) = tree.extends([checkpoint])
    took = time.perf_counter() - started
    assert found.holds
    print(f"Verify --checkpoint: {total / took:,.0f} events/s ({took:.2f} s)")
    tracemalloc.start()  # slows the pass down, so timed apart
    tree.checkpoint(datetime.now(UTC))
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    print(f"Checkpoint, peak memory allocated: {peak:.1f} MiB")


if __name__ == "__main__":
    main()
