"""The auditor's own count of each round (kiểm phiếu), from the stored JSON alone.

Part of the re-derivation of domain/auditor/rederive.py and, like it, written apart
from the engine's tally (domain/tally.py) on purpose: the two share no code, so a
mistake in one shows up as a disagreement with the other.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from thidua.domain.phrase import Phrase, listing, phrase

if TYPE_CHECKING:
    from thidua.domain.auditor.rederive import _Cycle


@dataclass(frozen=True)
class FurtherRound:
    """The round a count sends the motion on to: number, candidates, empty seats."""

    round: int
    candidates: tuple[str, ...]
    seats: int

    def __str__(self) -> str:
        return self.said().english()

    def said(self) -> Phrase:
        return phrase(
            "round {round} among {candidates} for {seats} seat(s)",
            round=self.round,
            candidates=listing(self.candidates),
            seats=self.seats,
        )


def fewest_carrying(terms: Mapping[str, Any], base: int) -> int:
    """The fewest votes that carry: above (or at) the threshold's share, at least 1."""
    share = Fraction(terms["threshold"]) * base
    whole, part = divmod(share.numerator, share.denominator)
    if terms["threshold_rule"] == "more-than":
        return max(whole + 1, 1)
    return max(whole + (1 if part else 0), 1)


def _leaders(
    terms: Mapping[str, Any], yes: Counter[str], elected: Sequence[str], empty: int
) -> list[str]:
    # A round stored before rulebooks had the key was decided without it.
    rule = terms.get("further_round", "none")
    places = {"top-two": empty + 1, "tied-first": empty}.get(rule, 0)
    others = [c for c in terms["candidates"] if c not in elected and yes[c] > 0]
    others.sort(key=lambda c: (-yes[c], c))
    if places == 0 or not others:
        return []
    last = others[:places][-1]
    return [c for c in others if yes[c] >= yes[last]]


def recount(
    terms: Mapping[str, Any],
    ballots: Sequence[Mapping[str, Any]],
    ranks: Mapping[str, int],
) -> dict[str, Any]:
    """What a round's stored ballots decide under its stored terms."""
    valid = [b for b in ballots if not b["spoiled"]]
    yes = Counter(c for b in valid for c in b["choices"])
    no = Counter(c for b in valid for c in b["rejects"])
    eligible, present = len(terms["eligible"]), len(terms["present"])
    quorum_met = len(ballots) >= Fraction(terms["quorum"]) * eligible
    base = {"eligible": eligible, "present": present, "cast": len(ballots),
            "valid": len(valid)}[terms["denominator"]]  # fmt: skip
    fewest = fewest_carrying(terms, base)
    passing = [c for c in terms["candidates"] if yes[c] >= fewest]
    passing.sort(key=lambda c: (-yes[c], c))
    seats, winners, runoff = terms["seats"], [], []
    more = terms["round"] < terms["max_rounds"]
    if not quorum_met:
        outcome = "no-quorum"
    elif len(passing) <= seats or yes[passing[seats]] != yes[passing[seats - 1]]:
        winners = passing[:seats]
        outcome = "passed" if winners else "failed"
        if more and len(winners) < seats:
            runoff = _leaders(terms, yes, winners, seats - len(winners))
    else:
        cut = yes[passing[seats - 1]]
        winners = [c for c in passing if yes[c] > cut]
        level = [c for c in passing if yes[c] == cut]
        free, outcome = seats - len(winners), "tie"
        if terms["tie"] == "ranking" and all(c in ranks for c in level):
            level.sort(key=lambda c: (ranks[c], c))
            if ranks[level[free - 1]] != ranks[level[free]]:
                winners, outcome = winners + level[:free], "passed"
        elif terms["tie"] == "runoff" and more:
            runoff = level
    return {
        "cast": len(ballots),
        "spoiled": len(ballots) - len(valid),
        "quorum_met": quorum_met,
        "base": base,
        "needed": Fraction(terms["threshold"]) * base,
        "counts": [
            {"candidate": c, "yes": yes[c], "no": no[c]} for c in terms["candidates"]
        ],
        "outcome": outcome,
        "winners": winners,
        "runoff": runoff,
    }


class VoteRederivation:
    """The voting handlers of the re-derivation: rounds, ballots and further rounds."""

    cycle: _Cycle | None

    def _report(self, check: str, said: Phrase) -> None:
        raise NotImplementedError

    def _on_VoteOpened(self, doc: dict[str, Any]) -> None:  # noqa: N802
        assert self.cycle is not None
        terms = doc["terms"]
        motion = terms["motion"]
        expected = self.cycle.further.pop(motion, None)
        opened = FurtherRound(
            terms["round"], tuple(terms["candidates"]), terms["seats"]
        )
        if expected is not None and opened != expected:
            self._report(
                "tally",
                phrase(
                    "{motion} opened {opened}; the count before gives {expected}",
                    motion=motion,
                    opened=opened.said(),
                    expected=expected.said(),
                ),
            )
        self.cycle.rounds[(motion, terms["round"])] = {"terms": terms, "voters": []}

    def _on_VoteCast(self, doc: dict[str, Any]) -> None:  # noqa: N802
        assert self.cycle is not None
        voters = self.cycle.rounds[(doc["motion"], doc["round"])]["voters"]
        if doc["voter"] in voters:
            self._report(
                "tally",
                phrase(
                    "{voter} voted twice in {motion}",
                    voter=doc["voter"],
                    motion=doc["motion"],
                ),
            )
        voters.append(doc["voter"])

    def _on_VoteClosed(self, doc: dict[str, Any]) -> None:  # noqa: N802
        assert self.cycle is not None
        held = self.cycle.rounds[(doc["motion"], doc["round"])]
        terms, ballots = held["terms"], doc["ballots"]
        if terms["secret"] and len(ballots) != len(held["voters"]):
            self._report(
                "tally",
                phrase(
                    "{ballots} ballots counted, {voters} voted",
                    ballots=len(ballots),
                    voters=len(held["voters"]),
                ),
            )
        derived = recount(terms, ballots, self.cycle.ranks)
        recorded = doc["tally"]
        for name, value in derived.items():
            stored = recorded[name]
            if name == "needed":
                stored = Fraction(stored)
            if stored != value:
                self._report(
                    "tally",
                    phrase(
                        "{name} recorded {stored}, derived {derived}",
                        name=name,
                        stored=repr(stored),
                        derived=repr(value),
                    ),
                )
        motion = terms["motion"]
        # Those elected in any round hold their seats, as the engine counts them.
        self.cycle.winners.setdefault(motion, []).extend(derived["winners"])
        if derived["runoff"]:
            self.cycle.further[motion] = FurtherRound(
                terms["round"] + 1,
                tuple(derived["runoff"]),
                terms["seats"] - len(derived["winners"]),
            )


# What each kind of vote event tells the re-derivation (rederive.py has the rest).
VOTE_HANDLERS: dict[str, Callable[[VoteRederivation, Any], None]] = {
    "VoteOpened": VoteRederivation._on_VoteOpened,
    "VoteCast": VoteRederivation._on_VoteCast,
    "VoteClosed": VoteRederivation._on_VoteClosed,
}
