"""`thidua covenant`: sign the emulation covenant, register targets, end signing."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from .context import CliContext
from .options import DATE, CycleRef, command_options, cycle_argument, day_of


@click.group("covenant")
def group() -> None:
    """The emulation covenant (giao ước thi đua): sign, register, close."""


@group.command("sign")
@cycle_argument
@click.argument("unit")
@click.option("--signatory", required=True, help="Who signed for the unit.")
@click.option("--title", "signatory_title", help="The signatory's post (chức vụ).")
@click.option(
    "--date",
    "signed_on",
    type=DATE,
    help="Date signed [default: that of --on, or today].",
)
@command_options
@click.pass_obj
def sign(
    obj: CliContext,
    *,
    cycle: CycleRef,
    unit: str,
    signatory: str,
    signatory_title: str | None,
    signed_on: date | None,
    meta: dict[str, Any],
) -> None:
    """Record a unit's signature of the covenant (ký kết giao ước thi đua).

    \b
    Example:
      thidua cycle open TMTH 2022 --rules rulebooks/lao-cai-tmth.toml
      thidua covenant sign TMTH/2022 SNV --signatory "Phạm Thị Lan" \\
          --title "Giám đốc" --on 2022-01-14
    """
    from thidua.domain.commands import SignCovenant

    obj.execute(
        obj.command(
            SignCovenant,
            **cycle.fields(),
            unit=unit,
            signatory=signatory,
            signatory_title=signatory_title,
            signed_on=signed_on or day_of(meta["occurred_at"]) or obj.clock().date(),
            **meta,
        )
    )


@group.command("register")
@cycle_argument
@click.argument("unit")
@click.option(
    "--target", "targets", multiple=True, help="A target the unit commits to."
)
@click.option("--title", "titles", multiple=True, help="A title or award it aims for.")
@command_options
@click.pass_obj
def register(
    obj: CliContext,
    *,
    cycle: CycleRef,
    unit: str,
    targets: tuple[str, ...],
    titles: tuple[str, ...],
    meta: dict[str, Any],
) -> None:
    """Register a unit's targets and aimed titles (đăng ký thi đua).

    \b
    Example:
      thidua covenant register TMTH/2021 SNV --title "Cờ thi đua của UBND tỉnh"
    """
    from thidua.domain.commands import RegisterTargets

    obj.execute(
        obj.command(
            RegisterTargets,
            **cycle.fields(),
            unit=unit,
            targets=targets,
            titles=titles,
            **meta,
        )
    )


@group.command("close")
@cycle_argument
@command_options
@click.pass_obj
def close(obj: CliContext, *, cycle: CycleRef, meta: dict[str, Any]) -> None:
    """End covenant signing before every member has signed; the unsigned are recorded.

    \b
    Example:
      thidua cycle open TMTH 2022 --rules rulebooks/lao-cai-tmth.toml
      thidua covenant close TMTH/2022 --reason "Sở Ngoại vụ sáp nhập"
    """
    from thidua.domain.commands import CloseCovenant

    obj.execute(obj.command(CloseCovenant, **cycle.fields(), **meta))
