"""Named value types of the domain: codes, years, points, names, roles and stages."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    model_validator,
)


class Frozen(BaseModel):
    """Base of every command, event and value object: immutable, no stray fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Self:
        # A value is shared, not copied: the copy of a stream that each command
        # judges then costs only the stream's own mutable state.
        return self


def _upper(value: object) -> object:
    return value.strip().upper() if isinstance(value, str) else value


def _nfc(value: str) -> str:
    # Names typed on different keyboards arrive composed or decomposed; store one form.
    return unicodedata.normalize("NFC", value.strip())


# Control (Cc: newlines, tabs, the ESC of terminal escapes), format (Cf: bidi
# overrides, zero-width marks), line and paragraph separators, and the surrogates an
# undecodable command line leaves: none belongs in a name or a line of text.
UNPRINTABLE = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
STORED = "stored"  # the validation context of what was already recorded


def stored(info: ValidationInfo) -> bool:
    """Whether this validates what is already recorded (an event, a snapshot, an
    adopted rulebook) rather than new input: the record is never refused later."""
    return bool(info.context and info.context.get(STORED))


def _printable(value: str, info: ValidationInfo) -> str:
    if stored(info) or value.isprintable():
        # Python's printable excludes every category refused here (and Zs but the
        # space), so most text needs no walk character by character.
        return value
    for char in value:
        if unicodedata.category(char) in UNPRINTABLE:
            raise ValueError(
                f"contains the control character U+{ord(char):04X}: names and texts"
                " are one line of printable characters"
            )
    return value


Code = Annotated[
    str,
    BeforeValidator(_upper),
    Field(pattern=r"^[A-Z0-9][A-Z0-9_.-]{0,31}$"),
]
BlocCode = Code
UnitCode = Code
CriterionCode = Code
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,47}$")]
MotionCode = Slug
AwardCode = Slug
Year = Annotated[int, Field(ge=1945, le=2200)]
Points = Annotated[Decimal, Field(ge=0, allow_inf_nan=False)]
# Points as an operator typed them: the domain, not the parser, refuses a negative.
GivenPoints = Annotated[Decimal, Field(allow_inf_nan=False)]
# Control characters are refused before spaces are trimmed: str.strip() would drop
# the separators \x1c-\x1f silently.
Name = Annotated[
    str,
    AfterValidator(_printable),
    AfterValidator(_nfc),
    Field(min_length=1, max_length=300),
]
Text = Annotated[
    str, AfterValidator(_printable), AfterValidator(_nfc), Field(max_length=4000)
]
# An identifier an operator types (a command id, an award id): printable, as typed.
Token = Annotated[str, AfterValidator(_printable), Field(min_length=1, max_length=200)]


class Role(StrEnum):
    """Who is acting: the secretariat, a unit's representative, or a reader."""

    OPERATOR = "operator"
    UNIT = "unit"
    AUDITOR = "auditor"
    ANALYST = "analyst"


class Stage(StrEnum):
    """Where a cycle stands; the rulebook chooses which of the first two it has."""

    COVENANT = "covenant"
    SCORING = "scoring"
    REVIEW = "review"
    CLOSED = "closed"


STAGE_TITLES: dict[Stage, str] = {
    Stage.COVENANT: "covenant signing (ký kết giao ước)",
    Stage.SCORING: "scoring (chấm điểm)",
    Stage.REVIEW: "year-end review (tổng kết, bình xét)",
    Stage.CLOSED: "closed (đã kết thúc)",
}


class Actor(Frozen):
    """The person issuing a command, in a role; a unit representative names the unit."""

    name: Name
    role: Role = Role.OPERATOR
    unit: UnitCode | None = None

    def label(self) -> str:
        if self.role is Role.UNIT:
            return f"{self.name} ({self.role.value} {self.unit})"
        return f"{self.name} ({self.role.value})"


class Ballot(Frozen):
    """One ballot paper: candidates chosen (or approved), those rejected, or spoiled."""

    choices: tuple[UnitCode, ...] = ()
    rejects: tuple[UnitCode, ...] = ()
    spoiled: bool = False

    def sort_key(self) -> tuple[bool, tuple[str, ...], tuple[str, ...]]:
        return (self.spoiled, self.choices, self.rejects)


class Recipient(Frozen):
    """Who receives an award: a collective (tập thể) or a person (cá nhân), with the
    member unit they belong to. Without a name, a collective is the whole unit."""

    kind: Literal["collective", "individual"]
    unit: UnitCode
    name: Name | None = None

    @model_validator(mode="after")
    def _person_has_a_name(self) -> Recipient:
        if self.kind == "individual" and self.name is None:
            raise ValueError("an individual recipient needs a name")
        return self

    def key(self) -> tuple[str, str, str]:
        return (self.kind, self.unit, (self.name or "").casefold())

    def label(self) -> str:
        name = self.name or self.unit
        return name if self.kind == "collective" else f"{name} ({self.unit})"


class Decision(Frozen):
    """A numbered decision (quyết định) of a granting authority."""

    number: Name
    decided_on: date
    authority: Name | None = None
