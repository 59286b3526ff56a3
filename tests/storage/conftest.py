"""Fixtures of the storage tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from roles import Store, roles_store


@pytest.fixture
def store(postgres_url: str) -> Iterator[Store]:
    """A PostgreSQL store set up by its owner, with a writer and a reader login."""
    yield from roles_store(postgres_url)
