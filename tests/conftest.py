"""Fixtures: the application on each store, an operator's desk, store URLs."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from stores import postgres_schema

from thidua.domain.service.application import Thidua
from thidua.store import build_app

from support import Desk

# Tables are laid out for $COLUMNS when it is set, and pytest-xdist's workers set it to
# their parent terminal's width: the tests read tables as a pipe gets them.
os.environ.pop("COLUMNS", None)


@pytest.fixture
def app(store_url: str) -> Iterator[Thidua]:
    """The application on each store the engine supports, empty."""
    application = build_app(store_url)
    yield application
    application.close()


@pytest.fixture
def desk(app: Thidua) -> Desk:
    return Desk(app)


@pytest.fixture
def sqlite_url(tmp_path: Any) -> str:
    return str(tmp_path / "thidua.db")


@pytest.fixture
def postgres_url() -> Iterator[str]:
    with postgres_schema() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest) -> str:
    """Each store the engine supports."""
    fixture = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(fixture))


# The storage contract tests hold each store to the same promises in the default run.
# Elsewhere (the command line, documents, read models, bad input) a test's PostgreSQL
# variant runs with the slow programs (`-m slow`, as CI does), its SQLite one by
# default: they test the door, not the store behind it.
CONTRACTS = (
    "tests/storage/",
    "tests/projections/test_read_model_stores.py",
    "tests/projections/test_query_plans.py",
)
ROOT = Path(__file__).parents[1]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec is None or "postgres" not in re.split(r"[-\[\]]", callspec.id):
            continue
        if not item.path.relative_to(ROOT).as_posix().startswith(CONTRACTS):
            item.add_marker(pytest.mark.slow)
