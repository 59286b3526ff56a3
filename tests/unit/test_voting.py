"""The tally (kiểm phiếu): quorum, threshold, ties, approve ballots, spoiled ballots."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from tallies import ballots, terms

from thidua.domain.rulebook import parse_rulebook
from thidua.domain.tally import VoteTerms, decide
from thidua.domain.types import Ballot

from support import rulebook_text


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


# A further round when no one carries --------------------------------------------------


def test_a_three_three_split_below_the_threshold_goes_to_the_two_leaders() -> None:
    rules = terms(further_round="top-two")

    tally = decide(rules, ballots("A", "A", "A", "B", "B", "B"), {})

    assert (tally.outcome, tally.winners, tally.runoff) == ("failed", (), ("A", "B"))


def test_the_two_leaders_go_to_the_further_round_and_the_third_drops_out() -> None:
    rules = terms(further_round="top-two")

    tally = decide(rules, ballots("C", "A", "A", "B", "B", "B"), {})

    assert tally.runoff == ("B", "A")


def test_units_tied_for_second_place_all_go_to_the_further_round() -> None:
    rules = terms(further_round="top-two", candidates=("A", "B", "C", "D"))

    tally = decide(rules, ballots("A", "A", "A", "B", "C", ""), {})

    assert tally.runoff == ("A", "B", "C")


def test_the_rulebook_may_send_only_those_tied_for_first() -> None:
    rules = terms(further_round="tied-first")

    leader = decide(rules, ballots("C", "A", "A", "B", "B", "B"), {})
    level = decide(rules, ballots("A", "A", "A", "B", "B", "B"), {})

    assert (leader.runoff, level.runoff) == (("B",), ("A", "B"))


def test_a_candidate_without_a_vote_goes_to_no_further_round() -> None:
    rules = terms(further_round="top-two")

    some = decide(rules, ballots("A", "A", "A", "", "", ""), {})
    blank = decide(rules, ballots("", "", "", "", "", ""), {})

    assert (some.runoff, blank.runoff) == (("A",), ())
    assert (some.outcome, blank.outcome) == ("failed", "failed")


def test_no_further_round_after_the_last_round_or_without_a_quorum() -> None:
    last = terms(further_round="top-two", round=3)
    rules = terms(further_round="top-two")

    final = decide(last, ballots("A", "A", "A", "B", "B", "B"), {})
    few = decide(rules, ballots("A", "A", "B"), {})

    assert (final.outcome, final.runoff) == ("failed", ())
    assert (few.outcome, few.runoff) == ("no-quorum", ())


def test_seats_left_empty_go_to_a_further_round_among_the_next_leaders() -> None:
    rules = terms(
        further_round="top-two",
        seats=2,
        max_choices=2,
        candidates=("A", "B", "C", "D"),
    )

    tally = decide(rules, ballots("A B", "A B", "A C", "A C", "A D", "B C"), {})

    assert (tally.outcome, tally.winners, tally.runoff) == (
        "passed",
        ("A",),
        ("B", "C"),
    )


def test_a_round_stored_before_the_rule_existed_decides_as_it_did() -> None:
    stored = terms().model_dump(mode="json")
    del stored["further_round"]

    tally = decide(
        VoteTerms.model_validate(stored), ballots("A", "A", "A", "B", "B", "B"), {}
    )

    assert (tally.outcome, tally.runoff) == ("failed", ())


def test_a_rulebook_without_the_rule_decides_as_before_and_shipped_ones_set_it() -> (
    None
):
    shipped = parse_rulebook(rulebook_text())
    old = parse_rulebook(rulebook_text().replace('further_round = "top-two"', ""))

    assert {m.further_round for m in shipped.motions} == {"top-two"}
    assert {m.further_round for m in old.motions} == {"none"}
