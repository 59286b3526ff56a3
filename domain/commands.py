"""Commands: what operators and unit representatives ask the engine to do.

Each is checked twice: its shape here, by pydantic; its meaning by the aggregate.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from thidua.domain.base import Command
from thidua.domain.types import (
    AwardCode,
    Ballot,
    BlocCode,
    CriterionCode,
    Decision,
    GivenPoints,
    MotionCode,
    Name,
    Recipient,
    Text,
    Token,
    UnitCode,
    Year,
)

__all__ = [
    "AddUnit",
    "AdjustScore",
    "AssessScores",
    "AssignLeads",
    "CastVote",
    "CloseCovenant",
    "CloseCycle",
    "CloseScoring",
    "CloseVote",
    "Command",
    "ConfigureBloc",
    "CreateBloc",
    "CycleCommand",
    "DeclineProposal",
    "GrantAward",
    "OpenCycle",
    "OpenVote",
    "ProposeAward",
    "RecordProceeding",
    "RegisterKey",
    "RegisterTargets",
    "RemoveUnit",
    "RevokeAward",
    "SignCovenant",
    "SubmitScores",
    "SyncRoster",
]


class RegisterKey(Command):
    """Register the issuing actor's Ed25519 public key (64 hex digits)."""

    public_key: str = Field(pattern=r"^[0-9a-f]{64}$")


class CreateBloc(Command):
    """Create an emulation bloc (khối thi đua) or cluster (cụm thi đua)."""

    bloc: BlocCode
    name: Name
    province: Name
    kind: Literal["khoi", "cum"] = "khoi"


class AddUnit(Command):
    """Add a member unit (đơn vị thành viên) to a bloc from a given year."""

    bloc: BlocCode
    unit: UnitCode
    name: Name
    # The first year of membership; without it, the year of the day it joins.
    year: Year | None = None
    decision: Text | None = None


class RemoveUnit(Command):
    """Record that a unit leaves the bloc in a given year (merger, reorganisation)."""

    bloc: BlocCode
    unit: UnitCode
    # The first year it is no longer a member; without it, the year of the day
    # it leaves.
    year: Year | None = None
    decision: Text | None = None
    # The member unit it merges into, if it does.
    successor: UnitCode | None = None


# The code after the document type in a document's number (Số: 01/BB-KTĐTMTH):
# capitals, Đ, digits and hyphens, as the bloc abbreviates its name.
DocumentCode = Annotated[
    str,
    BeforeValidator(lambda v: v.strip().upper() if isinstance(v, str) else v),
    Field(pattern=r"^([A-ZĐ0-9][A-ZĐ0-9-]{0,29})?$"),
]


class ConfigureBloc(Command):
    """Set how the bloc's documents name it (the bodies in the header, the place
    name, the code in their numbers), in force from a day; an empty value clears
    a setting, an absent one keeps it."""

    bloc: BlocCode
    superior_body: Text | None = None
    issuing_body: Text | None = None
    place: Text | None = None
    document_code: DocumentCode | None = None
    since: date | None = None


class CycleCommand(Command):
    bloc: BlocCode
    year: Year


class OpenCycle(CycleCommand):
    """Open the bloc's cycle for a year under a rulebook, with the year's members."""

    rulebook_text: str = Field(min_length=1)


class SyncRoster(CycleCommand):
    """Bring the cycle's roster in line with the bloc's members for the year."""


class AssignLeads(CycleCommand):
    """Assign the head unit (Trưởng khối) and deputy (Phó khối) for the cycle."""

    head: UnitCode
    deputy: UnitCode
    method: Literal["rotation", "election", "assignment"] = "rotation"


class SignCovenant(CycleCommand):
    """Record a unit's signature of the emulation covenant (ký kết giao ước thi đua)."""

    unit: UnitCode
    signatory: Name
    signatory_title: Name | None = None
    signed_on: date


class RegisterTargets(CycleCommand):
    """Register a unit's targets and the titles it aims for (đăng ký thi đua)."""

    unit: UnitCode
    targets: tuple[Text, ...] = ()
    titles: tuple[Text, ...] = ()


class CloseCovenant(CycleCommand):
    """End covenant signing before every member has signed."""


class SubmitScores(CycleCommand):
    """Submit a unit's self-assessed points per criterion (tự chấm điểm)."""

    unit: UnitCode
    points: dict[CriterionCode, GivenPoints] = Field(min_length=1)


class AssessScores(CycleCommand):
    """Record the assessed points (thẩm định) of a unit, by head, deputy or a team."""

    unit: UnitCode
    assessor: Literal["head", "deputy", "team"]
    points: dict[CriterionCode, GivenPoints] = Field(min_length=1)
    notes: dict[CriterionCode, Text] = Field(default_factory=dict)


class AdjustScore(CycleCommand):
    """Add bonus (điểm thưởng) or penalty (điểm trừ) points under a rulebook rule."""

    unit: UnitCode
    rule: Token
    points: GivenPoints


class CloseScoring(CycleCommand):
    """Close scoring and freeze the standings (xếp hạng)."""


class OpenVote(CycleCommand):
    """Open a round of voting on a motion (bình chọn, suy tôn)."""

    motion: MotionCode
    candidates: tuple[UnitCode, ...] = ()
    absent: tuple[UnitCode, ...] = ()


class CastVote(CycleCommand):
    """Cast a unit's ballot; for a secret ballot only the fact that it voted is kept."""

    motion: MotionCode
    voter: UnitCode
    ballot: Ballot | None = None


class CloseVote(CycleCommand):
    """Close the open round; a secret round brings its counted ballots as one batch."""

    motion: MotionCode
    ballots: tuple[Ballot, ...] = ()


class ProposeAward(CycleCommand):
    """Propose an award (đề nghị khen thưởng) to its granting authority."""

    award: AwardCode
    recipient: Recipient
    # The registered person (domain/registry/) the proposal is for, by code; if
    # not given, the application finds them by the recipient's name.
    person: UnitCode | None = None


class GrantAward(CycleCommand):
    """Record an award granted by decision, on a proposal or directly."""

    decision: Decision
    proposal: Token | None = None
    award: AwardCode | None = None
    recipient: Recipient | None = None
    person: UnitCode | None = None


class DeclineProposal(CycleCommand):
    """Record that the granting authority declined a proposal."""

    proposal: Token
    decision: Decision


class RevokeAward(CycleCommand):
    """Revoke a granted award by decision, with reasons (hủy bỏ quyết định)."""

    award_id: Token
    decision: Decision


class RecordProceeding(CycleCommand):
    """Record that discipline, an investigation or a complaint opened or ended."""

    recipient: Recipient
    kind: Literal["discipline", "investigation", "complaint"]
    pending: bool


class CloseCycle(CycleCommand):
    """Close the cycle; afterwards only decisions on proposals and revocations."""
