"""`thidua cycle`: open a bloc's year, assign its leads, see its status, close it."""

from __future__ import annotations

from typing import Any

import click

from .context import CliContext
from .cycle_status import show_status
from .files import InputFile
from .options import CycleRef, command_options, cycle_argument, format_option


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
      thidua cycle open TMTH 2022 --rules rulebooks/lao-cai-tmth.toml --on 2022-01-10
    """
    from thidua.domain.commands import OpenCycle
    from thidua.office.text import read_text

    obj.execute(
        obj.command(
            OpenCycle, bloc=bloc, year=year, rulebook_text=read_text(rules_path), **meta
        )
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
      thidua cycle open TMTH 2022 --rules rulebooks/lao-cai-tmth.toml
      thidua cycle assign-leads TMTH/2022 --head VPDDBQH --deputy SKHDT
    """
    from thidua.domain.commands import AssignLeads

    obj.execute(
        obj.command(
            AssignLeads,
            **cycle.fields(),
            head=head,
            deputy=deputy,
            method=method,
            **meta,
        )
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
      thidua bloc remove-unit TMTH STP --on 2021-07-01 --merged-into SNV
      thidua cycle sync-roster TMTH/2021
    """
    from thidua.domain.commands import SyncRoster

    obj.execute(obj.command(SyncRoster, **cycle.fields(), **meta))


@group.command("close")
@cycle_argument
@command_options
@click.pass_obj
def close(obj: CliContext, *, cycle: CycleRef, meta: dict[str, Any]) -> None:
    """Close the cycle; afterwards only decisions on its proposals and revocations.

    \b
    Example:
      thidua import scores TMTH/2021 cham-diem-2021.xlsx
      thidua scores close TMTH/2021
      thidua cycle close TMTH/2021 --on 2022-01-24
    """
    from thidua.domain.commands import CloseCycle

    obj.execute(obj.command(CloseCycle, **cycle.fields(), **meta))


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
