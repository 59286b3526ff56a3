"""docs/read-models.md documents every read-model table and column SQL users see."""

from __future__ import annotations

from pathlib import Path

import pytest

from thidua.projections.base import Table
from thidua.projections.read_models import PROJECTIONS

DOC = (Path(__file__).parents[2] / "docs" / "read-models.md").read_text("utf-8")
TABLES = [(cls.name, table) for cls in PROJECTIONS for table in cls.tables]


def section(heading: str) -> str:
    start = DOC.index(heading)
    end = DOC.find("\n###", start + 1)
    return DOC[start : end if end != -1 else None]


@pytest.mark.parametrize(
    ("projection", "table"), TABLES, ids=[table.name for _, table in TABLES]
)
def test_every_public_table_and_column_is_documented(
    projection: str, table: Table
) -> None:
    documented = section(f"#### Table `{table.name}`")

    for column in table.columns:
        assert f"| `{column.name}` | {column.type} | {column.doc} |" in documented
    assert f"### `{projection}`" in DOC


@pytest.mark.parametrize(
    ("projection", "table"), TABLES, ids=[table.name for _, table in TABLES]
)
def test_every_index_a_query_uses_is_documented(projection: str, table: Table) -> None:
    documented = section(f"#### Table `{table.name}`")

    for columns in table.indexes:
        assert f"({', '.join(columns)})" in documented.split("Indexes:")[-1]
    assert ("Indexes:" in documented) == bool(table.indexes)
