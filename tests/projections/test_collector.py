"""A rebuild holds the cyclic garbage collector off while it folds; gives it back."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from thidua.domain.service.application import Thidua
from thidua.projections import runner
from thidua.projections.collector import collector_held
from thidua.projections.read_models import ReadModels

from support import dump, record_seed


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


@pytest.mark.usefixtures("collector_on")
def test_the_collector_is_off_inside_and_on_again_after() -> None:
    with collector_held():
        assert not gc.isenabled()
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


@pytest.mark.usefixtures("collector_on")
def test_the_collector_is_on_again_after_an_error_inside() -> None:
    with pytest.raises(KeyboardInterrupt), collector_held():
        raise KeyboardInterrupt
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_a_collector_that_was_off_stays_off() -> None:
    was = gc.isenabled()
    gc.disable()
    try:
        with collector_held():
            pass
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()


@pytest.mark.usefixtures("collector_on")
def test_a_rebuild_collecting_as_it_drops_state_gives_the_same_views(
    app: Thidua, monkeypatch: pytest.MonkeyPatch
) -> None:
    record_seed(app)
    read_models = ReadModels(app)
    before = dump(read_models)
    collected = []
    monkeypatch.setattr(runner, "HOLD", 1)
    monkeypatch.setattr(runner, "collect", lambda: collected.append(gc.isenabled()))
    reports = read_models.rebuild()
    assert all(report.unchanged for report in reports)
    assert dump(read_models) == before
    assert collected  # by hand, as state was dropped
    assert not any(collected)  # and held off between
    assert gc.isenabled()
