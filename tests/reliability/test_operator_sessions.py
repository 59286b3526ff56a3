"""Random but plausible operator sessions, on each store, checked after every step.

A hypothesis state machine issues commands through the application service — valid
and invalid, across stages, units, rounds and awards, repeated command ids included —
and after each one checks that:

* a refused command appended nothing, and a repeated one nothing more;
* the cycle loaded afresh from the store equals the one the process keeps;
* the read models kept up step by step equal ones rebuilt from scratch;
* the rankings, tallies, award conditions and stages re-derived from the stored JSON
  agree with the recorded ones, and every hash chain holds.

CI runs a bounded profile; THIDUA_LONG_PROPERTIES=1 runs a long one. Each run prints
how many sessions and steps ran, and how many commands were accepted, refused and
repeated.
"""

from __future__ import annotations

import os
from contextlib import ExitStack, suppress
from decimal import Decimal
from typing import Any, ClassVar

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from stores import fresh_store

from thidua.domain import commands as c
from thidua.domain.auditor.audit import Auditor
from thidua.domain.errors import ThiduaError
from thidua.domain.service.status import cycle_status
from thidua.projections.read_models import ReadModels
from thidua.projections.runner import REBUILD
from thidua.store import build_app

from support import CRITERIA, UNITS, Desk, event_count, rulebook_text

pytestmark = pytest.mark.slow

