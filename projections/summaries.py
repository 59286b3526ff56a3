"""The audit log's summaries: each event kind in plain words, as a phrase."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from thidua.domain.phrase import (
    Day,
    Listing,
    Number,
    Phrase,
    Term,
    Value,
    listing,
    phrase,
)

from .registry_summaries import REGISTRY_SUMMARIES


def _recipient(r: dict[str, Any]) -> Value:
    name = str(r.get("name") or "")
    if r["kind"] == "collective":
        return (
            phrase("{name}, {unit}", name=name, unit=r["unit"]) if name else r["unit"]
        )
    return phrase("{name} ({unit})", name=name, unit=r["unit"])


def _points(points: dict[str, str]) -> Listing:
    return listing(
        phrase("{code} {points}", code=code, points=Number(str(value)))
        for code, value in sorted(points.items())
    )


def _assessed(d: dict[str, Any]) -> Listing:
    """Each assessed point, from the unit's own where it changed it, with its note:
    "A1 28→26: Thiếu minh chứng; A2 19"."""
    own, notes = d.get("own", {}), d["notes"]
    shown: list[Value] = []
    for code, value in sorted(d["points"].items()):
        before = own.get(code)
        point = (
            phrase(
                "{code} {own}→{points}",
                code=code,
                own=Number(str(before)),
                points=Number(str(value)),
            )
            if before is not None and Decimal(str(before)) != Decimal(str(value))
            else phrase("{code} {points}", code=code, points=Number(str(value)))
        )
        note = notes.get(code)
        shown.append(
            phrase("{point}: {note}", point=point, note=note) if note else point
        )
    return listing(shown, "; ")


def _decision(d: dict[str, Any]) -> Phrase:
    fields: dict[str, Value] = {"number": d["number"], "day": Day(d["decided_on"])}
    if d.get("authority"):
        return Phrase(
            "decision {number} ({day}) of {authority}",
            fields | {"authority": d["authority"]},
        )
    return Phrase("decision {number} ({day})", fields)


def _tally(t: dict[str, Any]) -> Phrase:
    counts = listing(
        phrase("{candidate} {votes}", candidate=c["candidate"], votes=c["yes"])
        for c in t["counts"]
    )
    return phrase(
        "{cast} of {eligible} voted; {counts}; {outcome}, winners: {winners}",
        cast=t["cast"],
        eligible=t["eligible"],
        counts=counts,
        outcome=Term("outcome", t["outcome"]),
        winners=listing(t["winners"], none=True),
    )


def _ranking(entries: list[dict[str, Any]]) -> Listing:
    return listing(
        phrase(
            "{rank}. {unit} {total}",
            rank=e["rank"],
            unit=e["unit"],
            total=Number(str(e["total"])),
        )
        for e in entries
    )


SUMMARIES: dict[str, Callable[[dict[str, Any]], Phrase]] = {
    "BlocCreated": lambda d: phrase(
        "bloc (khối) {code} created: {name}, {province}",
        code=d["code"],
        name=d["name"],
        province=d["province"],
    ),
    "UnitAdded": lambda d: phrase(
        "{unit} ({name}) joins the bloc from {year}",
        unit=d["unit"],
        name=d["name"],
        year=d["year"],
    ),
    "UnitRemoved": lambda d: phrase(
        "{unit} leaves the bloc from {year}{successor}",
        unit=d["unit"],
        year=d["year"],
        successor=phrase(", merged into {unit}", unit=d["successor"])
        if d.get("successor")
        else "",
    ),
    "BlocConfigured": lambda d: phrase(
        "document settings from {day}: {superior} / {issuing}, {place}, code {code}",
        day=Day(d["since"]),
        superior=d["superior_body"] or "-",
        issuing=d["issuing_body"] or "-",
        place=d["place"] or "-",
        code=d["document_code"] or "-",
    ),
    "CycleOpened": lambda d: phrase(
        "cycle {cycle} opened with {units} units, rulebook sha256 {sha256}",
        cycle=f"{d['bloc']}/{d['year']}",
        units=len(d["roster"]),
        sha256=d["rulebook_sha256"][:12],
    ),
    "RosterChanged": lambda d: phrase(
        "roster changed: joined {joined}; left {left}",
        joined=listing((m["code"] for m in d["joined"]), none=True),
        left=listing(d["left"], none=True),
    ),
    "LeadsAssigned": lambda d: phrase(
        "head (trưởng khối) {head}, deputy (phó khối) {deputy} by {method}",
        head=d["head"],
        deputy=d["deputy"],
        method=Term("method", d["method"]),
    ),
    "CovenantSigned": lambda d: phrase(
        "{unit} signed the covenant (giao ước): {signatory}, {day}",
        unit=d["unit"],
        signatory=d["signatory"],
        day=Day(d["signed_on"]),
    ),
    "TargetsRegistered": lambda d: phrase(
        "{unit} registered {targets} target(s) and {titles} title(s)",
        unit=d["unit"],
        targets=len(d["targets"]),
        titles=len(d["titles"]),
    ),
    "CovenantClosed": lambda d: phrase(
        "covenant closed; unsigned: {unsigned}",
        unsigned=listing(d["unsigned"], none=True),
    ),
    "ScoresSubmitted": lambda d: phrase(
        "{unit} submitted own scores: {points}",
        unit=d["unit"],
        points=_points(d["points"]),
    ),
    "ScoresAssessed": lambda d: phrase(
        "{assessor} assessed {unit}: {points}",
        assessor=Term("assessor", d["assessor"]),
        unit=d["unit"],
        points=_assessed(d),
    ),
    "ScoreAdjusted": lambda d: phrase(
        "{rule} {points} points for {unit}",
        rule=d["rule"],
        points=Number(str(d["points"])),
        unit=d["unit"],
    ),
    "ScoringClosed": lambda d: phrase(
        "scoring closed; ranking {ranking}", ranking=_ranking(d["ranking"])
    ),
    "VoteOpened": lambda d: phrase(
        "vote on {motion} round {round} opened; candidates {candidates}",
        motion=d["terms"]["motion"],
        round=d["terms"]["round"],
        candidates=listing(d["terms"]["candidates"]),
    ),
    "VoteCast": lambda d: (
        phrase(
            "{voter} voted in {motion} round {round}",
            voter=d["voter"],
            motion=d["motion"],
            round=d["round"],
        )
        if d["ballot"] is None
        else phrase(
            "{voter} voted in {motion} round {round}: {choices}",
            voter=d["voter"],
            motion=d["motion"],
            round=d["round"],
            choices=listing(d["ballot"]["choices"]),
        )
    ),
    "VoteClosed": lambda d: phrase(
        "vote on {motion} round {round} closed: {tally}",
        motion=d["motion"],
        round=d["round"],
        tally=_tally(d["tally"]),
    ),
    "AwardProposed": lambda d: phrase(
        "{proposal}: {award} proposed for {recipient}",
        proposal=d["proposal_id"],
        award=d["award"],
        recipient=_recipient(d["recipient"]),
    ),
    "AwardGranted": lambda d: phrase(
        "{record}: {award} granted to {recipient} by {decision}",
        record=d["award_id"],
        award=d["award"],
        recipient=_recipient(d["recipient"]),
        decision=_decision(d["decision"]),
    ),
    "ProposalDeclined": lambda d: phrase(
        "{proposal} declined by {decision}",
        proposal=d["proposal_id"],
        decision=_decision(d["decision"]),
    ),
    "AwardRevoked": lambda d: phrase(
        "{record} revoked by {decision}",
        record=d["award_id"],
        decision=_decision(d["decision"]),
    ),
    "ProceedingRecorded": lambda d: phrase(
        "{kind} {state} for {recipient}",
        kind=Term("proceeding", d["kind"]),
        state=Term("proceeding_state", "pending" if d["pending"] else "settled"),
        recipient=_recipient(d["recipient"]),
    ),
    "CycleClosed": lambda _: phrase("cycle closed"),
    "StageAdvanced": lambda d: phrase(
        "stage {from_} ended; now {to}",
        from_=Term("stage", d["from_stage"]),
        to=Term("stage", d["to_stage"]),
    ),
}
SUMMARIES.update(REGISTRY_SUMMARIES)
