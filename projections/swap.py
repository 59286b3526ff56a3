"""The end of a rebuild: compare the fresh tables with the live ones, swap them in."""

from __future__ import annotations

from dataclasses import dataclass, field

from .base import Projection, Table
from .db import Tx, ViewDatabase
from .indexes import take_indexes


@dataclass
class TableDifference:
    table: str
    only_live: int
    only_rebuilt: int


@dataclass
class RebuildReport:
    projection: str
    events: int
    position: int
    differences: list[TableDifference] = field(default_factory=list)

    @property
    def unchanged(self) -> bool:
        return not any(d.only_live or d.only_rebuilt for d in self.differences)


def compare(
    db: ViewDatabase, tx: Tx, live: Projection, fresh: Projection, table: Table
) -> TableDifference:
    """Rows only in one of the two views, matched by key.

    A changed row counts on both sides, as with EXCEPT; matching by key uses the
    tables' indexes instead of sorting both.
    """
    a, b = live.table(table.name), fresh.table(table.name)
    same = "IS" if db.dialect == "sqlite" else "IS NOT DISTINCT FROM"
    on = " AND ".join(f"l.{k} = f.{k}" for k in table.key)
    equal = " AND ".join(f"l.{c} {same} f.{c}" for c in table.names)

    def count(sql: str) -> int:
        return int(tx.execute(sql)[0][0])

    def missing(first: str, second: str) -> int:
        return count(
            f"SELECT COUNT(*) FROM {first} AS l WHERE NOT EXISTS"
            f" (SELECT 1 FROM {second} AS f WHERE {on})"
        )

    changed = count(
        f"SELECT COUNT(*) FROM {a} AS l JOIN {b} AS f ON {on} WHERE NOT ({equal})"
    )
    only_live, only_fresh = missing(a, b), missing(b, a)
    return TableDifference(table.name, changed + only_live, changed + only_fresh)


def swap(db: ViewDatabase, tx: Tx, live: Projection, fresh: Projection) -> None:
    for table in live.tables:
        tx.execute(f"DROP TABLE IF EXISTS {live.table(table.name)}")
        tx.execute(
            f"ALTER TABLE {fresh.table(table.name)} RENAME TO {table.name}{live.suffix}"
        )
        if db.dialect == "postgres":
            # The key's index keeps the shadow table's name; give it the live one
            # so that the next rebuild can create its shadow again.
            shadow_key = db.qualify(f"{table.name}{fresh.suffix}_pkey")
            tx.execute(
                f"ALTER INDEX {shadow_key} RENAME TO {table.name}{live.suffix}_pkey"
            )
    take_indexes(tx, live, fresh)
