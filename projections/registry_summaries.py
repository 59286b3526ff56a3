"""The audit log's summaries of the registry's events (people, collectives, their
titles, forms of commendation and proceedings), in plain words, as phrases."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from thidua.domain.phrase import Day, Phrase, Term, phrase


def _decision(d: dict[str, Any]) -> Phrase:
    return phrase(
        "decision {number} ({day})", number=d["number"], day=Day(d["decided_on"])
    )


def _conferred(d: dict[str, Any]) -> Phrase:
    if d.get("source_sha256"):
        return phrase(
            "{title} for {year} recorded from a past year's file ({sha})",
            title=d["title"],
            year=d["year"],
            sha=str(d["source_sha256"])[:16],
        )
    return phrase(
        "{title} for {year} conferred by {decision}",
        title=d["title"],
        year=d["year"],
        decision=_decision(d["decision"]),
    )


REGISTRY_SUMMARIES: dict[str, Callable[[dict[str, Any]], Phrase]] = {
    "PersonRegistered": lambda d: phrase(
        "{code} {name} registered: {position}, {unit} from {day}",
        code=d["code"],
        name=d["name"],
        position=d["position"],
        unit=d["unit"],
        day=Day(d["since"]),
    ),
    "CollectiveRegistered": lambda d: phrase(
        "collective {code} {name} registered", code=d["code"], name=d["name"]
    ),
    "PersonTransferred": lambda d: phrase(
        "transferred: {position}, {unit} from {day}",
        position=d["position"],
        unit=d["unit"],
        day=Day(d["since"]),
    ),
    "TitleConferred": _conferred,
    "TitleRevoked": lambda d: phrase(
        "{title} for {year} revoked by {decision}",
        title=d["title"],
        year=d["year"],
        decision=_decision(d["decision"]),
    ),
    "CommendationRecorded": lambda d: phrase(
        "{form} for {year} awarded by {decision}",
        form=d["form"],
        year=d["year"],
        decision=_decision(d["decision"]),
    ),
    "CommendationRevoked": lambda d: phrase(
        "{form} for {year} by decision {number} revoked by {decision}",
        form=d["form"],
        year=d["year"],
        number=d["awarded_by"],
        decision=_decision(d["decision"]),
    ),
    "ProceedingOpened": lambda d: phrase(
        "{kind} {id} opened on {day}",
        kind=Term("proceeding", d["kind"]),
        id=d["proceeding_id"],
        day=Day(d["opened_on"]),
    ),
    "ProceedingClosed": lambda d: phrase(
        "proceeding {id} closed on {day}",
        id=d["proceeding_id"],
        day=Day(d["closed_on"]),
    ),
}
