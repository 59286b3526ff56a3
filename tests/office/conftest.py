"""The demo's store for the spreadsheet tests: its 2021 cycle is open for scoring."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from stores import demo_store


@pytest.fixture(params=["sqlite", "postgres"])
def demo(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with demo_store(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def sqlite_demo(tmp_path: Path) -> Iterator[str]:
    """For the tests of files that never reach the store: one backend is enough."""
    with demo_store("sqlite", tmp_path) as url:
        yield url
