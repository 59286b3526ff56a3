"""A cycle's events decided without a database: the helpers the unit tests of its
rules share (tests/unit/test_cycle_rules.py, test_stage_events.py)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from itertools import count
from typing import Any

from thidua.domain import commands as c
from thidua.domain.base import Event
from thidua.domain.covenant import decide_sign_covenant
from thidua.domain.cycle import decide_open, evolve
from thidua.domain.cycle_state import CycleState
from thidua.domain.scoring import decide_submit_scores

from support import OPERATOR, rulebook_text

UNITS = {"A": "Sở A", "B": "Sở B", "C": "Sở C", "D": "Sở D"}
REF = {"bloc": "TMTH", "year": 2021}
STARTED = datetime(2021, 1, 25, 8, 0, tzinfo=UTC)
_ticks = count()


def command(kind: type[Any], **fields: Any) -> Any:
    """A command of the operator, a minute after the one before."""
    n = next(_ticks)
    meta = {"actor": OPERATOR, "command_id": f"c{n}"}
    return kind(**meta, issued_at=STARTED + timedelta(minutes=n), **fields)


def state_after(events: Iterable[Event]) -> CycleState:
    state = None
    for event in events:
        state = evolve(state, event)
    assert state is not None
    return state


def opened(rules: str | None = None) -> list[Event]:
    text = rules or rulebook_text()
    return decide_open(command(c.OpenCycle, **REF, rulebook_text=text), "Khối", UNITS)


def then(events: list[Event], *decided: Any) -> list[Event]:
    """The events, and what each decision (decide, command fields) adds to them."""
    for decide, kind, fields in decided:
        events = [
            *events,
            *decide(state_after(events), command(kind, **REF, **fields)),
        ]
    return events


def signing(unit: str) -> tuple[Any, type[Any], dict[str, Any]]:
    fields = {
        "unit": unit,
        "signatory": "Nguyễn Văn An",
        "signed_on": date(2021, 1, 25),
    }
    return decide_sign_covenant, c.SignCovenant, fields


def scored(unit: str, points: dict[str, str]) -> tuple[Any, type[Any], dict[str, Any]]:
    given = {code: Decimal(value) for code, value in points.items()}
    return decide_submit_scores, c.SubmitScores, {"unit": unit, "points": given}


FULL = {
    "A1": "30",
    "A2": "20",
    "B1": "10",
    "B2": "10",
    "C1": "10",
    "C2": "10",
    "D1": "10",
}


def signed_by_all() -> list[Event]:
    return then(opened(), *(signing(unit) for unit in UNITS))
