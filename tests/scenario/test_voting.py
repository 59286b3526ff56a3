"""Votes at the year-end review: secrecy, counting, further rounds, open ballots."""

from __future__ import annotations

import json
from typing import Any

import pytest

from thidua.domain import commands as c
from thidua.domain import errors
from thidua.domain.auditor.audit import Auditor
from thidua.domain.service.application import Thidua
from thidua.domain.voting import VoteCast, VoteClosed

from support import UNITS, Desk, rulebook_text

OPEN_MOTION = """
[[motions]]
code = "open-show"
title_vi = "Biểu quyết công khai"
title_en = "Show of hands"
ballot = "choose"
seats = 1
secret = false
quorum = "1/2"
threshold = "1/2"
self_vote = false
"""


@pytest.fixture
def review(desk: Desk) -> dict[str, Any]:
    desk.bloc()
    rules = rulebook_text(**{"[[awards]]": OPEN_MOTION + "\n[[awards]]"})
    return desk.to_review(2020, rules)


def stored(app: Thidua, event_class: type[Any]) -> list[dict[str, Any]]:
    from eventsourcing.utils import get_topic

    notifications = app.recorder.select_notifications(
        start=1, limit=1000, topics=[get_topic(event_class)]
    )
    return [json.loads(n.state) for n in notifications]


def test_a_secret_ballot_stores_only_that_the_unit_voted(
    app: Thidua, desk: Desk, review: dict[str, Any]
) -> None:
    desk(c.OpenVote, **review, motion="leading-unit")
    for unit in UNITS:
        desk(c.CastVote, **review, motion="leading-unit", voter=unit)

    casts = stored(app, VoteCast)

    assert [cast["voter"] for cast in casts] == list(UNITS)
    assert all(cast["ballot"] is None for cast in casts)


def test_a_secret_ballot_refuses_a_choice_named_with_the_voter(
    app: Thidua, desk: Desk, review: dict[str, Any]
) -> None:
    desk(c.OpenVote, **review, motion="leading-unit")

    with pytest.raises(errors.InvalidBallot):
        desk(
            c.CastVote,
            **review,
            motion="leading-unit",
            voter="SNV",
            ballot={"choices": ["VPUBND"]},
        )


def test_counted_ballots_are_stored_as_one_sorted_batch(
    app: Thidua, desk: Desk, review: dict[str, Any]
) -> None:
    desk(c.OpenVote, **review, motion="leading-unit")
    for unit in UNITS:
        desk(c.CastVote, **review, motion="leading-unit", voter=unit)
    counted = [
        ["SNV"],
        ["VPUBND"],
        ["VPUBND"],
        ["VPDDBQH"],
        ["VPUBND"],
        ["VPUBND"],
        ["VPUBND"],
        ["SNV"],
    ]

    desk(
        c.CloseVote,
        **review,
        motion="leading-unit",
        ballots=[{"choices": choice} for choice in counted],
    )

    (closed,) = stored(app, VoteClosed)
    assert [b["choices"] for b in closed["ballots"]] == sorted(counted)
    assert closed["tally"]["winners"] == ["VPUBND"]


def test_the_counted_ballots_must_match_the_units_that_voted(
    app: Thidua, desk: Desk, review: dict[str, Any]
) -> None:
    desk(c.OpenVote, **review, motion="leading-unit")
    desk(c.CastVote, **review, motion="leading-unit", voter="SNV")

    with pytest.raises(errors.BallotCountMismatch):
        desk(
            c.CloseVote,
            **review,
            motion="leading-unit",
            ballots=[{"choices": ["VPUBND"]}] * 2,
        )


def test_a_further_round_follows_an_equal_split_above_the_threshold(
    app: Thidua, desk: Desk
) -> None:
    desk.bloc()
    rules = rulebook_text(
        **{
            'threshold = "1/2"                    # [setting] more than': (
                'threshold = "1/4"                    # more than'
            )
        }
    )
    cycle = desk.to_review(2020, rules)
    desk(c.OpenVote, **cycle, motion="leading-unit")
    for unit in UNITS:
        desk(c.CastVote, **cycle, motion="leading-unit", voter=unit)

    receipt = desk(
        c.CloseVote,
        **cycle,
        motion="leading-unit",
        ballots=[{"choices": ["VPUBND"]}] * 4 + [{"choices": ["SNV"]}] * 4,
    )

    assert receipt.events == ("VoteClosed", "VoteOpened")
    second = app.cycle("TMTH", 2020).rounds["leading-unit"][-1]
    assert (second.terms.round, second.terms.candidates) == (2, ("SNV", "VPUBND"))


def test_an_open_vote_records_each_ballot_and_refuses_a_vote_for_oneself(
    app: Thidua, desk: Desk, review: dict[str, Any]
) -> None:
    desk(c.OpenVote, **review, motion="open-show", candidates=["VPUBND", "SNV"])

    with pytest.raises(errors.InvalidBallot):
        desk(
            c.CastVote,
            **review,
            motion="open-show",
            voter="SNV",
            ballot={"choices": ["SNV"]},
        )
    for unit in [u for u in UNITS if u != "VPUBND"]:
        desk(
            c.CastVote,
            **review,
            motion="open-show",
            voter=unit,
            ballot={"choices": ["VPUBND"]},
        )
    desk(c.CloseVote, **review, motion="open-show")

    tally = app.cycle("TMTH", 2020).rounds["open-show"][-1].tally
    assert tally is not None
    assert (tally.cast, tally.winners) == (7, ("VPUBND",))


def test_a_ballot_for_a_stranger_is_refused(
    app: Thidua, desk: Desk, review: dict[str, Any]
) -> None:
    desk(c.OpenVote, **review, motion="open-show", candidates=["VPUBND", "SNV"])

    with pytest.raises(errors.InvalidBallot):
        desk(
            c.CastVote,
            **review,
            motion="open-show",
            voter="STC",
            ballot={"choices": ["STP"]},
        )


def test_the_evidence_of_a_vote_names_the_fewest_votes_that_carry(
    app: Thidua, desk: Desk, review: dict[str, Any]
) -> None:
    desk.elect(review, "VPUBND")
    desk(
        c.ProposeAward,
        **review,
        award="provincial-flag",
        recipient={"kind": "collective", "unit": "VPUBND"},
    )

    steps = Auditor(app).explain("TMTH", 2020, "provincial-flag", "VPUBND")

    (vote,) = [step.finding for step in steps if step.step == "vote"]
    assert "carrying needs at least 5 of 8 (more-than 1/2 of eligible)" in vote
