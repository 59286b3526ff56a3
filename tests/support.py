"""Test support: an operator's desk that issues commands, and shipped rulebooks."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from importlib.resources import files
from typing import Any

from hypothesis import strategies as st

from thidua.cli.story import CRITERIA, SCORES, UNITS
from thidua.domain import commands as c
from thidua.domain.errors import ThiduaError
from thidua.domain.service.application import Receipt, Thidua
from thidua.domain.types import Actor
from thidua.projections.read_models import ReadModels

__all__ = [
    "CRITERIA",
    "OPERATIONS",
    "OPERATOR",
    "SCORES",
    "UNITS",
    "Desk",
    "dump",
    "event_count",
    "operate",
    "play",
    "record_seed",
    "rulebook_text",
]

OPERATOR = Actor(name="Đỗ Thị Mai")


def rulebook_text(name: str = "lao-cai-tmth", **changes: str) -> str:
    """A shipped rulebook, with some lines replaced (old line -> new line)."""
    text = files("thidua.rulebooks").joinpath(f"{name}.toml").read_text("utf-8")
    for old, new in changes.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


class Desk:
    """An operator's desk: issues commands through the application, a minute apart."""

    def __init__(self, app: Thidua) -> None:
        self.app = app
        self.now = datetime(2021, 1, 25, 8, 0, tzinfo=UTC)
        self.issued = 0

    def __call__(
        self,
        command_class: type[c.Command],
        *,
        actor: Actor = OPERATOR,
        command_id: str | None = None,
        reason: str | None = None,
        **fields: Any,
    ) -> Receipt:
        self.issued += 1
        self.now += timedelta(minutes=1)
        command = command_class.model_validate(
            {
                "actor": actor,
                "command_id": command_id or f"cmd-{self.issued}",
                "issued_at": self.now,
                "reason": reason,
                **fields,
            }
        )
        return self.app.handle(command)

    def bloc(self, code: str = "TMTH", year: int = 2018) -> None:
        """The seed bloc and its eight member units."""
        self(
            c.CreateBloc,
            bloc=code,
            name="Khối thi đua Tham mưu tổng hợp",
            province="Lào Cai",
        )
        for unit, (name, _, _) in UNITS.items():
            self(c.AddUnit, bloc=code, unit=unit, name=name, year=year)

    def open(self, year: int = 2020, rules: str | None = None) -> dict[str, Any]:
        self(
            c.OpenCycle, bloc="TMTH", year=year, rulebook_text=rules or rulebook_text()
        )
        return {"bloc": "TMTH", "year": year}

    def sign_all(self, cycle: dict[str, Any]) -> None:
        for unit, (_, signatory, title) in UNITS.items():
            self(
                c.SignCovenant,
                **cycle,
                unit=unit,
                signatory=signatory,
                signatory_title=title,
                signed_on=date(2020, 1, 16),
            )

    def score_all(self, cycle: dict[str, Any]) -> None:
        for unit, points in SCORES.items():
            self(
                c.SubmitScores,
                **cycle,
                unit=unit,
                points=dict(zip(CRITERIA, points, strict=True)),
            )

    def elect(self, cycle: dict[str, Any], winner: str) -> None:
        """A secret vote on the leading unit in which every member chooses `winner`."""
        self(c.OpenVote, **cycle, motion="leading-unit")
        for unit in UNITS:
            self(c.CastVote, **cycle, motion="leading-unit", voter=unit)
        ballots = [{"choices": [winner]}] * len(UNITS)
        self(c.CloseVote, **cycle, motion="leading-unit", ballots=ballots)

    def to_review(self, year: int = 2020, rules: str | None = None) -> dict[str, Any]:
        """Open a cycle, sign, score, close scoring: ready for the year-end review."""
        cycle = self.open(year, rules)
        self.sign_all(cycle)
        self.score_all(cycle)
        self(c.CloseScoring, **cycle)
        return cycle


def event_count(app: Thidua) -> int:
    return app.recorder.max_notification_id() or 0


def stored_events(app: Thidua) -> int:
    """The events in the store, counted: a failed PostgreSQL insert may leave a gap
    in the positions, which `event_count` would count."""
    return len(app.recorder.select_notifications(start=1, limit=10**6))


