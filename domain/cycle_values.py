"""The values a cycle's state is made of: signatures, scoring sheets, the frozen
ranking, voting rounds, proposals and awards. Each is immutable: evolving a cycle
makes new ones (dataclasses.replace), so a state once made never changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from thidua.domain.rulebook import Rulebook
from thidua.domain.tally import Tally, VoteTerms
from thidua.domain.types import Ballot, Decision, Frozen, Recipient, UnitCode

ZERO = Decimal(0)


@dataclass(frozen=True)
class Signature:
    signatory: str
    title: str | None
    signed_on: date


class RankEntry(Frozen):
    unit: UnitCode
    total: Decimal
    rank: int


@dataclass(frozen=True)
class Sheet:
    """A unit's scoring sheet (bảng chấm điểm): own, assessed, adjustments."""

    own: dict[str, Decimal] = field(default_factory=dict)
    assessed: dict[str, Decimal] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    assessors: dict[str, str] = field(default_factory=dict)
    adjustments: list[tuple[str, Decimal]] = field(default_factory=list)

    def points(self) -> dict[str, Decimal]:
        """Assessed points where the assessor gave them, the unit's own elsewhere."""
        return {**self.own, **self.assessed}

    def adjusted(
        self, rulebook: Rulebook, kind: str, rule: str | None = None
    ) -> Decimal:
        return sum(
            (
                points
                for code, points in self.adjustments
                if (rule is None or code == rule)
                and (adjustment := rulebook.adjustment(code)) is not None
                and adjustment.kind == kind
            ),
            ZERO,
        )

    def missing(self, rulebook: Rulebook) -> list[str]:
        points = self.points()
        return [c.code for c in rulebook.criteria if c.code not in points]

    def total(self, rulebook: Rulebook) -> Decimal:
        return total_points(
            rulebook,
            sum(self.points().values(), ZERO),
            self.adjusted(rulebook, "bonus"),
            self.adjusted(rulebook, "penalty"),
        )


def total_points(
    rulebook: Rulebook, base: Decimal, bonus: Decimal, penalty: Decimal
) -> Decimal:
    """A sheet's total: base points plus bonus minus penalty, within the rulebook."""
    total = base + bonus - penalty
    if not rulebook.scoring.total_may_exceed_base:
        total = min(total, rulebook.scoring.base_max)
    return max(total, ZERO)


@dataclass(frozen=True)
class Round:
    terms: VoteTerms
    voters: list[str] = field(default_factory=list)
    ballots: list[Ballot] = field(default_factory=list)
    tally: Tally | None = None

    @property
    def is_open(self) -> bool:
        return self.tally is None


@dataclass(frozen=True)
class Proposal:
    id: str
    award: str
    recipient: Recipient
    status: Literal["proposed", "granted", "declined"] = "proposed"
    person: str | None = None  # a registered person's code (domain/registry/)


@dataclass(frozen=True)
class Award:
    id: str
    award: str
    recipient: Recipient
    decision: Decision
    proposal_id: str | None
    status: Literal["granted", "revoked"] = "granted"
    revocation: Decision | None = None
