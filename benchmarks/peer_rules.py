"""The peer's rulebook: the essentials of thidua's TOML rulebook, read with tomllib.

What a team on plain `eventsourcing` would write for the same course: criteria and
their bounds, bonus and penalty rules with their caps, the ranking's tie-breaks,
each motion's quorum and threshold, each award's quota and the vote it needs.
"""

from __future__ import annotations

import math
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Any

ZERO = Decimal(0)


@dataclass(frozen=True)
class Criterion:
    code: str
    group: str
    max_points: Decimal


@dataclass(frozen=True)
class Motion:
    code: str
    ballot: str
    seats: int
    quorum: Fraction
    threshold: Fraction
    threshold_rule: str
    denominator: str
    max_rounds: int
    candidates_top: int | None
    tie: str


@dataclass(frozen=True)
class AwardKind:
    code: str
    recipients: tuple[str, ...]
    on_proposal: bool
    quotas: dict[str, int]
    requires_motion: str | None
    authority: str


@dataclass(frozen=True)
class Rules:
    stages: tuple[str, ...]
    min_members: int
    base_max: Decimal
    decimal_places: int
    caps: dict[str, Decimal]
    may_exceed_base: bool
    complete_to_close: bool
    assessors: tuple[str, ...]
    tie_breaks: tuple[str, ...]
    criteria: tuple[Criterion, ...]
    adjustments: dict[str, tuple[str, Decimal]]  # code: (bonus | penalty, max)
    motions: dict[str, Motion]
    awards: dict[str, AwardKind]

    def criterion(self, code: str) -> Criterion | None:
        return next((c for c in self.criteria if c.code == code), None)


@lru_cache(maxsize=16)
def parse_rules(text: str) -> Rules:
    data: dict[str, Any] = tomllib.loads(text)
    scoring = data["scoring"]
    return Rules(
        stages=tuple(data["rulebook"]["stages"]),
        min_members=data["rulebook"].get("min_members", 1),
        base_max=Decimal(scoring["base_max"]),
        decimal_places=scoring["decimal_places"],
        caps={
            "bonus": Decimal(scoring["bonus_cap"]),
            "penalty": Decimal(scoring["penalty_cap"]),
        },
        may_exceed_base=scoring["total_may_exceed_base"],
        complete_to_close=scoring["complete_to_close"],
        assessors=tuple(scoring["assessors"]),
        tie_breaks=tuple(scoring.get("tie_breaks", ())),
        criteria=tuple(
            Criterion(c["code"], c["group"], Decimal(c["max_points"]))
            for c in data["criteria"]
        ),
        adjustments={
            a["code"]: (a["kind"], Decimal(a["max_points"]))
            for a in data.get("adjustments", ())
        },
        motions={
            m["code"]: Motion(
                code=m["code"],
                ballot=m["ballot"],
                seats=m["seats"],
                quorum=Fraction(m["quorum"]),
                threshold=Fraction(m["threshold"]),
                threshold_rule=m["threshold_rule"],
                denominator=m["denominator"],
                max_rounds=m["max_rounds"],
                candidates_top=m.get("candidates_top"),
                tie=m["tie"],
            )
            for m in data.get("motions", ())
        },
        awards={
            a["code"]: AwardKind(
                code=a["code"],
                recipients=tuple(a["recipients"]),
                on_proposal=a["on_proposal"],
                quotas={
                    kind: a[f"quota_{kind}"]
                    for kind in ("collective", "individual")
                    if f"quota_{kind}" in a
                },
                requires_motion=a.get("requires_motion"),
                authority=a.get("authority_vi", ""),
            )
            for a in data.get("awards", ())
        },
    )


