"""Vote results (kết quả bỏ phiếu): each round of each motion, with its count.

Counts appear when a round closes: an open round shows only how many have voted, so
that no running tally can sway the units still to vote.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from thidua.domain.topics import COMMENDATION, STREAMS

from .base import Column, CycleProjection, Table
from .cycles import BLOC, STREAM, YEAR
from .source import Change

if TYPE_CHECKING:
    from thidua.domain.rulebook import Rulebook

MOTION = Column("motion", "text", "motion code from the rulebook")
ROUND = Column("round", "integer", "round number, from 1")

VOTES = Table(
    "votes",
    "One row per round of a motion put to a cycle's meeting.",
    (
        STREAM,
        BLOC,
        YEAR,
        MOTION,
        ROUND,
        Column("motion_title", "text", "the motion's title, English (Vietnamese)"),
        Column("status", "text", "open or closed"),
        Column("ballot", "text", "choose (pick up to max_choices) or approve"),
        Column("secret", "boolean", "a secret ballot (bỏ phiếu kín)"),
        Column("seats", "integer", "how many candidates the motion elects"),
        Column("candidates", "text", "candidate unit codes, comma-separated"),
        Column("eligible", "integer", "units entitled to vote"),
        Column("present", "integer", "units present at the meeting"),
        Column(
            "ballots_cast", "integer", "ballots cast (units that voted so far, if open)"
        ),
        Column("spoiled", "integer", "spoiled ballots, null while open"),
        Column("turnout", "numeric", "cast / eligible, four decimal places"),
        Column("quorum", "text", "fraction of eligible units that must vote"),
        Column("quorum_met", "boolean", "whether the quorum was met, null while open"),
        Column("threshold", "text", "the passing rule, e.g. more-than 1/2 of eligible"),
        Column(
            "needed", "integer", "fewest votes that carry a candidate, null if open"
        ),
        Column("outcome", "text", "open, passed, failed, no-quorum or tie"),
        Column("winners", "text", "elected or approved candidates, comma-separated"),
        Column("runoff", "text", "candidates going to a further round, if any"),
        Column(
            "opened_at",
            "text",
            "when the round opened (a day, or a time with its offset)",
        ),
        Column("closed_at", "text", "when it closed, or null"),
    ),
    ("stream", "motion", "round"),
)
VOTE_COUNTS = Table(
    "vote_counts",
    "One row per candidate of a closed round.",
    (
        STREAM,
        BLOC,
        YEAR,
        MOTION,
        ROUND,
        Column("candidate", "text", "candidate unit code"),
        Column("candidate_name", "text", "the unit's name"),
        Column("votes_for", "integer", "ballots choosing or approving the candidate"),
        Column("votes_against", "integer", "ballots rejecting it (approve ballots)"),
    ),
    ("stream", "motion", "round", "candidate"),
)


def _decimal(value: Fraction, places: int = 4) -> str:
    quantum = Decimal(1).scaleb(-places)
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return str(exact.quantize(quantum, rounding=ROUND_HALF_EVEN).normalize())


def _carrying(terms: dict[str, Any], tally: dict[str, Any] | None) -> int | None:
    """The votes needed, by the rule that decided the round (the stored tally keeps
    the threshold's share of the base, 4 for "more than 1/2 of 8", not the 5 needed)."""
    from thidua.domain.tally import VoteTerms, votes_to_carry

    if tally is None:
        return None
    return votes_to_carry(VoteTerms.model_validate(terms), tally["base"])


class Votes(CycleProjection):
    name = "votes"
    # 2: `needed` is the fewest votes that carry, not the share; 3: the times are
    # when the rounds opened and closed, not when they were recorded.
    version = 3
    title = "vote results (kết quả bỏ phiếu)"
    tables = (VOTES, VOTE_COUNTS)
    kinds = CycleProjection.follows | {"VoteOpened", "VoteCast", "VoteClosed"}
    # The kinds it has nothing to show of (domain/topics.py lists them all).
    ignores = frozenset(
        {
            *COMMENDATION,
            *STREAMS["registry"],  # people and collectives: projections/registry.py
            "BlocCreated",
            "UnitAdded",
            "UnitRemoved",
            "BlocConfigured",
            "LeadsAssigned",
            "CovenantSigned",
            "TargetsRegistered",
            "CovenantClosed",
            "StageAdvanced",
            "CycleClosed",
            "ScoresSubmitted",
            "ScoresAssessed",
            "ScoreAdjusted",
            "ScoringClosed",
            "AwardProposed",
            "AwardGranted",
            "ProposalDeclined",
            "AwardRevoked",
            "ProceedingRecorded",
            "KeyringOpened",
            "KeyRegistered",
            *STREAMS["authority"],
        }
    )

    def begin(self, opened: dict[str, Any], rulebook: Rulebook) -> dict[str, Any]:
        return {"titles": {m.code: m.title() for m in rulebook.motions}, "rounds": []}

    def on(self, state: dict[str, Any], change: Change) -> None:
        data, kind = change.data, change.kind
        if kind == "VoteOpened":
            state["rounds"].append(
                {
                    "terms": data["terms"],
                    "voters": 0,
                    "tally": None,
                    "opened_at": change.happened,
                    "closed_at": None,
                }
            )
        else:
            current = self._round(state, data["motion"], data["round"])
            if kind == "VoteCast":
                current["voters"] += 1
            else:
                current["tally"] = data["tally"]
                current["closed_at"] = change.happened

    @staticmethod
    def _round(state: dict[str, Any], motion: str, number: int) -> dict[str, Any]:
        return next(
            r
            for r in state["rounds"]
            if r["terms"]["motion"] == motion and r["terms"]["round"] == number
        )

    def rows(
        self, stream: str, state: dict[str, Any]
    ) -> dict[str, list[tuple[Any, ...]]]:
        votes, counts = [], []
        head = (stream, state["bloc"], state["year"])
        for current in state["rounds"]:
            terms, tally = current["terms"], current["tally"]
            motion, number = terms["motion"], terms["round"]
            eligible = len(terms["eligible"])
            cast = tally["cast"] if tally else current["voters"]
            votes.append(
                (
                    *head,
                    motion,
                    number,
                    state["titles"].get(motion, motion),
                    "closed" if tally else "open",
                    terms["ballot"],
                    terms["secret"],
                    terms["seats"],
                    ", ".join(terms["candidates"]),
                    eligible,
                    len(terms["present"]),
                    cast,
                    tally["spoiled"] if tally else None,
                    _decimal(Fraction(cast, eligible)) if eligible else None,
                    terms["quorum"],
                    tally["quorum_met"] if tally else None,
                    f"{terms['threshold_rule']} {terms['threshold']}"
                    f" of {terms['denominator']}",
                    _carrying(terms, tally),
                    tally["outcome"] if tally else "open",
                    ", ".join(tally["winners"]) if tally else "",
                    ", ".join(tally["runoff"]) if tally else "",
                    current["opened_at"],
                    current["closed_at"],
                )
            )
            for count in tally["counts"] if tally else ():
                candidate = count["candidate"]
                counts.append(
                    (
                        *head,
                        motion,
                        number,
                        candidate,
                        state["names"].get(candidate, candidate),
                        count["yes"],
                        count["no"],
                    )
                )
        return {"votes": votes, "vote_counts": counts}
