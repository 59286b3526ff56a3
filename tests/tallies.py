"""Rounds for the tally's unit tests: six member units, one seat, the usual rules."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from thidua.domain.tally import VoteTerms
from thidua.domain.types import Ballot

UNITS = ("A", "B", "C", "D", "E", "F")


def terms(**changes: Any) -> VoteTerms:
    settings: dict[str, Any] = {
        "motion": "leading-unit",
        "round": 1,
        "candidates": ("A", "B", "C"),
        "eligible": UNITS,
        "present": UNITS,
        "seats": 1,
        "ballot": "choose",
        "max_choices": 1,
        "secret": True,
        "self_vote": True,
        "quorum": Fraction(2, 3),
        "threshold": Fraction(1, 2),
        "threshold_rule": "more-than",
        "denominator": "eligible",
        "tie": "runoff",
        "max_rounds": 3,
    }
    return VoteTerms(**{**settings, **changes})


def ballots(*choices: str) -> list[Ballot]:
    return [Ballot(choices=tuple(c.split())) if c else Ballot() for c in choices]
