"""The commendation streams loaded by their codes: a dossier, a council session,
a decision, every dossier of the log, and what a decision takes up from the
sessions it names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from thidua.domain.commendation import commands as k
from thidua.domain.commendation.council import CouncilSession
from thidua.domain.commendation.decision import AwardDecision, Passed
from thidua.domain.commendation.dossier import Dossier
from thidua.domain.commendation.dossier_state import DossierOpened, Item
from thidua.domain.commendation.errors import DecisionRefused, DossierNotFound
from thidua.domain.commendation.stream import stream_id
from thidua.domain.phrase import Term

if TYPE_CHECKING:
    from thidua.domain.service.application import Thidua


def _load(app: Thidua, kind: str, code: str, *, copy: bool = True) -> Any:
    missing = DossierNotFound(
        "no {kind} {code}", kind=Term("stream", kind), code=code, value=code
    )
    return app._load(stream_id(kind, code), missing, copy=copy)


def dossier(app: Thidua, code: str, *, copy: bool = True) -> Dossier:
    return cast(Dossier, _load(app, "dossier", code, copy=copy))


def session(app: Thidua, code: str, *, copy: bool = True) -> CouncilSession:
    return cast(CouncilSession, _load(app, "council", code, copy=copy))


def decision(app: Thidua, number: str, *, copy: bool = True) -> AwardDecision:
    return cast(AwardDecision, _load(app, "decision", number, copy=copy))


def dossiers(app: Thidua) -> list[Dossier]:
    return [dossier(app, e.code) for e in app._first_events(DossierOpened)]


def passed_items(
    app: Thidua, command: k.IssueDecision
) -> tuple[list[Passed], list[Item], list[str]]:
    """The items the sessions passed whose dossiers wait on a decision, the items
    they cut, and the dossiers the decision closes."""
    passed: list[Passed] = []
    cut: list[Item] = []
    closing: list[str] = []
    for code in command.sessions:
        state = session(app, code, copy=False).state
        if not state.closed:
            raise DecisionRefused("session {code} is not closed", code=code, value=code)
        waiting = {
            d
            for d, _ in state.agenda
            if dossier(app, d, copy=False).state.status == "council"
        }
        closing += sorted(waiting - set(closing))
        passed += [
            Passed(
                session=code,
                dossier=d,
                item=item,
                award=award,
                held_on=state.held_on,
            )
            for d, p, result, award in state.results
            if d in waiting
            and award is not None
            and (item := state.item(d, p)) is not None
        ]
        cut += [
            item
            for d, p, result, _ in state.results
            if d in waiting and result == "cut" and (item := state.item(d, p))
        ]
    return passed, cut, closing
