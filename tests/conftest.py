"""Fixtures: an in-memory application, an operator's desk, SQLite and PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from thidua.domain.application import Thidua
from thidua.store import build_app

from support import Desk


@pytest.fixture
def app() -> Iterator[Thidua]:
    application = build_app("memory:")
    yield application
    application.close()


@pytest.fixture
def desk(app: Thidua) -> Desk:
    return Desk(app)


@pytest.fixture
def sqlite_url(tmp_path: Any) -> str:
    return str(tmp_path / "thidua.db")


def _postgres_server() -> str:
    return os.environ.get(
        "THIDUA_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test"
    )


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh schema on the test server, dropped afterwards."""
    import psycopg

    server = _postgres_server()
    try:
        connection = psycopg.connect(
            server.split("?")[0], connect_timeout=3, autocommit=True
        )
    except psycopg.OperationalError as error:
        message = f"PostgreSQL not reachable at {server}: {error}".strip()
        if os.environ.get("THIDUA_REQUIRE_POSTGRES") == "1":
            pytest.fail(message)
        pytest.skip(message + " (set THIDUA_REQUIRE_POSTGRES=1 to make this a failure)")
    schema = f"thidua_test_{uuid.uuid4().hex[:12]}"
    with connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
        try:
            yield f"{server}?schema={schema}"
        finally:
            connection.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest) -> str:
    """Each store the engine supports."""
    fixture = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(fixture))
