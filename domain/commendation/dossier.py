"""A dossier (hồ sơ đề nghị khen thưởng): a proposing body's request for one or
more of a cycle's proposals, its documents, and its way through the board.

draft → submitted → received (→ returned → resubmitted → received …) → appraised
→ (public notice) → taken up by the council → decided; or withdrawn. Every step is
an event and nothing is deleted: a returned dossier keeps its first documents.
Law 06/2022 Arts. 83 (who proposes) and 84 (what the dossier holds).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from thidua.domain.base import Stream, require_operator
from thidua.domain.commendation import commands as k
from thidua.domain.commendation.calendar import add_working_days
from thidua.domain.commendation.dossier_state import (
    CommentRecorded,
    DocumentAttached,
    DossierAppraised,
    DossierDecided,
    DossierOpened,
    DossierReceived,
    DossierResubmitted,
    DossierReturned,
    DossierState,
    DossierSubmitted,
    DossierTakenUp,
    DossierWithdrawn,
    Item,
    NoticePublished,
    Status,
    evolve,
)
from thidua.domain.commendation.errors import (
    DayOutOfOrder,
    DocumentsMissing,
    NoticeNotOver,
    WrongDossierStatus,
)
from thidua.domain.commendation.rules import parse_rules
from thidua.domain.commendation.stream import Change, Checkpoint, DeciderStream
from thidua.domain.errors import ReasonRequired
from thidua.domain.phrase import Term


def open_dossier(
    command: k.OpenDossier,
    items: tuple[Item, ...],
    minutes: Checkpoint,
    rules_sha256: str,
) -> list[Change]:
    """What opening records: the items and the minutes' checkpoint as they stand."""
    require_operator(command.actor)
    parse_rules(command.rules_text)
    return [
        (
            DossierOpened,
            {
                "code": command.dossier,
                "proposer": command.proposer,
                "items": items,
                "minutes": minutes,
                "rules_text": command.rules_text,
                "rules_sha256": rules_sha256,
            },
        )
    ]


def _require(state: DossierState, doing: str, *statuses: Status) -> None:
    if state.status not in statuses:
        raise WrongDossierStatus(
            "dossier {code} is {status}: cannot {doing}",
            code=state.code,
            status=state.status,
            doing=doing,
            value=state.status,
        )


def decide(state: DossierState, command: k.DossierCommand) -> list[Change]:
    """The events a command on an existing dossier records, or a refusal."""
    require_operator(command.actor)
    return DECIDERS[type(command)](state, command)


def _attach(state: DossierState, command: Any) -> list[Change]:
    _require(state, "attach a document", "draft", "returned")
    fields = command.model_dump(include={"kind", "title", "sha256", "size"})
    return [(DocumentAttached, fields)]


def _submit(state: DossierState, _command: Any) -> list[Change]:
    _require(state, "submit", "draft", "returned")
    kinds = {d.kind for d in state.documents}
    if missing := [
        kind for kind in state.rules.required_documents if kind not in kinds
    ]:
        raise DocumentsMissing(
            "dossier {code} lacks a document of kind {missing} (Law 06/2022 Art. 84)",
            code=state.code,
            missing=", ".join(missing),
            value=missing,
        )
    event = DossierSubmitted if state.status == "draft" else DossierResubmitted
    return [(event, {})]


def _receive(state: DossierState, _command: Any) -> list[Change]:
    _require(state, "receive", "submitted", "resubmitted")
    return [(DossierReceived, {})]


def _return(state: DossierState, command: Any) -> list[Change]:
    _require(state, "return", "submitted", "resubmitted", "received")
    if not command.reason:
        raise ReasonRequired("a returned dossier needs its reason", value=state.code)
    return [(DossierReturned, {})]


def _appraise(state: DossierState, _command: Any) -> list[Change]:
    _require(state, "appraise", "received")
    return [(DossierAppraised, {})]


def _publish(state: DossierState, command: Any) -> list[Change]:
    _require(state, "publish its notice", "appraised")
    if state.notice is not None:
        raise WrongDossierStatus(
            "dossier {code} is already published", code=state.code, value=state.code
        )
    _not_before(state, Term("word", "its notice"), command.from_day)
    period = state.rules.notice.working_days
    until = add_working_days(command.from_day, period, state.rules.holidays)
    return [(NoticePublished, {"from_day": command.from_day, "until": until})]


def _comment(state: DossierState, command: Any) -> list[Change]:
    if state.notice is None:
        raise WrongDossierStatus(
            "dossier {code} has no public notice to comment on",
            code=state.code,
            value=state.code,
        )
    return [(CommentRecorded, {"author": command.author, "text": command.text})]


def _not_before(state: DossierState, what: Term, day: Any) -> None:
    """A step dated before the day the dossier was appraised, as its event
    recorded it, is out of order (the notice and the council follow it)."""
    if state.since is not None and day < state.since:
        raise DayOutOfOrder(
            "dossier {code} was appraised on {appraised}: {what} cannot be dated "
            "{day}, before it",
            code=state.code,
            appraised=state.since.isoformat(),
            what=what,
            day=day.isoformat(),
            value=day.isoformat(),
        )


def _take_up(state: DossierState, command: Any) -> list[Change]:
    _require(state, "go to the council", "appraised")
    _not_before(state, Term("word", "the council's session"), command.held_on)
    unpublished = state.notice is None or command.held_on <= state.notice[1]
    if state.needs_notice() and unpublished:
        raise NoticeNotOver(
            "dossier {code} must be published for {days} working days before "
            "the council takes it up ({source}); its notice ends {until}",
            code=state.code,
            days=state.rules.notice.working_days,
            source=state.rules.notice.source,
            until=state.notice[1].isoformat() if state.notice else "unpublished",
            value=command.held_on.isoformat(),
        )
    return [(DossierTakenUp, {"session": command.session})]


def _close(state: DossierState, command: Any) -> list[Change]:
    _require(state, "be decided", "council")
    return [(DossierDecided, {"decision": command.decision})]


def _withdraw(state: DossierState, _command: Any) -> list[Change]:
    if state.status in ("decided", "withdrawn"):
        _require(state, "be withdrawn", "draft")
    return [(DossierWithdrawn, {})]


DECIDERS: dict[type[k.DossierCommand], Callable[..., list[Change]]] = {
    k.AttachDocument: _attach,
    k.SubmitDossier: _submit,
    k.ReceiveDossier: _receive,
    k.ReturnDossier: _return,
    k.AppraiseDossier: _appraise,
    k.PublishNotice: _publish,
    k.RecordComment: _comment,
    k.TakeUpDossier: _take_up,
    k.CloseDossier: _close,
    k.WithdrawDossier: _withdraw,
}


class Dossier(DeciderStream, Stream):
    kind = "dossier"
    evolve = staticmethod(evolve)
    if TYPE_CHECKING:
        state: DossierState

    def execute(self, command: k.DossierCommand) -> None:
        self.record(command, decide(self.state, command))
