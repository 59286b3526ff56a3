"""The count of a round (kiểm phiếu): pure functions over the round's terms and ballots.

`decide` is what closing a vote records; the same function re-derives a tally from the
stored ballots, so a replay decides exactly as the meeting did.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Literal

from thidua.domain.errors import InvalidBallot
from thidua.domain.rulebook import Denominator
from thidua.domain.types import Ballot, Frozen, MotionCode, UnitCode

Outcome = Literal["passed", "failed", "no-quorum", "tie"]


class VoteTerms(Frozen):
    """What was put to the meeting: the motion's round, candidates, voters and rules."""

    motion: MotionCode
    round: int
    candidates: tuple[UnitCode, ...]
    eligible: tuple[UnitCode, ...]
    present: tuple[UnitCode, ...]
    seats: int
    ballot: Literal["choose", "approve"]
    max_choices: int
    secret: bool
    self_vote: bool
    quorum: Fraction
    threshold: Fraction
    threshold_rule: Literal["more-than", "at-least"]
    denominator: Denominator
    tie: Literal["runoff", "ranking", "none"]
    max_rounds: int
    # Rounds opened before the rule existed carry no such key: they decided "none".
    further_round: Literal["top-two", "tied-first", "none"] = "none"


class Count(Frozen):
    candidate: UnitCode
    yes: int
    no: int


class Tally(Frozen):
    """The count (kiểm phiếu) of one round, and what it decided."""

    eligible: int
    present: int
    cast: int
    spoiled: int
    quorum_met: bool
    base: int
    needed: Fraction  # the threshold's share of the base; see votes_to_carry
    counts: tuple[Count, ...]
    outcome: Outcome
    winners: tuple[UnitCode, ...]
    runoff: tuple[UnitCode, ...]


def check_ballot(terms: VoteTerms, ballot: Ballot, voter: str | None = None) -> None:
    """Refuse a ballot that does not fit the round's ballot kind and candidates."""
    marks = ballot.choices + ballot.rejects
    if ballot.spoiled and marks:
        raise InvalidBallot("a spoiled ballot carries no choices")
    if len(set(marks)) != len(marks):
        raise InvalidBallot("a ballot names a candidate more than once")
    if strangers := [code for code in marks if code not in terms.candidates]:
        raise InvalidBallot(
            "not a candidate in this round: {strangers}", strangers=", ".join(strangers)
        )
    if terms.ballot == "choose":
        if ballot.rejects:
            raise InvalidBallot("a 'choose' ballot has no rejections")
        if len(ballot.choices) > terms.max_choices:
            raise InvalidBallot(
                "a ballot may choose at most {max_choices}, not {chosen}",
                max_choices=terms.max_choices,
                chosen=len(ballot.choices),
            )
    if voter is not None and not terms.self_vote and voter in ballot.choices:
        raise InvalidBallot(
            "{voter} may not vote for itself in this motion", voter=voter
        )


def votes_to_carry(terms: VoteTerms, base: int) -> int:
    """The smallest number of votes that carries a candidate: more than (or at least)
    the threshold's share of the base, and never less than one vote."""
    share = terms.threshold * base
    if terms.threshold_rule == "more-than":
        return max(math.floor(share) + 1, 1)
    return max(math.ceil(share), 1)


def _leading(
    terms: VoteTerms, yes: Mapping[str, int], elected: Sequence[str], free: int
) -> list[str]:
    """Who goes to a further round when seats are left empty: the leading candidates
    not elected, with one place more than the empty seats (`top-two`) or just as many
    (`tied-first`), and everyone tied with the last place. A candidate without a
    single vote leads nothing."""
    places = {"top-two": free + 1, "tied-first": free}.get(terms.further_round, 0)
    rest = sorted(
        (c for c in terms.candidates if c not in elected and yes[c]),
        key=lambda c: (-yes[c], c),
    )
    if not places or not rest:
        return []
    cutoff = yes[rest[min(places, len(rest)) - 1]]
    return [c for c in rest if yes[c] >= cutoff]


def decide(
    terms: VoteTerms, ballots: Sequence[Ballot], ranks: Mapping[str, int]
) -> Tally:
    """Count the ballots of a round and decide it under the round's terms."""
    valid = [b for b in ballots if not b.spoiled]
    yes = Counter(c for b in valid for c in b.choices)
    no = Counter(c for b in valid for c in b.rejects)
    cast = len(ballots)
    quorum_met = cast >= terms.quorum * len(terms.eligible)
    base = {
        "eligible": len(terms.eligible),
        "present": len(terms.present),
        "cast": cast,
        "valid": len(valid),
    }[terms.denominator]
    carry = votes_to_carry(terms, base)
    outcome: Outcome
    winners: list[str] = []
    runoff: list[str] = []
    passing = sorted(
        (c for c in terms.candidates if yes[c] >= carry),
        key=lambda c: (-yes[c], c),
    )
    rounds_left = terms.round < terms.max_rounds
    if not quorum_met:
        outcome = "no-quorum"
    elif len(passing) <= terms.seats or (
        yes[passing[terms.seats]] < yes[passing[terms.seats - 1]]
    ):
        winners = passing[: terms.seats]
        outcome = "passed" if winners else "failed"
        if rounds_left and len(winners) < terms.seats:
            runoff = _leading(terms, yes, winners, terms.seats - len(winners))
    else:  # the last seat is shared by candidates with equal votes
        cutoff = yes[passing[terms.seats - 1]]
        winners = [c for c in passing if yes[c] > cutoff]
        tied = [c for c in passing if yes[c] == cutoff]
        free = terms.seats - len(winners)
        outcome = "tie"
        if terms.tie == "ranking" and all(c in ranks for c in tied):
            tied.sort(key=lambda c: (ranks[c], c))
            if ranks[tied[free - 1]] != ranks[tied[free]]:
                winners += tied[:free]
                outcome = "passed"
        elif terms.tie == "runoff" and rounds_left:
            runoff = tied
    return Tally(
        eligible=len(terms.eligible),
        present=len(terms.present),
        cast=cast,
        spoiled=cast - len(valid),
        quorum_met=quorum_met,
        base=base,
        needed=terms.threshold * base,
        counts=tuple(
            Count(candidate=c, yes=yes[c], no=no[c]) for c in terms.candidates
        ),
        outcome=outcome,
        winners=tuple(winners),
        runoff=tuple(runoff),
    )
