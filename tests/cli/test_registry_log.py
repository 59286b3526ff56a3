"""The audit log shows a person's register: registration, titles, transfers and
proceedings, in plain words, in English and in Vietnamese."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from thidua.cli import main


def run(store: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", store, *args])


def test_the_audit_log_of_a_person_shows_their_register(tmp_path: Path) -> None:
    store = str(tmp_path / "thidua.db")
    run(store, "person", "register", "P-001", "--name", "Nguyễn Văn An", "--unit",
        "SNV", "--position", "Chuyên viên", "--since", "2015-03-01")  # fmt: skip
    run(store, "title", "confer", "P-001", "cstd-co-so", "2021", "--decision",
        "12/QĐ-SNV", "--date", "2021-12-20")  # fmt: skip

    rows = json.loads(run(store, "audit", "log", "--holder", "P-001",
                          "--format", "json").stdout)  # fmt: skip
    vietnamese = run(store, "--lang", "vi", "audit", "log", "--holder", "p-001")

    assert [r["event"] for r in rows] == ["PersonRegistered", "TitleConferred"]
    assert rows[1]["summary"] == (
        "cstd-co-so for 2021 conferred by decision 12/QĐ-SNV (2021-12-20)"
    )
    assert "được tặng theo quyết định 12/QĐ-SNV" in vietnamese.stdout


def test_the_audit_log_wants_a_cycle_or_a_holder(tmp_path: Path) -> None:
    store = str(tmp_path / "thidua.db")

    neither = run(store, "audit", "log")
    nobody = run(store, "audit", "log", "--holder", "P-404")

    assert neither.exit_code == 2
    assert "give a cycle BLOC/YEAR or --holder CODE" in neither.output
    assert nobody.exit_code == 1
    assert "nobody is registered as P-404" in nobody.output
