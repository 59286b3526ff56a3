"""The national benchmark beside the peer: the same commands on plain eventsourcing.

Writes: the command path's sample recorded by the peer with the library's defaults
(no aggregate cache: each command replays its cycle) and with its aggregate cache
(AGGREGATE_CACHE_MAXSIZE), each beside the write floor of the peer's own rows.
Rebuild: the whole dataset recorded by the peer, its read models rebuilt, beside the
read floor of the peer's own rows; and its standings compared with thidua's.
Each figure is the median of the runs; each ratio is taken within one run.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

from thidua.projections.read_models import ReadModels
from thidua.store import build_app

from .dataset import Generator
from .floors import read_floor, stored_rows, write_floor
from .peer import NAME, Peer, peer_env
from .peer_views import PeerViews, event_topics
from .report import Stores, median, say
from .spec import FIRST_YEAR, Spec

CACHE = 10_000  # aggregates: more than the cycles and blocs of any run
TABLE = f"{NAME.lower()}_events"  # on PostgreSQL; SQLite has stored_events


@contextmanager
def peer_app(url: str, cache: int) -> Iterator[Peer]:
    app = Peer(env=peer_env(url, cache=cache))
    try:
        yield app
    finally:
        app.close()  # an application left open prints at interpreter exit


def record(app: Peer, spec: Spec) -> tuple[Generator, float]:
    generator = Generator(app, spec)
    started = time.perf_counter()
    generator.create_blocs()
    for _ in generator.cycles():
        pass
    return generator, time.perf_counter() - started


Figures = tuple[float, float, float]  # rate, the floor's rate, the median ratio


def row(name: str, figures: Figures, thidua: float | None = None) -> None:
    rate, floor, ratio = figures
    beside = f"{thidua / rate:>13.2f}" if thidua is not None else ""
    say(f"  {name:<30}{rate:>12,.0f}{floor:>12,.0f}{ratio:>9.2f}{beside}")


def header(unit: str) -> None:
    say(f"  {'':<30}{unit:>12}{'its floor':>12}{'/floor':>9}{'thidua/peer':>13}")


def writes(stores: Stores, sample: Spec, runs: int, thidua: Figures) -> None:
    """Print the peer's command path beside thidua's (commands/s, its floor's)."""
    say("Writes beside the peer (peer.py: the same commands on plain eventsourcing)")
    header("commands/s")
    row("thidua", thidua)
    configurations = (("peer, library defaults", 0), ("peer, aggregate cache", CACHE))
    for name, cache in configurations:
        results = []
        for _ in range(runs):
            url = stores.fresh("peer")
            with peer_app(url, cache) as app:
                generator, took = record(app, sample)
            rows = stored_rows(url, table=TABLE)
            assert len(rows) == sum(generator.recorded), (len(rows), generator.recorded)
            floor_db = stores.fresh("peer-floor") if stores.kind == "SQLite" else ""
            floor = write_floor(url, floor_db, rows, generator.recorded, TABLE)
            rate = generator.commands / took
            results.append((rate, generator.commands / floor, floor / took))
        row(name, medians(results), thidua[0])


def rebuild(stores: Stores, url: str, spec: Spec, runs: int, thidua: Figures) -> None:
    """Print the peer's rebuild beside thidua's (events/s, its floor's), and check
    that the peer's standings are thidua's."""
    peer_url = stores.fresh("peer")
    with peer_app(peer_url, CACHE) as app:
        generator, took = record(app, spec)
        rate = generator.commands / took
        say(f"Rebuild beside the peer: the dataset recorded by it in {took:,.0f} s"
            f" ({rate:,.0f} commands/s, aggregate cache)")  # fmt: skip
        views = PeerViews(app, peer_url)
        results = []
        for _ in range(runs):
            count, floor_s = read_floor(peer_url, event_topics(), TABLE)
            started = time.perf_counter()
            events = views.rebuild()
            took = time.perf_counter() - started
            assert events == count, (events, count)
            results.append((count / took, count / floor_s, floor_s / took))
        header("events/s")
        row("thidua, every read model", thidua)
        row("peer, a simple fold", medians(results), thidua[0])
        cycles = [(code, year) for code, _ in generator.blocs()
                  for year in range(FIRST_YEAR, FIRST_YEAR + spec.years)]  # fmt: skip
        differ = different_standings(url, views, cycles)
        views.close()
    say(f"  the peer's standings equal thidua's in {len(cycles) - differ:,} of"
        f" {len(cycles):,} cycles")  # fmt: skip


def medians(results: list[tuple[float, float, float]]) -> Figures:
    rate, floor, ratio = (median([r[i] for r in results]) for i in range(3))
    return rate, floor, ratio


def different_standings(
    url: str, views: PeerViews, cycles: list[tuple[str, int]]
) -> int:
    """How many cycles rank a unit differently, or total it differently."""
    with build_app(url) as app:
        read_models = ReadModels(app)
        differ = 0
        for code, year in cycles:
            theirs = [
                (r["unit"], r["rank"], Decimal(str(r["total"])))
                for r in read_models.standings(code, year)
            ]
            differ += theirs != views.standings(code, year)
        read_models.close()
    return differ
