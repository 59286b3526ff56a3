"""Eight processes score and vote in one 30-unit cycle at once: nothing lost, nothing
doubled, on SQLite and on PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from datetime import UTC, date, datetime
from typing import Any

import pytest

from thidua.domain import commands as c
from thidua.domain.auditor.audit import Auditor
from thidua.domain.ids import cycle_id
from thidua.store import build_app

from support import rulebook_text

pytestmark = pytest.mark.slow

UNITS = [f"U{n:02d}" for n in range(30)]
CRITERIA = {"A1": 25, "A2": 15, "B1": 8, "B2": 8, "C1": 8, "C2": 8, "D1": 8}
OPERATOR = """
import sys
from datetime import UTC, datetime
from thidua.domain import commands as c
from thidua.store import build_app

url, worker, phase = sys.argv[1], int(sys.argv[2]), sys.argv[3]
units = [f"U{n:02d}" for n in range(30)][worker::8]
cycle = {"bloc": "BIG", "year": 2020}
with build_app(url) as app:
    for unit in units:
        actor = {"name": f"Đại diện {unit}", "role": "unit", "unit": unit}
        meta = {"actor": actor, "command_id": f"{phase}-{unit}",
                "issued_at": datetime.now(UTC)}
        if phase == "scores":
            points = dict(A1=25, A2=15, B1=8, B2=8, C1=8, C2=8, D1=8)
            app.handle(c.SubmitScores(**cycle, unit=unit, points=points, **meta))
        else:
            app.handle(
                c.CastVote(**cycle, motion="leading-unit", voter=unit, **meta)
            )
"""


def meta(n: int) -> dict[str, Any]:
    actor = {"name": "Đỗ Thị Mai", "role": "operator"}
    return {"actor": actor, "command_id": f"setup-{n}", "issued_at": datetime.now(UTC)}


def run_operators(url: str, phase: str) -> None:
    workers = [
        subprocess.Popen([sys.executable, "-c", OPERATOR, url, str(n), phase])
        for n in range(8)
    ]
    assert [worker.wait(timeout=300) for worker in workers] == [0] * 8


def test_eight_operators_at_once_lose_and_double_nothing(store_url: str) -> None:
    cycle = {"bloc": "BIG", "year": 2020}
    rules = rulebook_text(**{"candidates_top = 3": "candidates_top = 30"})
    with build_app(store_url) as app:
        app.handle(c.CreateBloc(bloc="BIG", name="Khối lớn", province="Lào Cai",
                                     **meta(0)))  # fmt: skip
        for n, unit in enumerate(UNITS, start=1):
            app.handle(c.AddUnit(bloc="BIG", unit=unit, name=f"Sở {unit}", year=2018,
                                   **meta(n)))  # fmt: skip
        app.handle(c.OpenCycle(**cycle, rulebook_text=rules, **meta(40)))
        for n, unit in enumerate(UNITS, start=41):
            signed = {"signatory": "Lò Văn A", "signed_on": date(2020, 1, 2)}
            app.handle(c.SignCovenant(**cycle, unit=unit, **signed, **meta(n)))

    run_operators(store_url, "scores")

    with build_app(store_url) as app:
        app.handle(c.CloseScoring(**cycle, **meta(100)))
        app.handle(c.OpenVote(**cycle, motion="leading-unit", candidates=("U00",),
                                 **meta(101)))  # fmt: skip

    run_operators(store_url, "votes")

    with build_app(store_url) as app:
        ballots = [{"choices": ["U00"]}] * 30
        app.handle(c.CloseVote(**cycle, motion="leading-unit", ballots=ballots,
                                   **meta(102)))  # fmt: skip
        state = app.cycle("BIG", 2020)
        rows = Auditor(app).stream_rows(cycle_id("BIG", 2020))
        examination = Auditor(app).examine("BIG", 2020)

    submitted = Counter(
        r.document["unit"] for r in rows if r.event == "ScoresSubmitted"
    )
    voted = Counter(r.document["voter"] for r in rows if r.event == "VoteCast")
    assert submitted == Counter(UNITS)
    assert voted == Counter(UNITS)
    assert all(sheet.own == CRITERIA for sheet in state.sheets.values())
    (round_,) = state.rounds["leading-unit"]
    assert round_.tally is not None
    assert (round_.tally.cast, round_.tally.outcome, round_.tally.winners) == (
        30,
        "passed",
        ("U00",),
    )
    assert all(report.intact for report in examination.chains)
    assert examination.discrepancies == []
