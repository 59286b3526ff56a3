"""The `thidua` command line, through click's CliRunner, on each store."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from thidua.cli import main

from support import CRITERIA, SCORES, UNITS

Thidua = Callable[..., Result]


@pytest.fixture
def thidua(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, store_url: str) -> Thidua:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("THIDUA_DB", store_url)
    monkeypatch.setenv("THIDUA_ACTOR", "Đỗ Thị Mai")
    monkeypatch.delenv("THIDUA_ROLE", raising=False)
    runner = CliRunner()

    def run(*args: str) -> Result:
        return runner.invoke(main, list(args), catch_exceptions=False)

    return run


@pytest.fixture
def bloc(thidua: Thidua) -> Thidua:
    thidua(
        "bloc",
        "create",
        "TMTH",
        "--name",
        "Khối Tham mưu tổng hợp",
        "--province",
        "Lào Cai",
    )
    for unit, (name, _, _) in UNITS.items():
        thidua("bloc", "add-unit", "TMTH", unit, "--name", name, "--year", "2018")
    return thidua


@pytest.fixture
def scoring(bloc: Thidua) -> Thidua:
    rules = Path(__file__).parents[2] / "rulebooks" / "lao-cai-tmth.toml"
    assert bloc("cycle", "open", "TMTH", "2020", "--rules", str(rules)).exit_code == 0
    for unit, (_, signatory, _) in UNITS.items():
        bloc(
            "covenant",
            "sign",
            "TMTH/2020",
            unit,
            "--signatory",
            signatory,
            "--date",
            "2020-01-16",
        )
    return bloc


@pytest.fixture
def review(scoring: Thidua) -> Thidua:
    for unit, points in SCORES.items():
        pairs = [f"{c}={p}" for c, p in zip(CRITERIA, points, strict=True)]
        assert scoring("scores", "submit", "TMTH/2020", unit, *pairs).exit_code == 0
    assert scoring("scores", "close", "TMTH/2020").exit_code == 0
    return scoring


def status(thidua: Thidua, cycle: str = "TMTH/2020") -> dict[str, object]:
    result = thidua("cycle", "status", cycle, "--format", "json")
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_the_demo_tells_the_seed_story(thidua: Thidua) -> None:
    result = thidua("demo")

    assert result.exit_code == 0
    assert "Propose VPUBND for the provincial Emulation Flag" in result.stdout
    assert "Certificate of Commendation (Giấy khen) to Giàng A Sử." in result.stdout
    assert "TMTH/2021 – Khối thi đua Tham mưu tổng hợp" in result.stdout
    assert "closed (đã kết thúc)" in result.stdout


def test_the_demo_run_twice_shows_what_is_recorded(thidua: Thidua) -> None:
    thidua("demo")

    again = thidua("demo", "--format", "json")

    assert again.exit_code == 0
    assert "already recorded" in again.stdout
    assert '"cycle": "TMTH/2021"' in again.stdout


def test_the_demo_refuses_a_store_with_other_data(thidua: Thidua) -> None:
    thidua("bloc", "create", "KHAC", "--name", "Khối khác", "--province", "Lào Cai")

    result = thidua("demo")

    assert result.exit_code == 1
    assert "fresh" in result.stderr


def test_the_status_of_a_cycle_as_csv_has_one_row_per_unit(thidua: Thidua) -> None:
    thidua("demo")

    rows = thidua("cycle", "status", "TMTH/2020", "--format", "csv").stdout.splitlines()

    assert rows[0] == (
        "unit,name,lead,signatory,signed_on,scored,assessed,bonus,penalty,total,missing,"
        "rank,changes"
    )
    assert (
        rows[1]
        == "VPUBND,Văn phòng UBND tỉnh,,Lê Minh Tuấn,2020-01-16,yes,no,2,0,98.5,,1,"
    )
    assert len(rows) == 1 + len(UNITS)


def test_a_command_reports_what_it_recorded(bloc: Thidua) -> None:
    result = bloc(
        "bloc", "add-unit", "TMTH", "SYT", "--name", "Sở Y tế", "--year", "2021"
    )

    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.startswith("Recorded UnitAdded on bloc TMTH (version 10")


def test_bloc_show_and_list(bloc: Thidua) -> None:
    bloc("bloc", "remove-unit", "TMTH", "SNGV", "--year", "2021")

    shown = json.loads(
        bloc("bloc", "show", "TMTH", "--year", "2021", "--format", "json").stdout
    )
    listed = bloc("bloc", "list", "--format", "csv").stdout

    assert [u["unit"] for u in shown["units"]] == [u for u in UNITS if u != "SNGV"]
    assert listed.splitlines() == [
        "bloc,name,province,kind,members",
        "TMTH,Khối Tham mưu tổng hợp,Lào Cai,khoi,7",
    ]


def test_scores_come_from_a_utf8_csv_with_a_byte_order_mark(
    scoring: Thidua, tmp_path: Path
) -> None:
    sheet = tmp_path / "vpubnd.csv"
    rows = ["criterion,points,note"] + [
        f"{c},{p}," for c, p in zip(CRITERIA, SCORES["VPUBND"], strict=True)
    ]
    sheet.write_text("\n".join(rows), encoding="utf-8-sig")

    result = scoring("scores", "submit", "TMTH/2020", "VPUBND", "--file", str(sheet))

    assert result.exit_code == 0, result.output
    units = {u["unit"]: u for u in status(scoring)["units"]}  # type: ignore[index, union-attr]
    assert units["VPUBND"]["total"] == "96.5"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"criterion,points\nA1,abc\n", "line 2: 'abc' is not a number"),
        (b"criterion,points\nA1,20\nA1,21\n", "criterion A1 appears twice"),
        (b"tieu chi,diem\nA1,20\n", "the header must be criterion,points"),
        (b"criterion,points\nA1,20,x,y\n", "does not have 2–3 cells"),
        ("criterion,points\nĐ1,20\n".encode("cp1258"), "is not UTF-8 text"),
        (b"criterion,points\n", "no scores in the file"),
    ],
)
def test_a_malformed_csv_is_refused_and_changes_nothing(
    scoring: Thidua, tmp_path: Path, content: bytes, message: str
) -> None:
    sheet = tmp_path / "bad.csv"
    sheet.write_bytes(content)
    before = status(scoring)["version"]

    result = scoring("scores", "submit", "TMTH/2020", "SNV", "--file", str(sheet))

    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1
    assert status(scoring)["version"] == before


@pytest.mark.parametrize(
    ("args", "rule"),
    [
        (("scores", "submit", "TMTH/2020", "SNV", "A1=31"), "points-bounds"),
        (("scores", "submit", "TMTH/2020", "SNV", "A1=-1"), "points-bounds"),
        (("scores", "submit", "TMTH/2020", "SNV", "Z9=1"), "unknown-criterion"),
        (("scores", "submit", "TMTH/2020", "SYT", "A1=1"), "membership"),
        (("scores", "submit", "XYZ/2020", "SNV", "A1=1"), "unknown-bloc"),
        (("scores", "submit", "TMTH/2019", "SNV", "A1=1"), "unknown-cycle"),
        (("vote", "open", "TMTH/2020", "leading-unit"), "stage"),
        (("covenant", "sign", "TMTH/2020", "SNV", "--signatory", "X"), "covenant-once"),
        (("scores", "submit", "TMTH/2020", "SNV", "A1=1", "--role", "auditor"), "role"),
        (
            ("scores", "submit", "TMTH/2020", "SNV", "A1=1", "--role", "unit:STC"),
            "role",
        ),
        (("award", "propose", "TMTH/2020", "gold", "--unit", "SNV"), "stage"),
    ],
)
def test_a_refused_command_prints_one_line_naming_the_rule(
    scoring: Thidua, args: tuple[str, ...], rule: str
) -> None:
    before = status(scoring)["version"]

    result = scoring(*args)

    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {rule}: ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert status(scoring)["version"] == before


@pytest.mark.parametrize(
    "args",
    [
        ("scores", "submit", "TMTH-2020", "SNV", "A1=1"),
        ("scores", "submit", "TMTH/2020", "SNV", "A1"),
        ("scores", "submit", "TMTH/2020", "SNV", "A1=x"),
        ("scores", "submit", "TMTH/2020", "SNV"),
        (
            "covenant",
            "sign",
            "TMTH/2020",
            "SNV",
            "--signatory",
            "A",
            "--date",
            "31/31/2020",
        ),
        ("scores", "submit", "TMTH/2020", "SNV", "A1=1", "--role", "boss"),
        ("nonsense",),
    ],
)
def test_a_usage_error_exits_with_2(scoring: Thidua, args: tuple[str, ...]) -> None:
    assert scoring(*args).exit_code == 2


def test_a_repeated_command_id_is_reported_as_already_applied(scoring: Thidua) -> None:
    args = ("scores", "submit", "TMTH/2020", "SNV", "A1=28", "--command-id", "snv-a1")
    scoring(*args)
    before = status(scoring)["version"]

    again = scoring(*args)

    assert again.exit_code == 0
    assert again.stderr.startswith("Already applied: command snv-a1")
    assert status(scoring)["version"] == before


def test_a_whole_year_end_review_from_the_command_line(
    review: Thidua, tmp_path: Path
) -> None:
    counted = tmp_path / "ballots.txt"
    counted.write_text(
        "# kiểm phiếu\n" + "VPUBND\n" * 7 + "spoiled\n", encoding="utf-8"
    )

    review("vote", "open", "TMTH/2020", "leading-unit")
    for unit in UNITS:
        assert (
            review(
                "vote", "cast", "TMTH/2020", "leading-unit", "--unit", unit
            ).exit_code
            == 0
        )
    closed = review(
        "vote", "close", "TMTH/2020", "leading-unit", "--ballots", str(counted)
    )
    review("award", "propose", "TMTH/2020", "provincial-flag", "--unit", "VPUBND")
    review(
        "award",
        "grant",
        "TMTH/2020",
        "commendation",
        "--unit",
        "SNV",
        "--individual",
        "Phạm Thị Lan",
        "--decision",
        "01/QĐ-SKHĐT",
        "--date",
        "25/01/2021",
    )
    review("cycle", "close", "TMTH/2020")
    granted = review(
        "award",
        "grant",
        "TMTH/2020",
        "--proposal",
        "p1",
        "--decision",
        "245/QĐ-UBND",
        "--date",
        "2021-03-02",
    )

    assert closed.exit_code == 0, closed.output
    assert granted.exit_code == 0, granted.output
    state = status(review)
    assert state["stage"] == "closed"
    assert state["votes"] == [
        {
            "motion": "leading-unit",
            "round": 1,
            "secret": True,
            "state": "closed",
            "voted": 8,
            "eligible": 8,
            "candidates": ["VPUBND", "SNV", "VPDDBQH"],
            "counts": {"VPUBND": 7, "SNV": 0, "VPDDBQH": 0},
            "needed": 5,
            "quorum_met": True,
            "outcome": "passed",
            "winners": ["VPUBND"],
        }
    ]
    awards = {
        a["id"]: (a["award"], a["recipient"], a["status"])  # type: ignore[index]
        for a in state["awards"]
    }  # type: ignore[attr-defined]
    assert awards == {
        "A1": ("commendation", "Phạm Thị Lan", "granted"),
        "A2": ("provincial-flag", "Văn phòng UBND tỉnh", "granted"),
    }


def test_names_typed_decomposed_are_stored_composed(bloc: Thidua) -> None:
    composed = "Sở Văn hóa, Thể thao và Du lịch"
    decomposed = unicodedata.normalize("NFD", composed)
    bloc("bloc", "add-unit", "TMTH", "SVHTTDL", "--name", decomposed, "--year", "2021")

    shown = json.loads(bloc("bloc", "show", "TMTH", "--format", "json").stdout)

    names = {u["unit"]: u["name"] for u in shown["units"]}
    assert decomposed != composed
    assert names["SVHTTDL"] == composed
    assert names["VPDDBQH"] == UNITS["VPDDBQH"][0]


def test_a_bad_rulebook_is_refused_with_its_line(bloc: Thidua, tmp_path: Path) -> None:
    rules = tmp_path / "bad.toml"
    text = (Path(__file__).parents[2] / "rulebooks" / "lao-cai-tmth.toml").read_text(
        "utf-8"
    )
    rules.write_text(
        text.replace("max_points = 30", "max_points = -30"), encoding="utf-8"
    )

    result = bloc("cycle", "open", "TMTH", "2020", "--rules", str(rules))

    assert result.exit_code == 1
    assert result.stderr.startswith("Error: rulebook: line ")
    assert "criteria.0.max_points" in result.stderr


def commands(
    group: click.Group, prefix: str = "thidua"
) -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []
    for name, command in group.commands.items():
        path = f"{prefix} {name}"
        found.append((path, command))
        if isinstance(command, click.Group):
            found += commands(command, path)
    return found


@pytest.mark.parametrize(("path", "command"), commands(main))
def test_every_command_has_help_with_an_example(
    path: str, command: click.Command
) -> None:
    help_text = command.help or ""

    assert help_text.strip(), f"{path} has no help"
    if not isinstance(command, click.Group):
        assert "Example:" in help_text, path
        assert "thidua " in help_text, path


@pytest.mark.parametrize(
    ("path", "command"),
    [
        (p, c)
        for p, c in commands(main)
        if p.endswith((" status", " show", " list", " log", " rebuild"))
        or p
        in ("thidua standings", "thidua votes", "thidua awards", "thidua participation")
    ],
)
def test_every_query_takes_the_same_format_option(
    path: str, command: click.Command
) -> None:
    option = next(p for p in command.params if p.name == "fmt")

    assert option.opts == ["--format"]
    assert isinstance(option.type, click.Choice)
    assert list(option.type.choices) == ["table", "json", "csv"]


def test_help_works_with_h(thidua: Thidua) -> None:
    assert "Example:" in thidua("scores", "submit", "-h").stdout
