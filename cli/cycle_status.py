"""`thidua cycle status`: a cycle's stage, units, leads, votes and awards, as the
status read model (or, as of a version, the engine) gives them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from .context import CliContext
from .options import CycleRef
from .render import lines, render, to_json, vote_counts

if TYPE_CHECKING:
    from thidua.domain.cycle_state import CycleState
    from thidua.office.wording import Wording


UNIT_COLUMNS = [
    ("unit", "Unit"),
    ("name", "Name (tên đơn vị)"),
    ("lead", "Lead"),
    ("signed_on", "Covenant (giao ước)"),
    ("scores", "Scores (chấm điểm)"),
    ("adjustments", "Bonus/penalty"),
    ("total", "Total"),
    ("rank", "Rank"),
]
DEPARTED_COLUMNS = [
    ("unit", "Unit"),
    ("name", "Name (tên đơn vị)"),
    ("left_on", "Left"),
    ("merged_into", "Merged into"),
    ("decision", "Decision (quyết định)"),
]
VOTE_COLUMNS = [
    ("motion", "Motion"),
    ("round", "Round"),
    ("state", "State"),
    ("voted", "Voted"),
    ("eligible", "Eligible"),
    ("counts", "Counts"),
    ("outcome", "Outcome"),
    ("winners", "Winners"),
]
CHANGES_TITLE = "Changed on assessment (điều chỉnh khi chấm chéo)"
CHANGE_COLUMNS = [
    ("unit", "Unit"),
    ("criterion", "Criterion"),
    ("own", "Own"),
    ("assessed", "Assessed"),
    ("by", "By"),
    ("note", "Note (lý do)"),
]
AWARD_COLUMNS = [
    ("id", "Id"),
    ("award", "Award"),
    ("recipient", "Recipient"),
    ("unit", "Unit"),
    ("status", "Status"),
    ("decision", "Decision (quyết định)"),
]


def show_status(
    obj: CliContext, cycle: CycleRef, fmt: str, loaded: CycleState | None = None
) -> None:
    from thidua.office.wording import Wording
    from thidua.projections.statuses import UNIT_FIELDS

    from .tables import changes_text

    if loaded is None:  # the page as the read model holds it: no engine to start
        state = obj.read_models.cycle_page(cycle.bloc, cycle.year)
    else:
        from thidua.domain.service.status import cycle_status

        state = cycle_status(loaded)
    if fmt != "table":
        if fmt == "json":
            click.echo(to_json(state))
        else:
            units = [
                {**u, "changes": changes_text(u["changes"])} for u in state["units"]
            ]
            render(units, [(key, key) for key in UNIT_FIELDS], fmt)
        return
    words = Wording(obj.lang, bloc_kind=obj.read_models.bloc_kind(state["bloc"]))
    book = state["rulebook"]
    lines(
        [
            ("Cycle (chu kỳ)", f"{state['cycle']} – {state['bloc_name']}"),
            ("Stage (giai đoạn)", words.term("stage", state["stage"])),
            (
                "Rulebook (quy chế)",
                f"{book['code']} {book['version']} sha256:{book['sha256'][:12]}",
            ),
            ("Head (Trưởng khối)", state["head"] or obj.text("not_assigned")),
            ("Deputy (Phó khối)", state["deputy"] or obj.text("not_assigned")),
            ("Standings", obj.text("frozen" if state["frozen"] else "provisional")),
            ("Events", state["version"]),
        ],
        words,
    )
    units = [_unit(obj, words, u) for u in state["units"]]
    render(units, UNIT_COLUMNS, fmt, title="Units (đơn vị thành viên)", words=words)
    if state["departed"]:
        title = "Left the roster during the year (rời khối)"
        departed = [
            {**d, "left_on": words.day(d.get("left_on"))} for d in state["departed"]
        ]
        render(departed, DEPARTED_COLUMNS, fmt, title=title, words=words)
    if changes := [
        {
            "unit": u["unit"],
            **change,
            "own": words.number(change["own"]),
            "assessed": words.number(change["assessed"]),
            "by": words.term("assessor", change["by"]),
        }
        for u in state["units"]
        for change in u["changes"]
    ]:
        render(changes, CHANGE_COLUMNS, fmt, title=CHANGES_TITLE, words=words)
    if state["votes"]:
        votes = [
            {
                **v,
                "state": words.term("vote_state", v["state"]),
                "counts": vote_counts(v["counts"]),
                "outcome": words.term("outcome", v["outcome"]),
            }
            for v in state["votes"]
        ]
        render(votes, VOTE_COLUMNS, fmt, title="Votes (bình chọn)", words=words)
    awaiting = words.term("word", "awaiting")
    awards = [
        {**p, "id": p["id"], "decision": awaiting}
        for p in state["proposals"]
        if p["status"] == "proposed"
    ] + [{**a, "decision": _decisions(obj, words, a)} for a in state["awards"]]
    awards = words.cells(awards, status="award_status")
    if awards:
        render(
            awards,
            AWARD_COLUMNS,
            fmt,
            title="Proposals and awards (khen thưởng)",
            words=words,
        )


def _unit(obj: CliContext, words: Wording, unit: dict[str, Any]) -> dict[str, Any]:
    """A unit's row of the status page, in the reader's words and numbers."""
    scores = ("assessed" if unit["assessed"] else "own") if unit["scored"] else "none"
    said = words.term("scores", scores)
    if unit["missing"] and unit["scored"]:
        said = obj.text("scores_missing", scores=said, codes=", ".join(unit["missing"]))
    return {
        **unit,
        "lead": words.term("lead", unit["lead"]),
        "signed_on": words.day(unit["signed_on"]),
        "scores": said,
        "adjustments": obj.text(
            "adjustments",
            bonus=words.number(unit["bonus"]),
            penalty=words.number(unit["penalty"]),
        ),
        "total": words.number(unit["total"]),
    }


def _decisions(obj: CliContext, words: Wording, award: dict[str, Any]) -> str:
    granted = award["decision"]
    text = obj.text(
        "decision", number=granted["number"], day=words.day(granted["decided_on"])
    )
    if revoked := award["revocation"]:
        text = obj.text(
            "revoked_by",
            text=text,
            number=revoked["number"],
            day=words.day(revoked["decided_on"]),
        )
    return text
