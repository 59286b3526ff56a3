"""Read-model benchmark: rebuild throughput against the raw SQLite floor, query latency.

Builds (or reuses) an SQLite store of at least --events events: blocs of 20 units
running yearly cycles under the Lào Cai rulebook, recorded through the domain model
and interleaved stage by stage across blocs as a province's year would be. Then:

* the floor: plain sqlite3 selecting the rows a read model reads, decoding their JSON;
* the first catch-up of all read models, each read model's rebuild (fresh tables,
  compare, swap) and the rebuild of all in one pass, in events/s, beside the floor;
* the median latency of a standings query and of a catch-up with nothing new.

Run:  python -m benchmarks.read_models --events 1000000 --db bench.db
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from benchmarks.common import Clock, save, seed_rulebook
from thidua.domain import awards, covenant, scoring, voting
from thidua.domain import commands as c
from thidua.domain.bloc import Bloc, decide_add_unit, decide_create
from thidua.domain.cycle import Cycle, decide_open
from thidua.domain.rulebook_text import parse as parse_rulebook_text
from thidua.projections.read_models import ReadModels
from thidua.projections.source import TOPICS
from thidua.store import build_app

UNITS = 20
YEARS = range(2018, 2024)


def stages(
    cycle: Cycle, units: list[str], rng: random.Random, clock: Clock
) -> Iterator[None]:
    """One cycle, a stage at a time; the caller saves between stages."""

    def act(decide: Any, command_class: type[c.CycleCommand], **fields: Any) -> None:
        state = cycle.state
        ref = {"bloc": state.bloc, "year": state.year}
        cycle.record(decide(state, command_class(**ref, **clock.meta(), **fields)))

    rulebook = cycle.state.rulebook
    act(covenant.decide_assign_leads, c.AssignLeads, head=units[0], deputy=units[1],
        method="rotation")  # fmt: skip
    signed_on = date(cycle.state.year, 1, 20)
    for unit in units:
        act(covenant.decide_sign_covenant, c.SignCovenant, unit=unit,
            signatory="Nguyễn Văn An", signed_on=signed_on)  # fmt: skip
    yield
    for unit in units:
        points = {
            cr.code: Decimal(
                rng.randint(int(cr.max_points) * 6, int(cr.max_points) * 10)
            )
            / 10
            for cr in rulebook.criteria
        }
        act(scoring.decide_submit_scores, c.SubmitScores, unit=unit, points=points)
    yield
    for unit in rng.sample(units[2:], 5):
        points = {rulebook.criteria[0].code: Decimal(25)}
        act(scoring.decide_assess_scores, c.AssessScores, unit=unit, assessor="team",
            points=points, reason="evidence checked")  # fmt: skip
    for unit in rng.sample(units, 4):
        act(scoring.decide_adjust_score, c.AdjustScore, unit=unit, rule="initiative",
            points=Decimal(1), reason="initiative recognised")  # fmt: skip
    act(scoring.decide_close_scoring, c.CloseScoring)
    yield
    ranking = cycle.state.ranking
    assert ranking is not None
    winner = ranking[0].unit
    act(voting.decide_open_vote, c.OpenVote, motion="leading-unit")
    for unit in units:
        act(voting.decide_cast_vote, c.CastVote, motion="leading-unit", voter=unit)
    act(voting.decide_close_vote, c.CloseVote, motion="leading-unit",
        ballots=[{"choices": [winner]}] * len(units))  # fmt: skip
    yield
    year = cycle.state.year
    decision = {"number": f"{year}/QĐ", "decided_on": date(year + 1, 1, 25)}
    act(awards.decide_propose_award, c.ProposeAward, award="provincial-flag",
        recipient={"kind": "collective", "unit": winner})  # fmt: skip
    for entry in ranking[1:6]:
        grant = awards.decide_grant_award
        act(grant, c.GrantAward, award="commendation", decision=decision,
            recipient={"kind": "collective", "unit": entry.unit})  # fmt: skip
    for entry in ranking[6:9]:
        person = {"kind": "individual", "unit": entry.unit, "name": "Trần Thị Hương"}
        grant = awards.decide_grant_award
        act(grant, c.GrantAward, award="commendation", decision=decision,
            recipient=person)  # fmt: skip
    act(covenant.decide_close, c.CloseCycle)
    yield


def build(db: str, events: int) -> None:
    rules = seed_rulebook()
    per_bloc = 1 + UNITS + len(YEARS) * 80  # a cycle here records about 84 events
    blocs = max(1, -(-events // per_bloc))
    rng = random.Random(2021)
    clock = Clock(datetime(2018, 1, 2), timedelta(seconds=1))
    started = time.perf_counter()
    with build_app(db) as app:
        codes = [f"B{n:05d}" for n in range(blocs)]
        units = {code: [f"{code}U{u:02d}" for u in range(UNITS)] for code in codes}
        for start in range(0, blocs, 100):
            made = []
            for code in codes[start : start + 100]:
                name = f"Khối thi đua số {code}"
                created = c.CreateBloc(
                    bloc=code, name=name, province="Lào Cai", **clock.meta()
                )
                bloc = Bloc.started(decide_create(created))
                for unit in units[code]:
                    added = c.AddUnit(
                        bloc=code,
                        unit=unit,
                        year=2018,
                        name=f"Sở {unit}",
                        **clock.meta(),
                    )
                    bloc.record(decide_add_unit(bloc.state, added))
                made.append(bloc)
            save(app, *made)
        for year in YEARS:
            cycles = []
            for code in codes:
                opened = c.OpenCycle(
                    bloc=code, year=year, rulebook_text=rules, **clock.meta()
                )
                roster = {u: f"Sở {u}" for u in units[code]}
                cycle = Cycle.started(
                    decide_open(opened, f"Khối thi đua số {code}", roster)
                )
                cycles.append((cycle, stages(cycle, units[code], rng, clock)))
            for _ in range(5):
                for start in range(0, len(cycles), 100):
                    batch = cycles[start : start + 100]
                    for _, steps in batch:
                        next(steps)
                    save(app, *(cycle for cycle, _ in batch))
            print(f"  {year}: {app.recorder.max_notification_id():,} events"
                  f" ({time.perf_counter() - started:.0f} s)", flush=True)  # fmt: skip
    parse_rulebook_text.cache_clear()


def floor(db: str, kinds: frozenset[str]) -> tuple[int, float]:
    """Plain sqlite3: select the rows a read model reads and decode their JSON."""
    topics = [TOPICS[k] for k in kinds]
    marks = ", ".join("?" for _ in topics)
    connection = sqlite3.connect(db)
    started = time.perf_counter()
    count = 0
    for _, _, _, _, state in connection.execute(
        "SELECT rowid, originator_id, originator_version, topic, state"
        f" FROM stored_events WHERE topic IN ({marks}) ORDER BY rowid",
        topics,
    ):
        json.loads(state)
        count += 1
    elapsed = time.perf_counter() - started
    connection.close()
    return count, elapsed


def row(name: str, count: int, floor_s: float, took_s: float) -> None:
    figures = (
        f"{count / floor_s:>13,.0f}{count / took_s:>14,.0f}{floor_s / took_s:>8.2f}"
    )
    print(f"{name:<14}{count:>11,}{figures}", flush=True)


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--db", default="bench-read-models.db")
    parser.add_argument("--queries", type=int, default=50)
    args = parser.parse_args()

    path = Path(args.db)
    if not path.exists():
        print(f"Building {args.events:,} events into {path} …")
        build(str(path), args.events)
    with build_app(str(path)) as app:
        total = app.recorder.max_notification_id()
        print(f"Store: {path}, {total:,} events, {path.stat().st_size / 1e6:.0f} MB")
        read_models = ReadModels(app)
        print(
            f"{'':<14}{'events':>11}{'floor ev/s':>13}{'thidua ev/s':>14}{'ratio':>8}"
        )
        everything = frozenset().union(*(p.kinds for p in read_models.by_name.values()))
        count, floor_s = floor(str(path), everything)
        if read_models.runner.lagging(list(read_models.by_name.values())):
            started = time.perf_counter()
            read_models.catch_up()
            row("catch-up, all", count, floor_s, time.perf_counter() - started)
        print("Rebuild (fresh tables, compare with the live view, swap):")
        for name, projection in read_models.by_name.items():
            count, floor_s = floor(str(path), projection.kinds)
            started = time.perf_counter()
            (report,) = read_models.rebuild(name)
            assert report.unchanged, report
            assert report.events == count, (report.events, count)
            row(name, count, floor_s, time.perf_counter() - started)
        count, floor_s = floor(str(path), everything)
        started = time.perf_counter()
        reports = read_models.rebuild()
        assert all(report.unchanged for report in reports)
        row("all, one pass", count, floor_s, time.perf_counter() - started)

        rng = random.Random(7)
        cycles = read_models.cycles()
        latencies = []
        for _ in range(args.queries):
            cycle = rng.choice(cycles)
            started = time.perf_counter()
            rows = read_models.standings(cycle["bloc"], cycle["year"])
            latencies.append(time.perf_counter() - started)
            assert len(rows) == UNITS
        idle = []
        for _ in range(args.queries * 4):
            started = time.perf_counter()
            read_models.catch_up()
            idle.append(time.perf_counter() - started)
        print(f"\nStandings query, median of {len(latencies)}:"
              f" {median_ms(latencies):.2f} ms (target ≤ 50 ms)")  # fmt: skip
        print(f"Catch-up with nothing new, median of {len(idle)}:"
              f" {median_ms(idle):.2f} ms (target ≤ 5 ms)")  # fmt: skip
        read_models.close()


if __name__ == "__main__":
    main()
