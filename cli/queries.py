"""What analysts ask: standings, votes, awards, participation (read models)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from . import cells
from .context import CliContext
from .options import CycleRef, bom_option, cycle_argument, format_option, xlsx_option
from .tables import Each, changes_text, show

STANDINGS_COLUMNS = [
    ("rank", "Rank (hạng)"),
    ("unit", "Unit"),
    ("unit_name", "Name (tên đơn vị)"),
    ("self_points", "Self (tự chấm)"),
    ("assessed_points", "Assessed (chấm chéo)"),
    ("bonus", "Bonus (thưởng)"),
    ("penalty", "Penalty (trừ)"),
    ("total", "Total (tổng)"),
    ("scored", "Criteria"),
    ("missing", "Missing (còn thiếu)"),
]
VOTE_COLUMNS = [
    ("motion", "Motion (nội dung)"),
    ("round", "Round (vòng)"),
    ("status", "Status"),
    ("turnout_text", "Voted / eligible"),
    ("quorum_text", "Quorum (túc số)"),
    ("threshold", "Threshold (ngưỡng)"),
    ("needed_text", "Needed"),
    ("counts_text", "Counts (kết quả kiểm phiếu)"),
    ("outcome", "Outcome"),
    ("winners", "Winners"),
]
AWARD_COLUMNS = [
    ("bloc", "Bloc"),
    ("year", "Year"),
    ("record", "Record"),
    ("award_title", "Award (hình thức khen thưởng)"),
    ("recipient_text", "Recipient (đối tượng)"),
    ("status", "Status"),
    ("decision_text", "Decision (quyết định)"),
]
PARTICIPATION_COLUMNS = [
    ("unit", "Unit"),
    ("unit_name", "Name (tên đơn vị)"),
    ("signed", "Covenant (giao ước)"),
    ("scores_text", "Own scores (tự chấm)"),
    ("ballots_text", "Ballots (phiếu)"),
    ("missing", "Missing (còn thiếu)"),
]
JSON_COLUMNS = ("points", "own", "assessed", "changes")
CHANGES_COLUMN = ("changes_text", "Changed on assessment (điều chỉnh)")


@click.command("standings")
@cycle_argument
@format_option
@bom_option
@xlsx_option
@click.pass_obj
def standings(
    obj: CliContext, *, cycle: CycleRef, fmt: str, bom: bool, xlsx: Path | None
) -> None:
    """Standings (bảng xếp hạng) of a cycle: scores, totals and ranks.

    Before scoring closes the ranking is provisional; afterwards it is the one frozen
    when scoring closed.

    \b
    Example:
      thidua standings TMTH/2020 --format csv --bom > standings.csv
    """
    from thidua.office.collation import sort_key
    from thidua.office.wording import Wording

    rows = obj.read_models.standings(cycle.bloc, cycle.year)
    # By rank; units of equal rank (or none yet) in Vietnamese order of their names.
    rows.sort(
        key=lambda r: (r["rank"] is None, r["rank"] or 0, sort_key(r["unit_name"]))
    )
    words = Wording(obj.lang) if fmt == "table" else None
    for row in rows:
        row["scored"] = f"{row['criteria_scored']}/{row['criteria_total']}"
        row["changes_text"] = changes_text(json.loads(row["changes"]), words)
        if fmt == "json":
            row.update({key: json.loads(row[key]) for key in JSON_COLUMNS})
        elif fmt == "csv":  # a spreadsheet cell people read, not a JSON list
            row["changes"] = row["changes_text"]
    columns = STANDINGS_COLUMNS
    if any(row["changes_text"] for row in rows):
        columns = [*columns, CHANGES_COLUMN]
    state = rows[0]["ranking"] if rows else "provisional"
    title = obj.text(
        "standings_title", cycle=f"{cycle.bloc}/{cycle.year}", state=obj.text(state)
    )
    show(
        rows,
        columns,
        fmt,
        title=title,
        bom=bom,
        skip=("scored", "changes_text"),
        xlsx=xlsx,
        lang=obj.lang,
        said=cells.standings,
        # The assessors' changes make a wide cell: cycle status lists them too.
        optional=("scored", "changes_text"),
    )


@click.command("votes")
@cycle_argument
@format_option
@bom_option
@xlsx_option
@click.pass_obj
def votes(
    obj: CliContext, *, cycle: CycleRef, fmt: str, bom: bool, xlsx: Path | None
) -> None:
    """Vote results (kết quả bỏ phiếu) of a cycle: every round of every motion.

    An open round shows how many have voted; its count appears when it closes.

    \b
    Example:
      thidua votes TMTH/2020 --format json
    """
    rounds = obj.read_models.votes(cycle.bloc, cycle.year)
    table = []
    for vote in rounds:
        row = {key: value for key, value in vote.items() if key != "counts"}
        row["counts_text"] = ", ".join(
            f"{c['candidate']} {c['votes_for']}"
            + (f" (−{c['votes_against']})" if c["votes_against"] else "")
            for c in vote["counts"]
        )
        row["turnout_text"] = f"{vote['ballots_cast']}/{vote['eligible']}"
        needed = vote["needed"]
        row["needed_text"] = "" if needed is None else obj.text("at_least", n=needed)
        table.append(row)
    title = obj.text("votes_title", cycle=f"{cycle.bloc}/{cycle.year}")
    skip = ("turnout_text", "quorum_text", "needed_text")
    show(
        table,
        VOTE_COLUMNS,
        fmt,
        title=title,
        bom=bom,
        skip=skip,
        xlsx=xlsx,
        lang=obj.lang,
        data=rounds,
        said=cells.votes,
        optional=("status", "winners"),  # the outcome and counts say as much
    )


@click.command("awards")
@click.option("--unit", help="Only awards to this unit or its people.")
@click.option("--person", help="Only a registered person's (code or name).")
@click.option("--bloc", help="Only this bloc.")
@click.option("--from", "year_from", type=int, help="From this year on.")
@click.option("--to", "year_to", type=int, help="Up to this year.")
@click.option("--award", help="Only this award type (its rulebook code).")
@click.option(
    "--status",
    type=click.Choice(["proposed", "declined", "granted", "revoked"]),
    help="Only records in this state.",
)
@format_option
@bom_option
@xlsx_option
@click.pass_obj
def awards(
    obj: CliContext,
    *,
    unit: str | None,
    person: str | None,
    bloc: str | None,
    year_from: int | None,
    year_to: int | None,
    award: str | None,
    status: str | None,
    fmt: str,
    bom: bool,
    xlsx: Path | None,
) -> None:
    """The award registry (sổ khen thưởng) across blocs and years.

    \b
    Example:
      thidua awards --unit VPUBND --from 2018 --to 2022 --status granted
    """
    if person is not None:
        from .history import person_awards

        person_awards(obj, person, fmt, bom, xlsx)
        return
    rows = obj.read_models.award_rows(
        unit=unit,
        bloc=bloc,
        year_from=year_from,
        year_to=year_to,
        award=award,
        status=status,
    )
    skip = ("recipient_text", "decision_text")
    show(
        Each(rows, _with_recipient),
        AWARD_COLUMNS,
        fmt,
        title=obj.text("awards_title"),
        bom=bom,
        skip=skip,
        xlsx=xlsx,
        lang=obj.lang,
        said=cells.awards,
    )


def _with_recipient(row: dict[str, Any]) -> dict[str, Any]:
    who = row["recipient"] or row["unit_name"]
    row["recipient_text"] = (
        f"{who}, {row['unit']}"
        if row["recipient_kind"] == "collective"
        else f"{who} ({row['unit']})"
    )
    return row


@click.command("participation")
@cycle_argument
@format_option
@bom_option
@xlsx_option
@click.pass_obj
def participation(
    obj: CliContext, *, cycle: CycleRef, fmt: str, bom: bool, xlsx: Path | None
) -> None:
    """Participation (tham gia): covenant, own scores and ballots per unit.

    \b
    Example:
      thidua participation TMTH/2021
    """
    from thidua.office.collation import sorted_vi

    rows = sorted_vi(
        obj.read_models.participation(cycle.bloc, cycle.year),
        key=lambda row: str(row["unit_name"]),
    )
    for row in rows:
        row["scores_text"] = f"{row['criteria_submitted']}/{row['criteria_total']}"
        row["ballots_text"] = f"{row['ballots_cast']}/{row['ballots_expected']}"
    title = obj.text("participation_title", cycle=f"{cycle.bloc}/{cycle.year}")
    skip = ("scores_text", "ballots_text")
    show(
        rows,
        PARTICIPATION_COLUMNS,
        fmt,
        title=title,
        bom=bom,
        skip=skip,
        xlsx=xlsx,
        lang=obj.lang,
        said=cells.participation,
    )
