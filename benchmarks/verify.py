"""`audit verify --all` on the national dataset and on one four times larger.

Each pass runs in a process of its own, so that its peak memory (the process's
maximum resident set, the interpreter and its imports included) is its alone:

* chains alone (hashes, links and signatures of every stream);
* chains and the re-derivation of rankings, tallies, awards and stages: verify as
  it was before the re-judgement (issue 16);
* everything `audit verify --all` does: that, the re-judgement of every event, the
  fold of every cycle as the engine folds it and its snapshots against the fold.

The last two side by side give the re-judgement's cost (target ≤ 2×); the memory
of the larger store beside the national one shows whether it stays flat (target
≤ 100 MB at both). Run:  python -m benchmarks.verify --workdir DIR [--quick]
[--db postgresql://…]
"""

from __future__ import annotations

import argparse
import sys
import time
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path

from .national import QUICK, generate
from .processes import measured
from .report import Stores, figure, say
from .spec import Spec

STACK = ExitStack()  # the PostgreSQL schemas made, dropped at the end

PASSES = {
    "chains": "chains alone",
    "rederive": "chains + re-derivation",
    "all": "everything (+ re-judgement, folds)",
}


def one_pass(url: str, mode: str) -> None:
    """Verify every stream of a store in this process; print its seconds, the
    process's processor seconds, the events and the peak KB."""
    from thidua.domain.auditor import verify
    from thidua.domain.auditor.audit import Auditor
    from thidua.domain.auditor.rederive import Discrepancy as Found
    from thidua.domain.auditor.rederive import rederive
    from thidua.store import build_app
    from thidua.store.streams import streams_of

    def rederivation(_: verify.Verification, stream: verify.Stream) -> list[Found]:
        cycle = stream.readable and stream.rows[0].event == "CycleOpened"
        return rederive(stream.rows) if cycle else []

    checks: dict[str, list[verify.StreamCheck] | None] = {
        "chains": [verify.signatures],
        "rederive": [verify.signatures, rederivation],
        "all": None,
    }
    with build_app(url) as app:
        auditor = Auditor(app, streams_of(app))
        started, processor = time.perf_counter(), time.process_time()
        found = verify.examine(auditor, checks=checks[mode])
        took = time.perf_counter() - started
        cpu = time.process_time() - processor
    assert all(report.intact for report in found.chains), "the store is damaged"
    assert not found.discrepancies, found.discrepancies[:3]
    events = sum(report.events for report in found.chains)
    print(f"{took:.3f} {cpu:.3f} {events}")


def measure(url: str, label: str) -> None:
    say(f"audit verify --all, {label}: each pass a process of its own")
    seconds = {}
    for mode, name in PASSES.items():
        result = measured(
            [sys.executable, "-m", "benchmarks.verify", "--pass", mode, url]
        )
        took, cpu, events = (float(n) for n in result.output.split()[-3:])
        peak = result.peak * 1024
        seconds[mode] = cpu
        rate = f"{events / took:,.0f} events/s"
        figure(
            name,
            f"{took:,.1f} s",
            f"{rate}, processor {cpu:,.1f} s, peak {peak / 1024:.0f} MB",
        )
    ratio = seconds["all"] / seconds["rederive"]
    figure("re-judgement's cost (everything / re-derivation)", f"{ratio:.2f}×",
           "target ≤ 2× (processor time, steadier on a busy machine)")  # fmt: skip


def store(folder: Path, name: str, spec: Spec, server: str | None = None) -> str:
    """A store of the dataset: an SQLite file in the folder, recorded a cycle per
    transaction the first time and reused after; or, given a PostgreSQL server, a
    schema of its own recorded afresh and dropped at the end."""
    if server:
        url = Stores(server, folder, STACK).fresh(name)
        generator, took = generate(url, spec, batch=True)
        say(f"  (recorded {spec}: {sum(generator.recorded):,} events in {took:.0f} s)")
        return url
    path = folder / f"{name}.db"
    if not path.exists():
        partial = path.with_suffix(".partial.db")
        partial.unlink(missing_ok=True)
        generator, took = generate(str(partial), spec, batch=True)
        partial.rename(path)
        say(f"  (recorded {spec}: {sum(generator.recorded):,} events in {took:.0f} s)")
    return str(path)


def national(
    workdir: str, *, quick: bool = False, growth: bool = True, db: str | None = None
) -> None:
    """Verify's figures on the national dataset (or the quick one) and on the
    same four times as long, the SQLite stores kept in `workdir` for the next run
    (or on the PostgreSQL server `db` names)."""
    folder = Path(workdir)
    folder.mkdir(parents=True, exist_ok=True)
    spec = QUICK if quick else Spec()
    name = "quick" if quick else "national"
    with STACK:
        measure(store(folder, name, spec, db), f"{spec}")
        if growth:
            larger = replace(spec, years=spec.years * 4)
            measure(store(folder, f"{name}_4x", larger, db), f"4×: {larger}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.verify", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--workdir", default="bench-verify", help="the stores' folder")
    parser.add_argument("--quick", action="store_true", help=f"the dataset {QUICK}")
    parser.add_argument("--no-growth", action="store_true", help="skip the 4× store")
    parser.add_argument("--db", help="postgresql://… to measure PostgreSQL")
    parser.add_argument("--pass", dest="mode", choices=PASSES, help=argparse.SUPPRESS)
    parser.add_argument("store", nargs="?", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.mode:
        one_pass(args.store, args.mode)
    else:
        national(args.workdir, quick=args.quick, growth=not args.no_growth, db=args.db)


if __name__ == "__main__":
    main()
