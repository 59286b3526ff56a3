"""`thidua demo` records the seed story under a key authority with demo keys from
fixed seeds: the same log on every run, and verify follows the whole chain of
delegation to every signed step. On its store a command without --as is the
secretariat's, and one without --sign is signed with its actor's demo key if the
authority certified one; `--self-declared` records the story without an
authority."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner

from thidua.cli import main
from thidua.cli.demo_authority import authority_steps
from thidua.domain.auditor.audit import Auditor
from thidua.domain.ids import cycle_id
from thidua.store import build_app


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


def test_the_governed_demo_refuses_an_actor_it_gave_no_key(tmp_path: Path) -> None:
    store = governed(tmp_path / "demo.db")
    close = ["--db", store, "cycle", "close", "TMTH/2021", "--as", "Trần Văn Giả"]

    result = CliRunner().invoke(main, close)

    assert result.exit_code == 1
    assert result.stderr.startswith("Error: signature-required: ")


def test_plain_demo_is_the_governed_demo(tmp_path: Path) -> None:
    plain = str(tmp_path / "plain.db")
    assert CliRunner().invoke(main, ["--db", plain, "-q", "demo"]).exit_code == 0
    store = governed(tmp_path / "demo.db")
    digest = ["audit", "digest", "--format", "json"]

    digests = [CliRunner().invoke(main, ["--db", db, *digest]) for db in (plain, store)]

    assert digests[0].output == digests[1].output


def test_verify_says_the_demos_keys_prove_the_mechanism_not_who_acted(
    tmp_path: Path,
) -> None:
    store = governed(tmp_path / "demo.db")

    result = CliRunner().invoke(main, ["--db", store, "audit", "verify", "--all"])

    assert result.exit_code == 0, result.output
    assert "made from public seeds" in " ".join(result.output.split())


def test_on_the_demo_store_a_command_without_as_is_the_secretarys_signed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from thidua.cli.demo_authority import SECRETARY, demo_key

    monkeypatch.delenv("THIDUA_ACTOR", raising=False)
    store = governed(tmp_path / "demo.db")
    scores = ["TMTH/2021", "SNV", "A1=28", "A2=19", "B1=10", "B2=9.5", "C1=9.5",
              "C2=9", "D1=9.5"]  # fmt: skip

    result = CliRunner().invoke(main, ["--db", store, "scores", "submit", *scores])
    verified = CliRunner().invoke(main, ["--db", store, "audit", "verify", "--all"])

    assert result.exit_code == 0, result.output
    with build_app(store) as app:
        last = Auditor(app).stream_rows(cycle_id("TMTH", 2021))[-1].document
    signed = (last["actor"]["name"], last["key_id"])
    assert signed == (SECRETARY, demo_key(SECRETARY).key_id)
    assert verified.exit_code == 0, verified.output


def test_the_self_declared_demo_says_so_in_one_line(tmp_path: Path) -> None:
    store = str(tmp_path / "plain.db")
    made = CliRunner().invoke(main, ["--db", store, "-q", "demo", "--self-declared"])

    verify = ["--db", store, "audit", "verify", "--all"]
    result = CliRunner().invoke(main, verify)
    found = json.loads(CliRunner().invoke(main, [*verify, "--format", "json"]).stdout)

    assert made.exit_code == result.exit_code == 0, result.output
    summary = found["identities"]["summary"]
    assert summary.startswith("Identities are self-declared: this store has no key")
    assert " ".join(result.output.split()).count(summary) == 1
