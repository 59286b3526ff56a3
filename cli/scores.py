"""`thidua scores`: self-scores, assessed scores, bonus and penalty, closing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import click

from .context import CliContext
from .files import InputFile
from .options import (
    POINTS,
    CycleRef,
    command_options,
    cycle_argument,
    parse_pairs,
    parse_points,
)


@click.group("scores")
def group() -> None:
    """Scoring (chấm điểm): submit, adjust, close."""


@group.command("submit")
@cycle_argument
@click.argument("unit")
@click.argument("pairs", nargs=-1, metavar="[CRITERION=POINTS]...")
@click.option(
    "--file",
    "path",
    type=InputFile(),
    help="A UTF-8 CSV with columns criterion,points[,note].",
)
@click.option(
    "--assessed",
    is_flag=True,
    help="These are assessed points (thẩm định), not the unit's own (tự chấm).",
)
@click.option(
    "--by",
    "assessor",
    type=click.Choice(["head", "deputy", "team"]),
    default="head",
    show_default=True,
    help="Who assessed: head, deputy or a cross-scoring team (chấm chéo).",
)
@click.option(
    "--note",
    "notes",
    multiple=True,
    metavar="CRITERION=TEXT",
    help="Why an assessed criterion differs from the unit's own points.",
)
@command_options
@click.pass_obj
def submit(
    obj: CliContext,
    *,
    cycle: CycleRef,
    unit: str,
    pairs: tuple[str, ...],
    path: str | None,
    assessed: bool,
    assessor: str,
    notes: tuple[str, ...],
    meta: dict[str, Any],
) -> None:
    """Submit a unit's points per criterion, its own or as assessed.

    \b
    Example:
      thidua scores submit TMTH/2021 VPUBND A1=29 A2=19 B1=9.5
      thidua scores submit TMTH/2021 VPUBND --file vpubnd.csv --assessed --by head \\
          --reason "Thiếu minh chứng"
    """
    from thidua.domain.commands import AssessScores, SubmitScores

    from .files import read_scores

    if path and pairs:
        raise click.UsageError("give either CRITERION=POINTS pairs or --file, not both")
    if not (path or pairs):
        raise click.UsageError("give the points: CRITERION=POINTS pairs, or --file")
    points, file_notes = read_scores(path) if path else (parse_points(pairs), {})
    all_notes = {**file_notes, **parse_pairs(notes, "CRITERION=TEXT")}
    if not assessed:
        if all_notes:
            raise click.UsageError("notes go with --assessed points")
        obj.execute(
            obj.command(
                SubmitScores, **cycle.fields(), unit=unit, points=points, **meta
            )
        )
        return
    obj.execute(
        obj.command(
            AssessScores,
            **cycle.fields(),
            unit=unit,
            assessor=assessor,
            points=points,
            notes=all_notes,
            **meta,
        )
    )


@group.command("adjust")
@cycle_argument
@click.argument("unit")
@click.argument("rule")
@click.argument("points", type=POINTS)
@command_options
@click.pass_obj
def adjust(
    obj: CliContext,
    *,
    cycle: CycleRef,
    unit: str,
    rule: str,
    points: Decimal,
    meta: dict[str, Any],
) -> None:
    """Add bonus (điểm thưởng) or penalty (điểm trừ) points under a rulebook rule.

    \b
    Example:
      thidua scores adjust TMTH/2021 VPUBND initiative 3 --reason "Sáng kiến cải cách"
    """
    from thidua.domain.commands import AdjustScore

    obj.execute(
        obj.command(
            AdjustScore, **cycle.fields(), unit=unit, rule=rule, points=points, **meta
        )
    )


@group.command("close")
@cycle_argument
@command_options
@click.pass_obj
def close(obj: CliContext, *, cycle: CycleRef, meta: dict[str, Any]) -> None:
    """Close scoring and freeze the standings (xếp hạng).

    \b
    Example:
      thidua import scores TMTH/2021 cham-diem-2021.xlsx
      thidua scores close TMTH/2021 --on 2022-01-15
    """
    from thidua.domain.commands import CloseScoring

    obj.execute(obj.command(CloseScoring, **cycle.fields(), **meta))
