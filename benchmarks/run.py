"""python -m benchmarks: the national benchmark's course, figure after figure
(national.py says what each is)."""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
from contextlib import ExitStack
from dataclasses import replace

from thidua.projections.read_models import ReadModels
from thidua.store import build_app

from . import peer_bench, queries, whole_log
from .national import (
    QUICK,
    cold_start,
    command_path,
    generate,
    latencies,
    memory,
    read_side,
)
from .report import Stores, figure, say, workspace
from .spec import Spec, size_options, sized


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
        prog="python -m benchmarks",
        description="The national benchmark: every bloc of every province over years.",
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
    size_options(parser)
    args = parser.parse_args(argv)
    spec = sized(QUICK if args.quick else Spec(), args)
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
        rebuilt = read_side(url, args.runs, national=spec == Spec())
        peer_bench.rebuild(stores, url, spec, args.runs, rebuilt)
        latencies(url, spec, args.times)
        cold_start(url, max(5, args.times // 3))
        say(f"Every query as a whole process, median of {args.times} starts")
        queries.measure(url, spec, some_unit(url), stores.kind, args.times)
        whole_log.measure(url, spec, f"{events:,} events")
        bigger = memory(stores, url, spec, generator, growth=not args.no_growth)
        if bigger is not None:
            larger = replace(spec, years=spec.years * 4)
            whole_log.measure(bigger, larger, "the store four times as long")


def some_unit(url: str) -> str:
    """A unit of the last bloc that holds an award, for `awards --unit`."""
    with build_app(url) as app:
        views = ReadModels(app)
        try:
            return str(views.awards()[-1]["unit"])
        finally:
            views.close()
