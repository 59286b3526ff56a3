"""The composition root: turn a store URL into a configured application.

`memory:` keeps events in process (tests), a path or `sqlite:///path` uses an SQLite
file, and `postgresql://user@host:port/db?schema=name` uses PostgreSQL.
"""

from __future__ import annotations

import time
from urllib.parse import parse_qs, unquote, urlsplit

from eventsourcing.persistence import PersistenceError

from .application import Thidua
from .errors import ThiduaError

DEFAULT_DB = "thidua.db"


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
        raise StoreUnavailable(f"unsupported store URL {db!r}", value=db)
    return {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": path}


def _postgres_env(db: str) -> dict[str, str]:
    url = urlsplit(db)
    name = url.path.lstrip("/")
    if not name:
        raise StoreUnavailable(f"name the database in {db!r}", value=db)
    env = {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": unquote(name),
        "POSTGRES_HOST": url.hostname or "127.0.0.1",
        "POSTGRES_PORT": str(url.port or 5432),
        "POSTGRES_USER": unquote(url.username or "postgres"),
        "POSTGRES_PASSWORD": unquote(url.password or ""),
        "POSTGRES_CONNECT_TIMEOUT": "5",
    }
    if schema := parse_qs(url.query).get("schema"):
        env["POSTGRES_SCHEMA"] = schema[0]
    return env


def build_app(db: str | None = None) -> Thidua:
    """The one place that knows which infrastructure a store URL means."""
    url = db or DEFAULT_DB
    env = storage_env(url)
    attempt = 1
    while True:
        try:
            return Thidua(env=env)
        except PersistenceError as error:
            # Processes that start together may create the tables at the same moment
            # and collide in PostgreSQL's catalogue; a second try finds them made.
            if "concurrently" not in str(error) or attempt == 5:
                raise StoreUnavailable(
                    f"cannot open the store {url!r}: {error}"
                ) from None
        time.sleep(0.05 * attempt)
        attempt += 1
