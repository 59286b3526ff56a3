"""Every query finds its rows by an index, whatever filter it is given: the database's
own plan says so (EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from thidua.projections.read_models import ReadModels

Ask = Callable[[ReadModels], Any]
QUERIES: dict[str, Ask] = {
    "cycle status": lambda views: views.cycle_page("TMTH", 2020),
    "bloc show": lambda views: views.bloc_page("TMTH"),
    "bloc show --year": lambda views: views.bloc_page("TMTH", 2021),
    "bloc kind": lambda views: views.bloc_kind("TMTH"),
    "cycles of a bloc": lambda views: views.cycles("TMTH"),
    "standings": lambda views: views.standings("TMTH", 2020),
    "votes": lambda views: views.votes("TMTH", 2020),
    "participation": lambda views: views.participation("TMTH", 2021),
    "audit log": lambda views: views.audit_log("TMTH", 2020),
    "awards --bloc": lambda views: views.awards(bloc="TMTH"),
    "awards --bloc --from --to": lambda views: views.awards(
        bloc="TMTH", year_from=2019, year_to=2020
    ),
    "awards --unit": lambda views: views.awards(unit="VPUBND"),
    "awards --unit --from --to --status": lambda views: views.awards(
        unit="VPUBND", year_from=2018, year_to=2022, status="granted"
    ),
    "awards --award": lambda views: views.awards(award="commendation"),
    "awards --status": lambda views: views.awards(status="proposed"),
    "awards --from": lambda views: views.awards(year_from=2021),
    "awards --to": lambda views: views.awards(year_to=2020),
}


def full_scans(views: ReadModels, sql: str, params: tuple[Any, ...]) -> list[str]:
    """The steps of the statement's plan that read a whole table or index."""
    with views.db.transaction(write=False) as tx:
        if views.db.dialect == "postgres":
            # A table of a few rows is read whole whatever its indexes: forbid it
            # so the plan shows whether an index could serve.
            tx.execute("SET LOCAL enable_seqscan = off")
            return [s for s in views.db.plan(tx, sql, params) if "Seq Scan" in s]
        steps = views.db.plan(tx, sql, params)
    return [s for s in steps if s.startswith("SCAN ")]


@pytest.mark.parametrize("query", list(QUERIES))
def test_a_query_reads_its_rows_through_an_index(views: ReadModels, query: str) -> None:
    views.asked.clear()

    QUERIES[query](views)

    filtered = [(sql, params) for sql, params in views.asked if " WHERE " in sql]
    assert filtered, "the query asked nothing with a filter"
    for sql, params in filtered:
        assert full_scans(views, sql, params) == [], sql


def test_a_rebuilt_read_model_keeps_its_indexes_rebuild_after_rebuild(
    views: ReadModels,
) -> None:
    views.rebuild("awards", "cycles")
    views.rebuild("awards", "cycles")
    views.asked.clear()

    views.awards(bloc="TMTH", year_from=2019)
    views.cycles("TMTH")

    for sql, params in views.asked:
        assert full_scans(views, sql, params) == [], sql
