"""The auditor's own count of form 0603 (docs/commendation.md) from the stored
decisions, revocations and blocs, in one pass over rows in log order: it keeps
the blocs' provinces and, of each decision of the year, only the lines it counts,
so its memory is that of the year's lines, not of the log."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from datetime import date
from typing import Any

from thidua.domain.auditor.integrity import StoredRow

# (line number, recipient kind, the form's column, bloc)
Counted = tuple[int, str, str, str]


def rederive_report(
    rows: Iterable[StoredRow], province: str, year: int
) -> dict[str, dict[str, int]]:
    """The auditor's own count of form 0603 for a province and year: by kind of
    recipient, by column, from the stored decisions, revocations and blocs."""
    provinces: dict[str, str] = {}
    lines: dict[str, list[Counted]] = {}
    revoked: dict[str, set[int]] = {}
    for row in rows:
        doc = row.document
        if row.event == "BlocCreated":
            provinces[doc["code"]] = doc["province"]
        elif row.event == "DecisionIssued":
            if date.fromisoformat(doc["decided_on"]).year == year:
                lines[row.stream] = _counted(doc["rules_text"], doc["lines"])
        elif row.event == "LineRevoked":
            revoked.setdefault(row.stream, set()).add(int(doc["line"]))
        elif row.event == "DecisionRevoked":
            revoked.setdefault(row.stream, set()).add(0)
    counts: dict[str, dict[str, int]] = {
        "total": {},
        "collective": {},
        "individual": {},
        "regular": {},
    }
    for stream, counted in lines.items():
        gone = revoked.get(stream, set())
        if 0 in gone:
            continue
        for number, kind, column, bloc in counted:
            # A decision names blocs recorded before it: the province is known.
            if number in gone or provinces.get(bloc) != province:
                continue
            # Each line rewards a proposal of its bloc's yearly cycle, a yearly
            # review: the form counts it as regular (row 11).
            for key in ("total", kind, "regular"):
                counts[key][column] = counts[key].get(column, 0) + 1
    return counts


def _counted(rules_text: str, lines: list[dict[str, Any]]) -> list[Counted]:
    """The lines of a decision that its rules give a column of the form."""
    rules = tomllib.loads(rules_text)
    columns = {c["award"]: c["column"] for c in rules.get("report_columns", [])}
    return [
        (int(line["line"]), str(line["recipient"]["kind"]), column, str(line["bloc"]))
        for line in lines
        if (column := columns.get(line["award"])) is not None
    ]
