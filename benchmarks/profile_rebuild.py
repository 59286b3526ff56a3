"""Where a full rebuild's time goes: every read model rebuilt under cProfile.

    python -m benchmarks.profile_rebuild STORE          # a store kept by --workdir
    python -m benchmarks.profile_rebuild --quick DIR    # a small store made in DIR

The store is caught up first and rebuilt once unprofiled, so the profiled rebuild
is the one an operator runs on a store already built. It prints the rebuild's own
seconds, then the cumulative seconds of the parts issue 20 names (a part may hold
another: the status fold holds its events' validation), then the top of the
profile. A profile, not a benchmark: cProfile slows the Python parts most.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from pathlib import Path

from thidua.projections.read_models import ReadModels
from thidua.store import build_app

from .national import QUICK, generate

# (what the part is, the file ending and function name cProfile keys it by)
PARTS = (
    ("the fill: every page read and folded", "projections/runner.py", "_fill"),
    ("status pages: the fold of each event", "projections/statuses.py", "_apply"),
    ("  of which the stored events validated", "projections/statuses.py",
     "domain_event"),
    ("audit log: each event's row", "projections/audit.py", "apply"),
    ("  of which the summary in English", "domain/phrase.py", "english"),
    ("  of which the summary as JSON", "domain/phrase.py", "to_json"),
    ("rows written (every read model's flush)", "projections/base.py", "flush"),
    ("events read and decoded", "projections/source.py", "read"),
    ("json.dumps of rows and pages", "json/__init__.py", "dumps"),
    ("comparison with the live tables", "projections/swap.py", "compare"),
    ("swap of the fresh tables", "projections/swap.py", "swap"),
)  # fmt: skip


def part_seconds(stats: pstats.Stats, ending: str, name: str) -> float:
    """The cumulative seconds of the function, its recursive calls counted once.

    Of several of the name in one file (a phrase's `english` and its parts'), the
    outermost: the one with the most, which holds the others.
    """
    table = stats.stats  # type: ignore[attr-defined]
    found = [
        row[3]
        for (path, _, function), row in table.items()
        if function == name and path.endswith(ending)
    ]
    return max(found, default=0.0)


def profile(url: str, top: int) -> None:
    with build_app(url) as app:
        read_models = ReadModels(app)
        read_models.catch_up()
        read_models.rebuild()
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        reports = read_models.rebuild()
        profiler.disable()
        took = time.perf_counter() - started
        read_models.close()
    events = max(r.events for r in reports)
    print(
        f"rebuild of every read model under cProfile: {took:.2f} s, {events:,} events"
    )
    stats = pstats.Stats(profiler)
    for label, ending, name in PARTS:
        seconds = part_seconds(stats, ending, name)
        print(f"  {label:<48} {seconds:6.2f} s  {seconds / took:4.0%}")
    if top:
        stats.sort_stats("tottime").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", help="an SQLite file or a postgresql://… URL")
    parser.add_argument(
        "--quick", action="store_true", help=f"make the dataset {QUICK} in STORE"
    )
    parser.add_argument("--top", type=int, default=25, help="functions by own time")
    args = parser.parse_args()
    url = args.store
    if args.quick:
        url = str(Path(args.store) / "profiled.db")
        generate(url, QUICK)
    profile(url, args.top)


if __name__ == "__main__":
    main()
