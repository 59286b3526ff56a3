"""`audit verify --all` reads a stream at a time: by the store's own indexed query,
or by the auditor's pass over the log, with the same rows and the same findings."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import StoredEvent
from insider import Insider

from thidua.domain.auditor.audit import Auditor
from thidua.domain.auditor.streams import LogStreams, Streams
from thidua.domain.auditor.verify import Examination
from thidua.domain.keyring import KEYRING_ID
from thidua.store import build_app
from thidua.store.streams import streams_of

from support import record_seed


@pytest.fixture
def store(store_url: str) -> Iterator[tuple[Any, Insider]]:
    with build_app(store_url) as app:
        record_seed(app)
        insider = Insider(store_url)
        yield app, insider
        insider.connection.close()


class Visits:
    """The streams an examination asks for, in the order it asks."""

    def __init__(self, streams: Streams) -> None:
        self.streams = streams
        self.asked: list[UUID] = []

    def ids(self) -> Iterator[UUID]:
        return self.streams.ids()

    def events(self, stream: UUID) -> list[tuple[int, StoredEvent]]:
        self.asked.append(stream)
        return self.streams.events(stream)


def found(examination: Examination) -> tuple[list[Any], list[Any]]:
    chains = [(r.subject, r.events, r.head, r.problems) for r in examination.chains]
    return chains, [
        (s, d.version, d.check, d.message) for s, d in examination.discrepancies
    ]


def test_a_store_reads_each_stream_with_the_positions_its_log_gives(
    store: tuple[Any, Insider],
) -> None:
    app, _ = store
    own, logged = streams_of(app), LogStreams(app)
    assert own is not None

    keys = list(own.ids())

    assert keys == list(logged.ids()) == sorted(keys)
    for key in keys:
        assert own.events(key) == logged.events(key)


def test_verify_all_asks_for_each_stream_once_in_key_order(
    store: tuple[Any, Insider],
) -> None:
    app, _ = store
    streams = streams_of(app)
    assert streams is not None
    visits = Visits(streams)

    Auditor(app, visits).examine()

    keys = sorted(streams.ids())

    assert visits.asked == [KEYRING_ID, *keys]  # the keys first, for the signatures


def test_a_tampered_store_gives_the_same_findings_read_either_way(
    store: tuple[Any, Insider],
) -> None:
    app, insider = store
    insider.drop_triggers()
    document = insider.state(12)
    document["unit"] = "SNGV" if document.get("unit") != "SNGV" else "STC"
    insider.write(12, document)

    own = found(Auditor(app, streams_of(app)).examine())
    logged = found(Auditor(app, LogStreams(app)).examine())

    assert own == logged
    altered = [p for *_, ps in own[0] for p in ps if "content altered" in p]
    assert altered
    assert all("version 12" in p and "position" in p for p in altered)
