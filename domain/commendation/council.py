"""A session of the Emulation and Commendation Council (Hội đồng Thi đua - Khen
thưởng): members, attendance, the dossiers on its agenda, absent members' written
opinions, and a secret ballot on each item, counted by the voting tally.

An item passes at its form, is changed to the rules' lower form, or is cut. The
council sits with its quorum (Decree 98/2023 Art. 47 for the central council; the
province's regulation otherwise, a rules setting).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from thidua.domain.base import Stream, require_operator
from thidua.domain.commendation import commands as k
from thidua.domain.commendation.council_state import (
    AgendaItemsAdded,
    AttendanceRecorded,
    BallotsCounted,
    ItemDecided,
    OpinionRecorded,
    Result,
    SessionClosed,
    SessionOpened,
    SessionState,
    evolve,
)
from thidua.domain.commendation.dossier_state import Item
from thidua.domain.commendation.errors import (
    CouncilRefused,
    NoQuorum,
    NotACouncilMember,
)
from thidua.domain.commendation.rules import parse_rules
from thidua.domain.commendation.stream import Change, DeciderStream
from thidua.domain.tally import Tally, VoteTerms
from thidua.domain.tally import decide as count
from thidua.domain.types import Ballot

FULL, LOWER = "FULL", "LOWER"
PAPER = {
    "yes": Ballot(choices=(FULL, LOWER)),
    "lower": Ballot(choices=(LOWER,), rejects=(FULL,)),
    "no": Ballot(rejects=(FULL, LOWER)),
}


def terms(state: SessionState, item: Item) -> VoteTerms:
    """The ballot on one item: its form and, where the rules have one, the lower
    form, each carried by the council's threshold of its members."""
    lower = state.rules.lower_form(item.award)
    candidates = (FULL, LOWER) if lower else (FULL,)
    council = state.rules.council
    seats = {name: f"M{n}" for n, name in enumerate(state.members, 1)}
    return VoteTerms(
        motion="council",
        round=1,
        candidates=candidates,
        eligible=tuple(seats.values()),
        present=tuple(seats[name] for name in state.present or ()),
        seats=len(candidates),
        ballot="approve",
        max_choices=len(candidates),
        secret=True,
        self_vote=True,
        quorum=council.quorum,
        threshold=council.threshold,
        threshold_rule=council.threshold_rule,
        denominator=council.denominator,
        tie="none",
        max_rounds=1,
    )


def ballots(
    state: SessionState,
    dossier: str,
    proposal: str,
    papers: tuple[str, ...],
    spoiled: int,
) -> list[Ballot]:
    """The papers and the absent members' written opinions on one item."""
    item = state.item(dossier, proposal)
    assert item is not None
    lower = state.rules.lower_form(item.award)
    choices = [*papers] + [
        choice for _, d, p, choice in state.opinions if (d, p) == (dossier, proposal)
    ]
    found = [PAPER[c] for c in choices] + [Ballot(spoiled=True)] * spoiled
    if lower is None:  # no lower form: a "lower" paper approves nothing
        found = [
            Ballot(
                choices=tuple(x for x in b.choices if x == FULL),
                rejects=tuple(x for x in b.rejects if x == FULL),
                spoiled=b.spoiled,
            )
            for b in found
        ]
    return found


def judge(state: SessionState, item: Item, tally: Tally) -> tuple[Result, str | None]:
    """What a tally decides for an item."""
    if FULL in tally.winners:
        return "passed", item.award
    if LOWER in tally.winners:
        return "lowered", state.rules.lower_form(item.award)
    return "cut", None


def open_session(command: k.OpenSession, rules_sha256: str) -> list[Change]:
    require_operator(command.actor)
    parse_rules(command.rules_text)
    if command.chair not in command.members:
        raise NotACouncilMember(
            "the chair {chair} is not a member",
            chair=command.chair,
            value=command.chair,
        )
    fields = command.model_dump(include={"held_on", "chair", "members", "rules_text"})
    return [
        (
            SessionOpened,
            {**fields, "code": command.session, "rules_sha256": rules_sha256},
        )
    ]


