"""The auditor's own check of what a decision wrote in the registers: each line
granted to a registered person is held in that person's register by the same
decision, as a title or, for an award its rules call a form of commendation, as
a commendation; and no register holds by a decision what none of its lines grants.

Written apart from the engine (domain/service/commendation_decision.py) on
purpose: the person comes from the grant the cycle recorded, the register from
its stored rows, the forms from the decision's own rules text. A collective's
register is checked one way only (a title or form no line grants): whether a
line named the whole unit is the cycle roster's word, which this check does not
read.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Sequence

from thidua.domain.auditor.integrity import StoredRow
from thidua.domain.auditor.rederive import Discrepancy
from thidua.domain.ids import collective_id, cycle_id, person_id

Finding = Callable[..., Discrepancy]
# The register's event for each way of holding an award, and its award's field.
HOLDING = {"TitleConferred": "title", "CommendationRecorded": "form"}
KINDS = frozenset(HOLDING)
MISSING = {
    "TitleConferred": "line {award} {year} of decision {number} is not held in its"
    " person's register",
    "CommendationRecorded": "line {award} {year} of decision {number} is not"
    " recorded in its person's register as a commendation",
}
UNGRANTED = {
    "TitleConferred": "the register holds {award} {year} by decision {number},"
    " which grants it no such line",
    "CommendationRecorded": "the register records the commendation {award} {year}"
    " by decision {number}, which grants it no such line",
}
# (register's stream, the way it is held, award, year, decision number)
Held = tuple[str, str, str, int, str]


def _forms(rules_text: str) -> frozenset[str]:
    """The awards a decision's rules call forms; none in rules kept before forms."""
    forms = tomllib.loads(rules_text).get("forms", {})
    return frozenset(str(award) for award in forms.get("awards", []))


def rederive_registers(
    rows: Sequence[StoredRow], finding: Finding
) -> list[Discrepancy]:
    """Every person's line its register does not hold the way its rules say, and
    every title or form held by a decision that no line of it grants that way."""
    people = {
        (row.stream, row.document["decision"]["number"],
         row.document.get("proposal_id"), row.document["award"]):
        row.document.get("person")
        for row in rows
        if row.event == "AwardGranted"
    }  # fmt: skip
    held = {
        (row.stream, row.event, str(row.document[HOLDING[row.event]]),
         int(row.document["year"]), str(row.document["decision"]["number"])): row
        for row in rows
        if row.event in HOLDING
    }  # fmt: skip
    expected: dict[Held, StoredRow] = {}
    granted: set[Held] = set()
    for row in rows:
        if row.event != "DecisionIssued":
            continue
        number = str(row.document["number"])
        forms = _forms(str(row.document["rules_text"]))
        for line in row.document["lines"]:
            award, year = str(line["award"]), int(line["year"])
            way = "CommendationRecorded" if award in forms else "TitleConferred"
            cycle = cycle_id(line["bloc"], year).hex
            person = people.get((cycle, number, line["proposal"], award))
            unit = collective_id(line["recipient"]["unit"]).hex
            granted.add((unit, way, award, year, number))
            if line["recipient"]["kind"] == "individual" and person:
                key = (person_id(person).hex, way, award, year, number)
                expected[key] = row
                granted.add(key)
    numbers = {key[4] for key in expected} | {key[4] for key in granted}
    wrong = [
        finding(row, "decision", MISSING[key[1]], award=key[2], year=key[3],
                number=key[4])
        for key, row in expected.items()
        if key not in held
    ]  # fmt: skip
    wrong += [
        finding(row, "decision", UNGRANTED[key[1]], award=key[2], year=key[3],
                number=key[4])
        for key, row in held.items()
        if key[4] in numbers and key not in granted
    ]  # fmt: skip
    return wrong
