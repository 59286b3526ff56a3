"""The auditor recounts, from stored rows alone, the rules that count over many
people: a decision the registry did not allow then is reported."""

from __future__ import annotations

from typing import Any

from thidua.domain.auditor.integrity import StoredRow
from thidua.domain.auditor.recount import recount
from thidua.domain.ids import collective_id, cycle_id, person_id

from registry_desk import TITLED

CYCLE = cycle_id("TMTH", 2023).hex
ROSTER = [{"code": "SNV", "name": "Sở Nội vụ"}]


class Log:
    """Rows in log order, each at the next position."""

    def __init__(self) -> None:
        self.registry: list[StoredRow] = []
        self.cycle: list[StoredRow] = [
            StoredRow(
                1,
                CYCLE,
                1,
                "CycleOpened",
                {
                    "bloc": "TMTH",
                    "year": 2023,
                    "roster": ROSTER,
                    "rulebook_text": TITLED,
                },
            )
        ]
        self.position = 1

    def _next(self) -> int:
        self.position += 1
        return self.position

    def on(self, stream: str, event: str, **doc: Any) -> None:
        version = sum(1 for r in self.registry if r.stream == stream) + 1
        self.registry.append(StoredRow(self._next(), stream, version, event, doc))

    def people(self, count: int, holding: dict[str, int]) -> None:
        for n in range(1, count + 1):
            stream = person_id(f"P{n}").hex
            self.on(
                stream, "PersonRegistered", code=f"P{n}", unit="SNV", since="2015-01-01"
            )
            for title, holders in holding.items():
                if n <= holders:
                    self.on(stream, "TitleConferred", title=title, year=2023)

    def cycle_event(self, event: str, **doc: Any) -> None:
        version = len(self.cycle) + 1
        self.cycle.append(StoredRow(self._next(), CYCLE, version, event, doc))

    def grant(self, award: str, person: str | None, n: int) -> None:
        recipient = {"kind": "individual", "unit": "SNV", "name": f"Người {person}"}
        self.cycle_event(
            "AwardGranted",
            award_id=f"A{n}",
            award=award,
            recipient=recipient,
            person=person,
            proposal_id=None,
        )

    def recount(self) -> list[str]:
        return [d.message for d in recount(self.cycle, lambda: self.registry)]


def test_a_grant_within_the_share_is_not_reported() -> None:
    log = Log()
    log.people(7, {"ldtt": 7})
    log.grant("cstd-co-so", "P1", 1)

    assert log.recount() == []


def test_a_grant_beyond_the_share_is_reported() -> None:
    log = Log()
    log.people(7, {"ldtt": 7})
    log.grant("cstd-co-so", "P1", 1)
    log.grant("cstd-co-so", "P2", 2)

    assert log.recount() == [
        "cstd-co-so for P2: 1 already held or were proposed, of at most 1 "
        "(15/100 of 7 ldtt holders)"
    ]


def test_a_collective_proposed_without_its_members_titles_is_reported() -> None:
    log = Log()
    log.on(collective_id("SNV").hex, "CollectiveRegistered", code="SNV", parent=None)
    log.people(10, {"ldtt": 6, "cstd-co-so": 1})
    log.cycle_event(
        "AwardProposed",
        proposal_id="P1",
        award="tt-ldxs",
        recipient={"kind": "collective", "unit": "SNV", "name": None},
    )

    assert log.recount() == ["tt-ldxs for SNV: 6 of its 10 members held ldtt for 2023"]


def test_titles_conferred_after_the_proposal_do_not_make_it_right() -> None:
    log = Log()
    log.on(collective_id("SNV").hex, "CollectiveRegistered", code="SNV", parent=None)
    log.people(10, {"ldtt": 7})
    log.cycle_event(
        "AwardProposed",
        proposal_id="P1",
        award="tt-ldxs",
        recipient={"kind": "collective", "unit": "SNV", "name": None},
    )
    log.on(person_id("P1").hex, "TitleConferred", title="cstd-co-so", year=2023)

    assert log.recount() == [
        "tt-ldxs for SNV: 0 of its 10 members held cstd-co-so for 2023"
    ]