LONG = os.environ.get("THIDUA_LONG_PROPERTIES") == "1"
PROFILE = settings(
    max_examples=300 if LONG else 25,
    stateful_step_count=60 if LONG else 20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
# What ran, printed after each store's run.
TALLY: dict[str, dict[str, int]] = {}

UNIT = st.sampled_from([*UNITS, "SYT"])  # SYT is no member: refused
POINTS = st.one_of(
    st.decimals(min_value=0, max_value=10, places=1),
    st.decimals(min_value=-1, max_value=35, places=2),  # mostly out of bounds
)
CYCLE = {"bloc": "TMTH", "year": 2020}
DECISION = {"number": "1/QĐ-SKHĐT", "decided_on": "2021-02-01"}


class OperatorSession(RuleBasedStateMachine):
    kind: ClassVar[str]

    def __init__(self) -> None:
        super().__init__()
        self.stack = ExitStack()
        self.url = self.stack.enter_context(fresh_store(self.kind))
        self.app = self.stack.enter_context(build_app(self.url))
        self.views = ReadModels(self.app)
        self.stack.callback(self.views.close)
        self.desk = Desk(self.app)
        self.issued: list[tuple[str, type[c.Command], dict[str, Any]]] = []
        self.tally = TALLY.setdefault(self.kind, dict.fromkeys(
            ("examples", "steps", "accepted", "refused", "repeated"), 0))  # fmt: skip
        self.tally["examples"] += 1

    @initialize(stage=st.sampled_from(["covenant", "scoring", "review"]))
    def open_the_cycle(self, stage: str) -> None:
        """A session starts at a stage of the cycle, as an operator finds it."""
        self.desk.bloc()
        # Lenient rules, so that scoring may close with sheets still incomplete.
        rules = rulebook_text(
            **{"complete_to_close = true": "complete_to_close = false"}
        )
        self.desk(c.OpenCycle, **CYCLE, rulebook_text=rules)
        if stage != "covenant":
            self.desk.sign_all(CYCLE)
        if stage == "review":
            self.desk.score_all(CYCLE)
            self.desk(c.CloseScoring, **CYCLE)

    def teardown(self) -> None:
        self.stack.close()

    # Issuing a command, and what a refusal must leave. -------------------------------

    def issue(self, command_class: type[c.Command], **fields: Any) -> None:
        self.tally["steps"] += 1
        before = event_count(self.app)
        command_id = f"s{len(self.issued) + 1}"
        try:
            receipt = self.desk(command_class, command_id=command_id, **fields)
        except ThiduaError:
            self.tally["refused"] += 1
            assert event_count(self.app) == before, "a refused command appended"
            return
        self.tally["accepted"] += 1
        assert receipt.events
        self.issued.append((command_id, command_class, fields))

    @rule(unit=UNIT)
    def sign(self, unit: str) -> None:
        self.issue(c.SignCovenant, **CYCLE, unit=unit, signatory="Lò Văn Tiến",
                   signed_on="2020-01-16")  # fmt: skip

    @rule(unit=UNIT, criterion=st.sampled_from([*CRITERIA, "Z9"]), points=POINTS)
    def submit(self, unit: str, criterion: str, points: Decimal) -> None:
        self.issue(c.SubmitScores, **CYCLE, unit=unit, points={criterion: points})

    @rule(unit=UNIT, criterion=st.sampled_from(CRITERIA), points=POINTS)
    def assess(self, unit: str, criterion: str, points: Decimal) -> None:
        self.issue(c.AssessScores, **CYCLE, unit=unit, assessor="team",
                   points={criterion: points}, reason="checked")  # fmt: skip

    @rule(unit=UNIT, adjustment=st.sampled_from(["initiative", "late-report", "x"]))
    def adjust(self, unit: str, adjustment: str) -> None:
        self.issue(c.AdjustScore, **CYCLE, unit=unit, rule=adjustment,
                   points=Decimal(1), reason="report")  # fmt: skip

    @rule()
    def close_scoring(self) -> None:
        self.issue(c.CloseScoring, **CYCLE)

    @rule(motion=st.sampled_from(["leading-unit", "merit"]))
    def open_vote(self, motion: str) -> None:
        self.issue(c.OpenVote, **CYCLE, motion=motion)

    @rule(motion=st.sampled_from(["leading-unit", "merit"]), voter=UNIT)
    def cast(self, motion: str, voter: str) -> None:
        self.issue(c.CastVote, **CYCLE, motion=motion, voter=voter)

    @rule(
        motion=st.sampled_from(["leading-unit", "merit"]),
        choices=st.lists(st.lists(UNIT, min_size=1, max_size=3), max_size=9),
    )
    def close_vote(self, motion: str, choices: list[list[str]]) -> None:
        ballots = [{"choices": sorted(set(chosen))} for chosen in choices]
        self.issue(c.CloseVote, **CYCLE, motion=motion, ballots=ballots)

    @rule(unit=UNIT, person=st.booleans())
    def commend(self, unit: str, person: bool) -> None:
        recipient: dict[str, Any] = {"kind": "collective", "unit": unit}
        if person:
            recipient = {"kind": "individual", "unit": unit, "name": "Đặng Thị Hương"}
        self.issue(c.GrantAward, **CYCLE, award="commendation", decision=DECISION,
                   recipient=recipient)  # fmt: skip

    @rule(unit=UNIT)
    def propose_the_flag(self, unit: str) -> None:
        self.issue(c.ProposeAward, **CYCLE, award="provincial-flag",
                   recipient={"kind": "collective", "unit": unit})  # fmt: skip

    @rule(number=st.integers(1, 4))
    def revoke(self, number: int) -> None:
        self.issue(c.RevokeAward, **CYCLE, award_id=f"A{number}", decision=DECISION,
                   reason="revoked")  # fmt: skip

    @rule()
    def close_cycle(self) -> None:
        self.issue(c.CloseCycle, **CYCLE)

    @rule(data=st.data())
    def repeat_a_command(self, data: st.DataObject) -> None:
        """An operator presses enter twice: the same command id is applied once."""
        if not self.issued:
            return
        command_id, command_class, fields = data.draw(st.sampled_from(self.issued))
        self.tally["steps"] += 1
        before = event_count(self.app)
        receipt = self.desk(command_class, command_id=command_id, **fields)
        self.tally["repeated"] += 1
        assert receipt.already_applied
        assert event_count(self.app) == before

    @rule()
    def catch_up(self) -> None:
        self.views.catch_up()

    # After every step. ----------------------------------------------------------------

    @invariant()
    def the_stored_cycle_is_the_kept_one(self) -> None:
        with suppress(ThiduaError), build_app(self.url) as fresh:
            kept = cycle_status(self.app.cycle("TMTH", 2020))
            assert cycle_status(fresh.cycle("TMTH", 2020)) == kept

    @invariant()
    def views_kept_up_equal_views_built_from_scratch(self) -> None:
        self.views.catch_up()
        pairs = [(p, p.twin(REBUILD)) for p in self.views.by_name.values()]
        for report in self.views.runner.rebuild(pairs):
            assert report.unchanged, report

    @invariant()
    def every_chain_holds_and_every_decision_rederives(self) -> None:
        examination = Auditor(self.app).examine()
        assert [p for r in examination.chains for p in r.problems] == []
        assert examination.discrepancies == []


class OnSQLite(OperatorSession):
    kind = "sqlite"


class OnPostgreSQL(OperatorSession):
    kind = "postgres"


@pytest.mark.parametrize(
    "machine", [OnSQLite, OnPostgreSQL], ids=["sqlite", "postgres"]
)
def test_random_operator_sessions_keep_every_invariant(
    machine: type[OperatorSession], capsys: pytest.CaptureFixture[str]
) -> None:
    machine.TestCase.settings = PROFILE
    machine.TestCase().runTest()

    ran = TALLY[machine.kind]
    with capsys.disabled():
        print(
            f"\n  {machine.kind}: {ran['examples']} sessions, {ran['steps']} steps:"
            f" {ran['accepted']} commands accepted, {ran['refused']} refused,"
            f" {ran['repeated']} repeated (applied once)"
        )
    assert ran["accepted"]
    assert ran["refused"]
