"""What a forger who writes rows the engine cannot fold, or snapshots with a forged
state, gets: a finding in `audit verify`, a one-line refusal, and no decision."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from click.testing import CliRunner
from insider import SEED, Insider

from thidua.cli import main
from thidua.cli.story import story
from thidua.domain import commands as c
from thidua.domain.auditor.audit import Auditor
from thidua.domain.errors import StreamUnreadable
from thidua.store import build_app

SCORING = 31  # commands of the seed story recorded: scoring is open


@pytest.fixture
def insider(store_url: str) -> Iterator[Insider]:
    with build_app(store_url) as app:
        for step in story()[:SCORING]:
            app.handle(step.command)
    insider = Insider(store_url)
    yield insider
    insider.connection.close()


def submit(unit: str = "SNV", points: str = "19", command_id: str = "x-1") -> Any:
    return c.SubmitScores.model_validate(
        {
            "actor": {"name": "thidua demo", "role": "operator"},
            "command_id": command_id,
            "issued_at": "2021-01-16T08:00:00+07:00",
            "bloc": "TMTH",
            "year": 2020,
            "unit": unit,
            "points": {"A2": points},
        }
    )


def test_a_stream_the_engine_cannot_load_is_a_finding_and_a_refusal(
    insider: Insider,
) -> None:
    version = insider.append("ScoresSubmitted", {"points": {"A2": "-4"}})

    with build_app(insider.url) as app:
        found = [f for _, f in Auditor(app).examine().discrepancies]
        with pytest.raises(StreamUnreadable, match="audit verify"):
            app.handle(submit())
    assert {(f.version, f.check) for f in found} >= {(version, "bounds"),
                                                     (version, "load")}  # fmt: skip


@pytest.mark.parametrize(
    "line", ["cycle status TMTH/2020", "scores submit TMTH/2020 SNV A2=19",
             "standings TMTH/2020", "audit verify --all"],
)  # fmt: skip
def test_no_traceback_reaches_a_user_of_a_stream_that_cannot_load(
    insider: Insider, line: str
) -> None:
    insider.append("ScoresSubmitted", {"points": {"A2": "-4"}})

    result = CliRunner().invoke(main, ["--db", insider.url, *line.split()])

    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    if "standings" not in line:  # the read models keep what they could read
        assert result.exit_code == 1, result.output
    if "verify" not in line and "standings" not in line:
        assert "audit verify" in result.output.strip().splitlines()[-1]


def forge_snapshot(insider: Insider, **changes: Any) -> None:
    """Insert a snapshot at the head with the right head hash and a forged state."""
    with build_app(insider.url) as app:
        head = app.cycle("TMTH", 2020).version
        app.take_snapshot(SEED, version=head)
    table = insider.snapshot_table()
    (state,) = insider.run(f"SELECT state FROM {table}")[0]
    document = json.loads(bytes(state))
    for name, change in changes.items():
        document["state"][name] = change(document["state"][name])
    insider.run(f"DELETE FROM {table}")  # a writer may not; the test sets up
    insider.run(
        f"INSERT INTO {table} (originator_id, originator_version, topic, state)"
        " VALUES (?, ?, ?, ?)",
        (insider.key(), head, "thidua.domain.service.snapshot:CycleSnapshot",
         json.dumps(document).encode()),
    )  # fmt: skip


def test_a_snapshot_with_a_forged_state_is_reported_and_decides_nothing(
    insider: Insider,
) -> None:
    forge_snapshot(
        insider,
        commands=lambda ids: [*ids, "x-1"],
        roster=lambda roster: {**roster, "FAKE": "Đơn vị giả"},
    )

    with build_app(insider.url) as app:
        found = [f for _, f in Auditor(app).examine().discrepancies]
        receipt = app.handle(submit(command_id="x-1"))
        with pytest.raises(Exception, match="not a member"):
            app.handle(submit(unit="FAKE", command_id="x-2"))

    (snapshot,) = [f for f in found if f.check == "snapshot"]
    assert "commands" in snapshot.message
    assert "roster" in snapshot.message
    assert not receipt.already_applied
    assert receipt.events == ("ScoresSubmitted",)


def test_a_snapshot_that_agrees_with_its_events_is_no_finding(
    insider: Insider,
) -> None:
    forge_snapshot(insider)

    with build_app(insider.url) as app:
        assert Auditor(app).examine().discrepancies == []
