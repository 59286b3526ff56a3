"""Read models in the store's own database: SQLite files and PostgreSQL schemas."""

from __future__ import annotations

import threading

from thidua.projections.read_models import ReadModels
from thidua.store import build_app

from support import dump, event_count, record_seed


def _plain(tables: dict[str, list[tuple[object, ...]]]) -> dict[str, list[str]]:
    """Rows as text, so SQLite's and PostgreSQL's number types compare."""
    return {
        name: sorted(repr(tuple(str(v) for v in row)) for row in rows)
        for name, rows in tables.items()
    }


def test_the_views_in_a_store_equal_the_views_of_the_same_story_in_memory(
    store_url: str,
) -> None:
    with build_app(store_url) as app, build_app("memory:") as memory:
        record_seed(app)
        record_seed(memory)
        stored, kept = ReadModels(app), ReadModels(memory)

        assert stored.standings("TMTH", 2020) == kept.standings("TMTH", 2020)
        assert stored.votes("TMTH", 2020) == kept.votes("TMTH", 2020)
        assert stored.awards() == kept.awards()
        assert len(stored.audit_log("TMTH", 2020)) == len(kept.audit_log("TMTH", 2020))
        stored.close()


def test_a_reopened_store_resumes_where_its_views_stopped(store_url: str) -> None:
    with build_app(store_url) as app:
        record_seed(app)
        first = ReadModels(app)
        assert first.catch_up() > 0
        first.close()

    with build_app(store_url) as app:
        again = ReadModels(app)
        assert again.catch_up() == 0
        assert {row["lag"] for row in again.status()} == {0}
        again.close()


def test_rebuilding_twice_swaps_fresh_tables_in_each_time(store_url: str) -> None:
    with build_app(store_url) as app:
        record_seed(app)
        read_models = ReadModels(app)
        before = _plain(dump(read_models))

        for _ in range(2):
            assert all(report.unchanged for report in read_models.rebuild())

        assert _plain(dump(read_models)) == before
        read_models.close()


def test_operators_catching_up_at_once_apply_each_event_once(store_url: str) -> None:
    with build_app(store_url) as app:
        record_seed(app)
        ReadModels(app).close()  # create the tables once, as the first query would
        errors: list[BaseException] = []

        def catch_up() -> None:
            try:
                with build_app(store_url) as own:
                    read_models = ReadModels(own)
                    read_models.runner.catch_up(
                        list(read_models.by_name.values()), page=5
                    )
                    read_models.close()
            except BaseException as error:  # reported below
                errors.append(error)

        threads = [threading.Thread(target=catch_up) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert errors == []
        read_models = ReadModels(app)
        log = dump(read_models)["audit_log"]
        assert len(log) == event_count(app)
        with build_app("memory:") as memory:
            record_seed(memory)
            fresh = ReadModels(memory)
            for year in (2020, 2021):
                assert read_models.standings("TMTH", year) == fresh.standings(
                    "TMTH", year
                )
                assert read_models.participation("TMTH", year) == fresh.participation(
                    "TMTH", year
                )
            assert read_models.awards() == fresh.awards()
        read_models.close()


def test_events_committed_after_the_head_was_read_wait_for_the_next_page(
    store_url: str,
) -> None:
    """PostgreSQL statements each see the latest commits: a page must stop at the
    head its transaction read, or the next catch-up would apply events twice."""
    with build_app(store_url) as app:
        record_seed(app)
        read_models = ReadModels(app)
        source = read_models.runner.source
        real_head = source.head
        source.head = lambda tx: real_head(tx) - 5  # type: ignore[method-assign]

        read_models.catch_up()
        assert {row["position"] for row in read_models.status()} == {
            event_count(app) - 5
        }

        source.head = real_head  # type: ignore[method-assign]
        read_models.catch_up()

        log = dump(read_models)["audit_log"]
        assert len(log) == event_count(app)
        read_models.close()
