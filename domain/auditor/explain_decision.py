"""Which dossier, council session and decision line an award of a cycle came by:
from the stored decisions alone, for `audit explain`."""

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
