"""Use cases of the commendation work: dossiers, council sessions, decisions.

A step that changes more than one stream (the council takes a dossier up; a
decision, in commendation_decision.py, grants each award in its cycle and closes
its dossiers) is recorded in one batch: all of it or nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from thidua.domain.base import Command
from thidua.domain.commendation import commands as k
from thidua.domain.commendation.council import CouncilSession, open_session
from thidua.domain.commendation.dossier import Dossier, open_dossier
from thidua.domain.commendation.dossier_state import Item
from thidua.domain.commendation.rules import rules_hash
from thidua.domain.commendation.stream import Checkpoint, DeciderStream, stream_id
from thidua.domain.errors import UnknownAward
from thidua.domain.service.commendation_decision import (
    issue_decision,
    revoke_decision,
)
from thidua.domain.service.commendation_loading import (
    decision,
    dossier,
    dossiers,
    session,
)
from thidua.domain.service.commendation_steps import atomically, child, on_dossier

__all__ = ["USE_CASES", "decision", "dossier", "session"]

if TYPE_CHECKING:
    from thidua.domain.service.application import Thidua
    from thidua.domain.service.receipt import Receipt


def _open_dossier(app: Thidua, command: k.OpenDossier) -> Receipt:
    stream = app.cycle_stream(command.bloc, command.year, copy=False, latest=True)
    cycle = stream.state
    carried = {
        (i.bloc, i.year, i.proposal): d.state.code
        for d in dossiers(app)
        if d.state.status != "withdrawn"
        for i in d.state.items
    }
    items = []
    for proposal in command.proposals:
        if other := carried.get((command.bloc, command.year, proposal)):
            raise UnknownAward(
                "proposal {proposal} of {ref} is already in dossier {other}",
                proposal=proposal,
                ref=cycle.ref,
                other=other,
                value=proposal,
            )
        found = cycle.proposals.get(proposal)
        if found is None or found.status != "proposed":
            raise UnknownAward(
                "proposal {proposal} of {ref} is {state}",
                proposal=proposal,
                ref=cycle.ref,
                state=f"already {found.status}" if found else "not known",
                value=proposal,
            )
        items.append(
            Item(
                bloc=command.bloc,
                year=command.year,
                proposal=proposal,
                award=found.award,
                recipient=found.recipient,
            )
        )
    minutes = Checkpoint(
        stream=f"cycle {cycle.ref}", version=cycle.version, head=stream.head_hash or ""
    )
    changes = open_dossier(
        command, tuple(items), minutes, rules_hash(command.rules_text)
    )
    return app._create(
        stream_id("dossier", command.dossier),
        command,
        lambda: Dossier.begin(command.dossier, command, changes),
    )


def _open_session(app: Thidua, command: k.OpenSession) -> Receipt:
    changes = open_session(command, rules_hash(command.rules_text))
    return app._create(
        stream_id("council", command.session),
        command,
        lambda: CouncilSession.begin(command.session, command, changes),
    )


def _on_session(
    app: Thidua, command: k.SessionCommand, method: Callable[..., None] | None = None
) -> Receipt:
    loader = partial(session, app, command.session)
    return app._change(
        stream_id("council", command.session),
        loader,
        command,
        method or CouncilSession.execute,
    )


def _add_to_agenda(app: Thidua, command: k.AddToAgenda) -> Receipt:
    """The council takes the dossier up: on the session's agenda and, in the
    same batch, recorded on the dossier (which checks its public notice)."""
    with atomically(app):
        held = session(app, command.session, copy=False).state.held_on
        taken = child(
            command,
            1,
            k.TakeUpDossier,
            dossier=command.dossier,
            session=command.session,
            held_on=held,
        )
        on_dossier(app, taken)
        items = dossier(app, command.dossier, copy=False).state.items
        execute = partial(CouncilSession.execute, items=items)
        return _on_session(app, command, execute)


UseCase = Callable[["Thidua", Any], "Receipt"]
USE_CASES: dict[type[Command], UseCase] = {
    k.OpenDossier: _open_dossier,
    **dict.fromkeys(
        (
            k.AttachDocument,
            k.SubmitDossier,
            k.ReceiveDossier,
            k.ReturnDossier,
            k.AppraiseDossier,
            k.PublishNotice,
            k.RecordComment,
            k.WithdrawDossier,
        ),
        on_dossier,
    ),
    k.OpenSession: _open_session,
    k.AddToAgenda: _add_to_agenda,
    **dict.fromkeys(
        (k.RecordAttendance, k.RecordOpinion, k.CountBallots, k.CloseSession),
        _on_session,
    ),
    k.IssueDecision: issue_decision,
    k.RevokeDecision: revoke_decision,
}


def label(stream: DeciderStream) -> str:
    return stream.label
