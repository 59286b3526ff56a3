"""The office's files at the size of a large bloc: template, import, export, minutes.

A bloc of --units member units (default 200) opens a cycle under the seed rulebook
(7 criteria); the program writes the scoring template, fills it in as the units would,
imports it (one batch, all or nothing), exports the standings to XLSX, closes the
cycle's scoring and writes the minutes as HTML and PDF. Each step is timed in this
process, the median of --runs fresh stores; the import is also timed as a whole
`thidua` process, which is what an operator waits for.

Run:  python -m benchmarks.office [--db postgresql://…] [--units 200] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.common import Clock, seed_rulebook
from benchmarks.report import Stores, median
from thidua.domain import commands as c
from thidua.office.documents import render_html, render_pdf
from thidua.office.imports import import_scores
from thidua.office.minutes import minutes_of
from thidua.office.sheets import write_score_template
from thidua.office.table_xlsx import write_table
from thidua.projections.read_models import ReadModels
from thidua.store import build_app

ACTOR = {"name": "Đỗ Thị Mai"}
NOW = datetime(2021, 1, 25, 9, tzinfo=UTC)


def fill(template: Path, filled: Path) -> int:
    from openpyxl import load_workbook

    book = load_workbook(template)
    sheet = book["Chấm điểm"]
    for row in range(4, sheet.max_row + 1):
        top = sheet.cell(row, 6).value
        if isinstance(top, int | float) and top:
            sheet.cell(row, 7).value = top - (row % 4) * 0.5
    book.save(filled)
    return int(sheet.max_row - 3)


def open_bloc(url: str, units: int, clock: Clock) -> None:
    """A bloc of `units` members with its 2020 cycle open for scores."""
    with build_app(url) as app:
        app.handle(c.CreateBloc(bloc="BIG", name="Khối lớn", province="Lào Cai",
                                     **clock.meta()))  # fmt: skip
        for k in range(units):
            app.handle(c.AddUnit(bloc="BIG", unit=f"U{k:03d}", name=f"Sở thứ {k}",
                                   year=2018, **clock.meta()))  # fmt: skip
        rules = seed_rulebook(lenient=True).replace(
            "during_covenant = false", "during_covenant = true"
        )
        app.handle(
            c.OpenCycle(bloc="BIG", year=2020, rulebook_text=rules, **clock.meta())
        )


def one_run(url: str, units: int, folder: Path) -> dict[str, float]:
    times: dict[str, float] = {}

    def timed(name: str, step: Callable[[], object]) -> None:
        started = time.perf_counter()
        step()
        times[name] = time.perf_counter() - started

    clock = Clock(NOW, timedelta(seconds=1))
    open_bloc(url, units, clock)
    with build_app(url) as app:
        template, filled = folder / "mau.xlsx", folder / "da-cham.xlsx"
        timed(
            "template", lambda: write_score_template(template, app.cycle("BIG", 2020))
        )
        times["rows"] = fill(template, filled)
        operator = {"actor": ACTOR}  # the import names each command itself
        timed("import", lambda: import_scores(app, "BIG", 2020, filled, meta=operator,
                                              issued_at=clock.now))  # fmt: skip
        app.handle(c.CloseScoring(bloc="BIG", year=2020, **clock.meta()))
        views = ReadModels(app)
        rows = views.standings("BIG", 2020)
        columns = [(key, key) for key in rows[0] if key not in ("points", "own")]
        timed("export", lambda: write_table(folder / "bxh.xlsx", rows, columns,
                                            title="Standings"))  # fmt: skip
        minutes = minutes_of(app, views, "BIG", 2020, lang="vi")
        timed("html", lambda: render_html(minutes))
        timed("pdf", lambda: render_pdf(minutes, folder / "bien-ban.pdf"))
        views.close()
    return times


def import_process(url: str, units: int, folder: Path) -> float:
    """The import as an operator runs it: a whole process, start-up included."""
    open_bloc(url, units, Clock(NOW, timedelta(seconds=1)))
    with build_app(url) as app:
        write_score_template(folder / "mau.xlsx", app.cycle("BIG", 2020))
    fill(folder / "mau.xlsx", folder / "da-cham.xlsx")
    env = {**os.environ, "THIDUA_DB": url, "THIDUA_ACTOR": ACTOR["name"]}
    filled = str(folder / "da-cham.xlsx")
    command = [sys.executable, "-c", "from thidua.cli import main; main()", "-q",
               "import", "scores", "BIG/2020", filled]  # fmt: skip
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a PostgreSQL URL; SQLite files by default")
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    runs: list[dict[str, float]] = []
    processes: list[float] = []
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        stores = Stores(args.db, Path(tmp), stack)
        for run in range(args.runs):
            folder = Path(tmp) / f"run{run}"
            (folder / "process").mkdir(parents=True)
            runs.append(one_run(stores.fresh("office"), args.units, folder))
            process = import_process(
                stores.fresh("process"), args.units, folder / "process"
            )
            processes.append(process)
    rows = int(runs[0]["rows"])
    print(f"{stores.kind}: a bloc of {args.units} units, {rows} rows to score,"
          f" median of {args.runs} runs")  # fmt: skip
    for step, label in (
        ("template", "write the scoring template (XLSX)"),
        ("import", "import the filled workbook (read, check, judge, one commit)"),
        ("export", "export the standings (XLSX)"),
        ("html", "render the minutes (HTML)"),
        ("pdf", "render the minutes (PDF)"),
    ):
        seconds = median([r[step] for r in runs])
        print(f"  {label:<62} {seconds * 1000:8.0f} ms")
    whole = median(processes) * 1000
    print(f"  {'`thidua import scores` as a whole process':<62} {whole:8.0f} ms")


if __name__ == "__main__":
    main()
