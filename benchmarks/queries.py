"""Every query as a whole process, beside the floor of `thidua --help`.

    python -m benchmarks.queries --provinces 2 --blocs 5 --years 2
    python -m benchmarks.queries --db postgresql://…   # on PostgreSQL

A store is generated (benchmarks/dataset.py: blocs of units through their yearly
cycles), its read models are caught up once, and then each query the analysts and the
secretariat run is started as a process of its own, as an operator's shell would:
`cycle status`, `bloc show`, `bloc list`, `audit log`, `votes`, `awards` (by bloc and
by unit), `participation` and `standings`. Each figure is the median of --times
starts, after one start that warms the file system's caches: the wall time, and the
processor time the process used (steadier on a loaded machine); beside each, how much
longer it took than `thidua --help` (the start-up of Python, click and the command
line) in the same run. The targets are ≤ 150 ms on SQLite and ≤ 200 ms on
PostgreSQL.
"""

from __future__ import annotations

import argparse
import resource
import sqlite3
import subprocess
import time
from contextlib import ExitStack

from thidua.projections.read_models import ReadModels
from thidua.store import build_app

from .dataset import Generator
from .processes import THIDUA, thidua_env
from .report import Stores, median, say, workspace
from .spec import FIRST_YEAR, Spec, size_options, sized

SMALL = Spec(provinces=2, blocs=5, units=10, years=2)


def queries(spec: Spec, unit: str) -> list[tuple[str, list[str]]]:
    """What is asked of the store: the last bloc's last cycle, and a unit of it."""
    bloc = f"P{spec.provinces:02d}K{spec.blocs:02d}"
    cycle = f"{bloc}/{FIRST_YEAR + spec.years - 1}"
    return [
        ("cycle status", ["cycle", "status", cycle]),
        ("cycle status --format json", ["cycle", "status", cycle, "--format", "json"]),
        ("bloc show", ["bloc", "show", bloc]),
        ("bloc list", ["bloc", "list"]),
        ("audit log", ["audit", "log", cycle]),
        ("votes", ["votes", cycle]),
        ("awards --bloc", ["awards", "--bloc", bloc]),
        ("awards --unit", ["awards", "--unit", unit]),
        ("participation", ["participation", cycle]),
        ("standings", ["standings", cycle]),
        ("standings --format json", ["standings", cycle, "--format", "json"]),
    ]


def started(command: list[str], env: dict[str, str], times: int) -> tuple[float, float]:
    """The median milliseconds of a process from start to exit, on the wall clock and
    of the processor's time (user and system: on a loaded machine the steadier)."""
    walls, cpus = [], []
    subprocess.run(command, env=env, check=True, capture_output=True)  # warm
    for _ in range(times):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        began = time.perf_counter()
        subprocess.run(command, env=env, check=True, capture_output=True)
        walls.append(time.perf_counter() - began)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return median(walls) * 1000, median(cpus) * 1000


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.queries", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--db", help="postgresql://… to measure PostgreSQL")
    parser.add_argument("--times", type=int, default=15, help="starts per query")
    parser.add_argument("--workdir", help="keep the SQLite store in this folder")
    size_options(parser)
    args = parser.parse_args(argv)
    spec = sized(SMALL, args)
    with ExitStack() as stack:
        stores = Stores(args.db, stack.enter_context(workspace(args.workdir)), stack)
        url = stores.fresh("queries")
        with build_app(url) as app:
            generator = Generator(app, spec)
            generator.create_blocs()
            for _ in generator.cycles():
                pass
            views = ReadModels(app)
            views.catch_up()
            bloc = f"P{spec.provinces:02d}K{spec.blocs:02d}"
            unit = str(views.awards(bloc=bloc)[0]["unit"])
            views.close()
        events = sum(generator.recorded)
        server = "" if stores.kind == "PostgreSQL" else f" {sqlite3.sqlite_version}"
        say(f"Queries as whole processes on {stores.kind}{server}: {spec}")
        say(f"{events:,} events; median of {args.times} starts each")
        measure(url, spec, unit, stores.kind, args.times)


def measure(url: str, spec: Spec, unit: str, kind: str, times: int) -> None:
    """Print each query's start as a process, beside `thidua --help`'s."""
    thidua, env = THIDUA, thidua_env(url)
    floor, floor_cpu = started([thidua, "--help"], env, times)
    target = 200 if kind == "PostgreSQL" else 150
    say(
        f"  {'command':<36}{'wall ms':>8}{'over --help':>13}{'cpu ms':>8}"
        f"{'over --help':>13}  target ≤ {target} ms"
    )
    say(f"  {'thidua --help':<36}{floor:>8.0f}{'':>13}{floor_cpu:>8.0f}")
    for name, command in queries(spec, unit):
        took, cpu = started([thidua, *command], env, times)
        mark = "" if took <= target else "  over the target"
        say(
            f"  {'thidua ' + name:<36}{took:>8.0f}{took - floor:>+13.0f}"
            f"{cpu:>8.0f}{cpu - floor_cpu:>+13.0f}{mark}"
        )


if __name__ == "__main__":
    main()
