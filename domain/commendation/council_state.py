"""What a council session records and how its events fold into its state:
members, attendance, agenda, opinions, counts and results, and `evolve`. The
refusals and the count are in council.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Literal

from thidua.domain.commendation.dossier_state import Item
from thidua.domain.commendation.rules import CommendationRules, parse_rules
from thidua.domain.commendation.stream import Folded, Started
from thidua.domain.tally import Tally

Result = Literal["passed", "lowered", "cut"]


class SessionOpened(Started):
    code: str
    held_on: date
    chair: str
    members: tuple[str, ...]
    rules_text: str
    rules_sha256: str


class AttendanceRecorded(Folded):
    present: tuple[str, ...]


class AgendaItemsAdded(Folded):
    dossier: str
    items: tuple[Item, ...]


class OpinionRecorded(Folded):
    member: str
    dossier: str
    proposal: str
    choice: str


class BallotsCounted(Folded):
    dossier: str
    proposal: str
    papers: tuple[str, ...]
    spoiled: int


class ItemDecided(Folded):
    dossier: str
    proposal: str
    result: Result
    award: str | None  # the form the council passed, if any
    tally: Tally


class SessionClosed(Folded):
    pass


@dataclass(frozen=True)
class SessionState:
    code: str
    held_on: date
    chair: str
    members: tuple[str, ...]
    rules: CommendationRules
    present: tuple[str, ...] | None = None
    agenda: tuple[tuple[str, Item], ...] = ()
    opinions: tuple[tuple[str, str, str, str], ...] = ()
    counted: tuple[tuple[str, str], ...] = ()
    results: tuple[tuple[str, str, Result, str | None], ...] = ()
    tallies: tuple[Tally, ...] = ()  # one for each result, in its order
    closed: bool = False

    def __deepcopy__(self, memo: object) -> SessionState:
        return self

    def item(self, dossier: str, proposal: str) -> Item | None:
        return next(
            (i for d, i in self.agenda if (d, i.proposal) == (dossier, proposal)),
            None,
        )


def evolve(state: SessionState | None, event: Any) -> SessionState:
    """The session after one event; never refuses."""
    if isinstance(event, SessionOpened):
        return SessionState(
            code=event.code,
            held_on=event.held_on,
            chair=event.chair,
            members=event.members,
            rules=parse_rules(event.rules_text),
        )
    assert state is not None
    return EVOLVERS[type(event)](state, event)


EVOLVERS: dict[type[Folded], Callable[[SessionState, Any], SessionState]] = {
    AttendanceRecorded: lambda s, e: replace(s, present=e.present),
    AgendaItemsAdded: lambda s, e: replace(
        s, agenda=(*s.agenda, *((e.dossier, i) for i in e.items))
    ),
    OpinionRecorded: lambda s, e: replace(
        s, opinions=(*s.opinions, (e.member, e.dossier, e.proposal, e.choice))
    ),
    BallotsCounted: lambda s, e: replace(
        s, counted=(*s.counted, (e.dossier, e.proposal))
    ),
    ItemDecided: lambda s, e: replace(
        s,
        results=(*s.results, (e.dossier, e.proposal, e.result, e.award)),
        tallies=(*s.tallies, e.tally),
    ),
    SessionClosed: lambda s, _e: replace(s, closed=True),
}
