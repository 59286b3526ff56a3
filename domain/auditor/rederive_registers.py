"""The auditor's own check of what a decision wrote in the registers: each line
granted to a registered person is held in that person's register by the same
decision, and no register holds by a decision what none of its lines grants.

Written apart from the engine (domain/service/commendation_decision.py) on
purpose: the person comes from the grant the cycle recorded, the register from
its stored rows. A collective's register is checked one way only (a title no
line grants): whether a line named the whole unit is the cycle roster's word,
which this check does not read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from thidua.domain.auditor.integrity import StoredRow
from thidua.domain.auditor.rederive import Discrepancy
from thidua.domain.ids import collective_id, cycle_id, person_id

Finding = Callable[..., Discrepancy]
KINDS = frozenset({"TitleConferred"})
# (register's stream, title, year, decision number)
Held = tuple[str, str, int, str]


def rederive_registers(
    rows: Sequence[StoredRow], finding: Finding
) -> list[Discrepancy]:
    """Every person's line its register does not hold, and every title held by a
    decision that no line of it grants to that holder."""
    people = {
        (row.stream, row.document["decision"]["number"],
         row.document.get("proposal_id"), row.document["award"]):
        row.document.get("person")
        for row in rows
        if row.event == "AwardGranted"
    }  # fmt: skip
    held = {
        (row.stream, str(row.document["title"]), int(row.document["year"]),
         str(row.document["decision"]["number"])): row
        for row in rows
        if row.event == "TitleConferred"
    }  # fmt: skip
    expected: dict[Held, StoredRow] = {}
    granted: set[Held] = set()
    for row in rows:
        if row.event != "DecisionIssued":
            continue
        number = str(row.document["number"])
        for line in row.document["lines"]:
            award, year = str(line["award"]), int(line["year"])
            cycle = cycle_id(line["bloc"], year).hex
            person = people.get((cycle, number, line["proposal"], award))
            unit = collective_id(line["recipient"]["unit"]).hex
            granted.add((unit, award, year, number))
            if line["recipient"]["kind"] == "individual" and person:
                key = (person_id(person).hex, award, year, number)
                expected[key] = row
                granted.add(key)
    numbers = {key[3] for key in expected} | {key[3] for key in granted}
    wrong = [
        finding(row, "decision", "line {award} {year} of decision {number} is "
                "not held in its person's register", award=key[1], year=key[2],
                number=key[3])
        for key, row in expected.items()
        if key not in held
    ]  # fmt: skip
    wrong += [
        finding(row, "decision", "the register holds {title} {year} by decision "
                "{number}, which grants it no such line", title=key[1],
                year=key[2], number=key[3])
        for key, row in held.items()
        if key[3] in numbers and key not in granted
    ]  # fmt: skip
    return wrong
