"""Assessors' notes: every point an assessment changed is shown with its reason."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook
from stores import demo_store

from thidua.cli import main
from thidua.projections.read_models import ReadModels

NOTE = "Thiếu minh chứng"
CHANGE = {
    "criterion": "A1",
    "own": "28",
    "assessed": "26",
    "by": "head",
    "note": NOTE,
}


def run(store: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", store, *args], catch_exceptions=False)


def assess(store: str) -> None:
    """STC scores itself, then the head lowers A1 with a note, B1 with the reason
    only, and confirms A2 as it was."""
    own = ["A1=28", "A2=19", "B1=10", "B2=9", "C1=9", "C2=9", "D1=9"]
    assert run(store, "-q", "scores", "submit", "TMTH/2021", "STC", *own).exit_code == 0
    assessed = run(
        store, "-q", "scores", "submit", "TMTH/2021", "STC", "A1=26", "B1=9.5",
        "A2=19", "--assessed", "--by", "head", "--note", f"A1={NOTE}",
        "--reason", "Biên bản kiểm tra",
    )  # fmt: skip
    assert assessed.exit_code == 0, assessed.output


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    with demo_store(request.param, tmp_path_factory.mktemp("notes")) as url:
        assess(url)
        yield url


B1 = {**CHANGE, "criterion": "B1", "own": "10", "assessed": "9.5"}
B1["note"] = "Biên bản kiểm tra"


def test_the_standings_show_each_changed_point_with_its_note(store: str) -> None:
    rows = json.loads(run(store, "standings", "TMTH/2021", "--format", "json").stdout)

    stc = next(row for row in rows if row["unit"] == "STC")
    assert stc["changes"] == [CHANGE, B1]
    assert all(row["changes"] == [] for row in rows if row["unit"] != "STC")


def test_a_change_without_a_note_shows_the_assessments_reason(store: str) -> None:
    views = ReadModels(None, store=store)
    try:
        stc = next(r for r in views.standings("TMTH", 2021) if r["unit"] == "STC")
    finally:
        views.close()

    changes = json.loads(stc["changes"])
    assert changes[1]["note"] == "Biên bản kiểm tra"
    assert "A2" not in [c["criterion"] for c in changes]  # confirmed, not changed


def test_the_standings_table_csv_and_xlsx_show_a_compact_column(
    store: str, tmp_path: Path
) -> None:
    compact = f"A1 28→26: {NOTE}; B1 10→9.5: Biên bản kiểm tra"
    xlsx = tmp_path / "bang-xep-hang.xlsx"

    shown = run(store, "standings", "TMTH/2021", "--format", "csv").stdout
    table = run(store, "standings", "TMTH/2021", "--xlsx", str(xlsx)).stdout

    stc = next(r for r in csv.DictReader(io.StringIO(shown)) if r["unit"] == "STC")
    assert stc["changes"] == compact
    assert "28→26" in table
    cells = [c for row in load_workbook(xlsx).active.iter_rows(values_only=True)
             for c in row]  # fmt: skip
    assert compact in cells


def test_the_cycle_status_shows_each_changed_point_with_its_note(store: str) -> None:
    state = json.loads(
        run(store, "cycle", "status", "TMTH/2021", "--format", "json").stdout
    )
    table = run(store, "--lang", "vi", "cycle", "status", "TMTH/2021").stdout

    stc = next(unit for unit in state["units"] if unit["unit"] == "STC")
    assert stc["changes"] == [CHANGE, B1]
    assert "Điểm điều chỉnh khi thẩm định" in table
    assert NOTE in table


def test_the_audit_log_shows_each_changed_point_with_its_note(store: str) -> None:
    shown = run(store, "audit", "log", "TMTH/2021", "--format", "json").stdout

    (assessed,) = [e for e in json.loads(shown) if e["event"] == "ScoresAssessed"]
    assert assessed["summary"] == (
        f"head assessed STC: A1 28→26: {NOTE}; A2 19; B1 10→9.5"
    )
    assert assessed["reason"] == "Biên bản kiểm tra"


# A store whose read models were built by the release before the notes. ----------


def _as_the_release_before(store: str) -> None:
    """The standings table without its changes column, the audit log's summaries
    in the old words, and both recorded at layout version 1."""
    views = ReadModels(None, store=store)
    with views.db.transaction() as tx:
        tx.execute(f"ALTER TABLE {views.db.qualify('standings')} DROP COLUMN changes")
        tx.execute(
            f"UPDATE {views.db.qualify('audit_log')} SET summary = 'old words'"
            " WHERE event = 'ScoresAssessed'"
        )
        tx.execute(
            f"UPDATE {views.db.qualify('projection_tracking')} SET version = 1"
            " WHERE projection IN ('standings', 'audit')"
        )
    views.close()


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
@pytest.mark.parametrize("first", ["query", "rebuild"])
def test_an_existing_store_shows_the_notes_after_the_upgrade(
    kind: str, first: str, tmp_path: Path
) -> None:
    with demo_store(kind, tmp_path) as url:
        assess(url)
        _as_the_release_before(url)

        if first == "rebuild":
            assert run(url, "projections", "rebuild").exit_code == 0
        shown = run(url, "standings", "TMTH/2021", "--format", "json").stdout
        log = run(url, "audit", "log", "TMTH/2021", "--format", "csv").stdout
        verified = run(url, "audit", "verify", "--all")

    stc = next(row for row in json.loads(shown) if row["unit"] == "STC")
    assert stc["changes"] == [CHANGE, B1]
    assert f"A1 28→26: {NOTE}" in log
    assert "old words" not in log
    assert verified.exit_code == 0, verified.output
