"""The rulebook: a TOML text, validated by pydantic, adopted into a cycle when it opens.

Every threshold, quota, point scale and stage order of a bloc lives here, never in code.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from datetime import date
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from .errors import RulebookInvalid
from .types import AwardCode, CriterionCode, Frozen, MotionCode, Points, Stage, Text

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
    min_members: int = Field(default=2, ge=1)
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
    max_points: Points = Field(gt=0)


class Adjustment(Titled):
    """A bonus (điểm thưởng) or penalty (điểm trừ) rule with its upper bound."""

    code: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    kind: Literal["bonus", "penalty"]
    max_points: Points = Field(gt=0)


TieBreak = (
    str  # "fewer-penalty", "more-bonus", "base-points", "group:CODE", "criterion:CODE"
)


class Scoring(Frozen):
    base_max: Points = Field(gt=0)
    decimal_places: int = Field(default=1, ge=0, le=4)
    bonus_cap: Points = Decimal(0)
    penalty_cap: Points | None = None
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
    seats: int = Field(default=1, ge=1)
    max_choices: int | None = Field(default=None, ge=1)
    secret: bool = True
    quorum: Fraction = Fraction(2, 3)
    threshold: Fraction = Fraction(1, 2)
    threshold_rule: Literal["more-than", "at-least"] = "more-than"
    denominator: Denominator = "eligible"
    tie: Literal["runoff", "ranking", "none"] = "runoff"
    max_rounds: int = Field(default=3, ge=1)
    further_round: Literal["top-two", "tied-first", "none"] = "none"  # unset: as before
    candidates_top: int | None = Field(default=None, ge=1)
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
    quota_collective: int | None = Field(default=None, ge=0)
    quota_individual: int | None = Field(default=None, ge=0)
    requires_motion: MotionCode | None = None
    max_rank: int | None = Field(default=None, ge=1)
    whole_member_unit: bool = False

    def quota(self, kind: RecipientKind) -> int | None:
        return self.quota_collective if kind == "collective" else self.quota_individual

    def authority(self) -> str:
        return f"{self.authority_en} ({self.authority_vi})"


class Rulebook(Frozen):
    rulebook: Meta
    scoring: Scoring
    groups: tuple[Group, ...] = ()
    criteria: tuple[Criterion, ...] = Field(min_length=1)
    adjustments: tuple[Adjustment, ...] = ()
    motions: tuple[Motion, ...] = ()
    awards: tuple[AwardType, ...] = ()

    def criterion(self, code: str) -> Criterion | None:
        return next((c for c in self.criteria if c.code == code), None)

    def adjustment(self, code: str) -> Adjustment | None:
        return next((a for a in self.adjustments if a.code == code), None)

    def motion(self, code: str) -> Motion | None:
        return next((m for m in self.motions if m.code == code), None)

    def award(self, code: str) -> AwardType | None:
        return next((a for a in self.awards if a.code == code), None)


def rulebook_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@lru_cache(maxsize=32)
def parse_rulebook(text: str) -> Rulebook:
    """Parse and validate a rulebook; every cycle load replays this: hence the cache."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        raise RulebookInvalid(
            "not valid TOML: {error}",
            error=error,
            line=int(match[1]) if match else None,
        ) from None
    try:
        book = Rulebook.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        loc = tuple(first["loc"])
        where = ".".join(str(part) for part in loc) or "rulebook"
        raise RulebookInvalid(
            "{where}: {problem}",
            where=where,
            problem=first["msg"],
            line=_locate(text, loc),
        ) from None
    _check_references(text, book)
    return book


def _check_references(text: str, book: Rulebook) -> None:
    def refuse(message: str, loc: tuple[str | int, ...], **params: object) -> None:
        raise RulebookInvalid(message, line=_locate(text, loc), **params)

    for kind, items in (
        ("groups", book.groups),
        ("criteria", book.criteria),
        ("adjustments", book.adjustments),
        ("motions", book.motions),
        ("awards", book.awards),
    ):
        codes = [item.code for item in items]
        for index, code in enumerate(codes):
            if codes.index(code) != index:
                refuse(
                    "{kind}: code {code!r} is defined twice",
                    (kind, index, "code"),
                    kind=kind,
                    code=code,
                )
    groups = {g.code for g in book.groups}
    for index, criterion in enumerate(book.criteria):
        if criterion.group is not None and criterion.group not in groups:
            refuse(
                "criterion {code}: unknown group {group!r}",
                ("criteria", index, "group"),
                code=criterion.code,
                group=criterion.group,
            )
    total = sum((c.max_points for c in book.criteria), Decimal(0))
    if total != book.scoring.base_max:
        refuse(
            "scoring.base_max is {base_max} but the criteria add up to {total}",
            ("scoring", "base_max"),
            base_max=book.scoring.base_max,
            total=total,
        )
    for rule in book.scoring.tie_breaks:
        kind, _, code = rule.partition(":")
        known = groups if kind == "group" else {c.code for c in book.criteria}
        if code and code not in known:
            refuse(
                "tie-break {rule!r} names an unknown {kind}",
                ("scoring", "tie_breaks"),
                rule=rule,
                kind=kind,
            )
    motions = {m.code for m in book.motions}
    for index, award in enumerate(book.awards):
        if award.requires_motion and award.requires_motion not in motions:
            refuse(
                "award {code}: unknown motion {motion!r}",
                ("awards", index, "requires_motion"),
                code=award.code,
                motion=award.requires_motion,
            )


_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-]+)\s*\]\]?")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=")


def _locate(text: str, loc: tuple[str | int, ...]) -> int | None:
    """Find the line of the table or key a validation error points at."""
    positions: dict[tuple[str | int, ...], int] = {}
    counts: dict[str, int] = {}
    current: tuple[str | int, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        if header := _HEADER.match(line):
            name = header[2]
            if header[1] == "[[":
                counts[name] = counts.get(name, -1) + 1
                current = (*name.split("."), counts[name])
            else:
                current = tuple(name.split("."))
            positions.setdefault(current, number)
        elif key := _KEY.match(line):
            positions.setdefault((*current, key[1]), number)
    for length in range(len(loc), 0, -1):
        if loc[:length] in positions:
            return positions[loc[:length]]
    return None
