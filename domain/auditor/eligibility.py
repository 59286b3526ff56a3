"""The auditor's re-derivation of eligibility: every proposal or grant stored for a
registered person or collective is judged again from the holder's stored rows as
they stood at that point of the log, with code of its own (not the engine's
domain/registry/eligibility.py), and each one their history did not allow is
reported."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any
from uuid import UUID

from thidua.domain.auditor.explain import Evidence
from thidua.domain.auditor.integrity import StoredRow
from thidua.domain.auditor.rederive import Discrepancy
from thidua.domain.ids import collective_id, person_id
from thidua.domain.phrase import phrase
from thidua.domain.rulebook import parse_rulebook

Rows = Callable[[UUID], list[StoredRow]]


def recheck_eligibility(
    streams: Mapping[str, Sequence[StoredRow]], load: Rows
) -> list[tuple[str, Discrepancy]]:
    """(cycle, finding) for every decision on a holder whose history did not allow
    it; holders' rows come from `streams` or, if absent, from `load`."""
    found: list[tuple[str, Discrepancy]] = []
    for rows in streams.values():
        if not rows or rows[0].event != "CycleOpened":
            continue
        opened = rows[0].document
        subject = f"{opened['bloc']}/{opened['year']}"
        rules = parse_rulebook(opened["rulebook_text"])
        proposals: dict[str, dict[str, Any]] = {}
        for row in rows:
            doc = row.document
            if row.event == "AwardProposed":
                proposals[doc["proposal_id"]] = dict(doc)
            if row.event not in ("AwardProposed", "AwardGranted"):
                continue
            asked = proposals.get(doc.get("proposal_id") or "", doc)
            holder = _holder(asked, streams, load, row)
            if holder is None:
                continue
            title = rules.title(asked["award"])
            for said in _missing(title, int(opened["year"]), holder):
                found.append((subject, history_finding(row, said)))
    return found


def _holder(
    asked: Mapping[str, Any],
    streams: Mapping[str, Sequence[StoredRow]],
    load: Rows,
    decision: StoredRow,
) -> dict[str, Any] | None:
    """The holder's titles and open proceedings from its rows recorded before the
    decision: by log position where both rows have one, else by recording time."""
    recipient = asked["recipient"]
    if asked.get("person"):
        stream = person_id(asked["person"])
    elif recipient["kind"] == "collective" and recipient.get("name") is None:
        stream = collective_id(recipient["unit"])
    else:
        return None
    rows = streams.get(stream.hex) or load(stream)
    if not rows:
        return None
    held: dict[tuple[str, int], bool] = {}
    open_ids: set[str] = set()
    for row in sorted(rows, key=lambda r: r.version):
        if not _before(row, decision):
            break
        doc = row.document
        if row.event == "TitleConferred":
            held[(doc["title"], int(doc["year"]))] = True
        elif row.event == "TitleRevoked":
            held[(doc["title"], int(doc["year"]))] = False
        elif row.event == "ProceedingOpened":
            open_ids.add(doc["proceeding_id"])
        elif row.event == "ProceedingClosed":
            open_ids.discard(doc["proceeding_id"])
    name = rows[0].document.get("name", "")
    return {"name": name, "held": held, "open": sorted(open_ids)}


def _before(row: StoredRow, decision: StoredRow) -> bool:
    if row.position and decision.position:
        return row.position < decision.position
    return str(row.document["timestamp"]) < str(decision.document["timestamp"])


def _missing(title: Any, year: int, holder: dict[str, Any]) -> list[Any]:
    said = []
    for rule in title.prerequisites if title is not None else ():
        last = year if rule.same_year else year - 1
        window = rule.within or rule.years
        span = range(last - window + 1, last + 1)
        count = sum(1 for y in span if holder["held"].get((rule.title, y)))
        if count < rule.years:
            said.append(
                phrase(
                    "{name} held {title} in {count} of the years {first}-{last}; "
                    "the rulebook needs {years}",
                    name=holder["name"],
                    title=rule.title,
                    count=count,
                    first=span[0],
                    last=last,
                    years=rule.years,
                )
            )
    if holder["open"]:
        said.append(
            phrase(
                "{name} was under a pending proceeding ({ids})",
                name=holder["name"],
                ids=", ".join(holder["open"]),
            )
        )
    return said


def history_finding(row: StoredRow, said: Any) -> Discrepancy:
    """A finding of the history checks on the event that decided it."""
    return Discrepancy(
        row.version,
        row.event,
        "history",
        said,
        position=row.position,
        event_hash=str(row.document.get("event_hash", "")),
    )


def explain_history(
    cycle_rows: Sequence[StoredRow], load: Rows, award: str, who: str
) -> list[Evidence]:
    """The history behind each decision on `award` for `who` (a person's code or
    name, or a unit's code): the holder's titles of the prerequisites and its
    proceedings, each as the event it rests on, recorded before the decision."""
    rules = None
    found: list[Evidence] = []
    for row in cycle_rows:
        doc = row.document
        if row.event == "CycleOpened":
            rules = parse_rulebook(doc["rulebook_text"])
        if row.event != "AwardProposed" or doc["award"] != award or rules is None:
            continue
        recipient = doc["recipient"]
        if not names(doc, who):
            continue
        title = rules.title(award)
        needed = {p.title for p in title.prerequisites} if title else set()
        stream = (
            person_id(doc["person"])
            if doc.get("person")
            else collective_id(recipient["unit"])
        )
        for step in load(stream):
            if _before(step, row) and _bears(step, needed):
                found.append(_evidence(step))
    return found


def names(doc: Mapping[str, Any], who: str) -> bool:
    """Whether a proposal or grant went to `who`: a person's code or name, or a
    unit's code."""
    recipient = doc["recipient"]
    return who.casefold() in {
        str(doc.get("person") or "").casefold(),
        str(recipient.get("name") or "").casefold(),
        str(recipient["unit"]).casefold(),
    }


def _bears(row: StoredRow, needed: set[str]) -> bool:
    if row.event in ("TitleConferred", "TitleRevoked"):
        return row.document["title"] in needed
    return row.event in ("ProceedingOpened", "ProceedingClosed")


def _evidence(row: StoredRow) -> Evidence:
    doc = row.document
    if row.event == "TitleConferred":
        said = phrase(
            "{title} for {year} by decision {number}",
            title=doc["title"],
            year=doc["year"],
            number=doc["decision"]["number"],
        )
    elif row.event == "TitleRevoked":
        said = phrase(
            "{title} for {year} revoked by decision {number}",
            title=doc["title"],
            year=doc["year"],
            number=doc["decision"]["number"],
        )
    elif row.event == "ProceedingOpened":
        said = phrase(
            "{kind} {id} opened on {day}",
            kind=doc["kind"],
            id=doc["proceeding_id"],
            day=str(doc["opened_on"]),
        )
    else:
        said = phrase(
            "proceeding {id} closed on {day}",
            id=doc["proceeding_id"],
            day=str(doc["closed_on"]),
        )
    return Evidence(
        "history",
        said,
        row.version,
        row.position,
        str(doc.get("event_hash"))[:16],
        doc["timestamp"],
    )