@dataclass
class Sheet:
    own: dict[str, Decimal] = field(default_factory=dict)
    assessed: dict[str, Decimal] = field(default_factory=dict)
    adjustments: list[tuple[str, Decimal]] = field(default_factory=list)

    def points(self) -> dict[str, Decimal]:
        return {**self.own, **self.assessed}

    def adjusted(self, rules: Rules, kind: str, rule: str | None = None) -> Decimal:
        return sum(
            (
                value
                for code, value in self.adjustments
                if (rule is None or code == rule)
                and rules.adjustments.get(code, ("", ZERO))[0] == kind
            ),
            ZERO,
        )

    def total(self, rules: Rules) -> Decimal:
        base = sum(self.points().values(), ZERO)
        total = base + self.adjusted(rules, "bonus") - self.adjusted(rules, "penalty")
        if not rules.may_exceed_base:
            total = min(total, rules.base_max)
        return max(total, ZERO)


def rank(rules: Rules, sheets: dict[str, Sheet], units: list[str]) -> list[Any]:
    """[unit, total, rank] by total, then the tie-breaks; equal keys share a rank."""

    def key(unit: str) -> tuple[Decimal, ...]:
        sheet = sheets.get(unit, Sheet())
        points = sheet.points()
        values = [-sheet.total(rules)]
        for rule in rules.tie_breaks:
            kind, _, code = rule.partition(":")
            if kind == "fewer-penalty":
                values.append(sheet.adjusted(rules, "penalty"))
            elif kind == "more-bonus":
                values.append(-sheet.adjusted(rules, "bonus"))
            elif kind == "base-points":
                values.append(-sum(points.values(), ZERO))
            elif kind == "group":
                group = [c.code for c in rules.criteria if c.group == code]
                values.append(-sum((points.get(c, ZERO) for c in group), ZERO))
            else:
                values.append(-points.get(code, ZERO))
        return tuple(values)

    keys = {unit: key(unit) for unit in units}
    ordered = sorted(units, key=lambda unit: (keys[unit], unit))
    ranking: list[Any] = []
    for position, unit in enumerate(ordered, start=1):
        tied = ranking and keys[ordered[position - 2]] == keys[unit]
        place = ranking[-1][2] if tied else position
        ranking.append([unit, sheets.get(unit, Sheet()).total(rules), place])
    return ranking


def tally(
    motion: Motion, terms: dict[str, Any], ballots: list[list[str]]
) -> dict[str, Any]:
    """Count a round: quorum, the votes that carry, winners, and who goes on."""
    candidates, seats = terms["candidates"], terms["seats"]
    yes = Counter(choice for ballot in ballots for choice in ballot)
    eligible = len(terms["eligible"])
    base = {"eligible": eligible, "present": eligible, "cast": len(ballots)}.get(
        motion.denominator, len(ballots)
    )
    share = motion.threshold * base
    carry = (
        math.floor(share) + 1
        if motion.threshold_rule == "more-than"
        else math.ceil(share)
    )
    carry = max(carry, 1)
    quorum_met = len(ballots) >= motion.quorum * eligible
    passing = sorted(
        (c for c in candidates if yes[c] >= carry), key=lambda c: (-yes[c], c)
    )
    winners: list[str] = []
    runoff: list[str] = []
    last_round = terms["round"] >= motion.max_rounds
    if not quorum_met:
        outcome = "no-quorum"
    elif len(passing) > seats and yes[passing[seats]] == yes[passing[seats - 1]]:
        outcome = "tie"
        winners = [c for c in passing if yes[c] > yes[passing[seats - 1]]]
    else:
        winners = passing[:seats]
        outcome = "passed" if winners else "failed"
    if outcome != "no-quorum" and len(winners) < seats and not last_round:
        # No one carries the empty seats: the leaders go to a further round.
        leaders = sorted(
            (c for c in candidates if c not in winners and yes[c]),
            key=lambda c: (-yes[c], c),
        )
        if leaders:
            cutoff = yes[leaders[min(seats - len(winners) + 1, len(leaders)) - 1]]
            runoff = [c for c in leaders if yes[c] >= cutoff]
    return {
        "cast": len(ballots),
        "quorum_met": quorum_met,
        "carry": carry,
        "counts": {c: yes[c] for c in candidates},
        "outcome": outcome,
        "winners": winners,
        "runoff": runoff,
    }
