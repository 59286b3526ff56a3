"""Ranking (xếp hạng) of units by their scoring sheets: total, then the rulebook's
tie-breaks; a pure function the engine, the read models and the auditor share."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from thidua.domain.cycle_values import ZERO, RankEntry, Sheet
from thidua.domain.rulebook import Rulebook


def rank_units(
    rulebook: Rulebook, sheets: Mapping[str, Sheet], units: list[str]
) -> tuple[RankEntry, ...]:
    """Rank units by total, then the rulebook's tie-breaks; equal keys share a rank."""

    def key(unit: str) -> tuple[Decimal, ...]:
        sheet = sheets.get(unit, Sheet())
        points = sheet.points()
        values = [-sheet.total(rulebook)]
        for rule in rulebook.scoring.tie_breaks:
            kind, _, code = rule.partition(":")
            if kind == "fewer-penalty":
                values.append(sheet.adjusted(rulebook, "penalty"))
            elif kind == "more-bonus":
                values.append(-sheet.adjusted(rulebook, "bonus"))
            elif kind == "base-points":
                values.append(-sum(points.values(), ZERO))
            elif kind == "group":
                group = [c.code for c in rulebook.criteria if c.group == code]
                values.append(-sum((points.get(c, ZERO) for c in group), ZERO))
            else:
                values.append(-points.get(code, ZERO))
        return tuple(values)

    ordered = sorted(units, key=lambda unit: (key(unit), unit))
    entries: list[RankEntry] = []
    for position, unit in enumerate(ordered, start=1):
        tied = entries and key(ordered[position - 2]) == key(unit)
        rank = entries[-1].rank if tied else position
        total = sheets.get(unit, Sheet()).total(rulebook)
        entries.append(RankEntry(unit=unit, total=total, rank=rank))
    return tuple(entries)
