"""The registry's queries: a person's or a unit's history across blocs and years,
the awards of a registered person, and who is eligible for a title in a cycle.

They read the registry's tables only (projections/registry.py), with plain Python:
`eligible` judges again from the tables the prerequisites each cycle's rulebook
gave, so a query needs neither the engine nor pydantic."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from thidua.domain.ids import collective_id, person_id
from thidua.domain.registry.errors import HolderNotFound
from thidua.domain.registry.names import the_one

from .audit import AUDIT_LOG
from .awards import AWARD_REGISTRY
from .eligible_shares import ShareCounts
from .eligible_units import UnitEligibility
from .participation import PARTICIPATION
from .person_awards import PERSON_AWARDS, TITLE_EXCLUSIONS, TITLE_RULES
from .registry import (
    COLLECTIVES,
    COMMENDATIONS,
    PEOPLE,
    POSTINGS,
    PROCEEDINGS,
    TITLES,
)

if TYPE_CHECKING:
    from .base import Table


def _years(values: Sequence[int]) -> str:
    return ", ".join(str(y) for y in sorted(values))


class RegistryQueries(UnitEligibility, ShareCounts):
    if TYPE_CHECKING:

        def _select(
            self, table: Table, where: str, params: Sequence[Any], order: str
        ) -> list[dict[str, Any]]: ...

        def cycle(self, bloc: str, year: int) -> dict[str, Any]: ...

    def person(self, who: str) -> dict[str, Any]:
        """A registered person, by their code or their name (with or without its
        marks); a name several people share is refused with them listed."""
        found = self._select(PEOPLE, "code = ?", (who.strip().upper(),), "code")
        if not found:
            everyone = self._select(PEOPLE, "", (), "code")
            code = the_one(who, {row["code"]: row["name"] for row in everyone})
            found = [row for row in everyone if row["code"] == code]
        if not found:
            raise HolderNotFound("nobody is registered as {code}", code=who, value=who)
        return found[0]

    def person_history(self, who: str) -> list[dict[str, Any]]:
        """A person's postings, titles, forms of commendation, awards in cycles and
        proceedings, by year."""
        person = self.person(who)
        code = person["code"]
        rows = [
            _row(p["since"][:4], "posting", p["unit"], "", p["position"], p["since"])
            for p in self._select(POSTINGS, "code = ?", (code,), "since")
        ]
        rows += self._titles("individual", code)
        rows += self._commendations("individual", code)
        rows += [
            _row(a["year"], "award", a["award"], a["status"], a["bloc"], a["decision"])
            for a in self.person_awards(code)
        ]
        rows += self._proceedings("individual", code)
        return _in_order(rows, person["name"])

    def unit_history(self, unit: str) -> list[dict[str, Any]]:
        """A unit's titles as a collective, its awards in every bloc, and its
        proceedings, by year."""
        code = unit.strip().upper()
        collective = self._select(COLLECTIVES, "code = ?", (code,), "code")
        awards = self._select(AWARD_REGISTRY, "unit = ?", (code,), "year, record")
        if not collective and not awards:
            raise HolderNotFound(
                "nobody is registered as {code}", code=code, value=code
            )
        rows = self._titles("collective", code)
        rows += self._commendations("collective", code)
        rows += [
            _row(
                a["year"],
                "award",
                a["award"],
                a["status"],
                a["bloc"],
                a["decision"] or "",
                a["recipient"] or "",
            )
            for a in awards
        ]
        rows += self._proceedings("collective", code)
        name = collective[0]["name"] if collective else awards[0]["unit_name"]
        return _in_order(rows, name)

    def holder_log(self, code: str) -> list[dict[str, Any]]:
        """The audit log of a person's or a collective's register, in order."""
        code = code.strip().upper()
        streams = (person_id(code).hex, collective_id(code).hex)
        rows = self._select(AUDIT_LOG, "stream IN (?, ?)", streams, "position")
        if not rows:
            raise HolderNotFound(
                "nobody is registered as {code}", code=code, value=code
            )
        return rows

    def person_awards(self, who: str) -> list[dict[str, Any]]:
        """The proposals and grants recorded in cycles for a registered person."""
        code = self.person(who)["code"]
        return self._select(PERSON_AWARDS, "person = ?", (code,), "year, bloc, record")

    def eligible(self, bloc: str, year: int, award: str) -> list[dict[str, Any]]:
        """Each registered person of the cycle's member units (each unit, for a
        collective title with member conditions): whether their history gives
        them `award` under the cycle's rulebook, and why not."""
        stream = self.cycle(bloc, year)["stream"]
        rules = self._select(
            TITLE_RULES, "stream = ? AND award = ?", (stream, award), "prerequisite"
        )
        excluded = {
            r["excluded"]
            for r in self._select(
                TITLE_EXCLUSIONS,
                "stream = ? AND award = ?",
                (stream, award),
                "excluded",
            )
        }
        roster = {
            r["unit"]: r["unit_name"]
            for r in self._select(PARTICIPATION, "stream = ?", (stream,), "unit")
        }
        share = self._share(stream, award)
        collective = share is not None and share["holders"] == "collective"
        if collective or self._member_conditions(stream, award):
            judged = self._eligible_units(stream, year, award, roster, excluded)
            return [
                self._unit_share(row, share, stream, year, roster) for row in judged
            ]
        units = set(roster)
        postings: dict[str, list[dict[str, Any]]] = {}
        for row in self._select(POSTINGS, "", (), "code, since"):
            postings.setdefault(row["code"], []).append(row)
        people = self._select(PEOPLE, "", (), "code")
        found = []
        for person in people:
            held_units = _units_in(postings.get(person["code"], []), year) & units
            if held_units:
                verdict = self._judged(person["code"], year, rules)
                combined = self._combined(person["code"], stream, year, excluded)
                if combined:
                    verdict.update(eligible=False, combined=combined)
                if share is not None:
                    scope = {min(held_units)} if share["per"] == "unit" else units
                    shared = self._shared(share, stream, year, scope, person["code"])
                    if shared:
                        verdict.update(eligible=False, share=shared)
                found.append(
                    {
                        "code": person["code"],
                        "name": person["name"],
                        "unit": min(held_units),
                        "award": award,
                        **verdict,
                    }
                )
        return found

    def _judged(
        self, code: str, year: int, rules: list[dict[str, Any]]
    ) -> dict[str, Any]:
        titles = self._select(
            TITLES, "code = ? AND holder_kind = ?", (code, "individual"), "year"
        )
        held, missing = [], []
        for rule in rules:
            last = year if rule["same_year"] else year - 1
            span = range(last - (rule["within"] or rule["years"]) + 1, last + 1)
            years = sorted(
                {
                    t["year"]
                    for t in titles
                    if t["title"] == rule["prerequisite"]
                    and t["status"] == "held"
                    and t["year"] in span
                }
            )
            held.append(f"{rule['prerequisite']}: {_years(years) or '-'}")
            if rule["within"] is None:
                gaps = [y for y in span if y not in years]
                if gaps:
                    missing.append(f"{rule['prerequisite']}: {_years(gaps)}")
            elif len(years) < rule["years"]:
                more = rule["years"] - len(years)
                missing.append(f"{rule['prerequisite']}: {more} of {span[0]}-{last}")
        pending = self._pending(code, "individual")
        return {
            "eligible": not missing and not pending,
            "held": "; ".join(held),
            "missing": "; ".join(missing),
            "proceedings": "; ".join(pending),
            "combined": "",
            "share": "",
        }

    def _combined(self, code: str, stream: str, year: int, excluded: set[str]) -> str:
        """What the person holds, or is proposed or granted in the cycle, that the
        award may not be combined with in one year."""
        if not excluded:
            return ""
        held = self._held_in(code, "individual", year)
        held |= {
            a["award"]
            for a in self._select(
                PERSON_AWARDS, "person = ? AND stream = ?", (code, stream), "record"
            )
            if a["status"] in ("proposed", "granted")
        }
        return "; ".join(sorted(held & excluded))

    def _titles(self, kind: str, code: str) -> list[dict[str, Any]]:
        return self._held(TITLES, "title", kind, code)

    def _commendations(self, kind: str, code: str) -> list[dict[str, Any]]:
        return self._held(COMMENDATIONS, "form", kind, code)

    def _held(
        self, table: Table, field: str, kind: str, code: str
    ) -> list[dict[str, Any]]:
        """A holder's titles (field "title") or forms of commendation ("form")."""
        entry = "title" if field == "title" else "commendation"
        return [
            _row(
                t["year"],
                entry,
                t[field],
                t["status"],
                t["authority"] or "",
                t["decision"],
                t["revoked_because"] or "",
            )
            for t in self._select(
                table, "code = ? AND holder_kind = ?", (code, kind), "year, seq"
            )
        ]

    def _proceedings(self, kind: str, code: str) -> list[dict[str, Any]]:
        return [
            _row(
                p["opened_on"][:4],
                "proceeding",
                p["kind"],
                "open" if p["closed_on"] is None else "closed",
                p["noted_in"] or "",
                p["proceeding"],
                f"{p['opened_on']} – {p['closed_on'] or ''}",
            )
            for p in self._select(
                PROCEEDINGS, "code = ? AND holder_kind = ?", (code, kind), "proceeding"
            )
        ]


FIELDS = ("entry", "what", "status", "where", "reference", "note")


def _row(year: int | str, *values: str | None) -> dict[str, Any]:
    """A line of a history: its year, then `FIELDS` in order (the last may be
    left out)."""
    said = [v or "" for v in values] + [""] * (len(FIELDS) - len(values))
    return {"year": int(year), **dict(zip(FIELDS, said, strict=True))}


def _in_order(rows: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    order = {"posting": 0, "title": 1, "commendation": 2, "award": 3, "proceeding": 4}
    rows.sort(key=lambda r: (r["year"], order[r["entry"]]))
    return [{"name": name, **row} for row in rows]


def _units_in(postings: list[dict[str, Any]], year: int) -> set[str]:
    """The units of a person's postings in some part of a year."""
    start, end = date(year, 1, 1).isoformat(), date(year, 12, 31).isoformat()
    units = {p["unit"] for p in postings if start <= p["since"] <= end}
    before = [p["unit"] for p in postings if p["since"] <= start]
    if before:
        units.add(before[-1])
    return units
