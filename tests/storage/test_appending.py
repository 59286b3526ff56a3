"""PostgreSQL insiders who hold the writer or the reader role: the writer appends only
through the owner's function, which checks the chain and the login; nobody's lock
stalls the others past a bounded wait."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from click.testing import CliRunner, Result
from eventsourcing.persistence import OperationalError
from roles import Store

from thidua.cli import main
from thidua.domain.auditor.integrity import event_hash
from thidua.domain.ids import cycle_id
from thidua.domain.topics import kind_of
from thidua.store import build_app, refusal
from thidua.store.names import HEADS_TABLE
from thidua.store.timeouts import StoreWaited

from support import record_seed

SEED = cycle_id("TMTH", 2020)


def thidua(db: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", db, *args], catch_exceptions=False)


@pytest.fixture
def seeded(store: Store) -> Store:
    with build_app(store.writer) as app:
        record_seed(app)
    return store


@pytest.fixture
def writer(seeded: Store) -> Iterator[Any]:
    connection = seeded.connect(seeded.writer)
    yield connection
    connection.close()


@pytest.fixture
def reader(seeded: Store) -> Iterator[Any]:
    connection = seeded.connect(seeded.reader)
    yield connection
    connection.close()


def login_of(url: str) -> str:
    return url.split("//", 1)[1].split("@", 1)[0]


def head(connection: Any) -> tuple[int, dict[str, Any]]:
    version, state = connection.execute(
        "SELECT originator_version, state FROM thidua_events"
        " WHERE originator_id = %s ORDER BY originator_version DESC LIMIT 1",
        (SEED,),
    ).fetchone()
    return version, json.loads(bytes(state))


def head_topic(connection: Any) -> str:
    return str(
        connection.execute(
            "SELECT topic FROM thidua_events WHERE originator_id = %s"
            " ORDER BY originator_version DESC LIMIT 1",
            (SEED,),
        ).fetchone()[0]
    )


def forged(
    connection: Any, *, login: str | None, version: int = 0, previous: str = ""
) -> tuple[int, dict[str, Any]]:
    """The head's document again as a new event, chained as the engine chains,
    naming `login`; `version` and `previous` break the chain where given."""
    at, document = head(connection)
    document = {**document, "command_id": f"forged-{uuid.uuid4().hex[:6]}"}
    document.pop("login", None)
    if login is not None:
        document["login"] = login
    document["previous_hash"] = previous or document.pop("event_hash")
    document.pop("event_hash", None)
    version = version or at + 1
    event = kind_of(head_topic(connection))
    document["event_hash"] = event_hash(event, SEED, version, document)
    return version, document


def append(connection: Any, version: int, document: dict[str, Any]) -> Any:
    topic = head_topic(connection)
    return connection.execute(
        "SELECT thidua_insert_events(ARRAY[ROW(%s, %s, %s, %s)::stored_event_uuid])",
        (SEED, version, topic, json.dumps(document).encode()),
    )


def new_bloc(url: str) -> Result:
    code = f"K{uuid.uuid4().hex[:4].upper()}"
    return thidua(
        url, "bloc", "create", code, "--as", "Mai",
        "--name", "Khối Kinh tế", "--province", "Lào Cai",
    )  # fmt: skip


def test_a_raw_write_by_the_writer_to_events_or_snapshots_is_refused(
    writer: Any,
) -> None:
    import psycopg

    version, document = forged(writer, login=login_of_connection(writer))
    for statement, params in (
        (
            "INSERT INTO thidua_events (originator_id, originator_version, topic,"
            " state) VALUES (%s, %s, 'x', %s)",
            (SEED, version, json.dumps(document).encode()),
        ),
        (
            "INSERT INTO thidua_snapshots SELECT originator_id, originator_version,"
            " topic, state FROM thidua_events LIMIT 1",
            None,
        ),
        ("DELETE FROM thidua_snapshots", None),
        ("UPDATE thidua_snapshots SET topic = topic", None),
        ("TRUNCATE thidua_events", None),
        ("LOCK TABLE thidua_events IN EXCLUSIVE MODE", None),
        ("LOCK TABLE thidua_snapshots IN SHARE MODE", None),
        (f"LOCK TABLE {HEADS_TABLE} IN SHARE MODE", None),
        (f"LOCK TABLE {HEADS_TABLE} IN ACCESS EXCLUSIVE MODE", None),
    ):
        with pytest.raises(psycopg.errors.InsufficientPrivilege), writer.transaction():
            writer.execute(statement, params)


def login_of_connection(connection: Any) -> str:
    return str(connection.execute("SELECT session_user").fetchone()[0])


def test_an_append_through_the_function_that_breaks_the_chain_is_refused(
    writer: Any,
) -> None:
    import psycopg

    login = login_of_connection(writer)
    at, _ = head(writer)
    for version, previous in ((at + 2, ""), (at + 1, "ab" * 32)):
        number, document = forged(
            writer, login=login, version=version, previous=previous
        )
        with pytest.raises(psycopg.errors.RaiseException, match="does not follow"):
            append(writer, number, document)
    number, document = forged(writer, login=login, version=at)
    with pytest.raises(psycopg.errors.UniqueViolation, match="is taken"):
        append(writer, number, document)
    assert head(writer)[0] == at


def test_a_login_forged_in_the_envelope_is_refused(seeded: Store, writer: Any) -> None:
    import psycopg

    at, _ = head(writer)
    for login in ("postgres", login_of(seeded.reader), None):
        version, document = forged(writer, login=login)
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="login"):
            append(writer, version, document)
    version, document = forged(writer, login=login_of_connection(writer))
    append(writer, version, document)  # its own login, chained right: appended
    assert head(writer)[0] == at + 1


def test_the_reader_cannot_take_the_locks_writers_use(reader: Any) -> None:
    import psycopg

    for statement in (
        f"SELECT * FROM {HEADS_TABLE} FOR UPDATE",
        f"SELECT * FROM {HEADS_TABLE} FOR KEY SHARE",
        f"LOCK TABLE {HEADS_TABLE} IN SHARE MODE",
        "LOCK TABLE thidua_events IN SHARE MODE",
        f"INSERT INTO {HEADS_TABLE} VALUES (gen_random_uuid())",
    ):
        with pytest.raises(psycopg.errors.InsufficientPrivilege), reader.transaction():
            reader.execute(statement)


def test_a_reader_holding_what_it_can_does_not_stall_writers(
    seeded: Store, reader: Any
) -> None:
    # All it may take: share locks on what it reads, and the advisory lock that
    # writers used to take on the stream.
    reader.execute("BEGIN")
    reader.execute("LOCK TABLE thidua_events IN ACCESS SHARE MODE")
    reader.execute(f"SELECT * FROM {HEADS_TABLE}")
    reader.execute("SELECT pg_advisory_lock(%s)", ((SEED.int >> 64) - (1 << 63),))
    with build_app(seeded.writer) as app:
        assert app.stream_lock is not None
        with app.stream_lock(SEED):  # a stream's turn, as busy writers take it
            pass
    recorded = new_bloc(seeded.writer)
    reader.execute("ROLLBACK")
    assert recorded.exit_code == 0, recorded.output


def test_a_writer_holding_a_stream_makes_others_fail_in_bounded_time_with_one_line(
    seeded: Store, writer: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("THIDUA_LOCK_TIMEOUT", "1")
    writer.execute("BEGIN")
    writer.execute(f"INSERT INTO {HEADS_TABLE} VALUES (%s)", (SEED,))
    writer.execute(f"SELECT 1 FROM {HEADS_TABLE} FOR UPDATE")
    started = time.monotonic()
    with build_app(seeded.writer) as app:
        assert app.stream_lock is not None
        with pytest.raises(OperationalError) as raised, app.stream_lock(SEED):
            pass
    waited = time.monotonic() - started
    said = refusal(raised.value)
    writer.execute("ROLLBACK")
    assert isinstance(said, StoreWaited)
    assert said.message.startswith("waited 1 s for a stream's turn")
    assert waited < 30  # bounded: without a timeout it would wait for ever


def test_a_writer_locking_a_table_makes_commands_fail_in_bounded_time_with_one_line(
    seeded: Store, writer: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("THIDUA_LOCK_TIMEOUT", "1")
    monkeypatch.setenv("THIDUA_STATEMENT_TIMEOUT", "2")
    writer.execute("BEGIN")
    writer.execute("LOCK TABLE standings IN ACCESS EXCLUSIVE MODE")
    for lang, said in (
        ("en", "Error: timeout: waited 2 s for the read models"),
        ("vi", "Lỗi: timeout (hết thời gian chờ): đã chờ 2 giây để có các mô hình đọc"),
    ):
        refused = CliRunner().invoke(
            main, ["--db", seeded.writer, "--lang", lang, "standings", "TMTH/2020"]
        )
        assert refused.exit_code == 1, refused.output
        assert len(refused.output.strip().splitlines()) == 1, refused.output
        (line,) = refused.output.strip().splitlines()
        assert line.startswith(said), line
    writer.execute("ROLLBACK")


def test_an_untouched_store_verifies_clean_and_names_who_appended(
    seeded: Store,
) -> None:
    verified = thidua(seeded.reader, "audit", "verify", "--all", "--format", "json")
    assert verified.exit_code == 0, verified.output
    report = json.loads(verified.output)
    assert report["discrepancies"] == []
    logins = {login for row in report["appenders"] for login in row["logins"]}
    assert logins == {login_of(seeded.writer)}
    assert all(row["without_login"] == 0 for row in report["appenders"])
    shown = thidua(seeded.reader, "audit", "verify", "--all")
    assert "Who appended" in shown.output
    assert login_of(seeded.writer) in shown.output


def test_db_init_upgrades_a_store_whose_writer_could_insert(seeded: Store) -> None:
    import psycopg

    admin, schema, group = seeded.admin, seeded.schema, seeded.groups[0]
    # As an earlier thidua left it: no snapshot function, the writer inserting.
    admin.execute(f'DROP FUNCTION "{schema}".thidua_insert_snapshots')
    admin.execute(f'DROP TABLE "{schema}".{HEADS_TABLE}')
    admin.execute(f'GRANT INSERT, TRUNCATE ON "{schema}".thidua_events TO {group}')
    assert thidua(seeded.owner, "db", "init").exit_code == 0
    writer = seeded.connect(seeded.writer)
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        writer.execute("INSERT INTO thidua_events SELECT * FROM thidua_events LIMIT 1")
    writer.close()
    recorded = new_bloc(seeded.writer)
    assert recorded.exit_code == 0, recorded.output


def test_rows_appended_before_logins_were_recorded_stay_valid(seeded: Store) -> None:
    import psycopg

    # The owner appends one, as thidua did before: chained, without a login.
    owner = psycopg.connect(seeded.owner.split("?", maxsplit=1)[0], autocommit=True)
    owner.execute(f'SET search_path TO "{seeded.schema}"')
    version, document = forged(owner, login=None)
    owner.execute(
        "INSERT INTO thidua_events (originator_id, originator_version, topic, state)"
        " SELECT originator_id, %s, topic, %s FROM thidua_events"
        " WHERE originator_id = %s AND originator_version = %s - 1",
        (version, json.dumps(document).encode(), SEED, version),
    )
    owner.close()
    verified = thidua(seeded.reader, "audit", "verify", "--all", "--format", "json")
    report = json.loads(verified.stdout)  # a forged repeat: verify re-judges it
    assert all(stream["status"] == "intact" for stream in report["streams"])
    assert sum(row["without_login"] for row in report["appenders"]) == 1
