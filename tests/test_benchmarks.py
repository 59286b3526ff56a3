"""The benchmark programs still run (on a small store; their figures are not judged)."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from benchmarks.dataset import Generator, Service
from benchmarks.peer import Peer, peer_env
from benchmarks.peer_views import PeerViews
from benchmarks.spec import Spec
from thidua.projections.read_models import ReadModels
from thidua.store import build_app

pytestmark = pytest.mark.slow

# The seventeenth cycle of the dataset needs a second round of the leading-unit vote.
SECOND_ROUND = Spec(provinces=1, blocs=17, units=10, years=1)

ROOT = Path(__file__).parents[1]


def test_the_read_model_benchmark_runs_on_a_small_store(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.read_models",
         "--events", "3000", "--db", str(tmp_path / "bench.db"), "--queries", "3"],
        capture_output=True, text=True, check=False, timeout=300, cwd=ROOT,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert "standings" in result.stdout
    assert "Catch-up with nothing new" in result.stdout


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_the_query_benchmark_times_every_query_beside_the_help_floor(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    store = (
        ["--db", request.getfixturevalue("postgres_url")] if kind == "postgres" else []
    )
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.queries", "--provinces", "1",
         "--blocs", "2", "--years", "1", "--times", "1", "--workdir", str(tmp_path),
         *store],
        capture_output=True, text=True, check=False, timeout=300, cwd=ROOT,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    for query in ("--help", "cycle status", "bloc show", "bloc list", "audit log",
                  "votes", "awards --bloc", "awards --unit", "participation",
                  "standings"):  # fmt: skip
        assert f"thidua {query} " in result.stdout, query


def test_the_audit_benchmark_runs_on_a_small_store(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.audit",
         "--events", "600", "--db", str(tmp_path / "audit.db"), "--replays", "3",
         "--national", "quick", "--workdir", str(tmp_path)],
        capture_output=True, text=True, check=False, timeout=300, cwd=ROOT,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert "Replay as of a version" in result.stdout
    assert "chains + re-derivation" in result.stdout
    assert result.stdout.count("re-judgement's cost") == 2  # the dataset, and 4×


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_the_writers_benchmark_runs_on_each_store(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    db = (
        str(request.getfixturevalue("postgres_url"))
        if kind == "postgres"
        else str(tmp_path / "writers.db")
    )
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.writers", "--db", db,
         "--writers", "1,2", "--blocs", "2", "--units", "4", "--commands", "40",
         "--repeat", "1"],
        capture_output=True, text=True, check=False, timeout=300, cwd=ROOT,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1].split() == ["writers", "thidua", "cmd/s", "floor", "cmd/s", "ratio"]
    assert [line.split()[0] for line in lines[2:]] == ["1", "2"]


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_the_national_benchmark_prints_every_figure(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    store = (
        ["--db", request.getfixturevalue("postgres_url")] if kind == "postgres" else []
    )
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--provinces", "1", "--blocs", "2",
         "--years", "1", "--runs", "1", "--times", "3", "--workdir", str(tmp_path),
         *store],
        capture_output=True, text=True, check=False, timeout=600, cwd=ROOT,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    for figure in (
        "commands/s through the application service",
        "write floor, commands/s",
        "events/s rebuilt",
        "read floor, events/s",
        "output floor (read, decode, write), events/s",
        "ratio to the output floor",
        "standings query",
        "awards query",
        "replay of one cycle",
        "catch-up with nothing new",
        "thidua --help",
        "(4×)",
        "thidua/peer",
        "peer, library defaults",
        "peer, aggregate cache",
        "peer, a simple fold",
        "the whole rebuild, seconds",
        "awards query (a unit, all years)",
        "plan: ",
        "thidua cycle status",
        "thidua audit log",
        "thidua participation",
        "audit verify --all",
        "audit checkpoint",
        "projections rebuild",
        "awards --xlsx (every record)",
        "report awards",
        "the store four times as long",
    ):
        assert figure in result.stdout, figure
    if kind == "sqlite":  # PostgreSQL reads a table of a few rows whole, rightly
        assert "plan: by an index, no scan" in result.stdout
    # The peer ran the same course: its standings are thidua's in every cycle.
    assert "the peer's standings equal thidua's in 2 of 2 cycles" in result.stdout


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_the_soak_run_loses_and_doubles_nothing(
    kind: str, request: pytest.FixtureRequest
) -> None:
    store = (
        ["--db", request.getfixturevalue("postgres_url")] if kind == "postgres" else []
    )
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.soak", "--writers", "4",
         "--commands", "400", *store],
        capture_output=True, text=True, check=False, timeout=600, cwd=ROOT,
    )  # fmt: skip

    assert result.returncode == 0, result.stdout + result.stderr
    assert "lost / doubled                    0 / 0" in result.stdout


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_the_office_benchmark_prints_every_figure(
    kind: str, request: pytest.FixtureRequest
) -> None:
    db = []
    if kind == "postgres":
        db = ["--db", str(request.getfixturevalue("postgres_url")).split("?")[0]]
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.office", *db, "--units", "6", "--runs", "1"],
        capture_output=True, text=True, check=False, timeout=300, cwd=ROOT,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "6 units, 42 rows to score" in lines[0]
    assert len(lines) == 7
    assert all(line.rstrip().endswith(" ms") for line in lines[1:])


def record(app: Service, spec: Spec) -> Generator:
    generator = Generator(app, spec)
    generator.create_blocs()
    for _ in generator.cycles():
        pass
    return generator


def test_the_dataset_runs_a_leading_unit_vote_into_its_second_round() -> None:
    with build_app("memory:") as app:
        record(app, SECOND_ROUND)
        read_models = ReadModels(app)
        votes = read_models.votes("P01K17", 2024)
        read_models.close()

    rounds = [v for v in votes if v["motion"] == "leading-unit"]
    assert [(v["round"], v["outcome"]) for v in rounds] == [
        (1, "failed"),
        (2, "passed"),
    ]


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_the_peer_runs_the_same_course_to_the_same_standings(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = (
        str(request.getfixturevalue("postgres_url"))
        if kind == "postgres"
        else str(tmp_path / "peer.db")
    )
    with build_app("memory:") as app:
        thidua = record(app, SECOND_ROUND)
        read_models = ReadModels(app)
        expected = {
            code: [
                (row["unit"], row["rank"], Decimal(str(row["total"])))
                for row in read_models.standings(code, 2024)
            ]
            for code, _ in thidua.blocs()
        }
        read_models.close()
    peer = Peer(env=peer_env(url, cache=100))
    generator = record(peer, SECOND_ROUND)
    views = PeerViews(peer, url)

    events = views.rebuild()

    assert (generator.commands, generator.recorded) == (
        thidua.commands,
        thidua.recorded,
    )
    assert events == sum(thidua.recorded)
    assert {code: views.standings(code, 2024) for code in expected} == expected
    views.close()
    peer.close()


def test_the_registry_benchmark_runs_on_a_small_history(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.registry", "--people", "60",
         "--proposals", "10", "--workdir", str(tmp_path)],
        capture_output=True, text=True, check=False, timeout=300, cwd=ROOT,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert "events/s; write floor" in result.stdout
    assert "ms per proposal; plain indexed SQL lookup" in result.stdout


def test_the_rebuild_profile_names_where_a_rebuild_goes(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.profile_rebuild", str(tmp_path),
         "--quick", "--top", "3"],
        capture_output=True, text=True, check=False, timeout=600, cwd=ROOT,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert "rebuild of every read model under cProfile" in result.stdout
    for part in ("status pages: the fold of each event", "audit log: each event's row",
                 "comparison with the live tables"):  # fmt: skip
        line = next(x for x in result.stdout.splitlines() if part in x)
        assert float(line.split()[-3]) > 0, line  # the part was found in the profile
