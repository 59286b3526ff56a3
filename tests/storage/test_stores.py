"""One engine on SQLite and PostgreSQL: durable, replayable, exact with Vietnamese."""

from __future__ import annotations

import threading
import unicodedata
from datetime import date

import pytest

from thidua.domain import commands as c
from thidua.domain.status import cycle_status
from thidua.store import build_app

from support import UNITS, Desk


def test_a_cycle_reads_back_the_same_from_a_reopened_store(store_url: str) -> None:
    with build_app(store_url) as app:
        desk = Desk(app)
        desk.bloc()
        cycle = desk.to_review(2020)
        desk.elect(cycle, "VPUBND")
        before = cycle_status(app.cycle("TMTH", 2020))

    with build_app(store_url) as reopened:
        after = cycle_status(reopened.cycle("TMTH", 2020))

    assert after == before
    assert after["votes"][0]["winners"] == ["VPUBND"]


def test_vietnamese_names_round_trip_exactly(store_url: str) -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Ánh Tuyết")
    with build_app(store_url) as app:
        desk = Desk(app)
        desk.bloc()
        cycle = desk.open(2020)
        desk(
            c.SignCovenant,
            **cycle,
            unit="SNV",
            signatory=decomposed,
            signed_on=date(2020, 1, 16),
        )

    with build_app(store_url) as reopened:
        signatory = reopened.cycle("TMTH", 2020).signatures["SNV"].signatory
        bloc_name = reopened.bloc("TMTH").name

    assert signatory == "Nguyễn Thị Ánh Tuyết"
    assert unicodedata.is_normalized("NFC", signatory)
    assert bloc_name == "Khối thi đua Tham mưu tổng hợp"


def test_two_operators_at_once_lose_no_ballot(store_url: str) -> None:
    with build_app(store_url) as app:
        desk = Desk(app)
        desk.bloc()
        cycle = desk.to_review(2020)
        desk(c.OpenVote, **cycle, motion="leading-unit")

    start = threading.Barrier(len(UNITS), timeout=60)
    failures: list[BaseException] = []

    def vote(unit: str) -> None:
        try:
            with build_app(store_url) as own:
                operator = Desk(own)
                operator.issued = hash(unit) % 10_000
                start.wait()
                operator(
                    c.CastVote,
                    **cycle,
                    motion="leading-unit",
                    voter=unit,
                    command_id=f"vote-{unit}",
                )
        except BaseException as error:  # reported below, on the test's thread
            start.abort()
            failures.append(error)

    threads = [threading.Thread(target=vote, args=(unit,)) for unit in UNITS]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    with build_app(store_url) as app:
        voters = app.cycle("TMTH", 2020).rounds["leading-unit"][-1].voters
    assert sorted(voters) == sorted(UNITS)


@pytest.mark.parametrize("url", ["sqlite:///{tmp}/x.db", "{tmp}/x.db"])
def test_an_sqlite_store_is_a_path_or_an_sqlite_url(url: str, tmp_path: object) -> None:
    with build_app(url.format(tmp=tmp_path)) as app:
        Desk(app).bloc()

    assert (tmp_path / "x.db").exists()  # type: ignore[operator]
