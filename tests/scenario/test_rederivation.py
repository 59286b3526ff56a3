"""An auditor's re-derivation agrees with every decision the engine records, and
reports a recorded decision that the rules do not give."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings

from thidua.domain.auditor.audit import Auditor
from thidua.domain.auditor.integrity import GENESIS, event_hash
from thidua.domain.auditor.rederive import rederive
from thidua.domain.ids import cycle_id
from thidua.domain.service.application import Thidua
from thidua.store import build_app

from support import OPERATIONS, play, record_seed


def rows_of(app: Thidua, year: int = 2020) -> Any:
    return Auditor(app).stream_rows(cycle_id("TMTH", year))


def test_the_seed_cycles_rederive_without_disagreement(app: Thidua) -> None:
    record_seed(app)

    assert rederive(rows_of(app, 2020)) == []
    assert rederive(rows_of(app, 2021)) == []


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(OPERATIONS)
def test_whatever_the_engine_accepts_rederives_the_same(
    operations: list[tuple[Any, ...]],
) -> None:
    with build_app("memory:") as app:
        play(app, operations)

        assert rederive(rows_of(app)) == []


def _rewrite(path: Path, event: str, change: Any) -> None:
    """A buggy or dishonest writer: a wrong decision, hashed and chained as the
    engine would have written it, so that only re-derivation can tell."""
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("DROP TRIGGER thidua_append_only_update")
        (stream,) = connection.execute(
            "SELECT originator_id FROM stored_events WHERE topic LIKE ?",
            (f"%:{event}",),
        ).fetchone()
        rows = connection.execute(
            "SELECT rowid, originator_version, topic, state FROM stored_events"
            " WHERE originator_id = ? ORDER BY originator_version",
            (stream,),
        ).fetchall()
        previous = GENESIS
        for rowid, version, topic, state in rows:
            document = json.loads(state)
            if topic.endswith(f":{event}"):
                change(document)
            document["previous_hash"] = previous
            name = topic.rpartition(":")[2]
            previous = event_hash(name, stream, version, document)
            document["event_hash"] = previous
            connection.execute(
                "UPDATE stored_events SET state = ? WHERE rowid = ?",
                (json.dumps(document).encode(), rowid),
            )
    connection.close()


def test_an_altered_tally_outcome_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    with build_app(str(path)) as app:
        record_seed(app)

    def lose(document: dict[str, Any]) -> None:
        document["tally"]["outcome"] = "failed"
        document["tally"]["winners"] = []

    _rewrite(path, "VoteClosed", lose)

    with build_app(str(path)) as app:
        examination = Auditor(app).examine("TMTH", 2020)
        found = examination.discrepancies
    assert all(report.intact for report in examination.chains)
    messages = [f"{d.check}: {d.message}" for _, d in found]
    assert "tally: outcome recorded 'failed', derived 'passed'" in messages
    assert "tally: winners recorded [], derived ['VPUBND']" in messages


def test_an_altered_ranking_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    with build_app(str(path)) as app:
        record_seed(app)

    def promote(document: dict[str, Any]) -> None:
        first, second = document["ranking"][0], document["ranking"][1]
        first["unit"], second["unit"] = second["unit"], first["unit"]

    _rewrite(path, "ScoringClosed", promote)

    with build_app(str(path)) as app:
        (found,) = [d for _, d in Auditor(app).examine("TMTH", 2020).discrepancies]
    assert found.check == "ranking"
    assert "SNV" in found.message


def test_a_disagreement_is_said_in_vietnamese_under_lang_vi(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from thidua.cli import main

    path = tmp_path / "store.db"
    with build_app(str(path)) as app:
        record_seed(app)

    def lose(document: dict[str, Any]) -> None:
        document["tally"]["outcome"] = "failed"

    _rewrite(path, "VoteClosed", lose)

    result = CliRunner().invoke(
        main, ["--db", str(path), "--lang", "vi", "audit", "verify", "TMTH/2020"]
    )

    assert result.exit_code == 1
    assert "kiểm phiếu: outcome: ghi nhận 'failed', tính lại 'passed'" in result.stderr
    assert "phiên bản" in result.stderr
    assert "recorded" not in result.output + result.stderr
