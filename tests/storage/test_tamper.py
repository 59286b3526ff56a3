"""Tampering with stored events, as an insider who first drops the triggers.

Each way of tampering is caught by `audit verify`: by the chain itself, or against a
digest taken before.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs

import pytest
from insider import SEED, Insider

from thidua.domain.auditor.audit import Auditor, SnapshotMismatch
from thidua.domain.auditor.integrity import GENESIS, event_hash
from thidua.store import build_app

from support import record_seed


@pytest.fixture
def store(store_url: str) -> Iterator[tuple[Any, Insider]]:
    with build_app(store_url) as app:
        record_seed(app)
        insider = Insider(store_url)
        yield app, insider
        insider.connection.close()


def problems(app: Any) -> list[str]:
    return [p for report in Auditor(app).verify() for p in report.problems]


def test_an_untouched_store_verifies_clean(store: tuple[Any, Insider]) -> None:
    app, _ = store

    assert problems(app) == []
    assert all(report.events for report in Auditor(app).verify("TMTH", 2020))


def test_the_triggers_refuse_an_update_or_a_delete(store: tuple[Any, Insider]) -> None:
    _, insider = store

    with pytest.raises(Exception, match="append-only"):
        insider.write(5, insider.state(5))
    with pytest.raises(Exception, match="append-only"):
        insider.delete(5)


def test_a_changed_field_is_caught(store: tuple[Any, Insider]) -> None:
    app, insider = store
    insider.drop_triggers()
    document = insider.state(12)
    document["unit"] = "SNGV" if document.get("unit") != "SNGV" else "STC"
    insider.write(12, document)

    assert any("version 12" in p and "content altered" in p for p in problems(app))


def test_a_deleted_event_is_caught(store: tuple[Any, Insider]) -> None:
    app, insider = store
    insider.drop_triggers()
    insider.delete(7)

    found = problems(app)
    assert any("expected version 7" in p for p in found)
    assert any("does not follow its predecessor" in p for p in found)


def test_two_swapped_events_are_caught(store: tuple[Any, Insider]) -> None:
    app, insider = store
    insider.drop_triggers()
    fifth, sixth = insider.state(5), insider.state(6)
    insider.write(5, sixth)
    insider.write(6, fifth)

    assert any("version 5" in p for p in problems(app))


def test_a_forged_event_inserted_into_the_chain_is_caught(
    store: tuple[Any, Insider],
) -> None:
    app, insider = store
    insider.drop_triggers()
    forged = insider.state(20)
    forged["unit"] = "SNGV"
    insider.write(20, forged)  # a forger who does not rehash

    assert any("version 20" in p for p in problems(app))


def test_a_rewritten_chain_is_caught_against_a_digest(
    store: tuple[Any, Insider],
) -> None:
    app, insider = store
    digest = next(h for h in Auditor(app).heads()[1] if h.subject == "TMTH/2020")
    insider.drop_triggers()
    previous = GENESIS
    for version in range(1, digest.version + 1):  # a forger who knows the recipe
        document = insider.state(version)
        if version == 20:
            document["reason"] = "altered afterwards"
        document["previous_hash"] = previous
        del document["event_hash"]
        name = _event_name(insider, version)
        document["event_hash"] = previous = event_hash(name, SEED, version, document)
        insider.write(version, document)

    assert problems(app) == []  # the chain alone cannot tell
    (finding,) = Auditor(app).findings([str(digest.digest())])
    assert not finding.holds


def test_a_truncated_tail_is_caught_against_a_digest(
    store: tuple[Any, Insider],
) -> None:
    app, insider = store
    auditor = Auditor(app)
    cycle = next(h for h in auditor.heads()[1] if h.subject == "TMTH/2020")
    whole, _ = auditor.store()
    insider.drop_triggers()
    for version in (cycle.version, cycle.version - 1):
        insider.delete(version)

    assert problems(app) == []
    findings = auditor.findings([str(cycle.digest()), str(whole)])
    assert [f.holds for f in findings] == [False, False]
    assert "events were removed" in findings[0].finding


def _event_name(insider: Insider, version: int) -> str:
    (topic,) = insider.run(
        f"SELECT topic FROM {insider.table}"
        " WHERE originator_id = ? AND originator_version = ?",
        (insider.key(), version),
    )[0]
    return str(topic).rpartition(":")[2]


def test_a_snapshot_that_disagrees_with_the_chain_is_refused_in_replay(
    store: tuple[Any, Insider],
) -> None:
    app, insider = store
    app.take_snapshot(SEED, version=20)
    snapshots = insider.table.replace("thidua_events", "thidua_snapshots").replace(
        "stored_events", "stored_snapshots"
    )
    (state,) = insider.run(f"SELECT state FROM {snapshots}")[0]
    document = json.loads(bytes(state))
    document["state"]["head_hash"] = GENESIS
    forged = json.dumps(document).encode()
    with pytest.raises(Exception, match="never changed"):
        insider.run(f"UPDATE {snapshots} SET state = ?", (forged,))
    insider.run(
        "DROP TRIGGER thidua_snapshots_no_update"
        + (f" ON {snapshots}" if insider.postgres else "")
    )
    insider.run(f"UPDATE {snapshots} SET state = ?", (forged,))

    with build_app(insider.url) as fresh, pytest.raises(SnapshotMismatch):
        Auditor(fresh).replay("TMTH", 2020, 25)


def test_the_postgres_writer_holds_no_update_or_delete_privilege(
    postgres_url: str,
) -> None:
    import uuid

    import psycopg

    server, _, query = postgres_url.partition("?")
    schema = parse_qs(query)["schema"][0]
    role = f"thidua_writer_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(server, autocommit=True)
    admin.execute(f"CREATE ROLE {role} LOGIN NOSUPERUSER")
    admin.execute(f'GRANT USAGE, CREATE ON SCHEMA "{schema}" TO {role}')
    try:
        url = server.replace("postgres@", f"{role}@", 1) + f"?{query}"
        with build_app(url) as app:
            record_seed(app)
        writer = psycopg.connect(url.split("?")[0], autocommit=True)
        writer.execute(f'SET search_path TO "{schema}"')
        writer.execute("DROP TRIGGER thidua_append_only ON thidua_events")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            writer.execute("UPDATE thidua_events SET topic = topic")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            writer.execute("DELETE FROM thidua_events")
        writer.close()
    finally:
        admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
        admin.execute(f'CREATE SCHEMA "{schema}"')
        admin.execute(f"DROP OWNED BY {role}")
        admin.execute(f"DROP ROLE {role}")
        admin.close()


def test_a_row_damaged_beyond_reading_is_a_finding(store: tuple[Any, Insider]) -> None:
    app, insider = store
    insider.drop_triggers()
    insider.run(
        f"UPDATE {insider.table} SET state = ?"
        " WHERE originator_id = ? AND originator_version = 3",
        (b"{not json", insider.key()),
    )

    found = problems(app)

    assert any("version 3" in p and "unreadable" in p for p in found)
