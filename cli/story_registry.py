"""The seed story's people, with the titles their units conferred on them over
2017-2019, and one proposal the registry refuses for a missing year.

The article names no one: the people, their posts, their titles and the decision
numbers are invented for the demo (two of them are the individuals the bloc
commended for 2020). The bloc's own rulebook, like the article, has no emulation
titles; the check needs a cycle whose rulebook has them, so the 2019 cycle, which the
demo opens only for this, adopts the bloc's rulebook with the default rulebook's
titles and eligibility (the same 2003-law wording of the prerequisite: three
consecutive grassroots titles for the provincial one).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from thidua.domain import commands as c
from thidua.domain.registry import commands as rc

from .cast import BLOC, UNITS

if TYPE_CHECKING:
    from .story_commendation import Tell

ICT = timezone(timedelta(hours=7))
YEARS = (2017, 2018, 2019)
# (code, name, unit, position, posted since, {title: years held})
PEOPLE: tuple[tuple[str, str, str, str, date, dict[str, tuple[int, ...]]], ...] = (
    ("LC-0101", "Nguyễn Thị Thu Hà", "SNGV", "Chuyên viên Phòng Lãnh sự",
     date(2012, 3, 1), {"ldtt": YEARS, "cstd-co-so": YEARS}),
    ("LC-0102", "Giàng A Sử", "TTT", "Thanh tra viên", date(2014, 8, 1),
     {"ldtt": YEARS, "cstd-co-so": (2017, 2019)}),
    ("LC-0103", "Hoàng Thị Mai", "VPUBND", "Chuyên viên Phòng Tổng hợp",
     date(2016, 9, 1), {"ldtt": YEARS}),
)  # fmt: skip
REFUSED = "LC-0102"
_TITLES_FROM = "# Emulation titles"


def titled_rules() -> str:
    """The bloc's rulebook with the default rulebook's titles and eligibility."""
    shipped = files("thidua.rulebooks")
    default = shipped.joinpath("default.toml").read_text("utf-8")
    own = shipped.joinpath("lao-cai-tmth.toml").read_text("utf-8")
    return own + "\n" + default[default.index(_TITLES_FROM) :]


def registry(tell: Tell) -> None:
    """The people, their titles year by year, and the refused proposal."""
    for code, name, unit, position, since, _ in PEOPLE:
        tell(
            "person_registered",
            rc.RegisterPerson,
            {"code": code, "name": name, "unit": unit, "position": position,
             "since": since, "occurred_at": datetime(2021, 3, 8, 9, tzinfo=ICT)},
            code=code, name=name, unit=unit,
        )  # fmt: skip
    for year in YEARS:
        for code, name, unit, _, _, held in PEOPLE:
            # One decision of the unit's head a year for the unit's titles.
            decision = {
                "number": f"{year - 2000:02d}/QĐ-{unit}",
                "decided_on": date(year, 12, 25),
                "authority": f"Thủ trưởng {UNITS[unit][0]}",
            }
            for title, years in held.items():
                if year in years:
                    tell(
                        "title_conferred",
                        rc.ConferTitle,
                        {"holder": {"kind": "individual", "code": code},
                         "title": title, "year": year, "decision": decision,
                         "occurred_at": date(year, 12, 25)},
                        name=name, title=title, year=year, number=decision["number"],
                    )  # fmt: skip
    y2019: dict[str, Any] = {"bloc": BLOC, "year": 2019}
    opened = datetime(2021, 3, 8, 10, tzinfo=ICT)
    tell("open_2019", c.OpenCycle, {**y2019, "rulebook_text": titled_rules(),
                                    "occurred_at": opened})  # fmt: skip
    name, unit = next((p[1], p[2]) for p in PEOPLE if p[0] == REFUSED)
    tell(
        "propose_cstd_tinh",
        c.ProposeAward,
        {**y2019, "award": "cstd-tinh",
         "recipient": {"kind": "individual", "unit": unit, "name": name},
         "occurred_at": opened + timedelta(minutes=5)},
        refused=True, name=name,
    )  # fmt: skip
