"""`thidua demo --authority` records the seed story under a key authority with
demo keys from fixed seeds: the same log on every run, and verify follows the
whole chain of delegation to every signed step."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from click.testing import CliRunner

from thidua.cli import main
from thidua.cli.demo_authority import authority_steps


def stored_events(store: str) -> int:
    with closing(sqlite3.connect(store)) as db:
        (count,) = db.execute("SELECT count(*) FROM stored_events").fetchone()
    return int(count)


def governed(path: Path) -> str:
    store = str(path)
    result = CliRunner().invoke(main, ["--db", store, "-q", "demo", "--authority"])
    assert result.exit_code == 0, result.output
    return store


def test_the_governed_demo_is_the_same_log_on_every_run(tmp_path: Path) -> None:
    first, second = governed(tmp_path / "a.db"), governed(tmp_path / "b.db")

    digests = [
        CliRunner().invoke(main, ["--db", db, "audit", "digest", "--format", "json"])
        for db in (first, second)
    ]

    assert digests[0].exit_code == 0
    assert digests[0].output == digests[1].output


def test_verify_follows_the_chain_of_delegation_to_every_step(tmp_path: Path) -> None:
    store = governed(tmp_path / "demo.db")

    result = CliRunner().invoke(main, ["--db", store, "audit", "verify", "--all"])
    said = " ".join(result.output.split())

    assert result.exit_code == 0, result.output
    # Every event of the story, the authority's own apart.
    assert (
        f"{stored_events(store) - len(list(authority_steps()))} event(s) checked"
        in said
    )
    assert "0 recorded before the authority (self-declared); 0 problem(s)" in said


def test_the_governed_demo_refuses_an_unsigned_command(tmp_path: Path) -> None:
    store = governed(tmp_path / "demo.db")

    result = CliRunner().invoke(main, ["--db", store, "cycle", "close", "TMTH/2021"])

    assert result.exit_code == 1
    assert result.stderr.startswith("Error: signature-required: ")


def test_verify_starts_the_chain_from_the_root_key_the_auditor_holds(
    tmp_path: Path,
) -> None:
    from thidua.cli.demo_authority import BOARD, demo_key

    store = governed(tmp_path / "demo.db")
    verify = ["--db", store, "audit", "verify", "--all", "--root-key"]

    held = CliRunner().invoke(main, [*verify, demo_key(BOARD).public_key])
    other = CliRunner().invoke(main, [*verify, demo_key("another board").public_key])

    assert held.exit_code == 0, held.output
    assert other.exit_code == 1
    assert other.stderr.startswith("Error: audit: verification failed: authority: ")
