"""Which dossier, council session and decision line an award of a cycle came by,
and which session cut a proposal its decision declined: from the stored decisions
and sessions alone, for `audit explain`."""

from __future__ import annotations

from collections.abc import Sequence

from thidua.domain.auditor.explain import Evidence
from thidua.domain.auditor.integrity import StoredRow
from thidua.domain.phrase import phrase


def explain_decisions(
    evidence: Sequence[Evidence],
    cycle_rows: Sequence[StoredRow],
    decisions: Sequence[StoredRow],
    bloc: str,
    year: int,
) -> list[Evidence]:
    """For each grant the evidence names, the decision line that carried it."""
    granted = {
        (str(row.document["decision"]["number"]), str(row.document["proposal_id"]))
        for row in cycle_rows
        if row.event == "AwardGranted"
        and any(e.position == row.position for e in evidence)
    }
    found = []
    for row in decisions:
        doc = row.document
        for line in doc["lines"]:
            key = (str(doc["number"]), str(line["proposal"]))
            if key not in granted or (line["bloc"], line["year"]) != (bloc, year):
                continue
            found.append(
                Evidence(
                    "council",
                    phrase(
                        "{proposal}: in dossier {dossier}, passed by council "
                        "session {session}, line {line} of decision {number}",
                        proposal=line["proposal"],
                        dossier=line["dossier"],
                        session=line["session"],
                        line=line["line"],
                        number=doc["number"],
                    ),
                    row.version,
                    row.position,
                    str(doc.get("event_hash"))[:16],
                    doc["timestamp"],
                )
            )
    return found


def explain_cuts(
    evidence: Sequence[Evidence],
    cycle_rows: Sequence[StoredRow],
    sessions: Sequence[StoredRow],
    bloc: str,
    year: int,
) -> list[Evidence]:
    """For each decline the evidence names, the session that cut its proposal."""
    declined = {
        str(row.document["proposal_id"]): str(row.document["decision"]["number"])
        for row in cycle_rows
        if row.event == "ProposalDeclined"
        and any(e.position == row.position for e in evidence)
    }
    codes = {r.stream: str(r.document["code"]) for r in sessions
             if r.event == "SessionOpened"}  # fmt: skip
    ours = {
        (row.stream, str(row.document["dossier"]), str(item["proposal"]))
        for row in sessions
        if row.event == "AgendaItemsAdded"
        for item in row.document["items"]
        if (item["bloc"], item["year"]) == (bloc, year)
    }
    found = []
    for row in sessions:
        doc = row.document
        key = (row.stream, str(doc.get("dossier")), str(doc.get("proposal")))
        if row.event != "ItemDecided" or doc["result"] != "cut" or key not in ours:
            continue
        if (number := declined.get(key[2])) is None:
            continue
        said = phrase(
            "{proposal}: in dossier {dossier}, cut by council session {session}, "
            "declined by decision {number}",
            proposal=key[2],
            dossier=key[1],
            session=codes.get(row.stream, "?"),
            number=number,
        )
        hashed = str(doc.get("event_hash"))[:16]
        found.append(
            Evidence("council", said, row.version, row.position, hashed,
                     doc["timestamp"])
        )  # fmt: skip
    return found
