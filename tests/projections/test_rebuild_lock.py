"""A rebuild folds the log without the write lock: commands are recorded meanwhile."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from thidua.projections.read_models import ReadModels
from thidua.projections.statuses import Statuses
from thidua.store import build_app

from support import dump, record_seed


def test_a_rebuild_holds_no_write_lock_while_it_folds_the_log(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with build_app(sqlite_url) as app:
        record_seed(app)
        views = ReadModels(app)
        views.catch_up()
        before = dump(views)
        fold = Statuses.fold
        writers: list[bool] = []

        def fold_and_try_to_write(self: Statuses, state: Any, change: Any) -> None:
            # Another process taking the lock at once, as a command's append does.
            other = sqlite3.connect(sqlite_url, timeout=0, isolation_level=None)
            try:
                other.execute("BEGIN IMMEDIATE")
                other.execute("ROLLBACK")
                writers.append(True)
            except sqlite3.OperationalError:
                writers.append(False)
            finally:
                other.close()
            fold(self, state, change)

        monkeypatch.setattr(Statuses, "fold", fold_and_try_to_write)
        reports = views.rebuild()

        assert writers
        assert all(writers)
        assert all(report.unchanged for report in reports)
        assert dump(views) == before
        views.close()
