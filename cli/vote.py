"""`thidua vote`: open a round on a motion, cast ballots, close and count."""

from __future__ import annotations

from typing import Any

import click

from .context import CliContext
from .files import InputFile
from .options import CycleRef, command_options, cycle_argument


@click.group("vote")
def group() -> None:
    """Votes (bình chọn, suy tôn) at the year-end review: open, cast, close."""


@group.command("open")
@cycle_argument
@click.argument("motion")
@click.argument("candidates", nargs=-1)
@click.option("--absent", multiple=True, help="A member unit absent from the meeting.")
@command_options
@click.pass_obj
def open_(
    obj: CliContext,
    *,
    cycle: CycleRef,
    motion: str,
    candidates: tuple[str, ...],
    absent: tuple[str, ...],
    meta: dict[str, Any],
) -> None:
    """Open a round on a motion of the rulebook; candidates default to the rulebook's.

    \b
    Example:
      thidua import scores TMTH/2021 cham-diem-2021.xlsx
      thidua scores close TMTH/2021
      thidua vote open TMTH/2021 merit VPUBND SNV STC --absent SNGV \\
          --on 2022-01-24T08:30+07:00
    """
    from thidua.domain.commands import OpenVote

    obj.execute(
        obj.command(
            OpenVote,
            **cycle.fields(),
            motion=motion,
            candidates=[c.upper() for c in candidates],
            absent=[a.upper() for a in absent],
            **meta,
        )
    )


@group.command("cast")
@cycle_argument
@click.argument("motion")
@click.argument("choices", nargs=-1)
@click.option("--unit", "voter", required=True, help="The member unit voting.")
@click.option(
    "--reject", "rejects", multiple=True, help="A candidate rejected (approve ballots)."
)
@command_options
@click.pass_obj
def cast(
    obj: CliContext,
    *,
    cycle: CycleRef,
    motion: str,
    choices: tuple[str, ...],
    voter: str,
    rejects: tuple[str, ...],
    meta: dict[str, Any],
) -> None:
    """Record a unit's ballot. In a secret vote give no choices: only the fact that the
    unit voted is kept, and the counted ballots come with `vote close`.

    \b
    Example:
      thidua import scores TMTH/2021 cham-diem-2021.xlsx
      thidua scores close TMTH/2021
      thidua vote open TMTH/2021 leading-unit
      thidua vote cast TMTH/2021 leading-unit --unit SNV
    """
    from thidua.domain.commands import CastVote

    ballot = None
    if choices or rejects:
        ballot = {
            "choices": [c.upper() for c in choices],
            "rejects": [r.upper() for r in rejects],
        }
    obj.execute(
        obj.command(
            CastVote,
            **cycle.fields(),
            motion=motion,
            voter=voter,
            ballot=ballot,
            **meta,
        )
    )


@group.command("close")
@cycle_argument
@click.argument("motion")
@click.option(
    "--ballot",
    "ballot_texts",
    multiple=True,
    metavar="TEXT",
    help="One counted ballot: 'VPUB', 'VPUB SNV', '-SNV' to reject, 'blank',"
    " 'spoiled'.",
)
@click.option(
    "--ballots",
    "path",
    type=InputFile(),
    help="A UTF-8 file of counted ballots, one a line.",
)
@command_options
@click.pass_obj
def close(
    obj: CliContext,
    *,
    cycle: CycleRef,
    motion: str,
    ballot_texts: tuple[str, ...],
    path: str | None,
    meta: dict[str, Any],
) -> None:
    """Close the open round, count it and record the outcome (kiểm phiếu).

    A secret round takes the tally team's counted ballots as one anonymous batch.
    A tie, or a seat nobody carried, opens a further round when the rulebook says so.

    \b
    Example:
      thidua import scores TMTH/2021 cham-diem-2021.xlsx
      thidua scores close TMTH/2021
      thidua vote open TMTH/2021 leading-unit
      thidua vote cast TMTH/2021 leading-unit --unit SNV
      thidua vote close TMTH/2021 leading-unit --ballot SNV
    """
    from thidua.domain.commands import CloseVote

    from .files import parse_ballot, read_ballots

    ballots = [parse_ballot(text) for text in ballot_texts]
    if path:
        ballots += read_ballots(path)
    obj.execute(
        obj.command(CloseVote, **cycle.fields(), motion=motion, ballots=ballots, **meta)
    )
