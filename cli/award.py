"""`thidua award`: propose, grant, decline, revoke; record pending proceedings."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from .context import CliContext
from .options import DATE, CycleRef, command_options, cycle_argument


@click.group("award")
def group() -> None:
    """Awards (khen thưởng): propose, grant, decline, revoke, proceeding."""


def recipient_options(func: Any) -> Any:
    func = click.option(
        "--individual", help="A person's full name (cá nhân), of --unit."
    )(func)
    func = click.option(
        "--collective",
        help="A collective within --unit (tập thể); default: the unit itself.",
    )(func)
    return click.option(
        "--unit", required=True, help="The member unit of the recipient."
    )(func)


def recipient(
    unit: str, collective: str | None, individual: str | None
) -> dict[str, Any]:
    if collective and individual:
        raise click.UsageError("a recipient is a collective or an individual, not both")
    if individual:
        return {"kind": "individual", "unit": unit, "name": individual}
    return {"kind": "collective", "unit": unit, "name": collective}


def decision_options(func: Any) -> Any:
    func = click.option(
        "--authority",
        help="Who decided [default: the rulebook's authority for the award].",
    )(func)
    func = click.option(
        "--date", "decided_on", type=DATE, required=True, help="Date of the decision."
    )(func)
    return click.option(
        "--decision", "number", required=True, help="Decision number (số quyết định)."
    )(func)


def decision(number: str, decided_on: date, authority: str | None) -> dict[str, Any]:
    return {"number": number, "decided_on": decided_on, "authority": authority}


@group.command("propose")
@cycle_argument
@click.argument("award")
@recipient_options
@command_options
@click.pass_obj
def propose(
    obj: CliContext,
    *,
    cycle: CycleRef,
    award: str,
    unit: str,
    collective: str | None,
    individual: str | None,
    meta: dict[str, Any],
) -> None:
    """Propose an award (đề nghị) to its granting authority, at the year-end review,
    for a recipient that meets the award's conditions (e.g. carried its vote).

    \b
    Example:
      thidua award propose TMTH/2021 provincial-flag --unit SNV  # refused: no vote yet
    """
    from thidua.domain.commands import ProposeAward

    obj.execute(
        obj.command(
            ProposeAward,
            **cycle.fields(),
            award=award,
            recipient=recipient(unit, collective, individual),
            **meta,
        ),
        receipt_text="proposed",
    )


@group.command("grant")
@cycle_argument
@click.argument("award", required=False)
@click.option("--proposal", help="The proposal granted (P1, P2, …).")
@click.option("--unit", help="The recipient's member unit, for a direct award.")
@click.option(
    "--collective", help="A collective within --unit; default: the unit itself."
)
@click.option("--individual", help="A person's full name, of --unit.")
@decision_options
@command_options
@click.pass_obj
def grant(
    obj: CliContext,
    *,
    cycle: CycleRef,
    award: str | None,
    proposal: str | None,
    unit: str | None,
    collective: str | None,
    individual: str | None,
    number: str,
    decided_on: date,
    authority: str | None,
    meta: dict[str, Any],
) -> None:
    """Record an award granted by decision: on a proposal, or directly (Giấy khen).

    \b
    Example:
      thidua award grant TMTH/2020 --proposal P1 --decision "245/QĐ-UBND" \\
          --date 2021-03-02  # refused: the demo's decision 215/QĐ-UBND granted it
      thidua import scores TMTH/2021 cham-diem-2021.xlsx
      thidua scores close TMTH/2021
      thidua award grant TMTH/2021 commendation --unit STC \\
          --individual "Trần Thị Bích" --decision "15/QĐ-STC" --date 2022-01-24 \\
          --authority "Giám đốc Sở Tài chính"
    """
    from thidua.domain.commands import GrantAward

    if bool(proposal) == bool(award):
        raise click.UsageError("give either --proposal or an AWARD with --unit")
    if award and not unit:
        raise click.UsageError("a direct award needs --unit")
    obj.execute(
        obj.command(
            GrantAward,
            **cycle.fields(),
            proposal=proposal.upper() if proposal else None,
            award=award,
            recipient=recipient(unit, collective, individual) if unit else None,
            decision=decision(number, decided_on, authority),
            **meta,
        ),
        receipt_text="granted",
    )


@group.command("decline")
@cycle_argument
@click.argument("proposal")
@decision_options
@command_options
@click.pass_obj
def decline(
    obj: CliContext,
    *,
    cycle: CycleRef,
    proposal: str,
    number: str,
    decided_on: date,
    authority: str | None,
    meta: dict[str, Any],
) -> None:
    """Record that the granting authority declined a proposal.

    \b
    Example:
      thidua award decline TMTH/2020 P1 --decision "30/TB-HĐTĐKT" \\
          --date 2021-03-02  # refused: the demo's decision granted P1
    """
    from thidua.domain.commands import DeclineProposal

    obj.execute(
        obj.command(
            DeclineProposal,
            **cycle.fields(),
            proposal=proposal.upper(),
            decision=decision(number, decided_on, authority),
            **meta,
        )
    )


@group.command("revoke")
@cycle_argument
@click.argument("award_id")
@decision_options
@command_options
@click.pass_obj
def revoke(
    obj: CliContext,
    *,
    cycle: CycleRef,
    award_id: str,
    number: str,
    decided_on: date,
    authority: str | None,
    meta: dict[str, Any],
) -> None:
    """Revoke a granted award by decision, with reasons; it stays in the history.

    \b
    Example:
      thidua award revoke TMTH/2020 A3 --decision "88/QĐ-UBND" --date 2021-09-01 \\
          --reason "Hồ sơ kê khai không trung thực"
    """
    from thidua.domain.commands import RevokeAward

    obj.execute(
        obj.command(
            RevokeAward,
            **cycle.fields(),
            award_id=award_id.upper(),
            decision=decision(number, decided_on, authority),
            **meta,
        )
    )


@group.command("proceeding")
@cycle_argument
@recipient_options
@click.option(
    "--kind",
    type=click.Choice(["discipline", "investigation", "complaint"]),
    required=True,
    help="What is pending against the recipient.",
)
@click.option("--ended", is_flag=True, help="Record that it has ended.")
@command_options
@click.pass_obj
def proceeding(
    obj: CliContext,
    *,
    cycle: CycleRef,
    unit: str,
    collective: str | None,
    individual: str | None,
    kind: str,
    ended: bool,
    meta: dict[str, Any],
) -> None:
    """Record discipline, an investigation or a complaint pending (or ended); no
    proposal or award reaches a recipient while one is pending.

    \b
    Example:
      thidua award proceeding TMTH/2020 --unit STC --individual "Lê Văn Cường" \\
          --kind complaint --reason "Đơn khiếu nại ngày 10/01/2021"
    """
    from thidua.domain.commands import RecordProceeding

    obj.execute(
        obj.command(
            RecordProceeding,
            **cycle.fields(),
            recipient=recipient(unit, collective, individual),
            kind=kind,
            pending=not ended,
            **meta,
        )
    )
