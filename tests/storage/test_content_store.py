"""The content store: a dossier's documents kept by their SHA-256 where the store
keeps its log, so a reopened store, or another process, reads back what was sent."""

from __future__ import annotations

import hashlib

import psycopg
import pytest
from roles import Store

from thidua.store import build_app

TEXT = "Tờ trình đề nghị tặng Cờ thi đua của UBND tỉnh".encode()


def test_a_document_reads_back_from_a_reopened_store(store_url: str) -> None:
    with build_app(store_url) as app:
        sha = app.content.put(TEXT)

    with build_app(store_url) as reopened:
        assert reopened.content.get(sha) == TEXT

    assert sha == hashlib.sha256(TEXT).hexdigest()


def test_a_document_is_not_kept_only_in_the_process_that_sent_it(
    store_url: str,
) -> None:
    with build_app(store_url) as app:
        kept = type(app.content).__name__

    assert kept != "Memory"


def test_the_writer_role_keeps_a_document_the_reader_role_reads(store: Store) -> None:
    with build_app(store.writer) as app:
        sha = app.content.put(TEXT)

    with build_app(store.reader) as reader:
        assert reader.content.get(sha) == TEXT


def test_the_writer_role_can_neither_change_nor_remove_a_sent_document(
    store: Store,
) -> None:
    with build_app(store.writer) as app:
        app.content.put(TEXT)
    writer = store.connect(store.writer)
    for statement in (
        "UPDATE thidua_content SET data = 'x'::bytea",
        "DELETE FROM thidua_content",
        "TRUNCATE thidua_content",
    ):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            writer.execute(statement)
    writer.close()


def test_a_content_table_made_after_the_roles_were_granted_is_append_only_too(
    store: Store,
) -> None:
    # As a store granted its roles before it kept documents: the owner's next open
    # makes the table, which the schema's default privileges would open to writes.
    owner = store.connect(store.owner)
    owner.execute("DROP TABLE thidua_content")
    owner.close()
    with build_app(store.owner) as app:
        app.content.put(TEXT)

    writer = store.connect(store.writer)
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        writer.execute("UPDATE thidua_content SET data = 'x'::bytea")
    writer.close()
