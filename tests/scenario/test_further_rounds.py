"""Further rounds (bầu lại): when no one carries, the leading candidates vote again."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from thidua.domain import commands as c
from thidua.domain import errors
from thidua.domain.auditor.audit import Auditor
from thidua.domain.auditor.rederive import rederive
from thidua.domain.ids import cycle_id
from thidua.domain.service.application import Thidua

from support import UNITS, Desk, rulebook_text


@pytest.fixture
def review(desk: Desk) -> dict[str, Any]:
    desk.bloc()
    return desk.to_review(2020)


def test_an_even_split_below_the_threshold_goes_to_a_further_round(
    app: Thidua, desk: Desk, review: dict[str, Any]
) -> None:
    desk(c.OpenVote, **review, motion="leading-unit")
    for unit in UNITS:
        desk(c.CastVote, **review, motion="leading-unit", voter=unit)

    receipt = desk(
        c.CloseVote,
        **review,
        motion="leading-unit",
        ballots=[{"choices": ["VPUBND"]}] * 4 + [{"choices": ["SNV"]}] * 4,
    )

    assert receipt.events == ("VoteClosed", "VoteOpened")
    first, second = app.cycle("TMTH", 2020).rounds["leading-unit"]
    assert first.tally is not None
    assert (first.tally.outcome, first.tally.runoff) == ("failed", ("SNV", "VPUBND"))
    assert (second.terms.round, second.terms.candidates) == (2, ("SNV", "VPUBND"))


def test_a_cycle_whose_rulebook_lacks_the_rule_still_just_fails(
    app: Thidua, desk: Desk
) -> None:
    desk.bloc()
    rules = rulebook_text().replace('further_round = "top-two"', "")
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

    assert receipt.events == ("VoteClosed",)
    (only,) = app.cycle("TMTH", 2020).rounds["leading-unit"]
    assert only.tally is not None
    assert only.tally.outcome == "failed"  # 4 of 8 is not more than half


def test_the_further_round_keeps_the_attendance_and_can_carry(
    app: Thidua, desk: Desk, review: dict[str, Any]
) -> None:
    present = [u for u in UNITS if u != "SNGV"]
    desk(c.OpenVote, **review, motion="leading-unit", absent=["SNGV"])
    for unit in present:
        desk(c.CastVote, **review, motion="leading-unit", voter=unit)
    split = [["VPUBND"]] * 3 + [["SNV"]] * 3 + [["VPDDBQH"]]
    desk(
        c.CloseVote,
        **review,
        motion="leading-unit",
        ballots=[{"choices": choice} for choice in split],
    )

    second = app.cycle("TMTH", 2020).rounds["leading-unit"][-1]
    assert second.terms.candidates == ("SNV", "VPUBND")
    assert "SNGV" not in second.terms.present
    with pytest.raises(errors.NotEligible):
        desk(c.CastVote, **review, motion="leading-unit", voter="SNGV")
    for unit in present:
        desk(c.CastVote, **review, motion="leading-unit", voter=unit)
    desk(
        c.CloseVote,
        **review,
        motion="leading-unit",
        ballots=[{"choices": ["VPUBND"]}] * 5 + [{"choices": ["SNV"]}] * 2,
    )

    cycle = app.cycle("TMTH", 2020)
    assert cycle.winners("leading-unit") == ["VPUBND"]
    assert rederive(Auditor(app).stream_rows(cycle_id("TMTH", 2020))) == []


def test_the_auditor_reports_a_further_round_among_other_candidates(
    app: Thidua, desk: Desk, review: dict[str, Any]
) -> None:
    desk(c.OpenVote, **review, motion="leading-unit")
    for unit in UNITS:
        desk(c.CastVote, **review, motion="leading-unit", voter=unit)
    desk(
        c.CloseVote,
        **review,
        motion="leading-unit",
        ballots=[{"choices": ["VPUBND"]}] * 4 + [{"choices": ["SNV"]}] * 4,
    )
    rows = list(Auditor(app).stream_rows(cycle_id("TMTH", 2020)))
    last = rows[-1]
    terms = {**last.document["terms"], "candidates": ["VPUBND", "VPDDBQH"]}
    rows[-1] = replace(last, document={**last.document, "terms": terms})

    found = rederive(rows)

    assert [(d.event, d.check) for d in found] == [("VoteOpened", "tally")]
    assert "SNV, VPUBND" in found[0].message


def test_seats_left_empty_are_voted_again_and_every_round_s_winners_hold(
    app: Thidua, desk: Desk, review: dict[str, Any]
) -> None:
    desk(c.OpenVote, **review, motion="merit")
    for unit in UNITS:
        desk(c.CastVote, **review, motion="merit", voter=unit)
    approvals = [["VPUBND", "SNV", "STC"]] * 4 + [["VPUBND", "SNV", "STP"]] * 3
    desk(
        c.CloseVote,
        **review,
        motion="merit",
        ballots=[{"choices": a} for a in [*approvals, ["VPUBND", "SNV"]]],
    )
    further = app.cycle("TMTH", 2020).rounds["merit"][-1]
    assert (further.terms.round, further.terms.seats) == (2, 1)
    assert further.terms.candidates == ("STC", "STP")
    for unit in UNITS:
        desk(c.CastVote, **review, motion="merit", voter=unit)
    desk(
        c.CloseVote,
        **review,
        motion="merit",
        ballots=[{"choices": ["STC"]}] * 6 + [{"choices": ["STP"]}] * 2,
    )

    for unit in ("VPUBND", "SNV", "STC"):
        desk(
            c.ProposeAward,
            **review,
            award="provincial-merit",
            recipient={"kind": "collective", "unit": unit},
        )

    assert app.cycle("TMTH", 2020).winners("merit") == ["SNV", "VPUBND", "STC"]
    assert rederive(Auditor(app).stream_rows(cycle_id("TMTH", 2020))) == []
