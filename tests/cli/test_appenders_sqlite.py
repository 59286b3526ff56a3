"""SQLite has no logins: `audit verify` says so in one line, instead of a table."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from thidua.cli import main


def test_verify_on_sqlite_says_in_one_line_that_events_carry_no_login(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "thidua.db")
    assert CliRunner().invoke(main, ["--db", db, "demo"]).exit_code == 0

    shown = CliRunner().invoke(main, ["--db", db, "audit", "verify", "--all"])
    said = CliRunner().invoke(
        main, ["--db", db, "audit", "verify", "--all", "--format", "json"]
    )

    assert shown.exit_code == 0, shown.output
    assert "SQLite has no logins" in " ".join(shown.output.split())
    assert "Who appended" not in shown.output
    rows = json.loads(said.stdout)["appenders"]
    assert rows
    assert all(row["logins"] == [] and row["without_login"] for row in rows)
