"""The composition root: turn a store URL into a configured application.

`memory:` keeps events in process (tests), a path or `sqlite:///path` uses an SQLite
file, and `postgresql://user@host:port/db?schema=name` uses PostgreSQL.
"""

from __future__ import annotations

import os
import re
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, unquote, urlsplit

from thidua.domain.errors import ThiduaError

from .content import content_store
from .failures import Failure, classify, is_lock_wait
from .guards import StoreKind, guard, prepare, store_kind
from .locks import postgres_stream_lock
from .timeouts import library_env, waited

if TYPE_CHECKING:
    from thidua.domain.service.application import Thidua

__all__ = [
    "DEFAULT_DB",
    "StoreKind",
    "StoreUnavailable",
    "build_app",
    "hint",
    "refusal",
    "shown",
    "sqlite_file",
    "storage_env",
    "storage_errors",
    "store_kind",
    "store_url_kind",
]

DEFAULT_DB = "thidua.db"
POSTGRES_FACTORY = "thidua.store.factory:Factory"
# The library's SQLite tables, saved through a connection of our own (store/sqlite.py).
SQLITE_FACTORY = "thidua.store.sqlite:Factory"
# A process's connections: one for its work, one more only while it holds a
# stream's turn (store/locks.py); docs/postgres.md gives the server's budget.
POOL = {"POSTGRES_POOL_SIZE": "1", "POSTGRES_MAX_OVERFLOW": "1"}


class StoreUnavailable(ThiduaError):
    """Raised when the store named by --db / THIDUA_DB cannot be opened."""

    rule = "store"


def storage_env(db: str) -> dict[str, str]:
    """The `eventsourcing` settings for a store URL."""
    if db in ("memory:", ":memory:"):
        return {"PERSISTENCE_MODULE": "eventsourcing.popo"}
    if db.startswith(("postgresql://", "postgres://")):
        return _postgres_env(db)
    path = db.removeprefix("sqlite:///") if db.startswith("sqlite:///") else db
    if "://" in path:
        raise StoreUnavailable("unsupported store URL {db!r}", db=db, value=db)
    _must_be_writable(path)
    return {
        "PERSISTENCE_MODULE": SQLITE_FACTORY,
        "SQLITE_DBNAME": path,
        "SQLITE_LOCK_TIMEOUT": library_env()["SQLITE_LOCK_TIMEOUT"],
    }


def _must_be_writable(path: str) -> None:
    # SQLite opens a file it may not write read-only and then fails on the journal
    # with "database disk image is malformed", which frightens an auditor for
    # nothing. The read models live in the same file, so even a query writes.
    # The file is asked, not opened: closing any descriptor of a file drops every
    # POSIX lock this process holds on it, an open connection's included, and
    # another process may then checkpoint and remove the write-ahead log under it.
    if not os.path.exists(path) or os.access(path, os.W_OK):
        return  # a new store, or one this process may write
    try:
        with open(path, "r+b"):  # fails, and so holds nothing: its error says why
            pass
    except OSError as error:
        raise StoreUnavailable(
            "cannot open the store {path!r} for writing: {strerror}; "
            "thidua keeps its read models in the same file, so even a "
            "query writes to it: use a writable copy",
            path=path,
            strerror=error.strerror,
            value=path,
        ) from None


def store_url_kind(db: str) -> StoreKind:
    """Which store a URL names, without opening it."""
    env = storage_env(db)
    module = env["PERSISTENCE_MODULE"]
    if module == POSTGRES_FACTORY:
        return "postgres"
    return "sqlite" if module == SQLITE_FACTORY else "memory"


def sqlite_file(db: str | None) -> str | None:
    """The path of an SQLite store that exists already, else None."""
    from pathlib import Path

    env = storage_env(db or DEFAULT_DB)
    path = env.get("SQLITE_DBNAME")
    return path if path and Path(path).is_file() else None


def _postgres_env(db: str) -> dict[str, str]:
    url = urlsplit(db)
    name = url.path.lstrip("/")
    if not name:
        raise StoreUnavailable("name the database in {db!r}", db=db, value=db)
    env = {
        "PERSISTENCE_MODULE": POSTGRES_FACTORY,
        "POSTGRES_DBNAME": unquote(name),
        "POSTGRES_HOST": url.hostname or "127.0.0.1",
        "POSTGRES_PORT": str(url.port or 5432),
        "POSTGRES_USER": unquote(url.username or "postgres"),
        "POSTGRES_PASSWORD": unquote(url.password or ""),
        "POSTGRES_CONNECT_TIMEOUT": "5",
        # Tables are made once, by a role that may (see `prepare`): the writer and
        # reader roles may not create anything, and need not.
        "CREATE_TABLE": "no",
        "APPLICATION_RECORDER_TOPIC": "thidua.store.recorder:Recorder",
        "POSTGRES_ENABLE_DB_FUNCTIONS": "yes",
        **POOL,
        "POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT": library_env()[
            "POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT"
        ],
    }
    schemas = parse_qs(url.query, keep_blank_values=True).get("schema")
    if schemas is not None:
        env["POSTGRES_SCHEMA"] = _schema(db, schemas)
    return env


