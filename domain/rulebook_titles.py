"""Emulation titles (danh hiệu thi đua) in a rulebook, and what makes one eligible.

A title is conferred for a year by a numbered decision of its authority (Law
06/2022 Art. 80); unlike a form of commendation (hình thức khen thưởng), it may be
a prerequisite of a higher title in later years. Every number here comes from the
rulebook, which names its source or marks it a setting.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from thidua.domain.types import AwardCode, Frozen, Text


def _count(value: int) -> int:
    if value > 2**31 - 1:
        raise ValueError("must be at most 2147483647")
    return value


Years = Annotated[int, Field(ge=1), AfterValidator(_count)]


class Prerequisite(Frozen):
    """Title `title` held in `years` consecutive years before the year proposed,
    or, with `within`, in `years` of the last `within` years."""

    title: AwardCode
    years: Years
    within: Years | None = None
    # Counted up to the year proposed itself, not the year before (the Advanced
    # Worker title of the same year under a Grassroots Emulation Fighter).
    same_year: bool = False
    source: Text = Field(min_length=1)

    @model_validator(mode="after")
    def _window_holds_the_years(self) -> Prerequisite:
        if self.within is not None and self.within < self.years:
            raise ValueError("within must be at least years")
        return self

    @property
    def window(self) -> int:
        return self.within or self.years

    def span(self, year: int) -> list[int]:
        """The years this prerequisite looks at, for a proposal of `year`."""
        last = year if self.same_year else year - 1
        return list(range(last - self.window + 1, last + 1))


class TitleQuota(Frozen):
    """At most `share` of the holders of title `of` in the same year and unit (or
    bloc) may hold this title."""

    of: AwardCode
    numerator: Years
    denominator: Years
    per: Literal["unit", "bloc"] = "unit"
    source: Text = Field(min_length=1)

    def allows(self, holders_of_base: int) -> int:
        """How many may hold the title among that many holders of the base title."""
        return holders_of_base * self.numerator // self.denominator


class MemberCondition(Frozen):
    """Of the people posted in a collective (its sub-units included) in the year
    proposed, at least `numerator`/`denominator` (more than it, with `more_than`),
    and at least `at_least` of them, hold title `title` of that year."""

    title: AwardCode
    numerator: int = Field(default=0, ge=0)
    denominator: Years = 1
    more_than: bool = False
    at_least: int = Field(default=0, ge=0)
    source: Text = Field(min_length=1)

    def met(self, holders: int, members: int) -> bool:
        if holders < self.at_least:
            return False
        wanted, have = self.numerator * members, holders * self.denominator
        return have > wanted if self.more_than else have >= wanted

    def wanted(self) -> str:
        """What it asks, in signs any language reads: "≥ 70/100", "> 50/100", "≥ 1"."""
        parts = []
        if self.numerator or self.more_than:
            sign = ">" if self.more_than else "≥"
            parts.append(f"{sign} {self.numerator}/{self.denominator}")
        if self.at_least:
            parts.append(f"≥ {self.at_least}")
        return ", ".join(parts) or "≥ 0"


class Eligibility(Frozen):
    """Rules of eligibility across years, for every title and form."""

    # Nobody under pending discipline, investigation or complaint may be proposed
    # (Decree 98/2023 Art. 4; DOMAIN.md §7.3): held across every cycle and bloc.
    proceedings_bar: bool = True
    source: Text = "Nghị định 98/2023/NĐ-CP, Điều 4"
