"""The votes needed (số phiếu cần): the smallest count that carries, and only it."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tallies import UNITS, ballots, terms

from thidua.domain.tally import decide, votes_to_carry
from thidua.domain.types import Ballot


@pytest.mark.parametrize(
    ("rule", "threshold", "base", "smallest"),
    [
        ("more-than", Fraction(1, 2), 8, 5),
        ("more-than", Fraction(1, 2), 7, 4),
        ("more-than", Fraction(1, 2), 6, 4),
        ("at-least", Fraction(1, 2), 8, 4),
        ("at-least", Fraction(1, 2), 7, 4),
        ("more-than", Fraction(2, 3), 6, 5),
        ("at-least", Fraction(2, 3), 6, 4),
        ("at-least", Fraction(2, 3), 7, 5),
        ("more-than", Fraction(2, 3), 7, 5),
        ("at-least", Fraction(9, 10), 10, 9),
        ("more-than", Fraction(0), 8, 1),
        ("at-least", Fraction(0), 8, 1),
        ("more-than", Fraction(1, 2), 0, 1),
        ("at-least", Fraction(1, 2), 0, 1),
    ],
)
def test_the_votes_needed_are_the_smallest_count_that_carries(
    rule: Any, threshold: Fraction, base: int, smallest: int
) -> None:
    rules = terms(threshold_rule=rule, threshold=threshold)

    assert votes_to_carry(rules, base) == smallest


def test_more_than_half_of_eight_needs_five_and_the_tally_keeps_the_share() -> None:
    eight = terms(eligible=(*UNITS, "G", "H"), present=(*UNITS, "G", "H"))

    four = decide(eight, ballots("A", "A", "A", "A", "B", "B", "C", "C"), {})
    five = decide(eight, ballots("A", "A", "A", "A", "A", "B", "C", "C"), {})

    assert votes_to_carry(eight, four.base) == 5
    assert four.needed == Fraction(4)  # the stored share of the base, as ever
    assert (four.outcome, five.outcome) == ("failed", "passed")


@given(
    rule=st.sampled_from(["more-than", "at-least"]),
    threshold=st.fractions(min_value=0, max_value=1, max_denominator=12),
    denominator=st.sampled_from(["eligible", "present", "cast", "valid"]),
    votes=st.integers(0, 6),
    blank=st.integers(0, 6),
    spoiled=st.integers(0, 3),
)
def test_a_candidate_carries_exactly_when_it_has_the_votes_needed(
    *,
    rule: Any,
    threshold: Fraction,
    denominator: Any,
    votes: int,
    blank: int,
    spoiled: int,
) -> None:
    voters = tuple(f"U{n}" for n in range(votes + blank + spoiled + 1))
    rules = terms(
        eligible=voters,
        present=voters[1:],
        quorum=Fraction(0),
        threshold=threshold,
        threshold_rule=rule,
        denominator=denominator,
        further_round="none",
    )
    papers = [
        *ballots(*["A"] * votes, *[""] * blank),
        *[Ballot(spoiled=True)] * spoiled,
    ]

    tally = decide(rules, papers, {})

    carries = votes >= votes_to_carry(rules, tally.base)
    assert (tally.winners == ("A",)) == carries


def test_with_no_valid_ballot_nobody_carries() -> None:
    rules = terms(denominator="valid", threshold=Fraction(0), threshold_rule="at-least")

    tally = decide(rules, [Ballot(spoiled=True)] * 6, {})

    assert (tally.base, tally.outcome, votes_to_carry(rules, tally.base)) == (
        0,
        "failed",
        1,
    )
