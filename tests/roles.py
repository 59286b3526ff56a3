"""PostgreSQL stores set up by their owner, with a login member of the writer and of
the reader group roles (`thidua db grant`), dropped afterwards."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from click.testing import CliRunner, Result

from thidua.cli import main


def thidua(db: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", db, *args], catch_exceptions=False)


@dataclass
class Store:
    owner: str
    writer: str
    reader: str
    schema: str
    admin: Any
    groups: tuple[str, str]

    def connect(self, url: str) -> Any:
        import psycopg

        connection = psycopg.connect(url.split("?", maxsplit=1)[0], autocommit=True)
        connection.execute(f'SET search_path TO "{self.schema}"')
        return connection


def roles_store(postgres_url: str) -> Iterator[Store]:
    """A store set up by its owner, with a login member of each group role."""
    import psycopg

    server, _, query = postgres_url.partition("?")
    schema = parse_qs(query)["schema"][0]
    tag = uuid.uuid4().hex[:8]
    groups = (f"thidua_writer_{tag}", f"thidua_reader_{tag}")
    people = (f"mai_{tag}", f"lan_{tag}")
    admin = psycopg.connect(server, autocommit=True)
    try:
        assert thidua(postgres_url, "db", "init").exit_code == 0
        granted = thidua(
            postgres_url, "db", "grant", "--writer", groups[0], "--reader", groups[1]
        )
        assert granted.exit_code == 0, granted.output
        for person, group in zip(people, groups, strict=True):
            admin.execute(f"CREATE ROLE {person} LOGIN IN ROLE {group}")
        urls = [
            server.replace("postgres@", f"{person}@", 1) + f"?{query}"
            for person in people
        ]
        yield Store(postgres_url, urls[0], urls[1], schema, admin, groups)
    finally:
        for role in (*people, *groups):
            admin.execute(f"DROP OWNED BY {role}") if _exists(admin, role) else None
            admin.execute(f"DROP ROLE IF EXISTS {role}")
        admin.close()


def _exists(admin: Any, role: str) -> bool:
    found = admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,))
    return found.fetchone() is not None
