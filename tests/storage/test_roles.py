"""PostgreSQL roles from `thidua db grant`: the writer appends and keeps the read
models, never changes an event; the reader reads and never writes.

People log in as members of the two group roles, as docs/postgres.md says.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from roles import Store

from thidua.cli import main
from thidua.domain.auditor.audit import Auditor
from thidua.projections.db import ReadModelStoreError
from thidua.projections.read_models import ReadModels
from thidua.store import StoreUnavailable, build_app

from support import Desk, event_count, record_seed


def thidua(db: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", db, *args], catch_exceptions=False)


def test_the_writer_records_commands_and_keeps_the_read_models(store: Store) -> None:
    with build_app(store.writer) as app:
        record_seed(app)
        read_models = ReadModels(app)
        assert read_models.writable
        assert read_models.catch_up() > 0
        assert read_models.standings("TMTH", 2020)[0]["unit"] == "VPUBND"
        read_models.close()
        assert all(report.intact for report in Auditor(app).verify())


def test_the_writer_cannot_update_delete_or_truncate_events(store: Store) -> None:
    import psycopg

    with build_app(store.writer) as app:
        record_seed(app)
    writer = store.connect(store.writer)
    for statement in (
        "UPDATE thidua_events SET topic = topic",
        "DELETE FROM thidua_events",
        "TRUNCATE thidua_events",
    ):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            writer.execute(statement)
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="owner"):
        writer.execute("DROP TRIGGER thidua_append_only ON thidua_events")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        writer.execute("UPDATE thidua_snapshots SET topic = topic")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        writer.execute("CREATE TABLE shadow (id INT)")
    writer.close()


def test_the_reader_can_neither_record_nor_write_any_table(store: Store) -> None:
    import psycopg

    with build_app(store.writer) as app:
        record_seed(app)
        count = event_count(app)
    refused = thidua(
        store.reader,
        *("bloc", "create", "KT", "--as", "Lan"),
        *("--name", "Khối Kinh tế", "--province", "Lào Cai"),
    )
    assert refused.exit_code == 1
    assert "permission denied" in refused.output
    assert "Traceback" not in refused.output
    reader = store.connect(store.reader)
    for statement in (
        "INSERT INTO thidua_events SELECT * FROM thidua_events LIMIT 1",
        "DELETE FROM thidua_snapshots",
        "UPDATE standings SET total = 0",
        "DELETE FROM projection_tracking",
    ):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            reader.execute(statement)
    reader.close()
    with build_app(store.owner) as app:
        assert event_count(app) == count


def test_the_reader_queries_and_audits(store: Store) -> None:
    with build_app(store.writer) as app:
        record_seed(app)
        ReadModels(app).catch_up()
    standings = thidua(store.reader, "standings", "TMTH/2020", "--format", "json")
    assert standings.exit_code == 0, standings.output
    assert "Note:" not in standings.stderr
    assert '"VPUBND"' in standings.stdout
    verified = thidua(store.reader, "audit", "verify", "--all")
    assert verified.exit_code == 0, verified.output


def test_a_reader_is_told_how_far_behind_the_read_models_are(store: Store) -> None:
    with build_app(store.writer) as app:
        desk = Desk(app)
        desk.bloc("TMTH")
        read_models = ReadModels(app)
        read_models.catch_up()
        read_models.close()
        desk.bloc("KT")  # a bloc and its eight units
    behind = 9
    answer = thidua(store.reader, "awards", "--format", "json")
    assert answer.exit_code == 0, answer.output
    assert f"read models are {behind} event(s) behind the log" in answer.stderr
    with build_app(store.reader) as app:
        read_models = ReadModels(app)
        assert not read_models.writable
        with pytest.raises(ReadModelStoreError, match="writer role"):
            read_models.catch_up()
        read_models.close()
    follow = thidua(store.reader, "projections", "follow", "--idle", "0.1")
    assert follow.exit_code == 1
    assert "runs as the writer role" in follow.output


def test_a_rebuild_by_the_owner_keeps_both_roles_rights(store: Store) -> None:
    with build_app(store.writer) as app:
        record_seed(app)
        ReadModels(app).catch_up()
    assert thidua(store.owner, "projections", "rebuild").exit_code == 0
    with build_app(store.writer) as app:
        Desk(app).bloc("KT")
        read_models = ReadModels(app)
        assert read_models.catch_up() == 9
        read_models.close()
    answer = thidua(store.reader, "standings", "TMTH/2020", "--format", "json")
    assert answer.exit_code == 0, answer.output
    assert "Note:" not in answer.stderr


def test_a_role_that_may_not_create_tables_is_told_to_run_db_init(
    store: Store,
) -> None:
    empty = f"{store.schema}_empty"
    store.admin.execute(f'CREATE SCHEMA "{empty}"')
    try:
        store.admin.execute(f'GRANT USAGE ON SCHEMA "{empty}" TO {store.groups[0]}')
        url = store.writer.replace(store.schema, empty)
        with pytest.raises(StoreUnavailable, match="thidua db init"):
            build_app(url)
    finally:
        store.admin.execute(f'DROP SCHEMA "{empty}" CASCADE')


def test_db_init_sets_up_an_sqlite_store_and_can_run_again(tmp_path: Path) -> None:
    db = str(tmp_path / "thidua.db")
    first = thidua(db, "db", "init")
    assert first.exit_code == 0
    assert "10 read models" in first.output
    again = thidua(db, "db", "init")
    assert again.exit_code == 0
    assert "0 event(s) applied now" in again.output


def test_roles_are_refused_on_sqlite(tmp_path: Path) -> None:
    refused = thidua(str(tmp_path / "thidua.db"), "db", "grant")
    assert refused.exit_code == 1
    assert "roles: roles exist only in PostgreSQL" in refused.output


def test_a_role_name_is_plain(postgres_url: str) -> None:
    refused = thidua(postgres_url, "db", "grant", "--writer", 'x"; DROP TABLE y')
    assert refused.exit_code == 1
    assert "a role name is lower-case letters" in refused.output
