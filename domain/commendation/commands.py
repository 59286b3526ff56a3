"""Commands of the commendation work: dossiers, council sessions, decisions."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from thidua.domain.base import Command
from thidua.domain.commendation.rules import DocumentKind
from thidua.domain.types import BlocCode, Code, Name, Text, Token, Year


class DossierCommand(Command):
    dossier: Code


class OpenDossier(DossierCommand):
    """Open a dossier (hồ sơ đề nghị) for one or more of a cycle's proposals."""

    bloc: BlocCode
    year: Year
    proposals: tuple[Token, ...] = Field(min_length=1)
    proposer: Name
    rules_text: str = Field(min_length=1)


class AttachDocument(DossierCommand):
    """Attach a document, stored by its SHA-256 in the content store."""

    kind: DocumentKind
    title: Name
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    size: int = Field(ge=0)


class SubmitDossier(DossierCommand):
    """Send the dossier to the emulation board (again, after a return)."""


class ReceiveDossier(DossierCommand):
    """The board acknowledges a submitted dossier as complete for review."""


class ReturnDossier(DossierCommand):
    """The board sends the dossier back to its proposer, with the reason."""


class AppraiseDossier(DossierCommand):
    """The board has appraised (thẩm định) the dossier for the council."""


class PublishNotice(DossierCommand):
    """Publish the dossier's proposals (công khai) from a day, for the rules' period."""

    from_day: date


class RecordComment(DossierCommand):
    """Record a comment received during the public notice."""

    author: Name
    text: Text = Field(min_length=1)


class WithdrawDossier(DossierCommand):
    """The proposer withdraws the dossier; it stays in the history."""


class TakeUpDossier(DossierCommand):
    """The council's session takes the dossier up (recorded by `AddToAgenda`)."""

    session: Code
    held_on: date


class CloseDossier(DossierCommand):
    """The dossier is decided (recorded by `IssueDecision`)."""

    decision: Name


class SessionCommand(Command):
    session: Code


class OpenSession(SessionCommand):
    """Open a session of the Emulation and Commendation Council with its members."""

    held_on: date
    members: tuple[Name, ...] = Field(min_length=1)
    chair: Name
    rules_text: str = Field(min_length=1)


class RecordAttendance(SessionCommand):
    """The members present at the session."""

    present: tuple[Name, ...]


class AddToAgenda(SessionCommand):
    """Put an appraised dossier before the council."""

    dossier: Code


Choice = Literal["yes", "lower", "no"]


class RecordOpinion(SessionCommand):
    """An absent member's written opinion (ý kiến bằng văn bản) on one item."""

    member: Name
    dossier: Code
    proposal: Token
    choice: Choice


class CountBallots(SessionCommand):
    """The secret ballot on one item: the papers as counted, without names."""

    dossier: Code
    proposal: Token
    papers: tuple[Choice, ...]
    spoiled: int = Field(default=0, ge=0)


class CloseSession(SessionCommand):
    """Close the session once every item on its agenda is counted."""


class DecisionCommand(Command):
    number: Name


class IssueDecision(DecisionCommand):
    """The chair's decision (quyết định) on items the council passed."""

    decided_on: date
    signer: Name
    authority: Name
    sessions: tuple[Code, ...] = Field(min_length=1)
    rules_text: str = Field(min_length=1)


class RevokeDecision(DecisionCommand):
    """Revoke (hủy bỏ) a decision, or one line of it, by a later decision."""

    revoking: Name
    decided_on: date
    line: int | None = Field(default=None, ge=1)
