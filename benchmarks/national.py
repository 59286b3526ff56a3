"""The national benchmark: every bloc of every province over several years.

    python -m benchmarks            # 34 provinces × 20 blocs × 10 units × 5 years
    python -m benchmarks --quick    # a small dataset, in about a minute

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
* the peak memory of a full rebuild, on the dataset and on one four times larger;
* every query as a whole process beside `thidua --help` (queries.py), and the
  commands that read the whole store, with their peak memory, on both stores
  (whole_log.py).

Each figure is the median of --runs runs; each ratio is taken within one run.
"""

from __future__ import annotations

import random
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import replace

from thidua.domain.auditor.audit import Auditor
from thidua.projections.read_models import ReadModels
from thidua.projections.source import TOPICS
from thidua.store import build_app

from .dataset import Generator
from .floors import output_floor, read_floor, stored_rows, write_floor
from .processes import THIDUA, measured, thidua_env
from .report import Stores, figure, median, say
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
    target = 0.6 if stores.kind == "PostgreSQL" else 0.5
    met = "met" if ratio >= target else "NOT met"
    figure("ratio to the floor", f"{ratio:.2f}", f"target ≥ {target:.2f}: {met}")
    return sample, (commands, floor_rate, ratio)


def read_side(url: str, runs: int, *, national: bool) -> tuple[float, float, float]:
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
            results.append((*rates, count / output_s, output_s / took, took))
        read_models.close()
    rebuilt, floor, ratio, output, honest, seconds = (
        median([r[i] for r in results]) for i in range(6)
    )
    figure("events/s rebuilt", f"{rebuilt:,.0f}")
    figure("read floor, events/s", f"{floor:,.0f}")
    figure("ratio to the read floor", f"{ratio:.2f}")
    figure("output floor (read, decode, write), events/s", f"{output:,.0f}")
    met = "met" if honest >= 0.5 else "NOT met"
    figure("ratio to the output floor", f"{honest:.2f}", f"target ≥ 0.50: {met}")
    target = "target ≤ 5 s at the national dataset"
    if national:
        target += ": met" if seconds <= 5 else ": NOT met"
    figure("the whole rebuild, seconds", f"{seconds:,.1f} s", target)
    return rebuilt, floor, ratio


def plan(read_models: ReadModels) -> str:
    """How the last statement with a filter found its rows: the plan's steps that
    read a whole table, or that an index served it."""
    sql, params = next(a for a in reversed(read_models.asked) if " WHERE " in a[0])
    with read_models.db.transaction(write=False) as tx:
        steps = read_models.db.plan(tx, sql, params)
    scans = [s for s in steps if s.startswith("SCAN ") or "Seq Scan" in s]
    return f"plan: {'; '.join(scans)}" if scans else "plan: by an index, no scan"


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

        units = sorted({str(a["unit"]) for a in read_models.awards(year_from=years[0])})

        def awards_of_unit() -> None:
            read_models.awards(unit=rng.choice(units))

        auditor = Auditor(app)

        def replay() -> None:
            bloc, year = rng.choice(generator_blocs), rng.choice(years)
            auditor.replay(bloc, year, 40)

        figure(
            "standings query (one cycle)",
            f"{timed(standings, times):.2f} ms",
            "target ≤ 50 ms",
        )
        for name, ask in (("a bloc", awards), ("a unit", awards_of_unit)):
            took = timed(ask, times)
            note = plan(read_models)
            figure(f"awards query ({name}, all years)", f"{took:.2f} ms", note)
        figure(
            "replay of one cycle (as of version 40)", f"{timed(replay, times):.2f} ms"
        )
        idle = timed(read_models.catch_up, times * 4)
        figure("catch-up with nothing new", f"{idle:.2f} ms", "target ≤ 5 ms")
        read_models.close()


def cold_start(url: str, times: int) -> None:
    say(f"Cold start as whole processes, median of {times}")
    thidua, env = THIDUA, thidua_env(url)
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
    return measured([sys.executable, "-m", "benchmarks.peak_rebuild", url]).peak


def memory(
    stores: Stores, url: str, spec: Spec, generator: Generator, growth: bool
) -> str | None:
    """Print the peak memory of a rebuild; the larger store's URL, if one was made."""
    say("Peak memory of a full rebuild (every read model, fresh tables)")
    figure(
        f"{sum(generator.recorded):,} events",
        f"{peak_rebuild(url):,.0f} MB",
        "target ≤ 300 MB",
    )
    if not growth:
        return None
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
    return bigger_url