def decide(
    state: SessionState, command: k.SessionCommand, **context: Any
) -> list[Change]:
    """The events a command on a session records, or a refusal."""
    require_operator(command.actor)
    if state.closed:
        raise CouncilRefused(
            "session {code} is closed", code=state.code, value=state.code
        )
    return DECIDERS[type(command)](state, command, **context)


def _attendance(state: SessionState, command: Any) -> list[Change]:
    if strangers := [m for m in command.present if m not in state.members]:
        raise NotACouncilMember(
            "not members of the council: {strangers}",
            strangers=", ".join(strangers),
            value=strangers,
        )
    return [(AttendanceRecorded, {"present": tuple(dict.fromkeys(command.present))})]


def _agenda(
    state: SessionState, command: Any, items: tuple[Item, ...] = ()
) -> list[Change]:
    if any(d == command.dossier for d, _ in state.agenda):
        raise CouncilRefused(
            "dossier {dossier} is already on the agenda of {code}",
            dossier=command.dossier,
            code=state.code,
            value=command.dossier,
        )
    return [(AgendaItemsAdded, {"dossier": command.dossier, "items": items})]


def _on_agenda(state: SessionState, dossier: str, proposal: str) -> Item:
    item = state.item(dossier, proposal)
    if item is None or (dossier, proposal) in state.counted:
        raise CouncilRefused(
            "{dossier}/{proposal} is {what} in session {code}",
            dossier=dossier,
            proposal=proposal,
            what="already counted" if item else "not on the agenda",
            code=state.code,
            value=proposal,
        )
    return item


def _opinion(state: SessionState, command: Any) -> list[Change]:
    _on_agenda(state, command.dossier, command.proposal)
    if command.member not in state.members or command.member in (state.present or ()):
        raise NotACouncilMember(
            "{member} is not an absent member: a written opinion is an absent member's",
            member=command.member,
            value=command.member,
        )
    key = (command.member, command.dossier, command.proposal)
    if any(o[:3] == key for o in state.opinions):
        raise CouncilRefused(
            "{member} already gave an opinion on {proposal}",
            member=command.member,
            proposal=command.proposal,
            value=command.member,
        )
    fields = command.model_dump(include={"member", "dossier", "proposal", "choice"})
    return [(OpinionRecorded, fields)]


def _count(state: SessionState, command: Any) -> list[Change]:
    item = _on_agenda(state, command.dossier, command.proposal)
    present = len(state.present or ())
    if present < state.rules.council.quorum * len(state.members):
        raise NoQuorum(
            "{present} of {members} members attend; the council needs {quorum} "
            "of them ({source})",
            present=present,
            members=len(state.members),
            quorum=str(state.rules.council.quorum),
            source=state.rules.council.source,
            value=present,
        )
    if len(command.papers) + command.spoiled > present:
        raise CouncilRefused(
            "{papers} papers counted, but {present} members attend",
            papers=len(command.papers) + command.spoiled,
            present=present,
            value=len(command.papers),
        )
    papers = ballots(
        state, command.dossier, command.proposal, command.papers, command.spoiled
    )
    tally = count(terms(state, item), papers, {})
    result, award = judge(state, item, tally)
    where = {"dossier": command.dossier, "proposal": command.proposal}
    return [
        (
            BallotsCounted,
            {**where, "papers": command.papers, "spoiled": command.spoiled},
        ),
        (ItemDecided, {**where, "result": result, "award": award, "tally": tally}),
    ]


def _close(state: SessionState, _command: Any) -> list[Change]:
    if left := [
        i.proposal for d, i in state.agenda if (d, i.proposal) not in state.counted
    ]:
        raise CouncilRefused(
            "session {code} has items not yet counted: {left}",
            code=state.code,
            left=", ".join(left),
            value=left,
        )
    return [(SessionClosed, {})]


DECIDERS: dict[type[k.SessionCommand], Callable[..., list[Change]]] = {
    k.RecordAttendance: _attendance,
    k.AddToAgenda: _agenda,
    k.RecordOpinion: _opinion,
    k.CountBallots: _count,
    k.CloseSession: _close,
}


class CouncilSession(DeciderStream, Stream):
    kind = "council"
    evolve = staticmethod(evolve)
    if TYPE_CHECKING:
        state: SessionState

    def execute(self, command: k.SessionCommand, **context: Any) -> None:
        self.record(command, decide(self.state, command, **context))
