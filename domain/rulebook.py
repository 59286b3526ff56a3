"""The rulebook: a TOML text, validated by pydantic, adopted into a cycle when it opens.

Every threshold, quota, point scale and stage order of a bloc lives here, never in code.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from thidua.domain.rulebook_titles import (
    Eligibility,
    MemberCondition,
    Prerequisite,
    TitleQuota,
)
from thidua.domain.types import (
    AwardCode,
    CriterionCode,
    Frozen,
    MotionCode,
    Points,
    Stage,
    Text,
    stored,
)

# Not a rule but the limit of what a rulebook's number can be: every count, points
# value and fraction term fits a 32-bit integer, as the read models' columns and
# spreadsheets hold them. A rulebook already adopted loads as it was.
LARGEST = 2**31 - 1


def _count_within(value: int, info: ValidationInfo) -> int:
    if stored(info) or abs(value) <= LARGEST:
        return value
    raise ValueError(f"must be at most {LARGEST}")


def _points_within(value: Decimal, info: ValidationInfo) -> Decimal:
    if stored(info) or abs(value) <= LARGEST:
        return value
    raise ValueError(f"must be at most {LARGEST}")


def _fraction_within(value: Fraction, info: ValidationInfo) -> Fraction:
    if stored(info) or max(abs(value.numerator), value.denominator) <= LARGEST:
        return value
    raise ValueError(f"numerator and denominator must be at most {LARGEST}")


Count = Annotated[int, AfterValidator(_count_within)]
RulePoints = Annotated[Points, AfterValidator(_points_within)]
Share = Annotated[Fraction, AfterValidator(_fraction_within)]
RecipientKind = Literal["collective", "individual"]
Assessor = Literal["head", "deputy", "team"]
Denominator = Literal["eligible", "present", "cast", "valid"]


class Titled(Frozen):
    title_vi: Text = Field(min_length=1)
    title_en: Text = Field(min_length=1)

    def title(self) -> str:
        return f"{self.title_en} ({self.title_vi})"


class Meta(Titled):
    code: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    version: str = Field(min_length=1)
    province: Text = ""
    legal_basis: tuple[Text, ...] = Field(min_length=1)
    effective_from: date
    effective_to: date | None = None
    stages: tuple[Stage, ...] = (Stage.COVENANT, Stage.SCORING, Stage.REVIEW)
    min_members: Count = Field(default=2, ge=1)
    signatures_required: bool = False

    @field_validator("stages")
    @classmethod
    def _stage_order(cls, stages: tuple[Stage, ...]) -> tuple[Stage, ...]:
        canonical = [Stage.COVENANT, Stage.SCORING, Stage.REVIEW]
        if Stage.CLOSED in stages or stages[-1:] != (Stage.REVIEW,):
            raise ValueError("stages must end with 'review' and may not name 'closed'")
        if list(stages) != [s for s in canonical if s in stages]:
            raise ValueError("stages must keep the order covenant, scoring, review")
        return stages

    @model_validator(mode="after")
    def _dates(self) -> Meta:
        if self.effective_to and self.effective_to < self.effective_from:
            raise ValueError("effective_to is before effective_from")
        return self

    def in_force(self, year: int) -> bool:
        starts_in_time = self.effective_from <= date(year, 12, 31)
        return starts_in_time and (
            self.effective_to is None or self.effective_to >= date(year, 1, 1)
        )


class Group(Titled):
    code: CriterionCode


class Criterion(Titled):
    code: CriterionCode
    group: CriterionCode | None = None
    max_points: RulePoints = Field(gt=0)


class Adjustment(Titled):
    """A bonus (điểm thưởng) or penalty (điểm trừ) rule with its upper bound."""

    code: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    kind: Literal["bonus", "penalty"]
    max_points: RulePoints = Field(gt=0)


TieBreak = (
    str  # "fewer-penalty", "more-bonus", "base-points", "group:CODE", "criterion:CODE"
)


class Scoring(Frozen):
    base_max: RulePoints = Field(gt=0)
    decimal_places: Count = Field(default=1, ge=0, le=4)
    bonus_cap: RulePoints = Decimal(0)
    penalty_cap: RulePoints | None = None
    total_may_exceed_base: bool = True
    during_covenant: bool = False
    assessors: tuple[Assessor, ...] = ("head", "deputy", "team")
    complete_to_close: bool = True
    tie_breaks: tuple[TieBreak, ...] = ()

    @model_validator(mode="after")
    def _tie_breaks_known(self) -> Scoring:
        for rule in self.tie_breaks:
            if not re.fullmatch(
                r"fewer-penalty|more-bonus|base-points|(group|criterion):[A-Z0-9_.-]+",
                rule,
            ):
                raise ValueError(f"unknown tie-break {rule!r}")
        return self


class Motion(Titled):
    """A question the bloc votes on (bình chọn, suy tôn) and how its ballots count."""

    code: MotionCode
    ballot: Literal["choose", "approve"] = "choose"
    seats: Count = Field(default=1, ge=1)
    max_choices: Count | None = Field(default=None, ge=1)
    secret: bool = True
    quorum: Share = Fraction(2, 3)
    threshold: Share = Fraction(1, 2)
    threshold_rule: Literal["more-than", "at-least"] = "more-than"
    denominator: Denominator = "eligible"
    tie: Literal["runoff", "ranking", "none"] = "runoff"
    max_rounds: Count = Field(default=3, ge=1)
    further_round: Literal["top-two", "tied-first", "none"] = "none"  # unset: as before
    candidates_top: Count | None = Field(default=None, ge=1)
    self_vote: bool = True

    @field_validator("quorum", "threshold")
    @classmethod
    def _a_fraction_of_one(cls, value: Fraction) -> Fraction:
        if not 0 <= value <= 1:
            raise ValueError("must be a fraction between 0 and 1")
        return value

    @property
    def choices_allowed(self) -> int:
        return self.max_choices or self.seats


class AwardType(Titled):
    """A form of award (hình thức khen thưởng): who may receive it, who grants it."""

    code: AwardCode
    recipients: tuple[RecipientKind, ...] = Field(min_length=1)
    authority_vi: Text = Field(min_length=1)
    authority_en: Text = Field(min_length=1)
    on_proposal: bool = True
    quota_collective: Count | None = Field(default=None, ge=0)
    quota_individual: Count | None = Field(default=None, ge=0)
    requires_motion: MotionCode | None = None
    max_rank: Count | None = Field(default=None, ge=1)
    whole_member_unit: bool = False

    def quota(self, kind: RecipientKind) -> int | None:
        return self.quota_collective if kind == "collective" else self.quota_individual

    def authority(self) -> str:
        return f"{self.authority_en} ({self.authority_vi})"


class TitleType(AwardType):
    """An emulation title (danh hiệu thi đua): proposed and granted in a cycle like
    a form of commendation, and kept in the holder's register year by year."""

    source: Text = Field(min_length=1)
    prerequisites: tuple[Prerequisite, ...] = ()
    # Titles or forms that may not be held in the same year as this one.
    not_with: tuple[AwardCode, ...] = ()
    share_of: TitleQuota | None = None
    # What a collective's members must hold in the year proposed.
    members: tuple[MemberCondition, ...] = ()


