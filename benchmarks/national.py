"""The national benchmark: every bloc of every province over several years.

    python -m benchmarks            # 34 provinces × 20 blocs × 10 units × 5 years
    python -m benchmarks --quick    # a small dataset, in well under a minute

On SQLite, or on PostgreSQL when THIDUA_DB (or --db) names a server, it prints:

* command throughput through the application service, beside the write floor
  (the same rows inserted with one transaction per command) measured in the same run;
* the rebuild of every read model, beside the read floor (the same rows selected and
  their JSON decoded) measured in the same run;
* both beside the peer (peer.py): the same commands on plain eventsourcing, its
  writes with the library's defaults and with its aggregate cache, and the rebuild
  of its read models, each beside the floor of its own rows (peer_bench.py);
* the median latency of a standings query, an awards query across all years, a
  replay of one cycle, and a catch-up with nothing new;
* the cold start of `thidua --help` and of one query, as whole processes;
* the peak memory of a full rebuild, on the dataset and on one four times larger.

Each figure is the median of --runs runs; each ratio is taken within one run.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path

from thidua.domain.auditor.audit import Auditor
from thidua.projections.read_models import ReadModels
from thidua.projections.source import TOPICS
from thidua.store import build_app

from . import peer_bench
from .dataset import Generator
from .floors import output_floor, read_floor, stored_rows, write_floor
from .report import Stores, figure, median, say, workspace
from .spec import FIRST_YEAR, Spec

QUICK = Spec(provinces=2, blocs=4, units=10, years=2)


def generate(url: str, spec: Spec, *, batch: bool = False) -> tuple[Generator, float]:
    """Record the dataset into a fresh store; the generator and the seconds taken."""
    with build_app(url) as app:
        generator = Generator(app, spec)
        started = time.perf_counter()
        generator.create_blocs()
        for _ in generator.cycles(batch=batch):
            pass
        return generator, time.perf_counter() - started


def command_path(
    stores: Stores, spec: Spec, runs: int
) -> tuple[Spec, tuple[float, float, float]]:
    """Print the command path's figures; the sample, and commands/s, the floor's and
    the ratio."""
    sample = replace(spec, provinces=min(spec.provinces, 2), years=1)
    say(f"Command path: {sample}, each command through Thidua, {runs} runs")
    results = []
    for _ in range(runs):
        url = stores.fresh("commands")
        generator, took = generate(url, sample)
        rows = stored_rows(url)
        assert len(rows) == sum(generator.recorded), (len(rows), generator.recorded)
        # On PostgreSQL the floor's table goes beside the events, in the same schema.
        floor_db = stores.fresh("floor") if stores.kind == "SQLite" else ""
        floor = write_floor(url, floor_db, rows, generator.recorded)
        results.append(
            (
                generator.commands / took,
                len(rows) / took,
                generator.commands / floor,
                floor / took,
            )
        )
    commands, events, floor_rate, ratio = (
        median([r[i] for r in results]) for i in range(4)
    )
    figure("commands/s through the application service", f"{commands:,.0f}")
    figure("events/s", f"{events:,.0f}")
    figure("write floor, commands/s", f"{floor_rate:,.0f}")
    figure("ratio to the floor", f"{ratio:.2f}", "target ≥ 0.40")
    return sample, (commands, floor_rate, ratio)


def read_side(url: str, runs: int) -> tuple[float, float, float]:
    """Print the rebuild's figures; events/s rebuilt, the read floor's and the ratio
    to it; and beside them the output floor's (read, decode and write the same output
    rows) and the ratio to that."""
    say(f"Rebuild of every read model, one pass, {runs} runs")
    results = []
    with build_app(url) as app:
        read_models = ReadModels(app)
        read_models.catch_up()
        projections = read_models.by_name.values()
        kinds = frozenset().union(*(p.kinds for p in projections))
        topics = [TOPICS[k] for k in sorted(kinds)]
        tables = [t.name for p in projections for t in p.tables]
        for _ in range(runs):
            count, floor_s = read_floor(url, topics)
            _, output_s = output_floor(url, topics, tables)
            started = time.perf_counter()
            reports = read_models.rebuild()
            took = time.perf_counter() - started
            assert all(r.unchanged for r in reports)
            rates = (count / took, count / floor_s, floor_s / took)
            results.append((*rates, count / output_s, output_s / took))
        read_models.close()
    rebuilt, floor, ratio, output, honest = (
        median([r[i] for r in results]) for i in range(5)
    )
    figure("events/s rebuilt", f"{rebuilt:,.0f}")
    figure("read floor, events/s", f"{floor:,.0f}")
    figure("ratio to the read floor", f"{ratio:.2f}")
    figure("output floor (read, decode, write), events/s", f"{output:,.0f}")
    figure("ratio to the output floor", f"{honest:.2f}", "target ≥ 0.50")
    return rebuilt, floor, ratio


def timed(action: Callable[[], object], times: int) -> float:
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return median(samples) * 1000


def latencies(url: str, spec: Spec, times: int) -> None:
    say(f"Latency, median of {times}")
    rng = random.Random(5)
    generator_blocs = [
        f"P{p:02d}K{b:02d}"
        for p in range(1, spec.provinces + 1)
        for b in range(1, spec.blocs + 1)
    ]
    years = range(FIRST_YEAR, FIRST_YEAR + spec.years)
    with build_app(url) as app:
        read_models = ReadModels(app)
        read_models.catch_up()

        def standings() -> None:
            bloc, year = rng.choice(generator_blocs), rng.choice(years)
            assert len(read_models.standings(bloc, year)) == spec.units

        def awards() -> None:
            assert read_models.awards(bloc=rng.choice(generator_blocs))

        auditor = Auditor(app)

        def replay() -> None:
            bloc, year = rng.choice(generator_blocs), rng.choice(years)
            auditor.replay(bloc, year, 40)

        figure(
            "standings query (one cycle)",
            f"{timed(standings, times):.2f} ms",
            "target ≤ 50 ms",
        )
        figure("awards query (a bloc, all years)", f"{timed(awards, times):.2f} ms")
        figure(
            "replay of one cycle (as of version 40)", f"{timed(replay, times):.2f} ms"
        )
        idle = timed(read_models.catch_up, times * 4)
        figure("catch-up with nothing new", f"{idle:.2f} ms", "target ≤ 5 ms")
        read_models.close()


def cold_start(url: str, times: int) -> None:
    say(f"Cold start as whole processes, median of {times}")
    thidua = str(Path(sys.executable).parent / "thidua")
    env = {**os.environ, "THIDUA_DB": url}
    # An installed package has its bytecode written; without it every start
    # compiles thidua's modules again (benchmarks/queries.py does the same).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    query = [thidua, "standings", f"P01K01/{FIRST_YEAR}", "--format", "json"]
    for name, command, target in (
        ("thidua --help", [thidua, "--help"], "target ≤ 150 ms"),
        ("thidua standings P01K01/… --format json", query, "target ≤ 300 ms"),
    ):

        def run(command: list[str] = command) -> None:
            subprocess.run(command, env=env, check=True, capture_output=True)

        run()  # the file system's caches warm, as on a machine in use
        figure(name, f"{timed(run, times):.0f} ms", target)


def peak_rebuild(url: str) -> float:
    """Megabytes at the peak of a full rebuild, in a process of its own."""
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.peak_rebuild", url],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(result.stdout.split()[-1]) / 1024


def memory(
    stores: Stores, url: str, spec: Spec, generator: Generator, growth: bool
) -> None:
    say("Peak memory of a full rebuild (every read model, fresh tables)")
    figure(
        f"{sum(generator.recorded):,} events",
        f"{peak_rebuild(url):,.0f} MB",
        "target ≤ 300 MB",
    )
    if not growth:
        return
    larger = replace(spec, years=spec.years * 4)
    bigger_url = stores.fresh("growth")
    bigger, took = generate(bigger_url, larger, batch=True)
    events = sum(bigger.recorded)
    say(
        f"  (the larger store: {larger}, {events:,} events, recorded a cycle per"
        f" transaction in {took:.0f} s)"
    )
    figure(
        f"{events:,} events (4×)",
        f"{peak_rebuild(bigger_url):,.0f} MB",
        "flat as the log grows",
    )


def describe_machine(stores: Stores, url: str) -> None:
    server = f"SQLite {sqlite3.sqlite_version}"
    if stores.kind == "PostgreSQL":
        import psycopg

        with psycopg.connect(url.split("?", maxsplit=1)[0]) as connection:
            row = connection.execute("SHOW server_version").fetchone()
            server = f"PostgreSQL {row[0] if row else '?'}"
    say(
        f"Machine: {os.cpu_count()} cores, {platform.machine()}, Python"
        f" {platform.python_version()}, {server}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--quick", action="store_true", help=f"the dataset {QUICK}")
    parser.add_argument(
        "--db",
        default=os.environ.get("THIDUA_DB"),
        help="postgresql://… to measure PostgreSQL (default SQLite)",
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--times", type=int, default=30, help="samples per latency")
    parser.add_argument(
        "--no-growth", action="store_true", help="skip the store four times larger"
    )
    parser.add_argument("--workdir", help="keep the SQLite stores in this folder")
    for name in ("provinces", "blocs", "units", "years"):
        parser.add_argument(f"--{name}", type=int)
    args = parser.parse_args(argv)
    spec = QUICK if args.quick else Spec()
    spec = replace(
        spec,
        **{
            n: getattr(args, n)
            for n in ("provinces", "blocs", "units", "years")
            if getattr(args, n)
        },
    )
    with ExitStack() as stack:
        folder = stack.enter_context(workspace(args.workdir))
        stores = Stores(args.db, folder, stack)
        say(f"thidua national benchmark on {stores.kind}: {spec}")
        url = stores.fresh("national")
        describe_machine(stores, url)
        sample, writes = command_path(stores, spec, args.runs)
        peer_bench.writes(stores, sample, args.runs, writes)
        say("Recording the whole dataset, each command through Thidua")
        generator, took = generate(url, spec)
        events = sum(generator.recorded)
        figure(
            f"{generator.commands:,} commands, {events:,} events",
            f"{took:,.0f} s",
            f"{generator.commands / took:,.0f} commands/s",
        )
        rebuilt = read_side(url, args.runs)
        peer_bench.rebuild(stores, url, spec, args.runs, rebuilt)
        latencies(url, spec, args.times)
        cold_start(url, max(5, args.times // 3))
        memory(stores, url, spec, generator, growth=not args.no_growth)
