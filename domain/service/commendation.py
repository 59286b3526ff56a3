"""Use cases of the commendation work: dossiers, council sessions, decisions.

A step that changes more than one stream (the council takes a dossier up; a
decision grants each award in its cycle and closes its dossiers) is recorded in
one batch: all of it or nothing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from thidua.domain import commands as c
from thidua.domain.base import Command
from thidua.domain.commendation import commands as k
from thidua.domain.commendation.council import CouncilSession, open_session
from thidua.domain.commendation.decision import AwardDecision, issue
from thidua.domain.commendation.dossier import Dossier, open_dossier
from thidua.domain.commendation.dossier_state import Item
from thidua.domain.commendation.rules import rules_hash
from thidua.domain.commendation.stream import Checkpoint, DeciderStream, stream_id
from thidua.domain.errors import UnknownAward
from thidua.domain.service.commendation_loading import (
    decision,
    dossier,
    dossiers,
    passed_items,
    session,
)
from thidua.domain.types import Decision

if TYPE_CHECKING:
    from thidua.domain.service.application import Thidua
    from thidua.domain.service.receipt import Receipt


@contextlib.contextmanager
def atomically(app: Thidua) -> Iterator[None]:
    """One batch, unless the caller's batch already holds these commands."""
    if app._batch is not None:
        yield
        return
    with app.batch():
        yield


def _child(command: Command, n: int, cls: type[Any], **fields: Any) -> Any:
    """A command the use case issues on another stream, as part of `command`."""
    return cls(
        actor=command.actor,
        command_id=f"{command.command_id}/{n}",
        issued_at=command.issued_at,
        occurred_at=command.occurred_at,
        reason=command.reason,
        login=command.login,  # the same session appends both
        **fields,
    )


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


def _on_dossier(app: Thidua, command: k.DossierCommand) -> Receipt:
    loader = partial(dossier, app, command.dossier)
    return app._change(
        stream_id("dossier", command.dossier), loader, command, Dossier.execute
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
        taken = _child(
            command,
            1,
            k.TakeUpDossier,
            dossier=command.dossier,
            session=command.session,
            held_on=held,
        )
        _on_dossier(app, taken)
        items = dossier(app, command.dossier, copy=False).state.items
        execute = partial(CouncilSession.execute, items=items)
        return _on_session(app, command, execute)


def _issue_decision(app: Thidua, command: k.IssueDecision) -> Receipt:
    """Issue the decision, grant each of its lines in its cycle and close its
    dossiers: all in one batch, or nothing."""
    with atomically(app):
        passed, closing = passed_items(app, command)
        changes = issue(command, passed, rules_hash(command.rules_text))
        receipt = app._create(
            stream_id("decision", command.number),
            command,
            lambda: AwardDecision.begin(command.number, command, changes),
        )
        if receipt.already_applied:
            return receipt
        said = Decision(
            number=command.number,
            decided_on=command.decided_on,
            authority=command.authority,
        )
        n = 0
        for n, found in enumerate(passed, 1):
            lower = found.award if found.award != found.item.award else None
            grant = _child(
                command,
                n,
                c.GrantAward,
                bloc=found.item.bloc,
                year=found.item.year,
                decision=said,
                proposal=found.item.proposal,
                award=lower,
            )
            app.handle(grant)
        for m, code in enumerate(closing, n + 1):
            close = _child(
                command, m, k.CloseDossier, dossier=code, decision=command.number
            )
            _on_dossier(app, close)
        return receipt


def _revoke_decision(app: Thidua, command: k.RevokeDecision) -> Receipt:
    """Revoke the decision or a line, and in the same batch each award in its
    cycle."""
    with atomically(app):
        before = decision(app, command.number, copy=False).state.live()
        receipt = app._change(
            stream_id("decision", command.number),
            partial(decision, app, command.number),
            command,
            AwardDecision.execute,
        )
        after = {line.line for line in decision(app, command.number).state.live()}
        revoking = Decision(number=command.revoking, decided_on=command.decided_on)
        for n, line in enumerate((x for x in before if x.line not in after), 1):
            cycle = app.cycle(line.bloc, line.year)
            award = next(
                a
                for a in cycle.awards.values()
                if a.decision.number == command.number
                and a.proposal_id == line.proposal
                and a.status == "granted"
            )
            app.handle(
                _child(
                    command,
                    n,
                    c.RevokeAward,
                    bloc=line.bloc,
                    year=line.year,
                    award_id=award.id,
                    decision=revoking,
                )
            )
        return receipt


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
        _on_dossier,
    ),
    k.OpenSession: _open_session,
    k.AddToAgenda: _add_to_agenda,
    **dict.fromkeys(
        (k.RecordAttendance, k.RecordOpinion, k.CountBallots, k.CloseSession),
        _on_session,
    ),
    k.IssueDecision: _issue_decision,
    k.RevokeDecision: _revoke_decision,
}


def label(stream: DeciderStream) -> str:
    return stream.label
