"""`thidua cycle`: open a bloc's year, assign its leads, see its status, close it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from .context import CliContext
from .files import InputFile
from .options import CycleRef, command_options, cycle_argument, format_option
from .render import lines, render, to_json

if TYPE_CHECKING:
    from thidua.domain.cycle import Cycle


@click.group("cycle")
def group() -> None:
    """A bloc's yearly cycle: open, assign-leads, status, close."""


@group.command("open")
@click.argument("bloc")
@click.argument("year", type=int)
@click.option(
    "--rules",
    "rules_path",
    required=True,
    type=InputFile(),
    help="The rulebook (TOML) adopted into the cycle.",
)
@command_options
@click.pass_obj
def open_(
    obj: CliContext, *, bloc: str, year: int, rules_path: str, meta: dict[str, Any]
) -> None:
    """Open the bloc's cycle for a year, with its members and the rulebook in force.

    \b
    Example:
      thidua cycle open TMTH 2021 --rules rulebooks/lao-cai-tmth.toml
    """
    from thidua.domain.commands import OpenCycle
    from thidua.office.text import read_text

    obj.execute(
        "open_cycle",
        OpenCycle,
        bloc=bloc,
        year=year,
        rulebook_text=read_text(rules_path),
        **meta,
    )


@group.command("assign-leads")
@cycle_argument
@click.option("--head", required=True, help="The head unit (Trưởng khối).")
@click.option("--deputy", required=True, help="The deputy unit (Phó khối).")
@click.option(
    "--method",
    type=click.Choice(["rotation", "election", "assignment"]),
    default="rotation",
    show_default=True,
    help="How they were chosen.",
)
@command_options
@click.pass_obj
def assign_leads(
    obj: CliContext,
    *,
    cycle: CycleRef,
    head: str,
    deputy: str,
    method: str,
    meta: dict[str, Any],
) -> None:
    """Assign the head (Trưởng khối) and deputy (Phó khối) units of the cycle.

    \b
    Example:
      thidua cycle assign-leads TMTH/2021 --head SNV --deputy VPDBHD --method assignment
    """
    from thidua.domain.commands import AssignLeads

    obj.execute(
        "assign_leads",
        AssignLeads,
        **cycle.fields(),
        head=head,
        deputy=deputy,
        method=method,
        **meta,
    )


@group.command("sync-roster")
@cycle_argument
@command_options
@click.pass_obj
def sync_roster(obj: CliContext, *, cycle: CycleRef, meta: dict[str, Any]) -> None:
    """Bring the cycle's roster in line with the bloc's members for its year, after
    units joined or left mid-year (before scoring closes).

    \b
    Example:
      thidua bloc remove-unit TMTH SNGV --year 2021 --reason "sáp nhập"
      thidua cycle sync-roster TMTH/2021
    """
    from thidua.domain.commands import SyncRoster

    obj.execute("sync_roster", SyncRoster, **cycle.fields(), **meta)


@group.command("close")
@cycle_argument
@command_options
@click.pass_obj
def close(obj: CliContext, *, cycle: CycleRef, meta: dict[str, Any]) -> None:
    """Close the cycle; afterwards only decisions on its proposals and revocations.

    \b
    Example:
      thidua cycle close TMTH/2020
    """
    from thidua.domain.commands import CloseCycle

    obj.execute("close_cycle", CloseCycle, **cycle.fields(), **meta)


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


@group.command("status")
@cycle_argument
@format_option
@click.pass_obj
def status(obj: CliContext, *, cycle: CycleRef, fmt: str) -> None:
    """Show where a cycle stands: stage, leads, units, votes and awards.

    \b
    Example:
      thidua cycle status TMTH/2020 --format json
    """
    show_status(obj, cycle, fmt)


def show_status(
    obj: CliContext, cycle: CycleRef, fmt: str, loaded: Cycle | None = None
) -> None:
    from thidua.domain.status import UNIT_FIELDS, cycle_status

    from .queries import changes_text

    state = cycle_status(loaded or obj.app.cycle(cycle.bloc, cycle.year))
    if fmt != "table":
        if fmt == "json":
            click.echo(to_json(state))
        else:
            units = [
                {**u, "changes": changes_text(u["changes"])} for u in state["units"]
            ]
            render(units, [(key, key) for key in UNIT_FIELDS], fmt)
        return
    book = state["rulebook"]
    lines(
        [
            ("Cycle (chu kỳ)", f"{state['cycle']} – {state['bloc_name']}"),
            ("Stage (giai đoạn)", state["stage_title"]),
            (
                "Rulebook (quy chế)",
                f"{book['code']} {book['version']} sha256:{book['sha256'][:12]}",
            ),
            ("Head (Trưởng khối)", state["head"] or obj.text("not_assigned")),
            ("Deputy (Phó khối)", state["deputy"] or obj.text("not_assigned")),
            ("Standings", obj.text("frozen" if state["frozen"] else "provisional")),
            ("Events", state["version"]),
        ]
    )
    units = [
        {
            **u,
            "scores": ("assessed" if u["assessed"] else "own")
            if u["scored"]
            else "none",
            "adjustments": f"+{u['bonus']} / −{u['penalty']}",
        }
        for u in state["units"]
    ]
    for u in units:
        if u["missing"] and u["scored"]:
            u["scores"] += f", missing {', '.join(u['missing'])}"
    render(units, UNIT_COLUMNS, fmt, title="Units (đơn vị thành viên)")
    if changes := [
        {"unit": u["unit"], **change} for u in state["units"] for change in u["changes"]
    ]:
        render(changes, CHANGE_COLUMNS, fmt, title=CHANGES_TITLE)
    if state["votes"]:
        votes = [
            {
                **v,
                "counts": ", ".join(f"{c} {n}" for c, n in (v["counts"] or {}).items()),
            }
            for v in state["votes"]
        ]
        render(votes, VOTE_COLUMNS, fmt, title="Votes (bình chọn)")
    awards = [
        {**p, "id": p["id"], "decision": "awaiting the authority"}
        for p in state["proposals"]
        if p["status"] == "proposed"
    ] + [{**a, "decision": _decisions(a)} for a in state["awards"]]
    if awards:
        render(awards, AWARD_COLUMNS, fmt, title="Proposals and awards (khen thưởng)")


def _decisions(award: dict[str, Any]) -> str:
    granted = award["decision"]
    text = f"{granted['number']} ({granted['decided_on']})"
    if revoked := award["revocation"]:
        text += f"; revoked by {revoked['number']} ({revoked['decided_on']})"
    return text
