"""Scenario tests tell the rules through the application on the in-memory store;
on SQLite and PostgreSQL they run with the slow programs (`-m slow`, as CI does),
while the storage contract tests in tests/storage hold each store to the same
promises in the default run."""

from __future__ import annotations

import pytest


@pytest.fixture(
    params=[
        "memory",
        pytest.param("sqlite", marks=pytest.mark.slow),
        pytest.param("postgres", marks=pytest.mark.slow),
    ]
)
def store_url(request: pytest.FixtureRequest) -> str:
    """The in-memory store by default; each persistent store in the slow run."""
    if request.param == "memory":
        return "memory:"
    fixture = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(fixture))
