"""The indexes a read model's queries need: made with its tables, kept by a rebuild."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .base import Projection, Table
    from .db import Tx


def index_name(projection: Projection, table: Table, columns: tuple[str, ...]) -> str:
    return f"{table.name}{projection.suffix}_by_{'_'.join(columns)}"


def create_indexes(tx: Tx, projection: Projection, table: Table) -> None:
    for columns in table.indexes:
        tx.execute(
            f"CREATE INDEX IF NOT EXISTS {index_name(projection, table, columns)}"
            f" ON {projection.table(table.name)} ({', '.join(columns)})"
        )


def take_indexes(tx: Tx, live: Projection, fresh: Projection) -> None:
    """After a rebuild's tables are renamed to the live ones: their indexes keep the
    shadow's names, which the next rebuild needs again, so they are made anew."""
    for table in live.tables:
        for columns in table.indexes:
            shadow = live.db.qualify(index_name(fresh, table, columns))
            tx.execute(f"DROP INDEX IF EXISTS {shadow}")
        create_indexes(tx, live, table)
