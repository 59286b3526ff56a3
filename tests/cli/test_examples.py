"""Every example people are shown runs: the README's commands and every command's
--help example, on a fresh copy of the demo's store.

How they are sequenced: each README block (a ```sh block, or the `$ ` lines of a
```console block) is a story of its own, its lines run in order on one fresh copy of
the demo store; a block that runs `thidua demo` starts from an empty folder instead.
Each command's `Example:` lines likewise run in order on a fresh copy of their own.
An example is expected to succeed unless its text announces a refusal: a trailing
`# refused …` comment, or an `Error:` line in the console output shown after it.
The files the examples name (a CSV, counted ballots, filled workbooks) are made by
the fixture in every folder.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from examples import (
    ROOT,
    Block,
    Session,
    commands,
    every_command,
    help_blocks,
    readme_blocks,
)

from thidua.cli import main
from thidua.cli.story import CRITERIA, SCORES

# The files the examples name. ----------------------------------------------------


def _fill(template: Path, target: Path, mistakes: bool = False) -> None:
    """A scoring workbook as units send it back: the demo's points for 2020, or
    with the three mistakes the README shows."""
    book = openpyxl.load_workbook(template)
    sheet = book.worksheets[0]
    points = {u: dict(zip(CRITERIA, p, strict=True)) for u, p in SCORES.items()}
    for row in range(4, sheet.max_row + 1):
        unit, criterion = sheet.cell(row, 1).value, sheet.cell(row, 4).value
        if unit in points:
            sheet.cell(row, 7).value = points[unit][criterion]
    if mistakes:
        sheet["G6"], sheet["G12"], sheet["A20"] = "9,5", 31, "SYT"
    book.save(target)


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the demo's store and every file the examples name."""
    folder = tmp_path_factory.mktemp("demo")
    runner = CliRunner()
    store = str(folder / "thidua.db")
    assert runner.invoke(main, ["--db", store, "-q", "demo"]).exit_code == 0
    template = folder / "template.xlsx"
    args = ["template", "scores", "TMTH/2021", "--xlsx", str(template)]
    result = runner.invoke(main, ["--db", store, *args])
    assert result.exit_code == 0, result.output
    _fill(template, folder / "cham-diem-2021.xlsx")
    _fill(template, folder / "cham-diem-2021-da-cham.xlsx")
    _fill(template, folder / "cham-diem-2021-loi.xlsx", mistakes=True)
    template.unlink()
    units = openpyxl.Workbook()
    units.active.append(["Mã đơn vị", "Tên đơn vị", "Từ năm", "Quyết định"])
    units.active.append(["SYT", "Sở Y tế", 2021, "25/QĐ-UBND"])
    units.save(folder / "don-vi.xlsx")
    titles = openpyxl.Workbook()
    header = "Mã cá nhân|Họ và tên|Mã đơn vị|Chức vụ|Danh hiệu|Năm|Số quyết định"
    titles.active.append([*header.split("|"), "Ngày quyết định"])
    for year in (2019, 2020):
        person = ["P-101", "Trần Thị Bình", "STC", "Chuyên viên", "cstd-co-so"]
        titles.active.append([*person, year, f"{year}/QĐ-STC", f"20/12/{year}"])
    titles.save(folder / "danh-hieu.xlsx")
    sheet = "criterion,points,note\n" + "".join(
        f"{c},{p},\n" for c, p in zip(CRITERIA, SCORES["STC"], strict=True)
    )
    (folder / "stc.csv").write_text(sheet, "utf-8")
    (folder / "vpubnd.csv").write_text(sheet, "utf-8")
    (folder / "counted.txt").write_text("SNV\n" * 6, "utf-8")
    (folder / "snv.pass").write_text("mat-khau-snv-2021\n", "utf-8")
    shutil.copytree(ROOT / "rulebooks", folder / "rulebooks")
    return folder


@pytest.fixture
def fresh(demo_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(demo_folder, tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    for name in ("THIDUA_DB", "THIDUA_ROLE", "THIDUA_LANG", "THIDUA_SIGN_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("THIDUA_ACTOR", "Đỗ Thị Mai")
    return tmp_path


@pytest.fixture
def postgres_demo(request: pytest.FixtureRequest) -> Iterator[str | None]:
    """The demo in a PostgreSQL schema, for examples that name a server."""
    if not getattr(request, "param", False):
        yield None
        return
    import psycopg
    from stores import postgres_schema

    with postgres_schema() as url:
        server = url.split("?")[0]
        before = _roles(server)
        result = CliRunner().invoke(main, ["--db", url, "-q", "demo"])
        assert result.exit_code == 0, result.output
        yield url
    # `db grant` makes the server's roles: the ones the example made go again.
    with psycopg.connect(server, autocommit=True) as connection:
        for role in _roles(server) - before:
            with contextlib.suppress(psycopg.Error):
                connection.execute(f'DROP ROLE "{role}"')


def _roles(server: str) -> set[str]:
    import psycopg

    with psycopg.connect(server, autocommit=True) as connection:
        rows = connection.execute(
            "SELECT rolname FROM pg_roles WHERE rolname IN"
            " ('thidua_writer', 'thidua_reader')"
        ).fetchall()
    return {row[0] for row in rows}


def _names_postgres(block: Block) -> bool:
    return any("postgresql://" in e.line for e in block.examples)


def _cases(blocks: list[Block]) -> list[object]:
    cases = []
    for block in blocks:
        postgres = _names_postgres(block)
        marks = [pytest.mark.postgres] if postgres else []
        cases.append(pytest.param(block, postgres, id=block.where, marks=marks))
    return cases


@pytest.mark.parametrize(("block", "postgres_demo"), _cases(readme_blocks()),
                         indirect=["postgres_demo"])  # fmt: skip
def test_every_readme_command_runs_as_the_text_says(
    block: Block, postgres_demo: str | None, fresh: Path
) -> None:
    if block.records_the_demo:
        (fresh / "thidua.db").unlink()
    session = Session(fresh, postgres_demo)

    for example in block.examples:
        session.run(example)


@pytest.mark.parametrize(("block", "postgres_demo"), _cases(help_blocks()),
                         indirect=["postgres_demo"])  # fmt: skip
def test_every_help_example_runs_on_the_demo_store(
    block: Block, postgres_demo: str | None, fresh: Path
) -> None:
    session = Session(fresh, postgres_demo)

    for example in block.examples:
        session.run(example)


def test_every_command_has_an_example_that_is_run() -> None:
    run = {block.where for block in help_blocks()}

    assert set(every_command()) <= run


def test_the_readme_awards_example_finds_something(fresh: Path) -> None:
    (line,) = [
        e.line for b in readme_blocks() for e in b.examples
        if e.line.startswith("thidua awards ")
    ]  # fmt: skip
    args = [*commands(line)[0], "--format", "json"]

    result = CliRunner().invoke(main, args, catch_exceptions=False)

    assert result.exit_code == 0
    assert result.stdout.strip() not in ("", "[]")