def record_seed(app: Thidua, after_each: Callable[[], object] | None = None) -> None:
    """The demo's seed story through the application, one command at a time, as
    `thidua demo` records it, up to the meeting's end (the bloc's own year)."""
    from thidua.cli.story import story

    for step in story(past_the_meeting=False):
        app.handle(step.command)
        if after_each is not None:
            after_each()


def dump(read_models: ReadModels) -> dict[str, list[tuple[Any, ...]]]:
    """Every public read-model table, caught up and sorted: what views must agree on."""
    read_models.catch_up()
    tables: dict[str, list[tuple[Any, ...]]] = {}
    with read_models.db.transaction(write=False) as tx:
        for projection in read_models.by_name.values():
            for table in projection.tables:
                rows = tx.execute(f"SELECT * FROM {projection.table(table.name)}")
                tables[table.name] = sorted(rows, key=repr)
    return tables


# Random operator sessions, for properties that must hold whatever is accepted. ---

UNIT = st.sampled_from(list(UNITS))
POINTS = st.decimals(min_value=0, max_value=10, places=1)
OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("sign"), UNIT),
        st.tuples(st.just("submit"), UNIT, st.sampled_from(CRITERIA), POINTS),
        st.tuples(st.just("assess"), UNIT, st.sampled_from(CRITERIA), POINTS),
        st.tuples(
            st.just("adjust"), UNIT, st.sampled_from(["initiative", "late-report"])
        ),
        st.tuples(st.just("close-scoring")),
        st.tuples(st.just("vote"), st.lists(UNIT, max_size=8), UNIT),
        st.tuples(st.just("commend"), UNIT),
        st.tuples(st.just("revoke"), st.integers(1, 3)),
        st.tuples(st.just("catch-up")),
        st.tuples(st.just("close-cycle")),
    ),
    max_size=40,
)


def operate(desk: Desk, cycle: dict[str, Any], operation: tuple[Any, ...]) -> None:
    kind, *args = operation
    decision = {"number": "1/QĐ", "decided_on": "2021-02-01"}
    if kind == "sign":
        desk(c.SignCovenant, **cycle, unit=args[0], signatory="Lò Văn Tiến",
             signed_on="2020-01-16")  # fmt: skip
    elif kind == "submit":
        desk(c.SubmitScores, **cycle, unit=args[0], points={args[1]: args[2]})
    elif kind == "assess":
        desk(c.AssessScores, **cycle, unit=args[0], assessor="team",
             points={args[1]: args[2]}, reason="checked")  # fmt: skip
    elif kind == "adjust":
        desk(c.AdjustScore, **cycle, unit=args[0], rule=args[1], points=Decimal(1),
             reason="report")  # fmt: skip
    elif kind == "close-scoring":
        desk(c.CloseScoring, **cycle)
    elif kind == "vote":
        voters, winner = sorted(set(args[0])), args[1]
        desk(c.OpenVote, **cycle, motion="leading-unit")
        for voter in voters:
            desk(c.CastVote, **cycle, motion="leading-unit", voter=voter)
        desk(c.CloseVote, **cycle, motion="leading-unit",
             ballots=[{"choices": [winner]}] * len(voters))  # fmt: skip
    elif kind == "commend":
        desk(c.GrantAward, **cycle, award="commendation", decision=decision,
             recipient={"kind": "collective", "unit": args[0]})  # fmt: skip
    elif kind == "revoke":
        desk(c.RevokeAward, **cycle, award_id=f"A{args[0]}", decision=decision,
             reason="revoked")  # fmt: skip
    else:
        desk(c.CloseCycle, **cycle)


def play(
    app: Thidua,
    operations: list[tuple[Any, ...]],
    *,
    catch_up: Callable[[], object] | None = None,
    always_sign: bool = False,
) -> None:
    """A random session on the seed bloc's 2020 cycle, under lenient rules: what the
    domain refuses leaves no trace; "catch-up" steps call `catch_up`."""
    rules = rulebook_text(**{"complete_to_close = true": "complete_to_close = false"})
    desk = Desk(app)
    desk.bloc()
    cycle = {"bloc": "TMTH", "year": 2020}
    desk(c.OpenCycle, **cycle, rulebook_text=rules)
    if always_sign or (operations and operations[0][0] != "sign"):
        desk.sign_all(cycle)  # most sessions start in the scoring stage
    for operation in operations:
        if operation[0] == "catch-up":
            if catch_up is not None:
                catch_up()
            continue
        with contextlib.suppress(ThiduaError):
            operate(desk, cycle, operation)
