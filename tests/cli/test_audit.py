"""`thidua audit verify` and `audit digest` through click's CliRunner."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner, Result
from insider import Insider

from thidua.cli import main


@pytest.fixture
def store(store_url: str) -> str:
    assert CliRunner().invoke(main, ["--db", store_url, "-q", "demo"]).exit_code == 0
    return store_url


def run(store: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", str(store), *args], catch_exceptions=False)


def test_a_digest_for_the_minutes_names_the_stream_version_and_hash(
    store: str,
) -> None:
    rows = json.loads(
        run(store, "audit", "digest", "TMTH/2020", "--format", "json").stdout
    )

    assert [row["subject"] for row in rows][:2] == ["TMTH", "TMTH/2020"]
    assert rows[1]["digest"] == f"TMTH/2020@{rows[1]['version']}:{rows[1]['head'][:16]}"


def test_an_untouched_store_verifies_and_extends_its_digests(store: str) -> None:
    digests = json.loads(run(store, "audit", "digest", "--format", "json").stdout)

    result = run(store, "audit", "verify", "--all",
                 *(f"--digest={row['digest']}" for row in digests))  # fmt: skip

    assert result.exit_code == 0, result.output
    # The bloc, its three cycles, the dossier, session and decision past the
    # meeting, the key authority and the registry's three people.
    assert result.stdout.count("intact") == 11
    assert result.stdout.count(": holds:") == 12


def test_an_altered_event_fails_verification_with_exit_code_1(store: str) -> None:
    insider = Insider(store)
    insider.drop_triggers()
    insider.replace_text('"98.5"', '"99.5"')
    insider.connection.close()

    result = run(store, "audit", "verify", "TMTH/2020")

    assert result.exit_code == 1
    assert "Error: audit: verification failed: version" in result.stderr
    assert "content altered" in result.stderr


def test_a_broken_chain_is_said_in_vietnamese_under_lang_vi(store: str) -> None:
    insider = Insider(store)
    insider.drop_triggers()
    insider.replace_text('"98.5"', '"99.5"')
    insider.connection.close()

    result = run(store, "--lang", "vi", "audit", "verify", "TMTH/2020")

    assert result.exit_code == 1
    assert "kiểm tra không đạt: phiên bản" in result.stderr
    assert "nội dung đã bị sửa (mã băm" in result.stderr
    assert "content altered" not in result.output + result.stderr
    assert "nội dung đã bị sửa" in result.stdout  # the table's Problems column
    assert "vị trí 0" not in result.output + result.stderr  # no position was read


def test_verify_needs_a_cycle_all_or_a_digest(store: str) -> None:
    assert run(store, "audit", "verify").exit_code == 2
    assert run(store, "audit", "verify", "TMTH/2020", "--all").exit_code == 2


def test_replay_shows_the_cycle_as_it_stood_at_a_version(store: str) -> None:
    result = run(
        store, "audit", "replay", "TMTH/2020", "--version", "2", "--format", "json"
    )

    state = json.loads(result.stdout)
    assert (state["version"], state["stage"], state["head"]) == (2, "covenant", "SKHDT")
    assert all(unit["signed_on"] is None for unit in state["units"])


def test_replay_needs_a_moment_or_a_version_that_exists(store: str) -> None:
    assert run(store, "audit", "replay", "TMTH/2020").exit_code == 2
    assert run(store, "audit", "replay", "TMTH/2020", "--version", "999").exit_code == 2
    early = run(store, "audit", "replay", "TMTH/2020", "--as-of", "2000-01-01")
    assert early.exit_code == 1
    assert "was opened only at" in early.stderr


def test_explain_gives_the_evidence_for_the_flag_step_by_step(store: str) -> None:
    result = run(store, "audit", "explain", "TMTH/2020", "provincial-flag", "vpubnd",
                 "--format", "json")  # fmt: skip

    steps = json.loads(result.stdout)
    # The demo's chair granted the Flag on the council's vote (215/QĐ-UBND).
    assert [s["step"] for s in steps] == [
        "rule", "ranking", "vote", "proposal", "decision", "council"
    ]  # fmt: skip
    assert steps[5]["finding"] == (
        "P1: in dossier HS-TMTH-2020, passed by council session HDTDKT-2021-01, "
        "line 1 of decision 215/QĐ-UBND"
    )
    assert steps[1]["finding"] == "VPUBND ranked 1 of 8 with 98.5 points (frozen)"
    assert "VPUBND 8 of 8 ballots" in steps[2]["finding"]
    assert all(len(s["hash"]) == 16 and s["position"] > 0 for s in steps)


def test_explain_finds_a_person_by_name_and_refuses_a_stranger(store: str) -> None:
    found = run(store, "audit", "explain", "TMTH/2020", "commendation", "GIÀNG A SỬ")
    stranger = run(store, "audit", "explain", "TMTH/2020", "commendation", "Ai đó")

    assert "A7: granted by decision 07/QĐ-SKHĐT" in found.stdout
    assert stranger.exit_code == 1
    assert "no commendation proposed or granted to Ai đó" in stranger.stderr


def test_a_cycles_digest_lists_the_seals_of_its_stage_closing_events(
    store: str,
) -> None:
    rows = json.loads(
        run(store, "audit", "digest", "TMTH/2020", "--format", "json").stdout
    )
    seals = {row["subject"]: row for row in rows[2:]}

    assert list(seals) == [
        "TMTH/2020 (ScoringClosed)",
        "TMTH/2020 (VoteClosed)",
        "TMTH/2020 (CycleClosed)",
    ]
    sealed = seals["TMTH/2020 (ScoringClosed)"]["digest"]
    assert run(store, "audit", "verify", "--digest", sealed).exit_code == 0
