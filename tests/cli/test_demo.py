"""The demo is the same log on every run, with its story's own dates beside the
times it was recorded; and what people read of those times."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from thidua.cli import main
from thidua.cli.story import story
from thidua.domain import commands as c
from thidua.domain.auditor.audit import Auditor
from thidua.store import build_app

README = Path(__file__).parents[2] / "README.md"


def run(store: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", store, *args], catch_exceptions=False)


def demo(store: str) -> str:
    assert run(store, "-q", "demo").exit_code == 0
    return store


@pytest.fixture
def store(store_url: str) -> str:
    return demo(store_url)


def digests(store: str) -> list[str]:
    rows = json.loads(run(store, "audit", "digest", "--format", "json").stdout)
    return [row["digest"] for row in rows]


def test_two_fresh_demos_record_the_same_log(tmp_path: Path) -> None:
    first = demo(str(tmp_path / "one.db"))
    second = demo(str(tmp_path / "two.db"))

    assert digests(first) == digests(second)


def test_the_readme_shows_the_demo_s_digest(tmp_path: Path) -> None:
    store = demo(str(tmp_path / "demo.db"))
    rows = json.loads(
        run(store, "audit", "digest", "TMTH/2020", "--format", "json").stdout
    )
    cycle = next(row["digest"] for row in rows if row["subject"] == "TMTH/2020")

    shown = set(re.findall(r"TMTH/2020@\d+:[0-9a-f]{16}", README.read_text("utf-8")))

    assert shown == {cycle}


def test_events_without_a_time_of_fact_keep_the_hashes_they_had(tmp_path: Path) -> None:
    # The seed story as it was recorded before events could say when their fact
    # happened; these digests are the ones that code gave (with the rulebooks as
    # shipped since they gained the further-round rule), the cycles' since they
    # record their stage changes (the stored release-1 store keeps the older ones).
    app = build_app(str(tmp_path / "old.db"))
    issued = datetime(2021, 1, 25, 8, 0, tzinfo=UTC)
    # The bloc's document settings came later too, and the story past the meeting.
    steps = [
        s
        for s in story()
        if not isinstance(s.command, c.ConfigureBloc)
        and not type(s.command).__module__.endswith(".commendation.commands")
    ]
    for number, step in enumerate(steps, start=1):
        old = step.command.model_copy(
            update={
                "command_id": f"demo-{number}",
                "issued_at": issued + timedelta(minutes=number),
                "occurred_at": None,
            }
        )
        app.handle(old)

    found = {d.subject: d.digest.hash[:16] for d in Auditor(app).digests(None, None)}
    app.close()

    assert found["TMTH"] == "1e93e3094236ddb8"
    assert found["TMTH/2020"] == "7f9569ca212b36f3"
    assert found["TMTH/2021"] == "ce03a1181ca9e640"


def test_the_audit_log_shows_when_a_fact_happened_and_when_it_was_recorded(
    store: str,
) -> None:
    rows = json.loads(
        run(store, "audit", "log", "TMTH/2020", "--format", "json").stdout
    )

    opened = next(row for row in rows if row["event"] == "VoteOpened")
    assert opened["occurred_at"] == "2021-01-25T08:30:00+07:00"
    assert opened["recorded_at"] == "2021-01-25T01:31:00Z"
    signed = next(row for row in rows if row["event"] == "CovenantSigned")
    assert (signed["occurred_at"], signed["recorded_at"]) == (
        "2020-01-16",
        "2021-01-20T07:13:00Z",
    )


def test_a_command_says_when_its_fact_happened_with_on(store: str) -> None:
    result = run(store, "covenant", "register", "TMTH/2021", "SNV", "--title",
                 "Cờ thi đua của UBND tỉnh", "--on", "02/02/2021")  # fmt: skip
    rows = json.loads(
        run(store, "audit", "log", "TMTH/2021", "--format", "json").stdout
    )

    assert result.exit_code == 0
    assert rows[-1]["event"] == "TargetsRegistered"
    assert rows[-1]["occurred_at"] == "2021-02-02"


def test_a_fact_cannot_have_happened_after_it_is_recorded(store: str) -> None:
    later = (datetime.now(UTC) + timedelta(days=3)).date().isoformat()

    result = run(store, "covenant", "register", "TMTH/2021", "SNV", "--title",
                 "Cờ thi đua của UBND tỉnh", "--on", later)  # fmt: skip

    assert result.exit_code == 1
    assert "time-of-fact" in result.stderr


def test_on_takes_a_date_or_a_time_and_nothing_else(store: str) -> None:
    result = run(store, "covenant", "register", "TMTH/2021", "SNV", "--on", "hôm qua")

    assert result.exit_code == 2
    assert "neither a date" in result.stderr


@pytest.mark.parametrize(
    ("moment", "by", "version"),
    [
        ("2021-01-25T08:45+07:00", "occurred", 33),  # ballots cast, not yet counted
        ("2021-01-25T15:00+07:00", "occurred", 44),  # after the meeting
        ("2020-12-31T12:00+07:00", "occurred", 19),  # the units' own scores were in
        ("2021-01-20T15:00+07:00", "recorded", 24),  # the history entered that day
    ],
)
def test_replay_as_of_a_moment_reads_it_as_the_story_s_or_the_log_s(
    store: str, moment: str, by: str, version: int
) -> None:
    result = run(store, "audit", "replay", "TMTH/2020", "--as-of", moment,
                 "--by", by, "--format", "json")  # fmt: skip

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["version"] == version


def test_replay_by_recording_time_knows_nothing_before_the_first_recording(
    store: str,
) -> None:
    result = run(store, "audit", "replay", "TMTH/2020", "--as-of",
                 "2020-12-31T12:00+07:00", "--by", "recorded")  # fmt: skip

    assert result.exit_code == 1
    assert "was opened only at 2021-01-20" in result.stderr


def test_a_fresh_demo_verifies_clean(store: str) -> None:
    assert run(store, "audit", "verify", "--all").exit_code == 0


def test_the_demo_tells_its_story_in_vietnamese_with_lang_vi(tmp_path: Path) -> None:
    store = str(tmp_path / "demo.db")
    told = run(store, "--lang", "vi", "demo").stdout
    again = run(store, "--lang", "vi", "demo").stdout

    assert "  1. Thành lập Khối thi đua Tham mưu tổng hợp (Lào Cai)." in told
    assert "SNV ký giao ước thi đua năm 2021." in told
    assert f"Đã ghi vào {store}." in told
    assert "Create the bloc" not in told
    assert "signs the" not in told
    assert again.startswith(f"Bản trình diễn đã được ghi trong {store}")


def test_the_demo_tells_its_story_in_english_by_default(tmp_path: Path) -> None:
    told = run(str(tmp_path / "demo.db"), "demo").stdout

    assert "  1. Create the bloc Khối thi đua Tham mưu tổng hợp (Lào Cai)." in told
    assert " 61. SNGV signs the 2021 covenant." in told


def test_the_demo_shows_the_registry_refusing_a_proposal_for_a_missing_year(
    tmp_path: Path,
) -> None:
    store = str(tmp_path / "demo.db")
    told = run(store, "demo").stdout
    proposals = json.loads(
        run(store, "cycle", "status", "TMTH/2019", "--format", "json").stdout
    )

    assert (
        "     Error: prerequisite: cstd-tinh needs cstd-co-so in 3 consecutive years;"
        " Giàng A Sử has 2017, 2019 (2018 missing)\n"
    ) in told
    assert "P1" not in json.dumps(proposals)  # refused: nothing was recorded


def test_the_demo_s_people_have_their_titles_year_by_year(store: str) -> None:
    rows = json.loads(
        run(store, "history", "person", "Giang A Su", "--format", "json").stdout
    )

    titles = [(r["year"], r["what"]) for r in rows if r["entry"] == "title"]
    assert titles == [(2017, "ldtt"), (2017, "cstd-co-so"), (2018, "ldtt"),
                      (2019, "ldtt"), (2019, "cstd-co-so")]  # fmt: skip
    assert {r["reference"] for r in rows if r["entry"] == "title"} == {
        "17/QĐ-TTT", "18/QĐ-TTT", "19/QĐ-TTT"}  # fmt: skip


def test_the_demo_s_refusal_reads_in_vietnamese(tmp_path: Path) -> None:
    told = run(str(tmp_path / "demo.db"), "--lang", "vi", "demo").stdout

    assert "Lỗi: prerequisite (" in told
    assert "Giàng A Sử có 2017, 2019 (thiếu 2018)" in told
