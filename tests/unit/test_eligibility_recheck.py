"""The auditor re-derives eligibility from stored rows alone: a proposal whose
holder's history, as it stood then, did not allow it is reported."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from thidua.domain.auditor.eligibility import recheck_eligibility
from thidua.domain.auditor.integrity import StoredRow
from thidua.domain.ids import cycle_id, person_id

from registry_desk import TITLED

CYCLE = cycle_id("TMTH", 2023).hex
PERSON = person_id("P1").hex


def row(stream: str, position: int, version: int, event: str, **doc: Any) -> StoredRow:
    return StoredRow(position, stream, version, event, doc)


def proposed(position: int) -> StoredRow:
    recipient = {"kind": "individual", "unit": "SNV", "name": "Nguyễn Văn An"}
    return row(
        CYCLE,
        position,
        2,
        "AwardProposed",
        proposal_id="P1",
        award="cstd-tinh",
        recipient=recipient,
        person="P1",
    )


def history(*years: int, revoked_at: int | None = None) -> list[StoredRow]:
    rows = [row(PERSON, 1, 1, "PersonRegistered", code="P1", name="Nguyễn Văn An")]
    for n, year in enumerate(years, 2):
        rows.append(row(PERSON, n, n, "TitleConferred", title="cstd-co-so", year=year))
    if revoked_at is not None:
        rows.append(
            row(
                PERSON,
                revoked_at,
                len(rows) + 1,
                "TitleRevoked",
                title="cstd-co-so",
                year=years[0],
            )
        )
    return rows


def streams(person: list[StoredRow], position: int) -> dict[str, list[StoredRow]]:
    opened = row(
        CYCLE, 0, 1, "CycleOpened", bloc="TMTH", year=2023, rulebook_text=TITLED
    )
    return {CYCLE: [opened, proposed(position)], PERSON: person}


def nothing(_: UUID) -> list[StoredRow]:
    return []


def test_a_proposal_the_history_allowed_is_not_reported() -> None:
    found = recheck_eligibility(streams(history(2021, 2022, 2023), 10), nothing)

    assert found == []


def test_a_proposal_without_the_years_is_reported() -> None:
    ((cycle, finding),) = recheck_eligibility(streams(history(2022, 2023), 10), nothing)

    assert (cycle, finding.check, finding.version) == ("TMTH/2023", "history", 2)
    assert "in 2 of the years 2021-2023" in finding.message


def test_a_revocation_after_the_proposal_does_not_make_it_wrong() -> None:
    person = history(2021, 2022, 2023, revoked_at=20)

    assert recheck_eligibility(streams(person, 10), nothing) == []
