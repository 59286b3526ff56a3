"""Output printed as the rows come is the output printed all at once: a JSON list
item by item, and the whole registry from a streamed query."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from thidua.cli import main
from thidua.cli.render import json_list, to_json

ITEMS: list[list[Any]] = [
    [],
    [{"unit": "SNV"}],
    [
        {"unit": "VPUBND", "name": "Văn phòng UBND tỉnh", "points": "96.5"},
        {"nested": {"list": [1, 2, {"a": None}], "text": "dòng 1\ndòng 2"}},
        "a string",
        [],
    ],
]


@pytest.mark.parametrize("items", ITEMS, ids=["empty", "one", "several"])
def test_a_json_list_printed_item_by_item_is_the_list_printed_whole(
    items: list[Any], capsys: pytest.CaptureFixture[str]
) -> None:
    json_list(iter(items))

    printed = capsys.readouterr().out
    assert printed == to_json(items) + "\n"
    assert json.loads(printed) == items


def _awards(store: Path, *options: str) -> str:
    result = CliRunner().invoke(main, ["--db", str(store), "awards", *options])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("streamed") / "demo.db"
    result = CliRunner().invoke(main, ["--db", str(path), "-q", "demo"])
    assert result.exit_code == 0, result.output
    return path


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_the_whole_registry_streamed_holds_every_record_of_the_registry(
    store: Path, fmt: str
) -> None:
    listed = json.loads(_awards(store, "--format", "json"))
    printed = _awards(store, "--format", fmt)

    if fmt == "json":
        assert json.loads(printed) == listed
    else:
        header, *lines = printed.splitlines()
        assert header.split(",")[0] == next(iter(listed[0]))
        assert len(lines) == len(listed) > 0
