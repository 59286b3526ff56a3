"""Every reader of the read models sees the command recorded just before it."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from thidua.cli import main
from thidua.domain.errors import ThiduaError
from thidua.domain.service.application import Thidua
from thidua.office.minutes import Meeting, minutes_of
from thidua.projections.read_models import ReadModels
from thidua.store import build_app

from support import UNITS, record_seed

Query = Callable[[Thidua, ReadModels], Any]
CYCLES = [("TMTH", 2020), ("TMTH", 2021)]


def _minutes(app: Thidua, views: ReadModels, bloc: str, year: int) -> Any:
    # A draft: the story passes through every stage, finished or not.
    document = minutes_of(
        app, views, bloc, year, lang="vi", meeting=Meeting(draft=True)
    )
    return {
        field.name: getattr(document, field.name)
        for field in dataclasses.fields(document)
        if field.name not in ("texts", "held_on")
    }


QUERIES: dict[str, Query] = {
    "blocs": lambda _, views: views.blocs(),
    "cycles": lambda _, views: views.cycles(),
    "bloc's cycles": lambda _, views: views.cycles("TMTH"),
    "awards": lambda _, views: views.awards(),
    "awards of the bloc": lambda _, views: views.awards(bloc="TMTH", year_from=2020),
    **{
        f"{name} {year}": (
            lambda _, views, name=name, year=year: getattr(views, name)("TMTH", year)
        )
        for name in ("cycle", "standings", "participation", "votes", "audit_log")
        for _, year in CYCLES
    },
    **{
        f"minutes {year}": (
            lambda app, views, year=year: _minutes(app, views, "TMTH", year)
        )
        for _, year in CYCLES
    },
}


def _answer(query: Query, app: Thidua, views: ReadModels) -> Any:
    try:
        return query(app, views)
    except ThiduaError as error:  # e.g. the cycle is not open yet
        return type(error).__name__


def test_every_query_and_document_shows_each_command_right_after_it() -> None:
    # One in-memory store; each reader has read models of its own, which nothing
    # else catches up, beside a reader that catches up explicitly before answering.
    app = build_app("memory:")
    readers = {name: ReadModels(app) for name in QUERIES}
    oracles = {name: ReadModels(app) for name in QUERIES}
    stale: list[str] = []
    step = 0

    def ask_everyone() -> None:
        nonlocal step
        step += 1
        for name, query in QUERIES.items():
            answer = _answer(query, app, readers[name])
            oracles[name].catch_up()
            if answer != _answer(query, app, oracles[name]):
                stale.append(f"step {step}: {name}")

    record_seed(app, after_each=ask_everyone)

    assert step > 50
    assert stale == []
    app.close()


# The same through the command line, on a store each reader has to itself. ------


@pytest.fixture
def opened(tmp_path: Path) -> str:
    """A store with a bloc of the seed's units and its 2022 cycle, opened through
    the CLI a moment ago: no reader has run yet."""
    db = str(tmp_path / "thidua.db")

    def run(*args: str) -> Result:
        return CliRunner().invoke(main, ["--db", db, "-q", *args])

    run("bloc", "create", "TMTH", "--name", "Khối Tham mưu", "--province", "Lào Cai")
    for unit, (name, _, _) in UNITS.items():
        run("bloc", "add-unit", "TMTH", unit, "--name", name, "--year", "2018")
    rules = Path(__file__).parents[2] / "rulebooks" / "lao-cai-tmth.toml"
    assert run("cycle", "open", "TMTH", "2022", "--rules", str(rules)).exit_code == 0
    return db


@pytest.mark.parametrize(
    ("reader", "shown"),
    [
        (("minutes", "TMTH/2022", "--draft", "--html", "{tmp}/bb.html"), "TMTH/2022@"),
        (("minutes", "TMTH/2022", "--draft", "--pdf", "{tmp}/bb.pdf"), "TMTH/2022@"),
        (("standings", "TMTH/2022", "--format", "csv"), "Sở Nội vụ"),
        (("standings", "TMTH/2022", "--xlsx", "{tmp}/x.xlsx"), "Sở Nội vụ"),
        (("participation", "TMTH/2022", "--format", "csv"), "Sở Nội vụ"),
        (("audit", "log", "TMTH/2022", "--format", "csv"), "CycleOpened"),
        (("votes", "TMTH/2022", "--format", "json"), "[]"),
        (("awards", "--bloc", "TMTH", "--format", "json"), "[]"),
        (("cycle", "status", "TMTH/2022"), "TMTH/2022"),
        (("bloc", "show", "TMTH"), "2022"),
    ],
)
def test_a_reader_right_after_opening_a_cycle_finds_it(
    opened: str, tmp_path: Path, reader: tuple[str, ...], shown: str
) -> None:
    args = [arg.replace("{tmp}", str(tmp_path)) for arg in reader]

    result = CliRunner().invoke(main, ["--db", opened, *args])

    assert result.exit_code == 0, result.output
    assert shown in result.output
