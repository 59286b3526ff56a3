"""`thidua bloc`: emulation blocs and their member units."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import click

from .context import CliContext
from .options import command_options, format_option
from .render import render

BLOC_COLUMNS = [
    ("bloc", "Bloc"),
    ("name", "Name (tên khối)"),
    ("province", "Province"),
    ("kind", "Kind"),
    ("members", "Current members"),
]


@click.group("bloc")
def group() -> None:
    """Emulation blocs (khối thi đua) and their member units (đơn vị thành viên)."""


@group.command("create")
@click.argument("code")
@click.option("--name", required=True, help="The bloc's name, in Vietnamese.")
@click.option("--province", required=True, help="The province that organises the bloc.")
@click.option(
    "--kind",
    type=click.Choice(["khoi", "cum"]),
    default="khoi",
    show_default=True,
    help="khoi: agencies of like function; cum: a cluster of localities.",
)
@command_options
@click.pass_obj
def create(
    obj: CliContext,
    *,
    code: str,
    name: str,
    province: str,
    kind: str,
    meta: dict[str, Any],
) -> None:
    """Create a bloc.

    \b
    Example:
      thidua authority grant "Đỗ Thị Mai" operator KTTH --as "Lê Văn Hùng"
      thidua bloc create KTTH --name "Khối thi đua Kinh tế tổng hợp" \\
          --province "Lào Cai"
    """
    from thidua.domain.commands import CreateBloc

    obj.execute(
        obj.command(
            CreateBloc, bloc=code, name=name, province=province, kind=kind, **meta
        )
    )


@group.command("add-unit")
@click.argument("bloc")
@click.argument("unit")
@click.option("--name", required=True, help="The unit's name, in Vietnamese.")
@click.option(
    "--year", type=int, help="The first year it is a member [default: that of --on]."
)
@click.option("--decision", help="The membership decision (quyết định kiện toàn khối).")
@command_options
@click.pass_obj
def add_unit(
    obj: CliContext,
    *,
    bloc: str,
    unit: str,
    name: str,
    year: int | None,
    decision: str | None,
    meta: dict[str, Any],
) -> None:
    """Add a member unit from a year, or from the day it joins (--on).

    \b
    Example:
      thidua bloc add-unit TMTH SYT --name "Sở Y tế" --on 2021-07-01 \\
          --decision "25/QĐ-UBND"
    """
    from thidua.domain.commands import AddUnit

    obj.execute(
        obj.command(
            AddUnit,
            bloc=bloc,
            unit=unit,
            name=name,
            year=year,
            decision=decision,
            **meta,
        )
    )


@group.command("remove-unit")
@click.argument("bloc")
@click.argument("unit")
@click.option(
    "--year",
    type=int,
    help="The first year it is not a member [default: that of --on].",
)
@click.option("--merged-into", "successor", help="The member unit it merges into.")
@click.option("--decision", help="The decision that removed it.")
@command_options
@click.pass_obj
def remove_unit(
    obj: CliContext,
    *,
    bloc: str,
    unit: str,
    year: int | None,
    successor: str | None,
    decision: str | None,
    meta: dict[str, Any],
) -> None:
    """Record that a unit leaves the bloc on a day (--on), e.g. merged into another.

    A cycle of that year still open for scoring takes the change with `thidua cycle
    sync-roster`.

    \b
    Example:
      thidua bloc remove-unit TMTH STP --on 2024-07-01 --merged-into SNV \\
          --decision "12/QĐ-UBND"
    """
    from thidua.domain.commands import RemoveUnit

    obj.execute(
        obj.command(
            RemoveUnit,
            bloc=bloc,
            unit=unit,
            year=year,
            successor=successor,
            decision=decision,
            **meta,
        )
    )


@group.command("list")
@format_option
@click.pass_obj
def list_(obj: CliContext, *, fmt: str) -> None:
    """List the blocs in the store.

    \b
    Example:
      thidua bloc list --format json
    """
    rows = obj.read_models.bloc_list()
    if fmt == "table":
        from thidua.office.wording import Wording

        rows = Wording(obj.lang).cells(rows, kind="bloc_kind")
    render(rows, BLOC_COLUMNS, fmt)


@group.command("configure")
@click.argument("bloc")
@click.option(
    "--superior-body",
    help="The body above the bloc in the header (cơ quan chủ quản), e.g."
    ' "UBND TỈNH LÀO CAI".',
)
@click.option(
    "--issuing-body",
    help="The issuer's name in the header [default: the bloc's name].",
)
@click.option(
    "--place", help="The place name (địa danh) before the date [default: province]."
)
@click.option(
    "--document-code",
    help="The code after the type in document numbers (Số: 01/BB-CODE)"
    " [default: the bloc's code].",
)
@click.option(
    "--from",
    "since",
    type=click.DateTime(["%Y-%m-%d"]),
    help="The day the settings apply from, YYYY-MM-DD [default: today].",
)
@command_options
@click.pass_obj
def configure(
    obj: CliContext,
    *,
    bloc: str,
    superior_body: str | None,
    issuing_body: str | None,
    place: str | None,
    document_code: str | None,
    since: datetime | None,
    meta: dict[str, Any],
) -> None:
    """Set how the bloc's documents (the minutes) name it; "" clears a setting.

    \b
    Example:
      thidua bloc configure TMTH --superior-body "UBND TỈNH LÀO CAI" \\
          --place "Lào Cai" --document-code "KTĐTMTH"
    """
    from thidua.domain.commands import ConfigureBloc

    obj.execute(
        obj.command(
            ConfigureBloc,
            bloc=bloc,
            superior_body=superior_body,
            issuing_body=issuing_body,
            place=place,
            document_code=document_code,
            since=since.date() if since else None,
            **meta,
        )
    )
