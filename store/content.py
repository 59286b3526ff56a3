"""The content store: each document of a dossier kept by its SHA-256, beside the
log. The log's events hold the hashes, so its chain covers what was sent; the bytes
live here: files under `<store>.files/` for SQLite, a table for PostgreSQL.

Content is written once and never changed: a hash names one text for good.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from thidua.domain.service.content import ContentStore

from .names import CONTENT_TABLE


def create_table(cursor: Any, schema: str) -> None:
    """The documents' table, made by the store's owner when it opens the store
    (store/guards.py): a writer may insert and read, never change (store/roles.py)."""
    cursor.execute(
        f'CREATE TABLE IF NOT EXISTS "{schema}".{CONTENT_TABLE}'
        " (sha256 text PRIMARY KEY, data bytea NOT NULL)"
    )
    # A writer granted before the table existed gets it by the schema's default
    # privileges (store/roles.py), which let it change rows: take those back.
    cursor.execute(
        "SELECT DISTINCT grantee FROM information_schema.role_table_grants"
        " WHERE table_schema = %s AND table_name = %s"
        " AND privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE')"
        " AND grantee <> current_user",
        (schema, CONTENT_TABLE),
    )
    for row in cursor.fetchall():
        cursor.execute(
            f'REVOKE UPDATE, DELETE, TRUNCATE ON "{schema}".{CONTENT_TABLE}'
            f' FROM "{row["grantee"]}"'
        )


class Files:
    """Documents as files named by their hash, in a folder beside the SQLite file."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, sha256: str) -> Path:
        return self.folder / sha256[:2] / sha256

    def put(self, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        path = self._path(sha)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(".part")
            partial.write_bytes(data)
            os.replace(partial, path)  # never half a document under its name
        return sha

    def get(self, sha256: str) -> bytes | None:
        path = self._path(sha256)
        if not path.is_file():
            return None
        data = path.read_bytes()
        # A file changed on disk is no longer the document its hash names.
        return data if hashlib.sha256(data).hexdigest() == sha256 else None


class Table:
    """Documents in a table of the PostgreSQL store's schema."""

    def __init__(self, datastore: Any) -> None:
        self.datastore = datastore
        self.name = f'"{datastore.schema}".{CONTENT_TABLE}'

    def put(self, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(
                f"INSERT INTO {self.name} (sha256, data) VALUES (%s, %s)"
                " ON CONFLICT (sha256) DO NOTHING",
                (sha, data),
            )
        return sha

    def get(self, sha256: str) -> bytes | None:
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(f"SELECT data FROM {self.name} WHERE sha256 = %s", (sha256,))
            row = cursor.fetchone()
        if row is None:
            return None
        data = bytes(row["data"])
        return data if hashlib.sha256(data).hexdigest() == sha256 else None


def content_store(app: Any, env: dict[str, str]) -> ContentStore:
    """The content store of the application's store."""
    # Asked of the recorder, not of the settings' module name: our own factories
    # (thidua.store.sqlite:Factory, thidua.store.factory:Factory) name no store.
    from .guards import store_kind

    kind = store_kind(app)
    if kind == "sqlite":
        return Files(Path(env["SQLITE_DBNAME"] + ".files"))
    if kind == "postgres":
        return Table(app.recorder.datastore)
    from thidua.domain.service.content import Memory

    return Memory()