# A schema name the library may write into its SQL as it is: quoted in some
# statements and not in others, so only a plain identifier means one schema.
SCHEMA_NAME = re.compile(r"[^\W\d]\w*")


def _schema(db: str, given: list[str]) -> str:
    name = given[0]
    if len(given) > 1 or not SCHEMA_NAME.fullmatch(name) or len(name.encode()) > 63:
        raise StoreUnavailable(
            "the schema in {db!r} must be one name of letters, digits and"
            " underscores, not starting with a digit, at most 63 bytes: not {name!r}",
            db=shown(db),
            name=", ".join(given),
            value=name,
        )
    return name


def build_app(db: str | None = None) -> Thidua:
    """The one place that knows which infrastructure a store URL means."""
    # The engine loads here, not with this module: reading the views needs none of it.
    from eventsourcing.persistence import PersistenceError

    from thidua.domain.service.application import Thidua

    url = db or DEFAULT_DB
    env = storage_env(url)
    attempt = 1
    while True:
        opening: tuple[type[Exception], ...] = (PersistenceError, *storage_errors())
        try:
            app = Thidua(env=env)
        except opening as error:
            problem: Exception = error
        else:
            app.is_lock_wait = is_lock_wait
            app.content = content_store(app, env)
            try:
                prepare(app)
                guard(app)
                heads = getattr(app, "stream_lock_table", None)
                if heads is not None:
                    recorder: Any = app.recorder
                    app.stream_lock = postgres_stream_lock(recorder.datastore, heads)
            except storage_errors() as error:
                app.close()
                problem = error
            else:
                return app
        # Processes that start together may create the tables (or the triggers) at
        # the same moment and collide; a second try finds them made.
        if classify(problem) not in OPENING_RACES or attempt == 5:
            raise StoreUnavailable(
                "cannot open the store {store!r}: {problem}{hint}",
                store=shown(url),
                problem=problem,
                hint=hint(problem, opening=True),
            ) from None
        time.sleep(0.05 * attempt)
        attempt += 1


def shown(url: str) -> str:
    """The URL without its password, fit for a message."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return parts._replace(netloc=netloc).geturl()


# Processes that start together may race to create the same tables, or hold the
# lock while they do: a second try finds them made.
OPENING_RACES = (Failure.RACING_SET_UP, Failure.LOCKED)

HINTS = {
    Failure.PERMISSION: "this role may not set the store up: its owner runs"
    " `thidua db init` first, see docs/postgres.md",
    Failure.DISK_FULL: "the disk may be full: nothing of this command was recorded;"
    " free some space and run it again",
    Failure.READ_ONLY: "the store is read-only here: nothing was recorded; use a"
    " writable copy",
    Failure.CONNECTION_LOST: "the server went away before it confirmed anything;"
    " {again}",
}


def hint(
    problem: Exception, command_id: str | None = None, *, opening: bool = False
) -> str:
    """What an operator can do about a storage failure, in brackets, or nothing."""
    found = classify(problem)
    if opening and found is Failure.CONNECTION_LOST:
        return " (is the server running, and may this machine reach it?)"
    again = (
        f"send it again with --command-id {command_id}: it is applied once,"
        " whether or not it got through"
        if command_id
        else "run it again"
    )
    advice = HINTS.get(found)
    return f" ({advice.format(again=again)})" if advice else ""


def refusal(problem: Exception, command_id: str | None = None) -> ThiduaError:
    """A storage failure as one line: the driver's first line and the hint; a wait
    that ran out, as what waited."""
    if (ran_out := waited(problem)) is not None:
        return ran_out
    # A driver's message may run over several lines; the first says it.
    first = (str(problem).strip().splitlines() or [type(problem).__name__])[0]
    return StoreUnavailable(
        "{first}{hint}", first=first, hint=hint(problem, command_id)
    )


def storage_errors() -> tuple[type[Exception], ...]:
    """What the drivers and the library raise when the storage itself fails."""
    # Looked up only when something failed: a query may never load the engine.
    import sqlite3

    import psycopg
    from eventsourcing.persistence import PersistenceError

    return (PersistenceError, sqlite3.Error, psycopg.Error)
