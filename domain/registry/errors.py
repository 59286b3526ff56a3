"""Refusals of the registry and of eligibility. Each names the rule that refused."""

from __future__ import annotations

from thidua.domain.errors import (
    AwardConditionNotMet,
    CommandRejected,
    NotFound,
    ThiduaError,
)


class HolderNotFound(NotFound):
    """Raised when no person or collective is registered under the given code."""

    rule = "unknown-holder"


class AmbiguousName(CommandRejected):
    """Raised when a name matches more than one registered person: the candidates
    are listed, and one is chosen by its code."""

    rule = "ambiguous-name"


class TitleNotHeld(CommandRejected):
    """Raised when a title to revoke is not held (never conferred, or revoked)."""

    rule = "unknown-title"


class ProceedingNotOpen(CommandRejected):
    """Raised when a proceeding to close is not open (never opened, or closed)."""

    rule = "unknown-proceeding"


class PrerequisiteNotMet(AwardConditionNotMet):
    """Raised when a holder's history lacks a title an award needs in earlier years,
    naming the years missing."""

    rule = "prerequisite"


class NotCombined(AwardConditionNotMet):
    """Raised when a title may not be held in the same year as one already held or
    proposed."""

    rule = "not-combined"


class TitleQuotaExceeded(AwardConditionNotMet):
    """Raised when a title would exceed its share of another title's holders."""

    rule = "title-quota"


class MemberConditionNotMet(AwardConditionNotMet):
    """Raised when too few of a collective's members hold a title the collective's
    title needs of them in the same year."""

    rule = "member-condition"


class WrongUnit(CommandRejected):
    """Raised when a registered person is named with a unit they do not belong to
    in the year of the proposal, or a transfer is out of order."""

    rule = "holder-unit"


class NoIdSalt(ThiduaError):
    """Raised when a national id is given but the store has no id salt set
    (THIDUA_ID_SALT): a national id is kept only as its salted hash."""

    rule = "id-salt"
