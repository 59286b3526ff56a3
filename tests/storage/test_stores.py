"""One engine on SQLite and PostgreSQL: durable, replayable, exact with Vietnamese."""

from __future__ import annotations

import threading
import unicodedata
from datetime import date

import pytest

from thidua.domain import commands as c
from thidua.domain.service.status import cycle_status
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


def test_a_postgres_append_waits_for_the_table_lock(postgres_url: str) -> None:
    """Appends take the events table's lock, so positions become visible in order
    and a follower never reads past an append that has yet to commit."""
    import psycopg

    server, _, query = postgres_url.partition("?")
    schema = query.removeprefix("schema=")
    with build_app(postgres_url) as app:
        desk = Desk(app)
        desk.bloc()
        holder = psycopg.connect(server)
        # ROW SHARE lets a bare INSERT through and stops the EXCLUSIVE table lock.
        holder.execute(f'LOCK TABLE "{schema}".thidua_events IN ROW SHARE MODE')
        appended = threading.Event()

        def append() -> None:
            desk(c.AddUnit, bloc="TMTH", unit="SYT", name="Sở Y tế", year=2019)
            appended.set()

        writer = threading.Thread(target=append)
        writer.start()
        held = not appended.wait(0.5)
        holder.commit()
        writer.join(timeout=30)
        holder.close()

        assert held, "the append went ahead while another transaction held the lock"
        assert appended.is_set()
        assert "SYT" in app.bloc("TMTH").roster(2019)


def test_a_password_in_the_store_url_is_masked_in_messages() -> None:
    from thidua.store import shown

    assert shown("postgresql://mai:s%40cret@db:5432/tdkt?schema=lao_cai") == (
        "postgresql://mai:***@db:5432/tdkt?schema=lao_cai"
    )
    assert shown("postgresql://mai@db/tdkt") == "postgresql://mai@db/tdkt"
    assert shown("thidua.db") == "thidua.db"


def test_an_event_is_stored_as_its_fields_in_order(store_url: str) -> None:
    """The document hashed when the event was made is reused to store it: what is
    stored must still be every field, in the class's order, but the fields added
    later that hold their default (left out, so older hashes stay as they were)."""
    import json

    with build_app(store_url) as app:
        desk = Desk(app)
        desk.bloc()
        cycle = desk.to_review(2020)
        desk.elect(cycle, "VPUBND")
        stored = app.recorder.select_notifications(start=1, limit=1000)
        assert len(stored) > 30
        for notification in stored:
            event = app.mapper.to_domain_event(notification)
            skipped = {"originator_id", "originator_version", *event.absent_fields()}
            expected = event.model_dump(mode="json", exclude=skipped)
            assert list(json.loads(notification.state).items()) == list(
                expected.items()
            )
