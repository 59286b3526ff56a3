"""A web application over a demo store (SQLite, then PostgreSQL), and a browser-like
client speaking HTTPS to it, so that secure cookies travel."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from thidua.web.app import create_app
from thidua.web.security import LoginBrake

from webstores import web_store


@pytest.fixture(
    scope="module",
    params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
)
def store(request: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("web")
    with web_store(request.param, folder) as url:
        yield url


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def client(store: str, clock: FakeClock) -> Iterator[TestClient]:
    app = create_app(store, brake=LoginBrake(clock=clock))
    with TestClient(app, base_url="https://testserver") as client:
        yield client
