"""The tally (kiểm phiếu): quorum, threshold, ties, approve ballots, spoiled ballots."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from thidua.domain.tally import VoteTerms, decide
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


def test_more_than_half_of_all_members_carries_the_motion() -> None:
    tally = decide(terms(), ballots("A", "A", "A", "A", "B", "C"), {})

    assert (tally.outcome, tally.winners) == ("passed", ("A",))


def test_exactly_half_is_not_more_than_half() -> None:
    tally = decide(terms(), ballots("A", "A", "A", "B", "B", "C"), {})

    assert (tally.outcome, tally.winners) == ("failed", ())


def test_at_least_two_thirds_counts_the_boundary_in() -> None:
    rule = terms(threshold=Fraction(2, 3), threshold_rule="at-least")

    tally = decide(rule, ballots("A", "A", "A", "A", "B", "C"), {})

    assert tally.winners == ("A",)


def test_too_few_ballots_means_no_quorum() -> None:
    tally = decide(terms(), ballots("A", "A", "A"), {})

    assert (tally.outcome, tally.quorum_met, tally.winners) == ("no-quorum", False, ())


def test_the_denominator_may_be_the_valid_ballots() -> None:
    rule = terms(denominator="valid")
    papers = [*ballots("A", "A", "B"), Ballot(spoiled=True), Ballot(spoiled=True)]

    tally = decide(rule, papers, {})

    assert (tally.base, tally.spoiled, tally.winners) == (3, 2, ("A",))


def test_a_tie_goes_to_a_further_round() -> None:
    rule = terms(seats=1, threshold=Fraction(1, 3))

    tally = decide(rule, ballots("A", "A", "A", "B", "B", "B"), {})

    assert (tally.outcome, tally.winners, tally.runoff) == ("tie", (), ("A", "B"))


def test_a_tie_in_the_last_round_stays_undecided() -> None:
    rule = terms(seats=1, threshold=Fraction(1, 3), round=3)

    tally = decide(rule, ballots("A", "A", "A", "B", "B", "B"), {})

    assert (tally.outcome, tally.winners, tally.runoff) == ("tie", (), ())


def test_the_rulebook_may_break_a_tie_by_the_standings() -> None:
    rule = terms(seats=1, threshold=Fraction(1, 3), tie="ranking")

    tally = decide(rule, ballots("A", "A", "A", "B", "B", "B"), {"A": 2, "B": 1})

    assert (tally.outcome, tally.winners) == ("passed", ("B",))


def test_approve_ballots_elect_up_to_the_seats_by_approvals() -> None:
    rule = terms(ballot="approve", seats=2, candidates=("A", "B", "C"), max_choices=3)
    papers = [
        Ballot(choices=("A", "B", "C")),
        Ballot(choices=("A", "B"), rejects=("C",)),
        Ballot(choices=("A", "C")),
        Ballot(choices=("A", "B", "C")),
        Ballot(choices=("B",), rejects=("A",)),
        Ballot(choices=("A", "B", "C")),
    ]

    tally = decide(rule, papers, {})

    counts = {c.candidate: (c.yes, c.no) for c in tally.counts}
    assert counts == {"A": (5, 1), "B": (5, 0), "C": (4, 1)}
    assert tally.winners == ("A", "B")


papers = st.lists(
    st.one_of(
        st.builds(Ballot, choices=st.sampled_from([(), ("A",), ("B",), ("C",)])),
        st.just(Ballot(spoiled=True)),
    ),
    max_size=6,
)


@given(papers, st.randoms())
def test_the_tally_does_not_depend_on_the_order_of_ballots(
    batch: list[Ballot], random: Any
) -> None:
    shuffled = list(batch)
    random.shuffle(shuffled)

    assert decide(terms(), batch, {}) == decide(terms(), shuffled, {})


@given(papers)
def test_no_ballot_is_lost_in_the_count(batch: list[Ballot]) -> None:
    tally = decide(terms(), batch, {})

    chosen = sum(count.yes for count in tally.counts)
    assert tally.cast == len(batch)
    assert chosen + tally.spoiled + sum(
        1 for b in batch if not b.choices and not b.spoiled
    ) == len(batch)
