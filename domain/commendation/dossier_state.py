"""What a dossier records and how its events fold into its state: the items it
carries, its documents, its events and `evolve`. The refusals are in dossier.py.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Literal

from thidua.domain.commendation.rules import CommendationRules, parse_rules
from thidua.domain.commendation.stream import Checkpoint, Folded, Started, day_of
from thidua.domain.types import AwardCode, Frozen, Recipient, Token

Status = Literal[
    "draft",
    "submitted",
    "received",
    "returned",
    "resubmitted",
    "appraised",
    "council",
    "decided",
    "withdrawn",
]


class Item(Frozen):
    """One proposal of a cycle that the dossier carries."""

    bloc: str
    year: int
    proposal: Token
    award: AwardCode
    recipient: Recipient


class Document(Frozen):
    kind: str
    title: str
    sha256: str
    size: int
    attached_on: date


class DossierOpened(Started):
    code: str
    proposer: str
    items: tuple[Item, ...]
    minutes: Checkpoint  # the cycle as it stood: its minutes' checkpoint
    rules_text: str
    rules_sha256: str


class DocumentAttached(Folded):
    kind: str
    title: str
    sha256: str
    size: int


class DossierSubmitted(Folded):
    pass


class DossierResubmitted(Folded):
    pass


class DossierReceived(Folded):
    pass


class DossierReturned(Folded):
    pass


class DossierAppraised(Folded):
    pass


class NoticePublished(Folded):
    from_day: date
    until: date


class CommentRecorded(Folded):
    author: str
    text: str


class DossierTakenUp(Folded):
    session: str


class DossierDecided(Folded):
    decision: str


class DossierWithdrawn(Folded):
    pass


@dataclass(frozen=True)
class DossierState:
    code: str
    proposer: str
    items: tuple[Item, ...]
    minutes: Checkpoint
    rules: CommendationRules
    status: Status = "draft"
    since: date | None = None
    documents: tuple[Document, ...] = ()
    returns: tuple[str, ...] = ()
    notice: tuple[date, date] | None = None
    comments: tuple[tuple[str, str], ...] = ()
    session: str | None = None
    decision: str | None = None

    def __deepcopy__(self, memo: object) -> DossierState:
        return self  # immutable: shared by the copies of its stream

    def needs_notice(self) -> bool:
        return any(self.rules.needs_notice(item.award) for item in self.items)

    def item(self, proposal: str) -> Item | None:
        return next((i for i in self.items if i.proposal == proposal), None)


STATUS_OF: dict[type[Folded], Status] = {
    DossierSubmitted: "submitted",
    DossierResubmitted: "resubmitted",
    DossierReceived: "received",
    DossierReturned: "returned",
    DossierAppraised: "appraised",
    DossierTakenUp: "council",
    DossierDecided: "decided",
    DossierWithdrawn: "withdrawn",
}


def evolve(state: DossierState | None, event: Any) -> DossierState:
    """The dossier after one event; never refuses."""
    if isinstance(event, DossierOpened):
        return DossierState(
            code=event.code,
            proposer=event.proposer,
            items=event.items,
            minutes=event.minutes,
            rules=parse_rules(event.rules_text),
            since=day_of(event),
        )
    assert state is not None
    day = day_of(event)
    if isinstance(event, DocumentAttached):
        document = Document(
            kind=event.kind,
            title=event.title,
            sha256=event.sha256,
            size=event.size,
            attached_on=day,
        )
        return replace(state, documents=(*state.documents, document))
    if isinstance(event, NoticePublished):
        return replace(state, notice=(event.from_day, event.until))
    if isinstance(event, CommentRecorded):
        return replace(state, comments=(*state.comments, (event.author, event.text)))
    status = STATUS_OF[type(event)]
    state = replace(state, status=status, since=day)
    if isinstance(event, DossierReturned):
        state = replace(state, returns=(*state.returns, event.reason or ""))
    if isinstance(event, DossierTakenUp):
        state = replace(state, session=event.session)
    if isinstance(event, DossierDecided):
        state = replace(state, decision=event.decision)
    return state
