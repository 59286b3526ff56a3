"""Replaying a cycle as of a moment gives exactly what stood at that moment."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.domain import commands as c
from thidua.domain.auditor.audit import Auditor
from thidua.domain.service.application import Thidua
from thidua.domain.service.status import cycle_status
from thidua.store import build_app

from support import Desk


def _story(app: Thidua) -> list[tuple[datetime, dict[str, object]]]:
    """The seed year told command by command, with the status seen after each."""
    desk = Desk(app)
    desk.bloc()
    seen: list[tuple[datetime, dict[str, object]]] = []

    def look() -> None:
        seen.append((desk.now, cycle_status(app.cycle("TMTH", 2020))))

    cycle = desk.open(2020)
    look()
    desk.sign_all(cycle)
    look()
    desk.score_all(cycle)
    look()
    desk(c.CloseScoring, **cycle)
    look()
    desk.elect(cycle, "VPUBND")
    look()
    return seen


@settings(max_examples=15, deadline=None)
@given(st.integers(min_value=0, max_value=4), st.integers(min_value=0, max_value=50))
def test_replay_as_of_a_moment_equals_what_stood_then(
    moment: int, seconds: int
) -> None:
    with build_app("memory:") as app:
        seen = _story(app)
        when, status = seen[moment]

        version = Auditor(app).version_at(
            "TMTH", 2020, when + timedelta(seconds=seconds)
        )

        assert cycle_status(app.cycle("TMTH", 2020, version=version)) == status
