"""The chair's decisions, a row per line, revoked ones kept: what form 0603
counts (`report awards`), each line with the form's column its decision's rules
put its award in."""

from __future__ import annotations

from typing import Any

from thidua.domain.topics import COMMENDATION, STREAMS

from .base import Column, StreamProjection, Table
from .cycles import BLOC, STREAM
from .registry import HOLDER_KINDS
from .source import Change

DECISION_KINDS = frozenset(STREAMS["decision"])
DECISION_LINES = Table(
    "decision_lines",
    "One row per line of a decision (quyết định khen thưởng), revoked ones kept.",
    (
        STREAM,
        Column("decision", "text", "the decision's number, e.g. 512/QĐ-UBND"),
        Column("decided_on", "text", "the decision's day"),
        Column("decided_year", "integer", "the year of that day, as form 0603 counts"),
        Column("line", "integer", "the line's number in the decision"),
        BLOC,
        Column("year", "integer", "the year of the cycle it rewards"),
        Column("proposal", "text", "the proposal's P-number in its cycle"),
        Column("award", "text", "the award granted, e.g. provincial-flag"),
        Column("recipient_kind", "text", "collective or individual"),
        Column("unit", "text", "the recipient's unit"),
        Column("name", "text", "a named person or part of the unit, if any"),
        Column("amount", "integer", "the reward in đồng"),
        Column(
            "report_column",
            "text",
            "form 0603's column under the decision's rules; null: not counted",
        ),
        Column("status", "text", "in force or revoked"),
        Column("revoking", "text", "number of the revoking decision, if revoked"),
    ),
    ("stream", "line"),
    indexes=(("decided_year",),),
)


class DecisionLines(StreamProjection):
    name = "decisions"
    version = 1  # docs/read-models.md lists each version's change
    title = "the chair's decisions, line by line (quyết định khen thưởng)"
    tables = (DECISION_LINES,)
    starts = frozenset({"DecisionIssued"})
    kinds = DECISION_KINDS
    ignores = frozenset(
        {
            *STREAMS["bloc"],
            *STREAMS["cycle"],
            *STREAMS["keyring"],
            *STREAMS["authority"],
            *HOLDER_KINDS,
        }
        | (set(COMMENDATION) - DECISION_KINDS)
    )

    def start(self, change: Change) -> dict[str, Any]:
        # Imported here: reading the views loads no domain module.
        from thidua.domain.commendation.rules import parse_rules

        data = change.data
        rules = parse_rules(data["rules_text"])
        lines = {
            int(line["line"]): {
                **line,
                "column": rules.column(line["award"]),
                "revoking": None,
            }
            for line in data["lines"]
        }
        return {
            "number": data["number"],
            "decided_on": str(data["decided_on"]),
            "lines": lines,
        }

    def fold(self, state: dict[str, Any], change: Change) -> None:
        data, lines = change.data, state["lines"]
        if change.kind == "LineRevoked":
            lines[int(data["line"])]["revoking"] = data["revoking"]
        elif change.kind == "DecisionRevoked":
            for line in lines.values():
                line["revoking"] = line["revoking"] or data["revoking"]

    def rows(
        self, stream: str, state: dict[str, Any]
    ) -> dict[str, list[tuple[Any, ...]]]:
        day = state["decided_on"]
        return {
            DECISION_LINES.name: [
                (
                    stream, state["number"], day, int(day[:4]), n, line["bloc"],
                    int(line["year"]), line["proposal"], line["award"],
                    line["recipient"]["kind"], line["recipient"]["unit"],
                    line["recipient"].get("name"), int(line["amount"]),
                    line["column"],
                    "revoked" if line["revoking"] else "in force",
                    line["revoking"],
                )
                for n, line in sorted(state["lines"].items())
            ]
        }  # fmt: skip
