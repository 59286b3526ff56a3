"""The connection budget on PostgreSQL: a CLI process holds at most two connections
(its work, and a stream's turn while it holds one), so many processes at once fit a
server's max_connections (docs/postgres.md)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from click.testing import CliRunner

from thidua.cli import main
from thidua.domain.ids import cycle_id
from thidua.store import build_app

from support import record_seed

BUDGET = 2


@pytest.fixture
def seeded(postgres_url: str) -> str:
    with build_app(postgres_url) as app:
        record_seed(app)
    return postgres_url


@pytest.fixture
def peak(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The most connections this process held open at once, counted from now."""
    import psycopg

    opened: list[Any] = []
    most = [0]
    connect = psycopg.Connection.connect.__func__  # type: ignore[attr-defined]

    def counted(cls: Any, *args: Any, **kwargs: Any) -> Any:
        connection = connect(cls, *args, **kwargs)
        opened.append(connection)
        most[0] = max(most[0], sum(not c.closed for c in opened))
        return connection

    monkeypatch.setattr(psycopg.Connection, "connect", classmethod(counted))
    monkeypatch.setattr(psycopg, "connect", psycopg.Connection.connect)
    yield most
    for connection in opened:
        connection.close()


COMMANDS = {
    "a command": "bloc create KT --as Mai --name Khối --province Lào",
    "a query": "standings TMTH/2020",
    "a status": "cycle status TMTH/2020",
    "an audit": "audit verify --all",
    "a set-up": "db init",
}


@pytest.mark.parametrize("what", sorted(COMMANDS))
def test_a_cli_process_holds_at_most_two_connections(
    seeded: str, peak: list[int], what: str
) -> None:
    result = CliRunner().invoke(main, ["--db", seeded, *COMMANDS[what].split()])

    assert result.exit_code == 0, result.output
    assert 1 <= peak[0] <= BUDGET


def test_a_process_holding_a_streams_turn_holds_two_connections(
    seeded: str, peak: list[int]
) -> None:
    with build_app(seeded) as app:
        assert app.stream_lock is not None
        with app.stream_lock(cycle_id("TMTH", 2020)):
            assert app.cycle("TMTH", 2020).version > 0

    assert peak[0] == BUDGET


WORK = [
    *(f"bloc create K{n:02d} --as Mai --name Khối --province Lào" for n in range(20)),
    *("standings TMTH/2020" for _ in range(15)),
    *("cycle status TMTH/2020" for _ in range(10)),
    *("audit verify TMTH/2020" for _ in range(5)),
]


@pytest.mark.slow
def test_fifty_cli_processes_at_once_all_succeed(seeded: str) -> None:
    assert len(WORK) == 50
    runner = "from thidua.cli import main; main()"
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", runner, "--db", seeded, *line.split()],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for line in WORK
    ]
    failed = []
    for line, process in zip(WORK, processes, strict=True):
        output, _ = process.communicate(timeout=600)
        if process.returncode != 0:
            failed.append(f"{line}: {output.strip()[-300:]}")

    assert failed == []
    with build_app(seeded) as app:
        assert len(app.blocs()) == 21
