"""Eligibility from history at the size of a province: --people people (default
70,000) with --years years of grassroots titles (default five), loaded through the
registry's import (one batch, all or nothing), then the history check of a proposal
for the provincial Emulation Fighter for each of --proposals people.

Figures: the load in events per second beside the write floor (the same stored rows
inserted with plain SQL in one transaction); the median milliseconds of one
proposal's history check (the holder's stream loaded and judged) beside a plain
indexed SQL lookup of the same history (code, title → years).

Run:  python -m benchmarks.registry [--people 70000] [--years 5] [--proposals 1000]
"""

from __future__ import annotations

import argparse
import csv
import random
import sqlite3
import tempfile
import time
from datetime import UTC, datetime
from importlib.resources import files
from pathlib import Path

from benchmarks.floors import stored_rows, write_floor
from benchmarks.report import median
from thidua.domain import commands as c
from thidua.domain.cycle import CycleState
from thidua.domain.errors import ThiduaError
from thidua.domain.service.application import Thidua
from thidua.domain.types import Actor, Recipient
from thidua.office.files import Limits
from thidua.office.registry_import import import_titles
from thidua.store import build_app

ACTOR = Actor(name="Đỗ Thị Mai")
NOW = datetime(2025, 1, 20, 9, tzinfo=UTC)
YEAR = 2025
UNITS = 20
HEADER = [
    "Mã cá nhân",
    "Họ và tên",
    "Mã đơn vị",
    "Chức vụ",
    "Danh hiệu",
    "Năm",
    "Số quyết định",
    "Ngày quyết định",
]
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ")


def write_history(path: Path, people: int, years: int, seed: int = 7) -> int:
    """A CSV of each person's grassroots titles: most years, some missed."""
    draw = random.Random(seed)
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        sheet = csv.writer(out)
        sheet.writerow(HEADER)
        for n in range(people):
            name = f"{draw.choice(SURNAMES)} Văn Người {n}"
            unit = f"U{n % UNITS:02d}"
            for year in range(YEAR - years + 1, YEAR + 1):
                if draw.random() < 0.8:
                    sheet.writerow(
                        [
                            f"P{n:06d}",
                            name,
                            unit,
                            "Chuyên viên",
                            "cstd-co-so",
                            year,
                            f"{n}/QĐ-{year}",
                            f"20/12/{year}",
                        ]
                    )
                    rows += 1
    return rows


def load(app: Thidua, store: str, folder: Path, sheet: Path, people: int) -> None:
    """Import the history; print the load beside the write floor."""
    titles = sum(1 for _ in sheet.open(encoding="utf-8")) - 1
    limits = Limits(
        max_rows=titles + 10, max_megabytes=sheet.stat().st_size // 2**20 + 2
    )
    meta = {"actor": ACTOR, "reason": None}
    started = time.perf_counter()
    done = import_titles(app, sheet, meta=meta, issued_at=NOW, limits=limits)
    loaded = time.perf_counter() - started
    events = people + titles
    rows = stored_rows(store)
    floor = write_floor(store, str(folder / "floor.db"), rows, [len(rows)])
    print(
        f"Load: {done.rows} titles of {people} people, {events} events in "
        f"{loaded:.1f} s = {events / loaded:,.0f} events/s; write floor "
        f"{len(rows) / floor:,.0f} rows/s (the load at {floor / loaded:.2f}"
        " of the floor)"
    )


def open_cycle(app: Thidua) -> CycleState:
    """A bloc of the people's units, its cycle under the default rulebook."""

    def said(n: str) -> dict[str, object]:
        return {"actor": ACTOR, "command_id": n, "issued_at": NOW}

    app.handle(c.CreateBloc(bloc="KHOI", name="Khối", province="Tỉnh", **said("b")))
    for u in range(UNITS):
        app.handle(
            c.AddUnit(
                bloc="KHOI",
                unit=f"U{u:02d}",
                name=f"Đơn vị {u}",
                year=YEAR,
                **said(f"u{u}"),
            )
        )
    rules = files("thidua.rulebooks").joinpath("default.toml").read_text("utf-8")
    app.handle(c.OpenCycle(bloc="KHOI", year=YEAR, rulebook_text=rules, **said("o")))
    return app.cycle("KHOI", YEAR)


def judge_all(
    app: Thidua, cycle: CycleState, chosen: list[int], award: str = "cstd-tinh"
) -> tuple[list[float], int]:
    """Milliseconds of each proposal's history check, and how many it refused."""
    times, refused = [], 0
    for n in chosen:
        recipient = Recipient(kind="individual", unit=f"U{n % UNITS:02d}", name="x")
        started = time.perf_counter()
        try:
            app._history_check(cycle, award, recipient, f"P{n:06d}")
        except ThiduaError:  # a refusal is an answer too
            refused += 1
        times.append((time.perf_counter() - started) * 1000)
    return times, refused


def plain_lookups(folder: Path, sheet: Path, chosen: list[int]) -> list[float]:
    """Milliseconds of each history read with plain SQL from an indexed table."""
    plain = sqlite3.connect(folder / "plain.db")
    plain.execute("CREATE TABLE titles (code TEXT, title TEXT, year INTEGER)")
    plain.execute("CREATE INDEX by_holder ON titles (code, title)")
    with sheet.open(encoding="utf-8") as given:
        table = list(csv.reader(given))[1:]
    plain.executemany(
        "INSERT INTO titles VALUES (?, ?, ?)", [(r[0], r[4], int(r[5])) for r in table]
    )
    plain.commit()
    times = []
    for n in chosen:
        started = time.perf_counter()
        plain.execute(
            "SELECT year FROM titles WHERE code = ? AND title = ? ORDER BY year",
            (f"P{n:06d}", "cstd-co-so"),
        ).fetchall()
        times.append((time.perf_counter() - started) * 1000)
    plain.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=70_000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--proposals", type=int, default=1000)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    folder = args.workdir or Path(tempfile.mkdtemp(prefix="thidua-registry-"))
    store = str(folder / "registry.db")
    sheet = folder / "danh-hieu.csv"
    write_history(sheet, args.people, args.years)
    app = build_app(store)
    load(app, store, folder, sheet, args.people)
    chosen = random.Random(11).sample(
        range(args.people), min(args.proposals, args.people)
    )
    cycle = open_cycle(app)
    engine, refused = judge_all(app, cycle, chosen)
    # The grassroots title's share counts the unit's holders (about 1/20 of them).
    shares, _ = judge_all(app, cycle, chosen, "cstd-co-so")
    app.close()
    lookups = plain_lookups(folder, sheet, chosen)
    print(
        f"Eligibility: {len(chosen)} proposals ({refused} refused), median "
        f"{median(engine):.2f} ms per proposal; plain indexed SQL lookup median "
        f"{median(lookups):.3f} ms; with a share of the unit's holders counted "
        f"(cstd-co-so), median {median(shares):.2f} ms"
    )


if __name__ == "__main__":
    main()
