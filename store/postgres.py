"""Reaching a PostgreSQL store without the engine: the library's pool for the read
models, psycopg's arguments for a query's own connection, and whether a schema
holds a store already."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from . import storage_env
from .timeouts import postgres_options


def open_postgres(db: str) -> tuple[Any, str]:
    """A connection pool to a PostgreSQL store and its events table, without the
    engine: enough to read and keep the read models."""
    import os

    from eventsourcing.utils import Environment

    from .factory import Factory

    # As the application would see it: the process's environment, then the URL's;
    # one connection, unless told otherwise, for the short life of a query.
    settings = {**os.environ, **storage_env(db), "POSTGRES_MAX_OVERFLOW": "0"}
    env = Environment("thidua", settings)
    return Factory(env).datastore, "thidua_events"


def postgres_connection(db: str) -> tuple[dict[str, Any], str]:
    """What psycopg connects with, and the schema: a query's own connection, which
    needs neither the engine nor the library's pool."""
    env = storage_env(db)
    arguments = {
        "dbname": env["POSTGRES_DBNAME"],
        "host": env["POSTGRES_HOST"],
        "port": env["POSTGRES_PORT"],
        "user": env["POSTGRES_USER"],
        "password": env["POSTGRES_PASSWORD"] or None,
        "connect_timeout": int(env["POSTGRES_CONNECT_TIMEOUT"]),
        "options": postgres_options(),
    }
    return arguments, env.get("POSTGRES_SCHEMA", "public")


def postgres_is_set_up(db: str) -> bool:
    """Whether the PostgreSQL schema a URL names holds a store already."""
    import psycopg

    arguments, schema = postgres_connection(db)
    try:
        with psycopg.connect(**arguments) as connection:
            row = connection.execute(
                "SELECT to_regclass(%s)", (f'"{schema}".thidua_events',)
            ).fetchone()
    except psycopg.Error:
        return False  # the engine's own opening says what is wrong
    return row is not None and row[0] is not None


def postgres_url(env: Mapping[str, str]) -> str:
    """The URL of the schema an application's settings name (the settings
    `storage_env` makes of a URL, read back): for another process to open it."""
    login = quote(env["POSTGRES_USER"], safe="")
    if password := env.get("POSTGRES_PASSWORD"):
        login += ":" + quote(password, safe="")
    host = env.get("POSTGRES_HOST") or "127.0.0.1"
    host = f"[{host}]" if ":" in host else host
    port = env.get("POSTGRES_PORT") or "5432"
    url = f"postgresql://{login}@{host}:{port}/{quote(env['POSTGRES_DBNAME'], safe='')}"
    schema = env.get("POSTGRES_SCHEMA")
    return f"{url}?schema={schema}" if schema else url
