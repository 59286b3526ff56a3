"""A decision (quyết định khen thưởng): number, day, signer and authority, and its
lines, one per recipient, across blocs and years, each with its reward computed from
the rules (a coefficient of the base salary in force on the decision's day).

A decision, or one line of it, is revoked (hủy bỏ) by a later decision; nothing is
deleted (Law 06/2022, Chapter VII).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from thidua.domain.base import Stream, require_operator
from thidua.domain.commendation import commands as k
from thidua.domain.commendation.dossier_state import Item
from thidua.domain.commendation.errors import DayOutOfOrder, DecisionRefused
from thidua.domain.commendation.rules import CommendationRules, parse_rules
from thidua.domain.commendation.stream import Change, DeciderStream, Folded, Started
from thidua.domain.errors import ReasonRequired
from thidua.domain.types import Frozen, Recipient


class Line(Frozen):
    """One recipient of the decision, with the award and its reward."""

    line: int
    session: str
    dossier: str
    bloc: str
    year: int
    proposal: str
    award: str
    recipient: Recipient
    coefficient: Decimal | None
    base_salary: int | None
    amount: int
    source: str


class Passed(Frozen):
    """An item a council session passed, at the form it passed."""

    session: str
    dossier: str
    item: Item
    award: str
    held_on: date | None = None  # the session's day


class DecisionIssued(Started):
    number: str
    decided_on: date
    signer: str
    authority: str
    lines: tuple[Line, ...]
    rules_text: str
    rules_sha256: str


class LineRevoked(Folded):
    line: int
    revoking: str
    revoked_on: date


class DecisionRevoked(Folded):
    revoking: str
    revoked_on: date


@dataclass(frozen=True)
class DecisionState:
    code: str
    decided_on: date
    signer: str
    authority: str
    lines: tuple[Line, ...]
    rules: CommendationRules
    revoked: tuple[int, ...] = ()
    revocation: str | None = None

    def __deepcopy__(self, memo: object) -> DecisionState:
        return self

    def live(self) -> tuple[Line, ...]:
        """The lines in force: not revoked, one by one or with the decision."""
        if self.revocation is not None:
            return ()
        return tuple(line for line in self.lines if line.line not in self.revoked)


def lines_of(
    rules: CommendationRules, decided_on: date, passed: list[Passed]
) -> tuple[Line, ...]:
    """The decision's lines: each passed item with its reward under the rules."""
    base = rules.base_salary(decided_on)
    lines = []
    for n, found in enumerate(passed, 1):
        amount = rules.amount(found.award, found.item.recipient.kind)
        if amount is not None and base is None:
            raise DecisionRefused(
                "no base salary is in force on {day} in the rules",
                day=decided_on.isoformat(),
                value=decided_on.isoformat(),
            )
        coefficient = amount.coefficient if amount else None
        salary = base.amount if base and amount else None
        paid = rules.reward(coefficient, salary) if coefficient and salary else 0
        lines.append(
            Line(
                line=n,
                session=found.session,
                dossier=found.dossier,
                bloc=found.item.bloc,
                year=found.item.year,
                proposal=found.item.proposal,
                award=found.award,
                recipient=found.item.recipient,
                coefficient=coefficient,
                base_salary=salary,
                amount=paid,
                source="; ".join(
                    s.source for s in (amount, base) if s is not None and amount
                ),
            )
        )
    return tuple(lines)


def issue(
    command: k.IssueDecision, passed: list[Passed], rules_sha256: str, *, cut: int = 0
) -> list[Change]:
    """What issuing records: the lines of the passed items, with their rewards.

    Sessions that cut every item still get their answer: a decision with no
    lines, which declines the cut proposals, as a board tells the proposing body
    that the council did not pass them."""
    require_operator(command.actor)
    if not passed and not cut:
        raise DecisionRefused(
            "sessions {sessions} have no item not yet decided",
            sessions=", ".join(command.sessions),
            value=command.number,
        )
    for found in passed:
        if found.held_on is not None and command.decided_on < found.held_on:
            raise DayOutOfOrder(
                "decision {number} is dated {day}, before its council {session} "
                "sat on {held_on}",
                number=command.number,
                day=command.decided_on.isoformat(),
                session=found.session,
                held_on=found.held_on.isoformat(),
                value=command.decided_on.isoformat(),
            )
    rules = parse_rules(command.rules_text)
    fields = command.model_dump(
        include={"number", "decided_on", "signer", "authority", "rules_text"}
    )
    lines = lines_of(rules, command.decided_on, passed)
    return [(DecisionIssued, {**fields, "lines": lines, "rules_sha256": rules_sha256})]


def decide(state: DecisionState, command: k.RevokeDecision) -> list[Change]:
    """Revoke the decision or one of its lines, with the reasons."""
    require_operator(command.actor)
    if not command.reason:
        raise ReasonRequired("a revocation needs its reasons", value=command.number)
    if state.revocation is not None:
        raise DecisionRefused(
            "decision {number} is already revoked by {by}",
            number=state.code,
            by=state.revocation,
            value=state.code,
        )
    when = {"revoking": command.revoking, "revoked_on": command.decided_on}
    if command.line is None:
        return [(DecisionRevoked, when)]
    if command.line not in {line.line for line in state.live()}:
        raise DecisionRefused(
            "decision {number} has no line {line} in force",
            number=state.code,
            line=command.line,
            value=command.line,
        )
    return [(LineRevoked, {**when, "line": command.line})]


def evolve(state: DecisionState | None, event: Any) -> DecisionState:
    """The decision after one event; never refuses."""
    if isinstance(event, DecisionIssued):
        return DecisionState(
            code=event.number,
            decided_on=event.decided_on,
            signer=event.signer,
            authority=event.authority,
            lines=event.lines,
            rules=parse_rules(event.rules_text),
        )
    assert state is not None
    if isinstance(event, LineRevoked):
        return replace(state, revoked=(*state.revoked, event.line))
    return replace(state, revocation=event.revoking)


class AwardDecision(DeciderStream, Stream):
    kind = "decision"
    evolve = staticmethod(evolve)
    if TYPE_CHECKING:
        state: DecisionState

    def execute(self, command: k.RevokeDecision) -> None:
        self.record(command, decide(self.state, command))
