"""The commendation rules (quy định khen thưởng): deadlines, public notice, the
council's quorum and threshold, lower forms, reward amounts, report columns.

A TOML text, validated here and adopted into each dossier, session and decision
when it begins, so a stream is always judged by the rules it began under. Every
number carries its source; one without is marked [C], a setting of the province.
"""

from __future__ import annotations

import hashlib
import tomllib
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Literal

from pydantic import Field, ValidationError

from thidua.domain.errors import RulebookInvalid
from thidua.domain.types import AwardCode, Frozen, Text

DocumentKind = Literal["request", "report", "minutes", "initiative", "other"]
Step = Literal["receive", "appraise", "resubmit", "decide"]
RecipientKind = Literal["collective", "individual"]
Column = Literal["merit", "fighter", "flag", "badge"]


class Sourced(Frozen):
    source: Text = Field(min_length=1)


class Deadline(Sourced):
    """How many working days a step may take, counted from the step before."""

    step: Step
    working_days: int = Field(ge=1, le=365)


class Notice(Sourced):
    """Public notice (công khai) before the council takes a dossier up."""

    awards: tuple[AwardCode, ...] = ()
    working_days: int = Field(ge=1, le=365)


class Council(Sourced):
    """The council's quorum (of all members) and the share of members that carries."""

    quorum: Fraction = Field(gt=0, le=1)
    threshold: Fraction = Field(gt=0, le=1)
    threshold_rule: Literal["more-than", "at-least"] = "at-least"
    denominator: Literal["eligible", "present", "cast"] = "eligible"


class LowerForm(Sourced):
    award: AwardCode
    lower: AwardCode


class BaseSalary(Sourced):
    """The base salary (mức lương cơ sở) in force from a day, in đồng a month."""

    amount: int = Field(gt=0)
    effective_from: date


class Amount(Sourced):
    """A reward: a coefficient of the base salary in force on the decision's day."""

    award: AwardCode
    kind: RecipientKind
    coefficient: Decimal = Field(ge=0, le=1000)


class Rounding(Sourced):
    """A reward is rounded to a multiple of `to` đồng: up, or to the nearest
    (half up), as the province reads its text."""

    to: int = Field(ge=1, le=1_000_000)
    mode: Literal["up", "nearest"] = "up"


class Forms(Sourced):
    """The awards that are forms of commendation (hình thức khen thưởng), written in
    a register apart from the emulation titles (danh hiệu thi đua)."""

    awards: tuple[AwardCode, ...] = ()


class ReportColumn(Sourced):
    award: AwardCode
    column: Column


class Meta(Frozen):
    code: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    version: str = Field(min_length=1)
    legal_basis: tuple[Text, ...] = Field(min_length=1)


class CommendationRules(Frozen):
    rules: Meta
    required_documents: tuple[DocumentKind, ...] = ("request", "report", "minutes")
    deadlines: tuple[Deadline, ...] = ()
    holidays: tuple[date, ...] = ()
    notice: Notice
    council: Council
    lower_forms: tuple[LowerForm, ...] = ()
    base_salaries: tuple[BaseSalary, ...] = Field(min_length=1)
    amounts: tuple[Amount, ...] = ()
    # Rules texts adopted before these were kept round to the đồng and write every
    # line in a register as a title.
    rounding: Rounding | None = None
    forms: Forms | None = None
    report_columns: tuple[ReportColumn, ...] = ()

    def deadline(self, step: Step) -> int | None:
        return next((d.working_days for d in self.deadlines if d.step == step), None)

    def lower_form(self, award: str) -> str | None:
        return next((f.lower for f in self.lower_forms if f.award == award), None)

    def needs_notice(self, award: str) -> bool:
        return award in self.notice.awards

    def base_salary(self, on: date) -> BaseSalary | None:
        in_force = [b for b in self.base_salaries if b.effective_from <= on]
        return max(in_force, key=lambda b: b.effective_from, default=None)

    def amount(self, award: str, kind: str) -> Amount | None:
        return next(
            (a for a in self.amounts if (a.award, a.kind) == (award, kind)), None
        )

    def is_form(self, award: str) -> bool:
        return self.forms is not None and award in self.forms.awards

    def reward(self, coefficient: Decimal, base: int) -> int:
        if self.rounding is None:
            return reward(coefficient, base)
        return reward(coefficient, base, self.rounding.to, self.rounding.mode)

    def column(self, award: str) -> str | None:
        return next((c.column for c in self.report_columns if c.award == award), None)


def reward(coefficient: Decimal, base: int, to: int = 1, mode: str = "up") -> int:
    """The amount in đồng: the coefficient times the base salary, to the đồng, then
    to a multiple of `to`, up or to the nearest (half up)."""
    exact = int((coefficient * base).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if mode == "nearest":
        return (exact + to // 2) // to * to
    return -(-exact // to) * to


def rules_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@lru_cache(maxsize=64)
def parse_rules(text: str) -> CommendationRules:
    """The rules of a text, or a refusal naming the first problem."""
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, ValueError, RecursionError) as error:
        raise RulebookInvalid("not valid TOML: {error}", error=error) from None
    try:
        return CommendationRules.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "rules"
        raise RulebookInvalid(
            "{where}: {problem}", where=where, problem=first["msg"]
        ) from None


def default_rules_text() -> str:
    from importlib.resources import files

    return files("thidua.rulebooks").joinpath("commendation.toml").read_text("utf-8")
