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
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from benchmarks.common import Clock, seed_rulebook
from thidua.domain import commands as c
from thidua.store import build_app

DEFAULT_DB = "postgresql://postgres@127.0.0.1:5432/test"
YEAR = 2023


def bloc_code(number: int) -> str:
    return f"B{number:03d}"


def units(count: int) -> list[str]:
    return [f"U{n:03d}" for n in range(count)]


@dataclass
class Store:
    """A store of its own for one measurement: a fresh schema or SQLite file."""

    url: str
    admin_url: str | None = None
    schema: str | None = None

    @classmethod
    def create(cls, db: str, workdir: Path) -> Store:
        if not db.startswith("postgresql://"):
            return cls(str(workdir / f"writers-{uuid.uuid4().hex[:8]}.db"))
        import psycopg

        server = db.split("?", maxsplit=1)[0]
        schema = f"thidua_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'CREATE SCHEMA "{schema}"')
        return cls(f"{server}?schema={schema}", server, schema)

    def drop(self) -> None:
        if self.schema is None:
            Path(self.url).unlink(missing_ok=True)
            for suffix in ("-wal", "-shm"):
                Path(self.url + suffix).unlink(missing_ok=True)
            return
        import psycopg

        with psycopg.connect(str(self.admin_url), autocommit=True) as admin:
            admin.execute(f'DROP SCHEMA "{self.schema}" CASCADE')


def set_up(url: str, blocs: int, unit_count: int) -> None:
    """Blocs with their units, each with a cycle whose covenant every unit signed."""
    rules = seed_rulebook(lenient=True)
    clock = Clock(datetime(YEAR, 1, 2), timedelta(seconds=1))
    with build_app(url) as app:
        for number in range(blocs):
            code = bloc_code(number)
            app.create_bloc(
                c.CreateBloc(
                    bloc=code, name=f"Khối {code}", province="Lào Cai", **clock.meta()
                )
            )
            for unit in units(unit_count):
                app.add_unit(
                    c.AddUnit(
                        bloc=code,
                        unit=unit,
                        year=YEAR,
                        name=f"Sở {unit}",
                        **clock.meta(),
                    )
                )
            ref = {"bloc": code, "year": YEAR}
            app.open_cycle(c.OpenCycle(**ref, rulebook_text=rules, **clock.meta()))
            for unit in units(unit_count):
                app.sign_covenant(
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


def write(share: Share, barrier: Any) -> tuple[float, float, int]:
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
            app.submit_scores(sheet)
        end = time.monotonic()
    return start, end, len(sheets)


def stored_rows(store: Store, after: int) -> list[tuple[Any, ...]]:
    """The rows the timed commands stored, in the order they were stored."""
    if store.schema is None:
        import sqlite3

        with sqlite3.connect(store.url) as connection:
            return connection.execute(
                "SELECT originator_id, originator_version, topic, state"
                " FROM stored_events WHERE rowid > ? ORDER BY rowid",
                (after,),
            ).fetchall()
    import psycopg

    with psycopg.connect(str(store.admin_url)) as connection:
        return connection.execute(
            "SELECT originator_id, originator_version, topic, state"
            f' FROM "{store.schema}".thidua_events WHERE notification_id > %s'
            " ORDER BY notification_id",
            (after,),
        ).fetchall()


def make_floor_table(store: Store) -> None:
    if store.schema is None:
        import sqlite3

        with sqlite3.connect(store.url) as connection:
            connection.execute(
                "CREATE TABLE floor_events (originator_id TEXT, originator_version"
                " INTEGER, topic TEXT, state BLOB,"
                " PRIMARY KEY (originator_id, originator_version))"
            )
        return
    import psycopg

    with psycopg.connect(str(store.admin_url), autocommit=True) as connection:
        connection.execute(
            f'CREATE TABLE "{store.schema}".floor_events'
            f' (LIKE "{store.schema}".thidua_events INCLUDING ALL)'
        )


def insert(
    store: Store, rows: list[tuple[Any, ...]], barrier: Any
) -> tuple[float, float, int]:
    """The floor: one transaction per command, nothing else."""
    if store.schema is None:
        import sqlite3

        connection: Any = sqlite3.connect(store.url, isolation_level=None, timeout=60)
        connection.execute("PRAGMA journal_mode=WAL")
        sql = "INSERT INTO floor_events VALUES (?, ?, ?, ?)"
        begin = "BEGIN IMMEDIATE"
    else:
        import psycopg

        connection = psycopg.connect(str(store.admin_url), autocommit=True)
        sql = (
            f'INSERT INTO "{store.schema}".floor_events'
            " (originator_id, originator_version, topic, state) VALUES (%s, %s, %s, %s)"
        )
        begin = "BEGIN"
    barrier.wait()
    start = time.monotonic()
    for row in rows:
        connection.execute(begin)
        connection.execute(sql, row)
        connection.execute("COMMIT")
    end = time.monotonic()
    connection.close()
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
    return sum(r[2] for r in results) / (end - start)


def one_run(
    db: str, writers: int, args: argparse.Namespace, workdir: Path
) -> tuple[float, float]:
    """Commands per second through thidua, and the floor, in one fresh store."""
    store = Store.create(db, workdir)
    try:
        set_up(store.url, args.blocs, args.units)
        before = head(store.url)
        engine = in_parallel(
            write,
            [
                (Share(store.url, w, writers, args.blocs, args.units, args.commands),)
                for w in range(writers)
            ],
        )
        rows = stored_rows(store, before)
        # A score sheet appends one event: the floor's row is the command's.
        assert len(rows) == args.commands, (len(rows), args.commands)
        make_floor_table(store)
        # Each floor process inserts what one writer's blocs stored, in order.
        shares: list[list[tuple[Any, ...]]] = [[] for _ in range(writers)]
        owner = {}
        for number in range(args.blocs):
            owner[bloc_code(number)] = number % writers
        streams = _stream_owners(owner)
        for row in rows:
            shares[streams[str(row[0])]].append(row)
        floor = in_parallel(insert, [(store, share) for share in shares])
        return engine, floor
    finally:
        store.drop()


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
    kind = "PostgreSQL" if args.db.startswith("postgresql://") else "SQLite"
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
