"""The auditor's own ranking of a cycle's units: totals from the raw scores and
adjustments, capped and tie-broken as the cycle's rulebook says, and a place in
words for its findings."""

from __future__ import annotations

from decimal import Decimal

from thidua.domain.phrase import Number, Phrase, phrase
from thidua.domain.rulebook import Rulebook


def ranking(
    rulebook: Rulebook,
    roster: set[str],
    own: dict[str, dict[str, Decimal]],
    assessed: dict[str, dict[str, Decimal]],
    adjustments: dict[str, list[tuple[str, Decimal]]],
) -> list[tuple[str, Decimal, int]]:
    """Every unit as `(unit, total, rank)`, best first; equal keys share a rank."""
    kinds = {a.code: a.kind for a in rulebook.adjustments}
    zero = Decimal(0)

    def key(unit: str) -> tuple[Decimal, ...]:
        points = {**own.get(unit, {}), **assessed.get(unit, {})}
        adjusted = {"bonus": zero, "penalty": zero}
        for rule, value in adjustments.get(unit, []):
            adjusted[kinds[rule]] += value
        base = sum(points.values(), zero)
        total = base + adjusted["bonus"] - adjusted["penalty"]
        if not rulebook.scoring.total_may_exceed_base:
            total = min(total, rulebook.scoring.base_max)
        parts = [max(total, zero)]
        for tie_break in rulebook.scoring.tie_breaks:
            name, _, code = tie_break.partition(":")
            if name == "fewer-penalty":
                parts.append(-adjusted["penalty"])
            elif name == "more-bonus":
                parts.append(adjusted["bonus"])
            elif name == "base-points":
                parts.append(base)
            elif name == "group":
                group = {c.code for c in rulebook.criteria if c.group == code}
                parts.append(sum((v for c, v in points.items() if c in group), zero))
            else:
                parts.append(points.get(code, zero))
        return tuple(parts)

    keys = {unit: key(unit) for unit in roster}
    order = sorted(roster, key=lambda u: (tuple(-v for v in keys[u]), u))
    placing: list[tuple[str, Decimal, int]] = []
    for place, unit in enumerate(order, start=1):
        shared = placing and keys[placing[-1][0]] == keys[unit]
        placing.append((unit, keys[unit][0], placing[-1][2] if shared else place))
    return placing


def placed(unit: str, total: Decimal, rank: int) -> Phrase:
    """A unit's place in a ranking, as `(unit, total, rank)`."""
    return phrase(
        "({unit}, {total}, {rank})", unit=unit, total=Number(str(total)), rank=rank
    )
