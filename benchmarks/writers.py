"""Command throughput with concurrent writers, beside the raw insert floor.

For each number of writers (1, 4 and 8 by default) the program sets up a fresh store
of --blocs blocs of --units units, each with a cycle open for scoring, then starts
that many writer processes. Together they submit --commands score sheets through the
application service (load the cycle, judge the command, hash, append), each writer
working on its own blocs, as the operators of different blocs do. Then, in the same
run, plain psycopg inserts the very rows those commands stored into a table of the
same layout, one transaction per command, from as many processes: the floor.

Each figure is the median of --repeat runs; each ratio is taken within one run.

Run:  python -m benchmarks.writers --db postgresql://postgres@127.0.0.1:5432/test
      (an SQLite file path works too)
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import statistics
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from benchmarks.common import Clock, seed_rulebook
from benchmarks.floors import (
    Row,
    create_floor_table,
    floor_connection,
    is_postgres,
    stored_rows,
)
from benchmarks.report import Stores
from thidua.domain import commands as c
from thidua.store import build_app

DEFAULT_DB = "postgresql://postgres@127.0.0.1:5432/test"
YEAR = 2023
Timed = tuple[float, float, int]  # started, ended, commands


def bloc_code(number: int) -> str:
    return f"B{number:03d}"


def units(count: int) -> list[str]:
    return [f"U{n:03d}" for n in range(count)]


def set_up(url: str, blocs: int, unit_count: int) -> None:
    """Blocs with their units, each with a cycle whose covenant every unit signed."""
    rules = seed_rulebook(lenient=True)
    clock = Clock(datetime(YEAR, 1, 2), timedelta(seconds=1))
    with build_app(url) as app:
        for number in range(blocs):
            code = bloc_code(number)
            app.handle(
                c.CreateBloc(
                    bloc=code, name=f"Khối {code}", province="Lào Cai", **clock.meta()
                )
            )
            for unit in units(unit_count):
                app.handle(
                    c.AddUnit(
                        bloc=code,
                        unit=unit,
                        year=YEAR,
                        name=f"Sở {unit}",
                        **clock.meta(),
                    )
                )
            ref = {"bloc": code, "year": YEAR}
            app.handle(c.OpenCycle(**ref, rulebook_text=rules, **clock.meta()))
            for unit in units(unit_count):
                app.handle(
                    c.SignCovenant(
                        **ref,
                        unit=unit,
                        signatory="Nguyễn Văn An",
                        signed_on=date(YEAR, 1, 20),
                        **clock.meta(),
                    )
                )


def head(url: str) -> int:
    with build_app(url) as app:
        return int(app.recorder.max_notification_id() or 0)


@dataclass(frozen=True)
class Share:
    """One writer's part of a run."""

    url: str
    writer: int
    writers: int
    blocs: int
    units: int
    commands: int


def write(share: Share, barrier: Any) -> Timed:
    """One operator's process: submit its share of score sheets on its own blocs."""
    writer, writers = share.writer, share.writers
    mine = [bloc_code(n) for n in range(share.blocs) if n % writers == writer]
    count = share.commands // writers + (1 if writer < share.commands % writers else 0)
    rng = random.Random(writer)
    clock = Clock(datetime(YEAR, 2, 1), timedelta(seconds=1))
    sheets = [
        c.SubmitScores(
            bloc=mine[i % len(mine)],
            year=YEAR,
            unit=rng.choice(units(share.units)),
            points={
                "A1": Decimal(rng.randint(15, 30)),
                "B1": Decimal(rng.randint(5, 10)),
            },
            **{**clock.meta(), "command_id": f"w{writer}-{i}"},
        )
        for i in range(count)
    ]
    with build_app(share.url) as app:
        barrier.wait()
        start = time.monotonic()
        for sheet in sheets:
            app.handle(sheet)
        end = time.monotonic()
    return start, end, len(sheets)


def insert(url: str, floor_db: str, rows: list[Row], barrier: Any) -> Timed:
    """The floor: one transaction per command, nothing else."""
    floor = floor_connection(url, floor_db, shared=True)
    barrier.wait()
    start = time.monotonic()
    floor.insert([[row] for row in rows])
    end = time.monotonic()
    floor.close()
    return start, end, len(rows)


def in_parallel(target: Any, jobs: list[tuple[Any, ...]]) -> float:
    """Run the jobs in as many processes at once; commands per second together."""
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        barrier = manager.Barrier(len(jobs))
        with context.Pool(len(jobs)) as pool:
            results = pool.starmap(target, [(*job, barrier) for job in jobs])
    start = min(r[0] for r in results)
    end = max(r[1] for r in results)
    return float(sum(r[2] for r in results) / (end - start))


def one_run(
    db: str, writers: int, args: argparse.Namespace, workdir: Path
) -> tuple[float, float]:
    """Commands per second through thidua, and the floor, in one fresh store."""
    with ExitStack() as stack:
        url = Stores(db, workdir, stack).fresh("writers")
        set_up(url, args.blocs, args.units)
        before = head(url)
        engine = in_parallel(
            write,
            [
                (Share(url, w, writers, args.blocs, args.units, args.commands),)
                for w in range(writers)
            ],
        )
        rows = stored_rows(url, before)
        # A score sheet appends one event: the floor's row is the command's.
        assert len(rows) == args.commands, (len(rows), args.commands)
        # On SQLite the floor's table goes in the same file, as its writers share it.
        floor_db = "" if is_postgres(url) else url
        create_floor_table(url, floor_db)
        # Each floor process inserts what one writer's blocs stored, in order.
        shares: list[list[Row]] = [[] for _ in range(writers)]
        owner = {}
        for number in range(args.blocs):
            owner[bloc_code(number)] = number % writers
        streams = _stream_owners(owner)
        for row in rows:
            shares[streams[str(row[0])]].append(row)
        floor = in_parallel(insert, [(url, floor_db, share) for share in shares])
        return engine, floor


def _stream_owners(owner: dict[str, int]) -> dict[str, int]:
    from thidua.domain.ids import cycle_id

    found: dict[str, int] = {}
    for code, writer in owner.items():
        stream = cycle_id(code, YEAR)
        found[str(stream)] = writer
        found[stream.hex] = writer
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=os.environ.get("THIDUA_DB", DEFAULT_DB))
    parser.add_argument("--writers", default="1,4,8")
    parser.add_argument("--blocs", type=int, default=16)
    parser.add_argument("--units", type=int, default=30)
    parser.add_argument("--commands", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    counts = [int(n) for n in args.writers.split(",")]
    if any(n > args.blocs for n in counts):
        parser.error("each writer needs a bloc of its own: --blocs ≥ --writers")
    kind = "PostgreSQL" if is_postgres(args.db) else "SQLite"
    print(
        f"{kind}: {args.commands} score sheets per run over {args.blocs} blocs of"
        f" {args.units} units, median of {args.repeat} runs, {os.cpu_count()} cores"
    )
    print(f"{'writers':>8} {'thidua cmd/s':>13} {'floor cmd/s':>12} {'ratio':>6}")
    with tempfile.TemporaryDirectory() as workdir:
        for writers in counts:
            runs = [
                one_run(args.db, writers, args, Path(workdir))
                for _ in range(args.repeat)
            ]
            engine = statistics.median(r[0] for r in runs)
            floor = statistics.median(r[1] for r in runs)
            ratio = statistics.median(r[0] / r[1] for r in runs)
            print(f"{writers:>8} {engine:>13,.0f} {floor:>12,.0f} {ratio:>6.2f}")


if __name__ == "__main__":
    main()
