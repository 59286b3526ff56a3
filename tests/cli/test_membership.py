"""Membership changes carry their day, decision and successor; grants name the award
id that revocation takes and the registry shows."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner, Result

from thidua.cli import main


def run(store: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", store, *args], catch_exceptions=False)


@pytest.fixture
def store(store_url: str) -> str:
    """The demo's story up to the meeting's end: its Flag still proposed (P1)."""
    from thidua.store import build_app

    from support import record_seed

    app = build_app(store_url)
    record_seed(app)
    app.close()
    return store_url


def merge_stp(store: str) -> Result:
    return run(store, "bloc", "remove-unit", "TMTH", "STP", "--on", "2021-07-01",
               "--merged-into", "SNV", "--decision", "12/QĐ-UBND")  # fmt: skip


def test_a_unit_leaves_on_a_day_merged_into_another_member(store: str) -> None:
    result = merge_stp(store)
    shown = json.loads(run(store, "bloc", "show", "TMTH", "--format", "json").stdout)

    assert result.exit_code == 0, result.output
    stp = next(unit for unit in shown["units"] if unit["unit"] == "STP")
    assert (
        stp["left"],
        stp["left_on"],
        stp["merged_into"],
        stp["leaving_decision"],
    ) == (
        2021,
        "2021-07-01",
        "SNV",
        "12/QĐ-UBND",
    )


def test_bloc_show_says_who_left_when_and_into_whom_in_both_languages(
    store: str,
) -> None:
    merge_stp(store)

    english = run(store, "bloc", "show", "TMTH").stdout
    vietnamese = run(store, "--lang", "vi", "bloc", "show", "TMTH").stdout

    assert "Merged into" in english
    assert "Sáp nhập vào" in vietnamese
    # The day as each language writes it.
    for table, day in ((english, "2021-07-01"), (vietnamese, "01/07/2021")):
        line = next(line for line in table.splitlines() if "STP" in line)
        assert all(text in line for text in (day, "SNV", "12/QĐ-UBND"))


def test_the_cycle_s_roster_says_who_left_after_a_sync(store: str) -> None:
    merge_stp(store)

    assert run(store, "cycle", "sync-roster", "TMTH/2021").exit_code == 0
    status = json.loads(run(store, "cycle", "status", "TMTH/2021", "--format",
                            "json").stdout)  # fmt: skip
    table = run(store, "--lang", "vi", "cycle", "status", "TMTH/2021").stdout

    assert "STP" not in [unit["unit"] for unit in status["units"]]
    assert status["departed"] == [
        {
            "unit": "STP",
            "name": "Sở Tư pháp",
            "left_on": "2021-07-01",
            "decision": "12/QĐ-UBND",
            "merged_into": "SNV",
        }
    ]
    assert "Đơn vị rời khối trong năm" in table


def test_a_unit_cannot_merge_into_one_that_is_not_a_member(store: str) -> None:
    result = run(store, "bloc", "remove-unit", "TMTH", "STP", "--on", "2021-07-01",
                 "--merged-into", "SYT")  # fmt: skip

    assert result.exit_code == 1
    assert "membership" in result.stderr


def test_a_unit_cannot_merge_into_itself(store: str) -> None:
    result = run(store, "bloc", "remove-unit", "TMTH", "STP", "--on", "2021-07-01",
                 "--merged-into", "STP")  # fmt: skip

    assert result.exit_code == 1


def test_a_membership_change_needs_its_year_or_its_day(store: str) -> None:
    result = run(store, "--lang", "vi", "bloc", "remove-unit", "TMTH", "STP")

    assert result.exit_code == 1
    assert "hãy cho biết khi nào đơn vị STP rời khối" in result.stderr


def test_the_year_of_a_change_follows_its_day(store: str) -> None:
    joined = run(store, "bloc", "add-unit", "TMTH", "SYT", "--name", "Sở Y tế",
                 "--on", "2021-03-01")  # fmt: skip
    odd = run(store, "bloc", "remove-unit", "TMTH", "STP", "--on", "2021-07-01",
              "--year", "2019")  # fmt: skip
    shown = json.loads(run(store, "bloc", "show", "TMTH", "--format", "json").stdout)

    assert joined.exit_code == 0
    syt = next(unit for unit in shown["units"] if unit["unit"] == "SYT")
    assert (syt["joined"], syt["joined_on"]) == (2021, "2021-03-01")
    assert odd.exit_code == 1


def test_a_grant_prints_the_award_id_that_revoke_takes_and_the_registry_shows(
    store: str,
) -> None:
    granted = run(store, "award", "grant", "TMTH/2020", "--proposal", "P1",
                  "--decision", "245/QĐ-UBND", "--date", "2021-03-02")  # fmt: skip
    award_id = granted.stderr.split()[1]
    registry = json.loads(run(store, "awards", "--award", "provincial-flag",
                              "--format", "json").stdout)  # fmt: skip
    revoked = run(store, "award", "revoke", "TMTH/2020", award_id, "--decision",
                  "88/QĐ-UBND", "--date", "2021-09-01", "--reason", "x")  # fmt: skip

    assert granted.stderr.startswith("Granted A8 on cycle TMTH/2020")
    assert [(row["record"], row["proposal_id"]) for row in registry] == [("A8", "P1")]
    assert revoked.exit_code == 0


def test_a_proposal_prints_its_id_in_vietnamese_too(store: str) -> None:
    result = run(store, "--lang", "vi", "award", "grant", "TMTH/2020", "--proposal",
                 "P1", "--decision", "245/QĐ-UBND", "--date", "2021-03-02")  # fmt: skip

    assert result.stderr.startswith("Đã ghi khen thưởng A8 vào chu kỳ TMTH/2020")


def test_bloc_show_gives_the_document_settings_in_both_languages(store: str) -> None:
    run(store, "bloc", "configure", "TMTH", "--place", "Thành phố Lào Cai", "--from",
        "2022-01-01")  # fmt: skip

    english = run(store, "bloc", "show", "TMTH").stdout
    vietnamese = run(store, "--lang", "vi", "bloc", "show", "TMTH").stdout
    shown = json.loads(run(store, "bloc", "show", "TMTH", "--format", "json").stdout)

    assert "Superior body (cơ quan chủ quản)  UBND TỈNH LÀO CAI" in english
    assert "Document code (ký hiệu)" in english
    assert "KHỐI THI ĐUA THAM MƯU TỔNG HỢP (by default)" in english
    assert "Cơ quan chủ quản  UBND TỈNH LÀO CAI" in vietnamese
    assert "Ký hiệu văn bản   KTĐTMTH" in vietnamese
    assert "(mặc định)" in vietnamese
    assert "Thiết lập văn bản" in vietnamese  # the settings changed: each from its day
    assert "01/01/2022" in vietnamese
    assert [s["place"] for s in shown["documents"]] == ["Lào Cai", "Thành phố Lào Cai"]


def test_cycle_status_lists_a_rounds_counts_as_the_vote_results_do(
    store: str, tmp_path: Any
) -> None:
    for unit in ("SNV", "VPUBND", "VPDDBQH", "SKHDT", "STC", "STP", "TTT", "SNGV"):
        run(store, "scores", "submit", "TMTH/2021", unit, "A1=25", "A2=18",
            "B1=9", "B2=9", "C1=9", "C2=8.5", "D1=9")  # fmt: skip
    run(store, "scores", "close", "TMTH/2021")
    run(store, "vote", "open", "TMTH/2021", "leading-unit", "--absent", "TTT")
    voters = ("SNV", "VPUBND", "VPDDBQH", "SKHDT", "STC", "STP", "SNGV")
    for unit in voters:
        run(store, "vote", "cast", "TMTH/2021", "leading-unit", "--unit", unit)
    counted = tmp_path / "counted.txt"
    counted.write_text("STC\nSNV\nSNV\nVPUBND\nVPUBND\nSKHDT\nSTC\n", "utf-8")
    run(store, "vote", "close", "TMTH/2021", "leading-unit", "--ballots", str(counted))

    results = run(store, "votes", "TMTH/2021", "--format", "json").stdout
    status = CliRunner(env={"COLUMNS": "300"}).invoke(
        main, ["--db", store, "cycle", "status", "TMTH/2021"], catch_exceptions=False
    )

    counts = json.loads(results)[0]["counts"]
    said = ", ".join(
        f"{c['candidate']} {c['votes_for']}" for c in counts if c["votes_for"]
    )
    assert said == "SNV 2, STC 2, VPUBND 2, SKHDT 1"
    assert said in status.stdout