class Rulebook(Frozen):
    rulebook: Meta
    scoring: Scoring
    groups: tuple[Group, ...] = ()
    criteria: tuple[Criterion, ...] = Field(min_length=1)
    adjustments: tuple[Adjustment, ...] = ()
    motions: tuple[Motion, ...] = ()
    awards: tuple[AwardType, ...] = ()
    titles: tuple[TitleType, ...] = ()
    eligibility: Eligibility = Eligibility()

    def criterion(self, code: str) -> Criterion | None:
        return next((c for c in self.criteria if c.code == code), None)

    def adjustment(self, code: str) -> Adjustment | None:
        return next((a for a in self.adjustments if a.code == code), None)

    def motion(self, code: str) -> Motion | None:
        return next((m for m in self.motions if m.code == code), None)

    def award(self, code: str) -> AwardType | None:
        """A form of commendation or a title, by its code."""
        return next((a for a in (*self.awards, *self.titles) if a.code == code), None)

    def title(self, code: str) -> TitleType | None:
        return next((t for t in self.titles if t.code == code), None)


def rulebook_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_rulebook(text: str) -> Rulebook:
    """A rulebook offered for adoption, judged by today's rules of input."""
    from thidua.domain.rulebook_text import parse

    return parse(text, adopted=False)


def parse_rulebook(text: str) -> Rulebook:
    """A rulebook a cycle adopted: every load replays this (the parse is cached);
    it is read as it was adopted, never refused by input rules made since."""
    from thidua.domain.rulebook_text import parse

    return parse(text, adopted=True)
