"""What the read models' tests share: the demo's store, read by the views alone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from stores import demo_store

from thidua.projections.read_models import ReadModels


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def views(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ReadModels]:
    """The demo's read models on each store, opened from the store's URL as a
    query opens them (without the engine)."""
    folder: Path = tmp_path_factory.mktemp("views")
    with demo_store(request.param, folder) as url:
        opened = ReadModels(None, store=url)
        try:
            yield opened
        finally:
            opened.close()
