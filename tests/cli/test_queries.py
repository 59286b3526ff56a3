"""Analysts' commands through click's CliRunner, on the demo's store (each kind)."""

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


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The demo recorded once per store, for queries that only read."""
    with demo_store(request.param, tmp_path_factory.mktemp("queries")) as url:
        yield url


def run(store: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", str(store), *args], catch_exceptions=False)


def test_the_demo_ends_with_the_seed_cycles_results(store: str) -> None:
    shown = run(store, "demo").stdout

    tail = shown[shown.index("Standings (bảng xếp hạng) TMTH/2020, frozen") :]
    assert "Vote results (kết quả bỏ phiếu) TMTH/2020" in tail
    assert "Award registry (sổ khen thưởng)" in tail
    assert "Giàng A Sử (TTT)" in tail


def test_standings_as_json_have_the_documented_shape(store: str) -> None:
    result = run(store, "standings", "tmth/2020", "--format", "json")

    rows = json.loads(result.stdout)
    assert result.exit_code == 0
    assert list(rows[0]) == [
        "stream", "bloc", "year", "unit", "unit_name", "rank", "total",
        "base_points", "self_points", "assessed_points", "bonus", "penalty",
        "criteria_scored", "criteria_total", "missing", "complete", "ranking",
        "points", "own", "assessed", "changes",
    ]  # fmt: skip
    assert (rows[0]["unit"], rows[0]["total"], rows[0]["rank"]) == ("VPUBND", "98.5", 1)
    assert rows[0]["points"]["A2"] == "19.5"


def test_a_table_for_people_names_the_columns_in_both_languages(store: str) -> None:
    shown = run(store, "standings", "TMTH/2020").stdout

    assert "Rank" in shown
    assert "(hạng)" in shown  # a narrow column may fold the header
    assert "Văn phòng UBND tỉnh" in shown or "Văn phòng" in shown


def test_vote_results_as_csv_open_in_a_spreadsheet(store: str) -> None:
    result = run(store, "votes", "TMTH/2020", "--format", "csv", "--bom")

    assert result.stdout.startswith("\ufeff")
    (row,) = csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff")))
    assert (row["motion"], row["outcome"], row["ballots_cast"]) == (
        "leading-unit",
        "passed",
        "8",
    )
    assert row["motion_title"].endswith("(Bình chọn đơn vị dẫn đầu Khối, đề nghị tặng"
                                        " Cờ thi đua của UBND tỉnh)")  # fmt: skip


def test_vote_results_show_the_fewest_votes_that_carry(store: str) -> None:
    def wide(*args: str) -> str:
        # Wide enough that no cell wraps at its spaces.
        line = ["--db", store, *args]
        return CliRunner().invoke(main, line, terminal_width=400).stdout

    english = wide("votes", "TMTH/2020")
    vietnamese = wide("--lang", "vi", "votes", "TMTH/2020")
    (row,) = json.loads(run(store, "votes", "TMTH/2020", "--format", "json").stdout)

    # More than 1/2 of 8 eligible units: 4 votes do not carry, 5 do.
    assert row["needed"] == 5
    assert "at least 5" in english
    assert "ít nhất 5" in vietnamese


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
@pytest.mark.parametrize(
    "query",
    [
        ("standings", "TMTH/2020"),
        ("votes", "TMTH/2020"),
        ("awards",),
        ("participation", "TMTH/2021"),
    ],
    ids=lambda query: query[0],
)
def test_every_query_writes_its_workbook_whatever_the_format(
    store: str, tmp_path: Path, query: tuple[str, ...], fmt: str
) -> None:
    path = tmp_path / "out.xlsx"

    result = run(store, *query, "--format", fmt, "--xlsx", str(path))

    assert result.exit_code == 0, result.output
    sheet = load_workbook(path).active
    assert sheet is not None
    assert sheet["A1"].value
    assert sheet["A3"].value
    assert sheet["A4"].value
    if query[0] == "votes":
        assert "at least 5" in [cell.value for cell in sheet[4]]


def test_the_award_registry_filters_by_status_unit_and_years(store: str) -> None:
    proposed = run(store, "awards", "--status", "proposed", "--format", "json")
    granted = run(store, "awards", "--unit", "SNGV", "--from", "2020", "--to", "2020",
                  "--award", "commendation", "--format", "csv")  # fmt: skip

    # The demo's proposal P1 went on to the council and the chair's decision.
    assert json.loads(proposed.stdout) == []
    flag = run(store, "awards", "--award", "provincial-flag", "--format", "json")
    assert [r["status"] for r in json.loads(flag.stdout)] == ["granted"]
    rows = list(csv.DictReader(io.StringIO(granted.stdout)))
    assert [(r["record"], r["recipient"], r["status"]) for r in rows] == [
        ("A6", "Nguyễn Thị Thu Hà", "granted")
    ]


def test_participation_shows_what_is_missing(store: str) -> None:
    rows = json.loads(
        run(store, "participation", "TMTH/2021", "--format", "json").stdout
    )

    assert len(rows) == 8
    assert all(r["signed"] for r in rows)
    assert rows[0]["missing"].startswith("own scores (tự chấm): A1")


def test_the_audit_log_tells_each_event_in_plain_words(store: str) -> None:
    rows = json.loads(
        run(store, "audit", "log", "TMTH/2020", "--format", "json").stdout
    )

    assert rows[0]["summary"].startswith("cycle TMTH/2020 opened with 8 units")
    closed = next(r for r in rows if r["event"] == "VoteClosed")
    assert closed["summary"] == (
        "vote on leading-unit round 1 closed: 8 of 8 voted;"
        " VPUBND 8, SNV 0, VPDDBQH 0; passed, winners: VPUBND"
    )
    assert [r["version"] for r in rows] == list(range(1, len(rows) + 1))


def test_projections_status_shows_positions_and_lag(store: str) -> None:
    run(store, "standings", "TMTH/2020")
    run(store, "eligible", "TMTH/2021", "commendation")  # the registry's read models
    run(store, "report", "awards", "2021", "--province", "Lào Cai")  # the decisions'
    run(store, "audit", "log", "TMTH/2020")

    rows = json.loads(run(store, "projections", "status", "--format", "json").stdout)

    assert [r["projection"] for r in rows] == [
        "cycles", "standings", "votes", "awards", "participation", "audit",
        "statuses", "registry", "person_awards", "decisions",
    ]  # fmt: skip
    assert {(r["position"], r["head"], r["lag"]) for r in rows} == {(110, 110, 0)}


def test_a_rebuild_of_an_untouched_view_reports_no_difference(store: str) -> None:
    result = run(store, "projections", "rebuild", "standings", "votes")

    assert result.exit_code == 0
    assert "The rebuilt views equal the old ones." in result.stderr
    assert "vote_counts" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("standings", "TMTH/2030"), "Error: unknown-cycle: no cycle TMTH/2030"),
        (("awards", "--unit", "XYZ"), "no award record names the unit 'XYZ'"),
        (("awards", "--bloc", "XYZ"), "Error: unknown-bloc: no bloc XYZ"),
        (("awards", "--from", "2022", "--to", "2020"), "the year range"),
    ],
)
def test_an_unknown_cycle_or_filter_is_a_one_line_error(
    store: str, args: tuple[str, ...], message: str
) -> None:
    result = run(store, *args)

    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_an_unknown_read_model_is_a_usage_error(store: str) -> None:
    result = run(store, "projections", "rebuild", "nope")

    assert result.exit_code == 2


def test_every_read_model_can_be_rebuilt_by_its_name(store: str) -> None:
    from thidua.cli.projections import NAMES
    from thidua.projections.read_models import PROJECTIONS

    assert [projection.name for projection in PROJECTIONS] == NAMES
    result = CliRunner().invoke(
        main, ["--db", store, "projections", "rebuild", "statuses", "decisions"]
    )
    assert result.exit_code == 0, result.output
    assert "statuses" in result.output
    assert "decisions" in result.output
