"""Insider attacks: rows appended by the writer role, chained and hashed as the
engine chains them, that the domain would have refused.

The chain alone cannot tell such a row from a real one; `audit verify` re-judges
every stored event against the rules of the cycle's rulebook and names the event
and the rule it breaks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from insider import Insider

from thidua.cli.story import story
from thidua.domain.auditor.audit import Auditor
from thidua.domain.auditor.rederive import Discrepancy
from thidua.domain.ids import bloc_id
from thidua.store import build_app

# How much of the seed story is recorded before the forger strikes: scoring open;
# a vote open with one unit voted; all eight voted; the vote counted, P1 proposed.
STAGES = {"half-scored": 21, "scoring": 31, "voting": 34, "all-voted": 41,
          "review": 43}  # fmt: skip
UNIT_REP = {"name": "Nguyễn Văn An", "role": "unit", "unit": "SNV"}
BALLOT = {"choices": ["SNV"], "rejects": [], "spoiled": False}
GRANT = {
    "award_id": "A1",
    "award": "commendation",
    "recipient": {"kind": "collective", "unit": "STC", "name": "Sở Tài chính"},
    "decision": {"number": "9/QĐ", "decided_on": "2021-01-25", "authority": "UBND"},
    "proposal_id": None,
}
DECISION = {"number": "9/QĐ", "decided_on": "2021-01-25", "authority": "UBND"}

Staged = Callable[[str], Insider]


@pytest.fixture
def staged(store_url: str) -> Iterator[Staged]:
    opened: list[Insider] = []

    def record(stage: str) -> Insider:
        with build_app(store_url) as app:
            for step in story()[: STAGES[stage]]:
                app.handle(step.command)
        opened.append(Insider(store_url))
        return opened[-1]

    yield record
    for insider in opened:
        insider.connection.close()


def findings(url: str) -> list[Discrepancy]:
    with build_app(url) as app:
        examination = Auditor(app).examine()
    assert all(report.intact for report in examination.chains)  # chained right
    return [found for _, found in examination.discrepancies]


def terms(insider: Insider, **changed: Any) -> dict[str, Any]:
    return {"terms": {**insider.state(25)["terms"], **changed}}  # the vote opened


# (stage, event kind, fields of the forged document, the rule verify names)
FORGERIES: dict[str, tuple[str, str, Any, str]] = {
    "points above the criterion's maximum": (
        "scoring", "ScoresSubmitted", {"points": {"A1": "999"}}, "bounds"),
    "negative points": (
        "scoring", "ScoresSubmitted", {"points": {"A2": "-4"}}, "bounds"),
    "a criterion the rulebook lacks": (
        "scoring", "ScoresSubmitted", {"points": {"Z9": "1"}}, "criterion"),
    "more decimals than the rulebook allows": (
        "scoring", "ScoresSubmitted", {"points": {"B1": "1.25"}}, "decimals"),
    "points that are no number": (
        "scoring", "ScoresSubmitted", {"points": {"B1": "NaN"}}, "points"),
    "scores of a unit not on the roster": (
        "scoring", "ScoresSubmitted", {"unit": "XYZ"}, "membership"),
    "a representative scoring another unit": (
        "scoring", "ScoresSubmitted", {"actor": UNIT_REP, "unit": "STC"}, "role"),
    "an auditor recording scores": (
        "scoring", "ScoresSubmitted",
        {"actor": {"name": "Trần Thị B", "role": "auditor", "unit": None}}, "role"),
    "a representative assessing": (
        "scoring", "ScoresAssessed", {"actor": UNIT_REP, "unit": "SNV"}, "role"),
    "an assessment by a unit that is not the head": (
        "scoring", "ScoresAssessed", {"assessor_unit": "STC"}, "assessor"),
    "the head assessing its own scores": (
        "scoring", "ScoresAssessed",
        {"unit": "SKHDT", "assessor_unit": "SKHDT", "points": {"B1": "1"}},
        "assessor"),
    "an assessed change without a reason": (
        "scoring", "ScoresAssessed", {"unit": "STC", "points": {"A1": "1"},
                                      "notes": {}}, "reason"),
    "a bonus rule the rulebook lacks": (
        "scoring", "ScoreAdjusted", {"rule": "bribe"}, "criterion"),
    "a negative bonus": ("scoring", "ScoreAdjusted", {"points": "-3"}, "bounds"),
    "a bonus above its cap": ("scoring", "ScoreAdjusted", {"points": "50"}, "bounds"),
    "a bonus without a reason": (
        "scoring", "ScoreAdjusted", {"reason": None}, "reason"),
    "a covenant signed twice": (
        "scoring", "CovenantSigned", {"unit": "VPUBND"}, "covenant"),
    "a covenant signed by a stranger": (
        "scoring", "CovenantSigned", {"unit": "XYZ"}, "membership"),
    "a covenant signed by another unit's representative": (
        "scoring", "CovenantSigned", {"actor": UNIT_REP, "unit": "STC"}, "role"),
    "one unit as head and deputy": (
        "scoring", "LeadsAssigned", {"head": "STC", "deputy": "STC"}, "leads"),
    "a head that is not a member": (
        "scoring", "LeadsAssigned", {"head": "XYZ"}, "membership"),
    "targets of a stranger": (
        "scoring", "TargetsRegistered",
        {"unit": "XYZ", "targets": ["Hoàn thành"], "titles": []}, "membership"),
    "a member joining twice": (
        "scoring", "RosterChanged",
        {"joined": [{"code": "SNV", "name": "Sở Nội vụ"}], "left": [],
         "departures": []}, "membership"),
    "a command applied a second time": (
        "scoring", "ScoresSubmitted", {"command_id": "demo-21"}, "command-id"),
    "scoring closed with a sheet missing": (
        "half-scored", "ScoringClosed", {"ranking": []}, "scores"),
    "a cycle closed with a round open": ("voting", "CycleClosed", {}, "stage"),
    "a ballot of a unit that is not a voter": (
        "voting", "VoteCast", {"voter": "XYZ"}, "eligibility"),
    "a second ballot of one unit": (
        "voting", "VoteCast", {"voter": "VPUBND"}, "tally"),
    "a secret ballot recorded with its voter": (
        "voting", "VoteCast", {"voter": "SNV", "ballot": BALLOT}, "ballot"),
    "a ballot in a round never opened": (
        "voting", "VoteCast", {"voter": "SNV", "round": 2}, "ballot"),
    "a representative voting for another unit": (
        "voting", "VoteCast", {"voter": "STC", "actor": UNIT_REP}, "role"),
    "a round of a motion the rulebook lacks": (
        "voting", "VoteOpened", lambda i: terms(i, motion="bogus"), "motion"),
    "a second round while the first is open": (
        "voting", "VoteOpened", lambda i: terms(i, round=2), "ballot"),
    "a round with a lower threshold than the rulebook's": (
        "voting", "VoteOpened", lambda i: terms(i, threshold="1/10"), "terms"),
    "a round for more seats than the motion has": (
        "voting", "VoteOpened", lambda i: terms(i, seats=5), "seats"),
    "a round with a stranger as candidate": (
        "voting", "VoteOpened",
        lambda i: terms(i, candidates=["VPUBND", "XYZ"]), "membership"),
    "counted ballots naming one who is no candidate": (
        "all-voted", "VoteClosed",
        lambda i: {"motion": "leading-unit", "round": 1, "tally": {},
                   "ballots": [{**BALLOT, "choices": ["STC"]}] * 8}, "ballot"),
    "a proposal for a stranger": (
        "review", "AwardProposed",
        {"proposal_id": "P2", "recipient": {"kind": "collective", "unit": "XYZ",
                                           "name": "X"}}, "membership"),
    "a proposal numbered out of turn": (
        "review", "AwardProposed", {"proposal_id": "P7"}, "record-id"),
    "a grant of an award given only on proposal": (
        "review", "AwardGranted", {**GRANT, "award": "provincial-flag"},
        "award-condition"),
    "the leading unit's flag to a part of a unit": (
        "review", "AwardProposed",
        {"proposal_id": "P2", "recipient": {**GRANT["recipient"], "name": "Phòng"}},
        "award-condition"),
    "a fact dated after it was recorded": (
        "scoring", "ScoresSubmitted", {"occurred_at": "2031-01-01"}, "time-of-fact"),
    "a grant of a proposal never made": (
        "review", "AwardGranted", {**GRANT, "proposal_id": "P9"}, "award-condition"),
    "a revocation of an award never granted": (
        "review", "AwardRevoked", {"award_id": "A9", "decision": DECISION,
                                   "reason": "sai"}, "award-condition"),
    "a revocation without reasons": (
        "review", "AwardRevoked", {"award_id": "A9", "decision": DECISION},
        "reason"),
    "a decline of a proposal never made": (
        "review", "ProposalDeclined", {"proposal_id": "P9", "decision": DECISION},
        "award-condition"),
    "a proceeding against a stranger": (
        "review", "ProceedingRecorded",
        {"recipient": {"kind": "collective", "unit": "XYZ", "name": "X"},
         "kind": "discipline", "pending": True}, "membership"),
    "an award recorded by a representative": (
        "review", "AwardGranted", {**GRANT, "actor": UNIT_REP}, "role"),
}  # fmt: skip


@pytest.mark.parametrize("attack", sorted(FORGERIES))
def test_a_forged_event_the_rules_refuse_is_found_naming_its_rule(
    staged: Staged, attack: str
) -> None:
    stage, event, fields, rule = FORGERIES[attack]
    insider = staged(stage)
    version = insider.append(event, fields(insider) if callable(fields) else fields)

    found = findings(insider.url)

    assert any(f.version == version and f.check == rule for f in found), found
    named = next(f for f in found if f.check == rule)
    assert named.event == event
    assert named.position > 0
    assert len(named.event_hash) == 64


def test_a_unit_added_to_the_bloc_by_a_representative_is_found(
    staged: Staged,
) -> None:
    insider = staged("scoring")
    version = insider.append(
        "UnitAdded", {"unit": "XYZ", "actor": UNIT_REP}, stream=bloc_id("TMTH")
    )

    found = findings(insider.url)

    assert [(f.version, f.event, f.check) for f in found] == [
        (version, "UnitAdded", "role")
    ]


def test_a_grant_to_a_unit_under_a_pending_proceeding_is_found(
    staged: Staged,
) -> None:
    insider = staged("review")
    recipient = GRANT["recipient"]
    insider.append(
        "ProceedingRecorded",
        {"recipient": recipient, "kind": "investigation", "pending": True},
    )
    version = insider.append("AwardGranted", GRANT)

    found = findings(insider.url)

    assert [f.check for f in found if f.version == version] == ["proceeding"]


@pytest.mark.parametrize("stage", sorted(STAGES))
def test_an_untouched_store_at_every_stage_verifies_clean(
    staged: Staged, stage: str
) -> None:
    insider = staged(stage)

    assert findings(insider.url) == []


# A stage move recorded where the rules give none, one the rules give left out, and
# one to another stage than the rules give (domain/stages.py).
MOVES: dict[str, tuple[tuple[str, dict[str, Any]], ...]] = {
    "forged": (("StageAdvanced", {"from_stage": "scoring", "to_stage": "review"}),),
    "missing": (("CycleClosed", {}),),
    "wrong": (
        ("CycleClosed", {}),
        ("StageAdvanced", {"from_stage": "review", "to_stage": "scoring"}),
    ),
}


@pytest.mark.parametrize("move", sorted(MOVES))
def test_a_stage_move_the_rules_do_not_give_is_found(staged: Staged, move: str) -> None:
    insider = staged("scoring" if move == "forged" else "review")
    forged = [insider.append(event, fields) for event, fields in MOVES[move]]

    found = findings(insider.url)

    assert [(f.version, f.event, f.check) for f in found] == [
        (forged[-1], MOVES[move][-1][0], "stage")
    ]
