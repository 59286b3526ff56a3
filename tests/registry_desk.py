"""A desk that keeps a registry: people, collectives, their titles, and cycles
whose rulebook has the default rulebook's emulation titles."""

from __future__ import annotations

from datetime import date
from typing import Any

from thidua.domain import commands as c
from thidua.domain.registry import commands as rc

from support import CRITERIA, SCORES, Desk, rulebook_text

# The titles and eligibility of the default rulebook (2022 law), added to the seed
# bloc's rulebook so that its cycles (2018-2023) judge proposals on history.
_DEFAULT = rulebook_text("default")
TITLES = _DEFAULT[_DEFAULT.index("# Emulation titles") :]
TITLED = rulebook_text() + "\n" + TITLES
OTHER_UNITS = {"SYT": "Sở Y tế", "SGDDT": "Sở Giáo dục và Đào tạo",
               "SXD": "Sở Xây dựng", "SCT": "Sở Công Thương"}  # fmt: skip


def decision(year: int, number: str = "1") -> dict[str, Any]:
    return {"number": f"{number}/QĐ-{year}", "decided_on": date(year, 12, 20)}


def person(code: str, kind: str = "individual") -> dict[str, str]:
    return {"kind": kind, "code": code}


def individual(unit: str, name: str) -> dict[str, str]:
    return {"kind": "individual", "unit": unit, "name": name}


class RegistryDesk:
    def __init__(self, desk: Desk) -> None:
        self.desk = desk

    def register(
        self, code: str, name: str, unit: str = "SNV", since: date = date(2015, 1, 1)
    ) -> None:
        self.desk(
            rc.RegisterPerson,
            code=code,
            name=name,
            unit=unit,
            position="Chuyên viên",
            since=since,
        )

    def confer(
        self, code: str, title: str, *years: int, kind: str = "individual"
    ) -> None:
        for year in years:
            self.desk(
                rc.ConferTitle,
                holder=person(code, kind),
                title=title,
                year=year,
                decision=decision(year),
            )

    def staff(
        self, unit: str, people: int, *held: tuple[str, int], first: int = 1
    ) -> list[str]:
        """`people` people posted in `unit` (codes `unit-1`, …), the first of them
        holding the titles `held` as (title, how many of them)."""
        codes = [f"{unit}-{n}" for n in range(first, first + people)]
        for code in codes:
            self.register(code, f"Người {code}", unit)
        for title, count in held:
            for code in codes[:count]:
                self.confer(code, title, 2023)
        return codes

    def other_bloc_to_review(self, year: int) -> dict[str, Any]:
        """A second bloc (KHOI2) of four units, ready for its year-end review."""
        desk = self.desk
        if "KHOI2" not in [b.code for b in desk.app.blocs()]:
            desk(c.CreateBloc, bloc="KHOI2", name="Khối Văn xã", province="Lào Cai")
            for unit, name in OTHER_UNITS.items():
                desk(c.AddUnit, bloc="KHOI2", unit=unit, name=name, year=2018)
        cycle = {"bloc": "KHOI2", "year": year}
        desk(c.OpenCycle, **cycle, rulebook_text=TITLED)
        for unit in OTHER_UNITS:
            desk(
                c.SignCovenant,
                **cycle,
                unit=unit,
                signatory="Người ký",
                signed_on=date(year, 1, 16),
            )
        points = dict(zip(CRITERIA, SCORES["SNV"], strict=True))
        for unit in OTHER_UNITS:
            desk(c.SubmitScores, **cycle, unit=unit, points=points)
        desk(c.CloseScoring, **cycle)
        return cycle
