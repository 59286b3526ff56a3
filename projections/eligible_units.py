"""`eligible` for a collective title: each member unit of the cycle, judged again
from the read models on what its people held that year (the title's member
conditions), its open proceedings and what may not be combined with the title.
Plain Python over the tables, as the rest of the registry's queries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from .awards import AWARD_REGISTRY
from .person_awards import PERSON_AWARDS, TITLE_MEMBERS
from .registry import COLLECTIVES, POSTINGS, PROCEEDINGS, TITLES

if TYPE_CHECKING:
    from .base import Table


class UnitEligibility:
    if TYPE_CHECKING:

        def _select(
            self, table: Table, where: str, params: Sequence[Any], order: str
        ) -> list[dict[str, Any]]: ...

    def _member_conditions(self, stream: str, award: str) -> list[dict[str, Any]]:
        return self._select(
            TITLE_MEMBERS, "stream = ? AND award = ?", (stream, award), "title"
        )

    def _eligible_units(
        self,
        stream: str,
        year: int,
        award: str,
        units: dict[str, str],
        excluded: set[str],
    ) -> list[dict[str, Any]]:
        """Each of `units` (code → name): whether its members' titles of `year`,
        its proceedings and its awards in the cycle allow `award`, and why not."""
        conditions = self._member_conditions(stream, award)
        registered = {r["code"]: r for r in self._select(COLLECTIVES, "", (), "code")}
        people = _people_by_unit(self._select(POSTINGS, "", (), "code, since"), year)
        held: dict[str, set[str]] = {}
        for t in self._select(
            TITLES, "holder_kind = ? AND year = ?", ("individual", year), "code"
        ):
            if t["status"] == "held":
                held.setdefault(t["title"], set()).add(t["code"])
        for a in self._select(PERSON_AWARDS, "stream = ?", (stream,), "record"):
            if a["status"] == "granted":
                held.setdefault(a["award"], set()).add(a["person"])
        found = []
        for unit, unit_name in sorted(units.items()):
            collective = registered.get(unit)
            subs = {c for c, r in registered.items() if r["parent"] == unit}
            members = set().union(*(people.get(u, set()) for u in {unit, *subs}))
            counts, missing = [], []
            for rule in conditions:
                holders = len(held.get(rule["title"], set()) & members)
                said = f"{rule['title']}: {holders} of {len(members)}"
                counts.append(said)
                if not _met(rule, holders, len(members)):
                    missing.append(f"{said} ({_wanted(rule)})")
            if collective is None:
                missing.insert(0, "not registered")
            found.append(
                {
                    "code": unit,
                    "name": collective["name"] if collective else unit_name,
                    "unit": unit,
                    "award": award,
                    "eligible": not missing,
                    "held": "; ".join(counts),
                    "missing": "; ".join(missing),
                    "proceedings": "; ".join(self._pending(unit, "collective")),
                    "combined": self._unit_combined(stream, unit, year, excluded),
                }
            )
        for row in found:
            row["eligible"] = row["eligible"] and not row["proceedings"]
            row["eligible"] = row["eligible"] and not row["combined"]
        return found

    def _pending(self, code: str, holder_kind: str) -> list[str]:
        """The holder's proceedings still open, as the queries show them."""
        return [
            f"{p['kind']} {p['proceeding']} ({p['opened_on']})"
            for p in self._select(
                PROCEEDINGS,
                "code = ? AND holder_kind = ?",
                (code, holder_kind),
                "proceeding",
            )
            if p["closed_on"] is None
        ]

    def _held_in(self, code: str, holder_kind: str, year: int) -> set[str]:
        """The titles the holder's register holds for the year, not revoked."""
        return {
            t["title"]
            for t in self._select(
                TITLES,
                "code = ? AND holder_kind = ? AND year = ? AND status = ?",
                (code, holder_kind, year, "held"),
                "title",
            )
        }

    def _unit_combined(
        self, stream: str, unit: str, year: int, excluded: set[str]
    ) -> str:
        if not excluded:
            return ""
        held = self._held_in(unit, "collective", year)
        held |= {
            a["award"]
            for a in self._select(
                AWARD_REGISTRY, "stream = ? AND unit = ?", (stream, unit), "record"
            )
            if a["recipient_kind"] == "collective"
            and a["recipient"] is None
            and a["status"] in ("proposed", "granted")
        }
        return "; ".join(sorted(held & excluded))


def _met(rule: dict[str, Any], holders: int, members: int) -> bool:
    if holders < rule["at_least"]:
        return False
    have, wanted = holders * int(rule["denominator"]), int(rule["numerator"]) * members
    return have > wanted if rule["more_than"] else have >= wanted


def _wanted(rule: dict[str, Any]) -> str:
    parts = []
    if rule["numerator"] or rule["more_than"]:
        sign = ">" if rule["more_than"] else "≥"
        parts.append(f"{sign} {rule['numerator']}/{rule['denominator']}")
    if rule["at_least"]:
        parts.append(f"≥ {rule['at_least']}")
    return ", ".join(parts)


def _people_by_unit(postings: list[dict[str, Any]], year: int) -> dict[str, set[str]]:
    """unit → the people posted there in some part of `year`."""
    start, end = date(year, 1, 1).isoformat(), date(year, 12, 31).isoformat()
    by_person: dict[str, list[dict[str, Any]]] = {}
    for p in postings:
        by_person.setdefault(p["code"], []).append(p)
    found: dict[str, set[str]] = {}
    for code, rows in by_person.items():
        units = {p["unit"] for p in rows if start <= p["since"] <= end}
        before = [p["unit"] for p in rows if p["since"] <= start]
        if before:
            units.add(before[-1])
        for unit in units:
            found.setdefault(unit, set()).add(code)
    return found
