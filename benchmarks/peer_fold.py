"""The peer's fold: each event into the state of its stream, and that state into
the rows of the read-model tables (peer_views.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from .peer_rules import ZERO, Sheet, parse_rules, rank


def _joined(units: Sequence[str]) -> str:
    return ", ".join(units)


def summary(kind: str, e: Any) -> str:
    """What happened, in a few words, for the audit log."""
    details: dict[str, Callable[[], str]] = {
        "Created": lambda: f"bloc {e.code} created: {e.name}",
        "UnitAdded": lambda: f"{e.unit} joins from {e.year}: {e.name}",
        "Opened": lambda: f"cycle {e.bloc}/{e.year} opened, {len(e.roster)} units",
        "LeadsAssigned": lambda: f"head {e.head}, deputy {e.deputy}",
        "CovenantSigned": lambda: f"{e.unit} signed, {e.signatory}",
        "ScoresSubmitted": lambda: f"{e.unit} scored {len(e.points)} criteria",
        "ScoresAssessed": lambda: f"{e.unit} assessed by the {e.assessor}",
        "ScoreAdjusted": lambda: f"{e.unit}: {e.rule} {e.points}",
        "ScoringClosed": lambda: f"scoring closed, first {e.ranking[0][0]}",
        "VoteOpened": lambda: f"{e.motion} round {e.round}: {_joined(e.candidates)}",
        "VoteCast": lambda: f"{e.voter} voted on {e.motion}",
        "VoteClosed": lambda: f"{e.motion}: {e.tally['outcome']}",
        "AwardProposed": lambda: f"{e.proposal}: {e.award} for {e.recipient['name']}",
        "AwardGranted": lambda: f"{e.award_id}: {e.award} for {e.recipient['name']}",
        "ProposalDeclined": lambda: f"{e.proposal} declined: {e.reason}",
        "AwardRevoked": lambda: f"{e.award_id} revoked: {e.reason}",
        "Closed": lambda: "cycle closed",
        "StageAdvanced": lambda: f"stage {e.from_stage} ended; now {e.to_stage}",
    }
    return details[kind]()


def _unit_added(state: dict[str, Any], _event: Any) -> None:
    state["bloc"][3] += 1


def _signed(state: dict[str, Any], e: Any) -> None:
    state["signed"][e.unit] = e.signed_on


def _scored(state: dict[str, Any], e: Any) -> None:
    sheet = state["sheets"].setdefault(e.unit, Sheet())
    if hasattr(e, "rule"):
        sheet.adjustments.append((e.rule, e.points))
    else:
        (sheet.assessed if hasattr(e, "assessor") else sheet.own).update(e.points)


def _ranked(state: dict[str, Any], e: Any) -> None:
    state["ranking"] = e.ranking


def _advanced(state: dict[str, Any], e: Any) -> None:
    state["cycle"][2] = e.to_stage


def _vote_opened(state: dict[str, Any], e: Any) -> None:
    state["rounds"].append({"motion": e.motion, "round": e.round, "seats": e.seats,
                            "candidates": e.candidates, "voters": [], "tally": None,
                            "eligible": list(state["roster"])})  # fmt: skip


def _voted(state: dict[str, Any], e: Any) -> None:
    current = [r for r in state["rounds"] if r["motion"] == e.motion][-1]
    if hasattr(e, "tally"):
        current["tally"] = e.tally
    else:
        current["voters"].append(e.voter)


def _award(state: dict[str, Any], e: Any) -> None:
    record = e.proposal or e.award_id
    row = state["records"].setdefault(record, {"proposal_id": e.proposal})
    row.update(award=e.award, recipient=e.recipient)
    if hasattr(e, "award_id"):
        row.update(status="granted", award_id=e.award_id, decision=e.decision)
        state["records"][e.award_id] = row
    else:
        row.update(status="proposed", award_id=None, decision=None)


def _declined(state: dict[str, Any], e: Any) -> None:
    state["records"][e.proposal].update(status="declined", decision=e.decision)


def _revoked(state: dict[str, Any], e: Any) -> None:
    row = state["records"][e.award_id]
    row.update(status="revoked", revocation=e.decision["number"])


def _closed(state: dict[str, Any], e: Any) -> None:
    state["cycle"][4] = e.timestamp.isoformat()


FOLDS: dict[str, Callable[[dict[str, Any], Any], None]] = {
    "UnitAdded": _unit_added,
    "CovenantSigned": _signed,
    "ScoresSubmitted": _scored,
    "ScoresAssessed": _scored,
    "ScoreAdjusted": _scored,
    "ScoringClosed": _ranked,
    "VoteOpened": _vote_opened,
    "VoteCast": _voted,
    "VoteClosed": _voted,
    "AwardProposed": _award,
    "AwardGranted": _award,
    "ProposalDeclined": _declined,
    "AwardRevoked": _revoked,
    "Closed": _closed,
    "StageAdvanced": _advanced,
    "LeadsAssigned": lambda _state, _event: None,
}


def cycle_rows(stream: str, state: dict[str, Any]) -> dict[str, list[Any]]:
    """The rows of a cycle in each of its tables, from its folded state."""
    rules = parse_rules(state["rules"])
    roster: dict[str, str] = state["roster"]
    sheets: dict[str, Sheet] = state["sheets"]
    ref = (stream, state["cycle"][0], state["cycle"][1])
    frozen = state["ranking"] is not None
    ranking = state["ranking"] or rank(rules, sheets, list(roster))
    codes = [c.code for c in rules.criteria]
    standings = []
    for unit, total, place in ranking:
        sheet = sheets.get(unit, Sheet())
        base = sum(sheet.points().values(), ZERO)
        scored = len(set(codes) & set(sheet.points()))
        standings.append((*ref, unit, roster.get(unit, unit), place, str(total),
                          str(base), str(sum(sheet.own.values(), ZERO)),
                          str(base) if sheet.assessed else None,
                          str(sheet.adjusted(rules, "bonus")),
                          str(sheet.adjusted(rules, "penalty")), scored,
                          len(codes), scored == len(codes),
                          "frozen" if frozen else "provisional"))  # fmt: skip
    votes, counts = [], []
    for r in state["rounds"]:
        t = r["tally"] or {}
        votes.append((*ref, r["motion"], r["round"], "closed" if t else "open",
                      r["seats"], _joined(r["candidates"]), len(r["eligible"]),
                      t.get("cast", len(r["voters"])), t.get("quorum_met"),
                      t.get("carry"), t.get("outcome", "open"),
                      _joined(t.get("winners", ())),
                      _joined(t.get("runoff", ()))))  # fmt: skip
        counts += [(stream, r["motion"], r["round"], c, n)
                   for c, n in t.get("counts", {}).items()]  # fmt: skip
    awards = []
    for record, row in state["records"].items():
        if record != (row["proposal_id"] or row["award_id"]):
            continue  # the same grant, filed under its proposal
        recipient, decision = row["recipient"], row["decision"] or {}
        awards.append((*ref, record, row["award"], recipient["kind"],
                       recipient["unit"], recipient["name"], row["status"],
                       row["proposal_id"], row["award_id"],
                       decision.get("number"), decision.get("decided_on"),
                       decision.get("authority"),
                       row.get("revocation")))  # fmt: skip
    participation = []
    for unit in roster:
        own = sheets.get(unit, Sheet()).own
        rounds = [r for r in state["rounds"] if unit in r["eligible"]]
        cast = sum(1 for r in rounds if unit in r["voters"])
        signed_on = state["signed"].get(unit)
        participation.append((*ref, unit, signed_on is not None, signed_on,
                              len(own), len(codes), len(rounds),
                              cast))  # fmt: skip
    return {"standings": standings, "votes": votes, "vote_counts": counts,
            "award_registry": awards,
            "participation": participation}  # fmt: skip
