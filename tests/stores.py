"""Stores for tests: a fresh PostgreSQL schema per use, skipped or failed without
a server as THIDUA_REQUIRE_POSTGRES says."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest


def _postgres_server() -> str:
    return os.environ.get(
        "THIDUA_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test"
    )


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A fresh schema on the test server, dropped afterwards: its store URL."""
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
    # No connection stays open meanwhile: a test may drop every one the server has.
    try:
        yield f"{server}?schema={schema}"
    finally:
        with psycopg.connect(server.split("?")[0], autocommit=True) as connection:
            connection.execute(f'DROP SCHEMA "{schema}" CASCADE')


@contextmanager
def fresh_store(kind: str) -> Iterator[str]:
    """A new, empty store of the kind ("memory", "sqlite" or "postgres"), removed
    afterwards: for property tests, which need one per example."""
    if kind == "memory":
        yield "memory:"
        return
    if kind == "postgres":
        with postgres_schema() as url:
            yield url
        return
    with tempfile.TemporaryDirectory() as folder:
        yield str(Path(folder) / "thidua.db")


@contextmanager
def demo_store(kind: str, folder: Path, *options: str) -> Iterator[str]:
    """A store of the kind ("sqlite" or "postgres") with the demo recorded in it
    (with the demo's options: `--self-declared` records it without an authority)."""
    from click.testing import CliRunner

    from thidua.cli import main

    with ExitStack() as stack:
        if kind == "postgres":
            url = stack.enter_context(postgres_schema())
        else:
            url = str(folder / "demo.db")
        result = CliRunner().invoke(main, ["--db", url, "-q", "demo", *options])
        assert result.exit_code == 0, result.output
        yield url
