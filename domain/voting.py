"""Voting (bình chọn, suy tôn): rounds, ballots, the tally and the outcome.

A secret round keeps only which units voted; its ballots arrive at the close as one
anonymous batch, sorted, so nothing stored links a voter to a choice. The rules over
the cycle's state: `decide_…(state, command)` returns the events a command records;
`evolve(state, event)` folds this part's events.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from thidua.domain.base import Event, require_operator, require_operator_or_unit
from thidua.domain.commands import CastVote, CloseVote, OpenVote
from thidua.domain.cycle_state import (
    CycleState,
    require_member,
    require_not_closed,
    require_stage,
)
from thidua.domain.cycle_values import Round
from thidua.domain.decider import changed, evolver, then
from thidua.domain.errors import (
    AlreadyVoted,
    BallotCountMismatch,
    InvalidBallot,
    NotEligible,
    UnknownMotion,
    VoteAlreadyOpen,
    VoteNotOpen,
)
from thidua.domain.rulebook import Motion
from thidua.domain.tally import Tally, VoteTerms, check_ballot
from thidua.domain.tally import decide as count
from thidua.domain.types import Ballot, MotionCode, Stage, UnitCode


class VoteOpened(Event):
    terms: VoteTerms


class VoteCast(Event):
    motion: MotionCode
    round: int
    voter: UnitCode
    ballot: Ballot | None


class VoteClosed(Event):
    motion: MotionCode
    round: int
    ballots: tuple[Ballot, ...]
    tally: Tally


# Evolving: no decisions, no refusals.
def _current(state: CycleState, motion: str, current: Round) -> CycleState:
    rounds = [*state.rounds[motion][:-1], current]
    return changed(state, rounds={**state.rounds, motion: rounds})


def _opened(state: CycleState, event: VoteOpened) -> CycleState:
    motion = event.terms.motion
    rounds = [*state.rounds.get(motion, []), Round(event.terms)]
    return changed(state, rounds={**state.rounds, motion: rounds})


def _cast(state: CycleState, event: VoteCast) -> CycleState:
    current = state.rounds[event.motion][-1]
    ballots = current.ballots
    if event.ballot is not None:
        ballots = [*ballots, event.ballot]
    voters = [*current.voters, event.voter]
    cast = changed(current, voters=voters, ballots=ballots)
    return _current(state, event.motion, cast)


def _closed(state: CycleState, event: VoteClosed) -> CycleState:
    current = state.rounds[event.motion][-1]
    ballots = [*current.ballots, *event.ballots]
    closed = changed(current, ballots=ballots, tally=event.tally)
    return _current(state, event.motion, closed)


HANDLERS: dict[type[Any], Callable[[Any, Any], CycleState]] = {
    VoteOpened: _opened,
    VoteCast: _cast,
    VoteClosed: _closed,
}
evolve = evolver(HANDLERS)


# Deciding.
def decide_open_vote(state: CycleState, command: OpenVote) -> list[Event]:
    require_operator(command.actor)
    require_stage(state, Stage.REVIEW, doing="open a vote")
    motion = _motion(state, command.motion)
    rounds = state.rounds.get(motion.code, [])
    if rounds and rounds[-1].is_open:
        raise VoteAlreadyOpen(
            "round {round} of {code} is still open",
            round=rounds[-1].terms.round,
            code=motion.code,
            value=motion.code,
        )
    if len(rounds) >= motion.max_rounds:
        raise NotEligible(
            "{code} has had its {max_rounds} round(s)",
            code=motion.code,
            max_rounds=motion.max_rounds,
            value=motion.code,
        )
    seats = motion.seats - len(state.winners(motion.code))
    if seats <= 0:
        raise NotEligible(
            "{code} has filled its {seats} seat(s)",
            code=motion.code,
            seats=motion.seats,
        )
    candidates = command.candidates or _default_candidates(state, motion)
    for unit in (*candidates, *command.absent):
        require_member(state, unit)
    if motion.candidates_top is not None:
        ranks = {e.unit: e.rank for e in state.ranking or ()}
        beyond = [c for c in candidates if ranks.get(c, 0) > motion.candidates_top]
        if not ranks or beyond:
            raise NotEligible(
                "{code} takes candidates ranked {candidates_top} or better in "
                "the frozen standings: {units}",
                code=motion.code,
                candidates_top=motion.candidates_top,
                units=", ".join(beyond) or "none yet",
                value=beyond,
            )
    return [
        then(
            state,
            VoteOpened,
            command,
            terms=_terms(
                state, motion, len(rounds) + 1, seats, candidates, command.absent
            ),
        )
    ]


def decide_cast_vote(state: CycleState, command: CastVote) -> list[Event]:
    require_operator_or_unit(command.actor, command.voter)
    current = _open_round(state, command.motion, doing="cast a ballot")
    terms = current.terms
    if command.voter not in terms.present:
        raise NotEligible(
            "{voter} is not a present, eligible voter in round {round} of {motion}",
            voter=command.voter,
            round=terms.round,
            motion=terms.motion,
            value=command.voter,
        )
    if command.voter in current.voters:
        raise AlreadyVoted(
            "{voter} has already voted in round {round} of {motion}",
            voter=command.voter,
            round=terms.round,
            motion=terms.motion,
            value=command.voter,
        )
    if terms.secret and command.ballot is not None:
        raise InvalidBallot(
            "this is a secret ballot (bỏ phiếu kín): record only that the unit"
            " voted;"
            " the counted ballots are entered together when the vote closes"
        )
    if not terms.secret:
        if command.ballot is None:
            raise InvalidBallot("an open vote records the unit's ballot")
        check_ballot(terms, command.ballot, command.voter)
    return [
        then(
            state,
            VoteCast,
            command,
            motion=terms.motion,
            round=terms.round,
            voter=command.voter,
            ballot=command.ballot,
        )
    ]


def decide_close_vote(state: CycleState, command: CloseVote) -> list[Event]:
    require_operator(command.actor)
    current = _open_round(state, command.motion, doing="close a vote")
    terms = current.terms
    if not terms.secret and command.ballots:
        raise InvalidBallot("an open vote's ballots were recorded as they were cast")
    if terms.secret and len(command.ballots) != len(current.voters):
        raise BallotCountMismatch(
            "{voted} unit(s) voted but {counted} ballot(s) were counted",
            voted=len(current.voters),
            counted=len(command.ballots),
            value=len(command.ballots),
        )
    for ballot in command.ballots:
        check_ballot(terms, ballot)
    batch = tuple(sorted(command.ballots, key=Ballot.sort_key))
    ranks = {e.unit: e.rank for e in state.ranking or ()}
    tally = count(terms, [*current.ballots, *batch], ranks)
    closed = then(
        state,
        VoteClosed,
        command,
        motion=terms.motion,
        round=terms.round,
        ballots=batch,
        tally=tally,
    )
    if not tally.runoff:
        return [closed]
    # The further round is held at once, at the same sitting: whoever was
    # absent from the round just counted is absent from it too.
    motion = _motion(state, terms.motion)
    seats = terms.seats - len(tally.winners)
    absent = [u for u in terms.eligible if u not in terms.present]
    further = _terms(state, motion, terms.round + 1, seats, tally.runoff, absent)
    return [closed, then(state, VoteOpened, command, after=1, terms=further)]


def _motion(state: CycleState, code: str) -> Motion:
    motion = state.rulebook.motion(code)
    if motion is None:
        known = ", ".join(m.code for m in state.rulebook.motions) or "none"
        raise UnknownMotion(
            "no motion {code!r} in the rulebook of {ref} (known: {known})",
            code=code,
            ref=state.ref,
            known=known,
            value=code,
        )
    return motion


def _open_round(state: CycleState, motion: str, *, doing: str) -> Round:
    require_not_closed(state)
    rounds = state.rounds.get(_motion(state, motion).code, [])
    if not rounds or not rounds[-1].is_open:
        raise VoteNotOpen(
            "cannot {doing}: no round of {motion} is open",
            doing=doing,
            motion=motion,
            value=motion,
        )
    return rounds[-1]


def _default_candidates(state: CycleState, motion: Motion) -> tuple[str, ...]:
    """Members not yet elected; the top of the standings if the motion says so."""
    elected = set(state.winners(motion.code))
    units = list(state.roster)
    if motion.candidates_top is not None and state.ranking:
        top = motion.candidates_top
        units = [e.unit for e in state.ranking if e.rank <= top]
    return tuple(unit for unit in units if unit not in elected)


def _terms(  # noqa: PLR0917
    state: CycleState,
    motion: Motion,
    number: int,
    seats: int,
    candidates: Sequence[str],
    absent: Sequence[str],
) -> VoteTerms:
    eligible = tuple(state.roster)
    return VoteTerms(
        motion=motion.code,
        round=number,
        candidates=tuple(candidates),
        eligible=eligible,
        present=tuple(u for u in eligible if u not in absent),
        seats=seats,
        ballot=motion.ballot,
        max_choices=min(motion.choices_allowed, seats)
        if motion.ballot == "choose"
        else len(candidates),
        secret=motion.secret,
        self_vote=motion.self_vote,
        quorum=motion.quorum,
        threshold=motion.threshold,
        threshold_rule=motion.threshold_rule,
        denominator=motion.denominator,
        tie=motion.tie,
        max_rounds=motion.max_rounds,
        further_round=motion.further_round,
    )
