"""The auditor's own check of the proposals a council cut: the decision that
closes a dossier declines, in its cycle, each proposal of it that the council's
papers cut; and a decision declines nothing else.

Written apart from the engine (domain/service/commendation_decision.py) on
purpose: which items were cut is the auditor's own count of the papers
(rederive_commendation.Session), never the result the session recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from thidua.domain.auditor.integrity import StoredRow
from thidua.domain.auditor.rederive import Discrepancy
from thidua.domain.ids import cycle_id

Finding = Callable[..., Discrepancy]
KINDS = frozenset({"DossierDecided", "ProposalDeclined"})
MISSING = object()  # an item the auditor's count has no result for


class _Session(Protocol):
    @property
    def decided(self) -> Mapping[tuple[str, str], str | None]: ...


def rederive_declines(
    rows: Sequence[StoredRow], sessions: Mapping[str, _Session], finding: Finding
) -> list[Discrepancy]:
    """Every cut item its decision does not decline, and every decline by a
    decision of an item its council did not cut."""
    dossiers: dict[str, tuple[str, list[Mapping[str, Any]]]] = {}
    taken: dict[str, str] = {}  # dossier → the session that took it up last
    decisions: dict[str, StoredRow] = {}
    expected: dict[tuple[str, str, str], str] = {}  # (cycle, proposal, number)
    for row in rows:
        doc = row.document
        if row.event == "DossierOpened":
            dossiers[row.stream] = (str(doc["code"]), list(doc["items"]))
        elif row.event == "DossierTakenUp" and row.stream in dossiers:
            taken[dossiers[row.stream][0]] = str(doc["session"])
        elif row.event == "DecisionIssued":
            decisions[str(doc["number"])] = row
        elif row.event == "DossierDecided" and row.stream in dossiers:
            code, items = dossiers[row.stream]
            session = sessions.get(taken.get(code, ""))
            decided = session.decided if session is not None else {}
            for item in items:
                if decided.get((code, item["proposal"]), MISSING) is None:  # cut
                    where = cycle_id(item["bloc"], int(item["year"])).hex
                    key = (where, str(item["proposal"]), str(doc["decision"]))
                    expected[key] = f"{code}/{item['proposal']}"
    declined = set()
    wrong = []
    for row in rows:
        if row.event != "ProposalDeclined":
            continue
        number = str(row.document["decision"]["number"])
        key = (row.stream, str(row.document["proposal_id"]), number)
        declined.add(key)
        if number in decisions and key not in expected:
            wrong.append(
                finding(row, "decision", "proposal {proposal} is declined by "
                        "decision {number}, but its council did not cut it",
                        proposal=key[1], number=number)
            )  # fmt: skip
    for key, cut in expected.items():
        if key not in declined and key[2] in decisions:
            wrong.append(
                finding(decisions[key[2]], "decision", "{item} was cut by its "
                        "council, but decision {number} does not decline it in "
                        "its cycle", item=cut, number=key[2])
            )  # fmt: skip
    return wrong
