"""A query answers from the read models alone: as a process of its own it loads
neither the engine (the domain model, eventsourcing) nor pydantic, so it starts about
as fast as `thidua --help`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from stores import demo_store

from thidua.cli import main

QUERIES = [
    "cycle status TMTH/2020",
    "cycle status TMTH/2021 --format json",
    "bloc show TMTH",
    "bloc show TMTH --year 2021 --format csv",
    "bloc list",
    "audit log TMTH/2020",
    "audit log TMTH/2021 --format json",
    "votes TMTH/2020",
    "votes TMTH/2020 --format csv",
    "awards --bloc TMTH --from 2019",
    "awards --unit VPUBND --format json",
    "participation TMTH/2021",
    "standings TMTH/2020",
    "standings TMTH/2020 --format json",
    "--lang vi cycle status TMTH/2020",
    "history unit VPUBND",
    "eligible TMTH/2021 commendation --format json",
]
# The domain's modules of plain Python that the command line names errors with.
PLAIN = {
    "thidua.domain",
    "thidua.domain.service.clock",
    "thidua.domain.errors",
    "thidua.domain.ids",
    "thidua.domain.phrase",
    "thidua.domain.topics",
    # Finding a registered person by name (the registry's plain modules).
    "thidua.domain.registry",
    "thidua.domain.registry.errors",
    "thidua.domain.registry.names",
}
CHILD = """
import json, sys
from thidua.cli import main
try:
    main.main(sys.argv[1:], prog_name="thidua")
finally:
    print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    with demo_store(request.param, tmp_path_factory.mktemp("imports")) as url:
        yield url


def engine_modules(modules: list[str]) -> list[str]:
    return [
        name
        for name in modules
        if name.split(".")[0] in ("pydantic", "pydantic_core", "eventsourcing")
        or (name.startswith("thidua.domain") and name not in PLAIN)
    ]


@pytest.mark.parametrize("query", QUERIES)
def test_a_query_as_a_process_loads_neither_the_engine_nor_pydantic(
    store: str, query: str
) -> None:
    args = ["--db", store, *query.split()]
    # In this process: the read models catch up (that may load the engine).
    expected = CliRunner().invoke(main, args)
    assert expected.exit_code == 0, expected.output

    child = subprocess.run(
        [sys.executable, "-c", CHILD, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=60,
        env={**os.environ, "COLUMNS": "80"},  # as wide as CliRunner's terminal
    )

    assert child.returncode == 0, child.stderr
    if "--format" in query:  # a table is drawn for the terminal, wide or not
        assert child.stdout == expected.stdout
    loaded = json.loads(child.stderr.strip().splitlines()[-1])
    assert engine_modules(loaded) == []
