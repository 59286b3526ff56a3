"""The yearly statistics of commendation a province reports to the Ministry of
Home Affairs: form 0603.N/BNV-TĐKT of Circular 02/2023/TT-BNV (provincial-level
awards, by kind of recipient), counted from the decisions in force.

Which award goes in which column is the rules' data (report_columns); the form's
rows and columns as reproduced by lifephongphanmem/thiduakhenthuong
(resources/views/BaoCao/TT022023/Mau0603.blade.php): Medium confidence.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

FORM = "0603.N/BNV-TĐKT"
COLUMNS = ("merit", "fighter", "flag", "badge")
# (code, key): the form's rows this count fills.
ROWS = (("01", "total"), ("02", "collective"), ("05", "individual"))
# The form's column C (đơn vị tính): collectives counted as such, individuals as
# persons; the total row has none.
MEASURES = {"total": "", "collective": "collective", "individual": "person"}


def form_0603(
    lines: Iterable[tuple[Mapping[str, Any], str | None]],
) -> list[dict[str, Any]]:
    """The form's rows from (line, column) pairs of the decisions in force: a
    column of None is an award the form does not count."""
    counts = {key: dict.fromkeys(COLUMNS, 0) for _, key in ROWS}
    amounts = dict.fromkeys(counts, 0)
    for line, column in lines:
        if column is None:
            continue
        for key in ("total", line["recipient"]["kind"]):
            counts[key][column] += 1
            amounts[key] += int(line["amount"])
    return [
        {
            "code": code,
            "row": key,
            "measure": MEASURES[key],
            "count": sum(counts[key].values()),
            **counts[key],
            "amount": amounts[key],
        }
        for code, key in ROWS
    ]


def report_lines(
    app: Any, province: str, year: int
) -> list[tuple[dict[str, Any], str | None]]:
    """The lines in force of the decisions made in the year for the province's
    blocs, each with its column under its decision's rules."""
    from thidua.domain.commendation.decision import DecisionIssued
    from thidua.domain.service.commendation_loading import decision

    found = []
    provinces: dict[str, str] = {}
    for event in app._first_events(DecisionIssued):
        state = decision(app, event.number, copy=False).state
        if state.decided_on.year != year:
            continue
        for line in state.live():
            if line.bloc not in provinces:
                provinces[line.bloc] = app.bloc(line.bloc).province
            if provinces[line.bloc] == province:
                found.append(
                    (line.model_dump(mode="json"), state.rules.column(line.award))
                )
    return found
