"""A cycle loaded from a snapshot is the cycle its events make."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from hypothesis import HealthCheck, given, settings

from thidua.domain.cycle import Cycle
from thidua.domain.ids import cycle_id
from thidua.domain.service.application import Thidua
from thidua.store import storage_env

from support import OPERATIONS, play


class Snapshotting(Thidua):
    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {Cycle: 3}


class EventsOnly(Thidua):
    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {}
    snapshot_class = None


@settings(max_examples=20, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.function_scoped_fixture])  # fmt: skip
@given(OPERATIONS)
def test_a_snapshot_restores_exactly_what_the_events_make(
    tmp_path: Path, operations: list[tuple[Any, ...]]
) -> None:
    path = tmp_path / f"{abs(hash(repr(operations)))}.db"
    env = storage_env(str(path))
    with Snapshotting(env=env) as app:
        play(app, operations, always_sign=True)
        latest = app.cycle("TMTH", 2020).version
        snapshots = (
            list(app.snapshots.get(cycle_id("TMTH", 2020))) if app.snapshots else []
        )
        assert len(snapshots) == latest // 3
        with EventsOnly(env=env) as plain:
            for version in range(1, latest + 1):
                restored = vars(app.cycle("TMTH", 2020, version=version))
                replayed = vars(plain.cycle("TMTH", 2020, version=version))
                assert restored == replayed
