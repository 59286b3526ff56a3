"""Fixtures: the application on each store, an operator's desk, store URLs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from stores import postgres_schema

from thidua.domain.service.application import Thidua
from thidua.store import build_app

from support import Desk


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
