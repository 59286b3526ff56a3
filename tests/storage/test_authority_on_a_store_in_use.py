"""`db init --authority` turns a store in use into one with a key authority
without rewriting a single event: the first release's store keeps every row byte
for byte, still verifies, and from then on refuses unsigned commands."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from thidua.cli import main
from thidua.domain.service.signing import seeded

RELEASE = Path(__file__).parent.parent / "fixtures" / "release-1" / "thidua.db"
BOARD = "Ban Thi đua - Khen thưởng tỉnh Lào Cai"


def rows(path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as connection:
        return connection.execute(
            "SELECT rowid, originator_id, originator_version, topic, state"
            " FROM stored_events ORDER BY rowid"
        ).fetchall()


def founded(tmp_path: Path) -> tuple[Path, list[tuple[object, ...]]]:
    store = tmp_path / "thidua.db"
    shutil.copy(RELEASE, store)
    before = rows(store)
    root = tmp_path / "board.pem"
    root.write_bytes(seeded("test:board"))
    args = ["--db", str(store), "db", "init", "--authority", BOARD, "--root-key"]
    result = CliRunner().invoke(main, [*args, str(root)])
    assert result.exit_code == 0, result.output
    return store, before


def test_founding_an_authority_rewrites_no_event(tmp_path: Path) -> None:
    store, before = founded(tmp_path)

    after = rows(store)

    assert after[: len(before)] == before
    assert len(after) == len(before) + 1
    assert str(after[-1][3]).endswith(":AuthorityFounded")


def test_a_store_in_use_verifies_with_its_past_self_declared(tmp_path: Path) -> None:
    store, before = founded(tmp_path)

    result = CliRunner().invoke(main, ["--db", str(store), "audit", "verify", "--all"])

    assert result.exit_code == 0, result.output
    assert f"{len(before)} recorded before the authority" in " ".join(
        result.output.split()
    )


def test_after_the_founding_an_unsigned_command_is_refused_in_one_line(
    tmp_path: Path,
) -> None:
    store, _ = founded(tmp_path)

    result = CliRunner().invoke(
        main, ["--db", str(store), "cycle", "close", "TMTH/2022"]
    )

    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "Error: signature-required: the store's key authority requires signed"
        " commands: sign it with --sign KEY_FILE"
    ]


def test_without_an_authority_verify_says_identities_are_self_declared(
    tmp_path: Path,
) -> None:
    store = tmp_path / "thidua.db"
    shutil.copy(RELEASE, store)

    result = CliRunner().invoke(main, ["--db", str(store), "audit", "verify", "--all"])

    assert result.exit_code == 0, result.output
    assert "Identities are self-declared" in result.output
