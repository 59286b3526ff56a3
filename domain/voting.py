"""Voting (bình chọn, suy tôn): rounds, ballots, the tally and the outcome.

A secret round keeps only which units voted; its ballots arrive at the close as one
anonymous batch, sorted, so nothing stored links a voter to a choice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from thidua.domain.base import Event, require_operator, require_operator_or_unit
from thidua.domain.commands import CastVote, CloseVote, OpenVote
from thidua.domain.cycle_state import CycleState
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
from thidua.domain.tally import Tally, VoteTerms, check_ballot, decide
from thidua.domain.types import Ballot, MotionCode, Stage, UnitCode


class VoteOpened(Event):
    terms: VoteTerms

    def apply(self, aggregate: CycleState) -> None:
        aggregate.rounds.setdefault(self.terms.motion, []).append(Round(self.terms))


class VoteCast(Event):
    motion: MotionCode
    round: int
    voter: UnitCode
    ballot: Ballot | None

    def apply(self, aggregate: CycleState) -> None:
        current = aggregate.rounds[self.motion][-1]
        current.voters.append(self.voter)
        if self.ballot is not None:
            current.ballots.append(self.ballot)


class VoteClosed(Event):
    motion: MotionCode
    round: int
    ballots: tuple[Ballot, ...]
    tally: Tally

    def apply(self, aggregate: CycleState) -> None:
        current = aggregate.rounds[self.motion][-1]
        current.ballots.extend(self.ballots)
        current.tally = self.tally


@dataclass
class Round:
    terms: VoteTerms
    voters: list[str] = field(default_factory=list)
    ballots: list[Ballot] = field(default_factory=list)
    tally: Tally | None = None

    @property
    def is_open(self) -> bool:
        return self.tally is None


class VotingMixin(CycleState):
    def open_vote(self, command: OpenVote) -> None:
        require_operator(command.actor)
        self._require_stage(Stage.REVIEW, doing="open a vote")
        motion = self._motion(command.motion)
        rounds = self.rounds.get(motion.code, [])
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
        seats = motion.seats - len(self.winners(motion.code))
        if seats <= 0:
            raise NotEligible(
                "{code} has filled its {seats} seat(s)",
                code=motion.code,
                seats=motion.seats,
            )
        candidates = command.candidates or self._default_candidates(motion)
        for unit in (*candidates, *command.absent):
            self._require_member(unit)
        if motion.candidates_top is not None:
            ranks = {e.unit: e.rank for e in self.ranking or ()}
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
        self._record(
            VoteOpened,
            command,
            terms=self._terms(
                motion, len(rounds) + 1, seats, candidates, command.absent
            ),
        )

    def cast_vote(self, command: CastVote) -> None:
        require_operator_or_unit(command.actor, command.voter)
        current = self._open_round(command.motion, doing="cast a ballot")
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
        self._record(
            VoteCast,
            command,
            motion=terms.motion,
            round=terms.round,
            voter=command.voter,
            ballot=command.ballot,
        )

    def close_vote(self, command: CloseVote) -> None:
        require_operator(command.actor)
        current = self._open_round(command.motion, doing="close a vote")
        terms = current.terms
        if not terms.secret and command.ballots:
            raise InvalidBallot(
                "an open vote's ballots were recorded as they were cast"
            )
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
        ranks = {e.unit: e.rank for e in self.ranking or ()}
        tally = decide(terms, [*current.ballots, *batch], ranks)
        self._record(
            VoteClosed,
            command,
            motion=terms.motion,
            round=terms.round,
            ballots=batch,
            tally=tally,
        )
        if tally.runoff:
            # The further round is held at once, at the same sitting: whoever was
            # absent from the round just counted is absent from it too.
            motion = self._motion(terms.motion)
            seats = terms.seats - len(tally.winners)
            absent = [u for u in terms.eligible if u not in terms.present]
            further = self._terms(motion, terms.round + 1, seats, tally.runoff, absent)
            self._record(VoteOpened, command, terms=further)

    def winners(self, motion: str) -> list[str]:
        return [
            w for r in self.rounds.get(motion, []) if r.tally for w in r.tally.winners
        ]

    def _motion(self, code: str) -> Motion:
        motion = self.rulebook.motion(code)
        if motion is None:
            known = ", ".join(m.code for m in self.rulebook.motions) or "none"
            raise UnknownMotion(
                "no motion {code!r} in the rulebook of {ref} (known: {known})",
                code=code,
                ref=self.ref,
                known=known,
                value=code,
            )
        return motion

    def _open_round(self, motion: str, *, doing: str) -> Round:
        self._require_not_closed()
        rounds = self.rounds.get(self._motion(motion).code, [])
        if not rounds or not rounds[-1].is_open:
            raise VoteNotOpen(
                "cannot {doing}: no round of {motion} is open",
                doing=doing,
                motion=motion,
                value=motion,
            )
        return rounds[-1]

    def _default_candidates(self, motion: Motion) -> tuple[str, ...]:
        """Members not yet elected; the top of the standings if the motion says so."""
        elected = set(self.winners(motion.code))
        units = list(self.roster)
        if motion.candidates_top is not None and self.ranking:
            top = motion.candidates_top
            units = [e.unit for e in self.ranking if e.rank <= top]
        return tuple(unit for unit in units if unit not in elected)

    def _terms(
        self,
        motion: Motion,
        number: int,
        seats: int,
        candidates: Sequence[str],
        absent: Sequence[str],
    ) -> VoteTerms:
        eligible = tuple(self.roster)
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
