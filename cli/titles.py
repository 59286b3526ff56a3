"""`thidua title confer|revoke` and `thidua import titles`: emulation titles
(danh hiệu thi đua) of people and collectives, one year each, and a past registry
loaded from a spreadsheet."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from .award import decision, decision_options
from .context import CliContext
from .options import command_options
from .registry import holder_kind, holder_ref
from .render import progress
from .sheets import INPUT, _limits, limit_options


@click.group("title")
def title_group() -> None:
    """Emulation titles (danh hiệu thi đua): confer for a year, revoke."""


@title_group.command("confer")
@click.argument("code")
@click.argument("title")
@click.argument("year", type=int)
@holder_kind
@decision_options
@command_options
@click.pass_obj
def confer(
    obj: CliContext,
    /,
    *,
    code: str,
    title: str,
    year: int,
    unit: bool,
    number: str,
    decided_on: date,
    authority: str | None,
    meta: dict[str, Any],
) -> None:
    """Record a title conferred for a year by an authority's numbered decision.

    \b
    Example:
      thidua person register P-001 --name "Nguyễn Văn An" --unit SNV \\
          --position "Chuyên viên" --since 2015-03-01
      thidua title confer P-001 cstd-co-so 2021 --decision 12/QĐ-SNV \\
          --date 2021-12-20
    """
    from thidua.domain.registry.commands import ConferTitle

    obj.execute(
        obj.command(
            ConferTitle,
            holder=holder_ref(code, unit),
            title=title,
            year=year,
            decision=decision(number, decided_on, authority),
            **meta,
        )
    )


@title_group.command("revoke")
@click.argument("code")
@click.argument("title")
@click.argument("year", type=int)
@holder_kind
@decision_options
@command_options
@click.pass_obj
def revoke(
    obj: CliContext,
    /,
    *,
    code: str,
    title: str,
    year: int,
    unit: bool,
    number: str,
    decided_on: date,
    authority: str | None,
    meta: dict[str, Any],
) -> None:
    """Revoke a title (hủy bỏ) by decision, with its reasons (--reason).

    \b
    Example:
      thidua person register P-001 --name "Nguyễn Văn An" --unit SNV \\
          --position "Chuyên viên" --since 2015-03-01
      thidua title confer P-001 ldtt 2021 --decision 11/QĐ-SNV --date 2021-12-20
      thidua title revoke P-001 ldtt 2021 --decision 3/QĐ-SNV --date 2022-04-02 \\
          --reason "Kê khai không trung thực"
    """
    from thidua.domain.registry.commands import RevokeTitle

    obj.execute(
        obj.command(
            RevokeTitle,
            holder=holder_ref(code, unit),
            title=title,
            year=year,
            decision=decision(number, decided_on, authority),
            **meta,
        )
    )


@click.command("titles")
@click.argument("path", type=INPUT)
@limit_options
@command_options
@click.pass_obj
def import_titles(
    obj: CliContext,
    /,
    *,
    path: Path,
    max_rows: int,
    max_mb: int,
    meta: dict[str, Any],
) -> None:
    """Load a past registry: one row per title a person held in a year (Mã cá
    nhân, Họ và tên, Mã đơn vị, Chức vụ, Danh hiệu, Năm, Số quyết định, Ngày
    quyết định[, Cơ quan quyết định]); people not yet registered are; every
    title keeps the file's SHA-256. All of the file, or nothing.

    \b
    Example:
      thidua import titles danh-hieu.xlsx
      thidua history person P-101
    """
    from thidua.office.registry_import import import_titles as run

    with progress(obj, obj.text("progress_import_titles", name=path.name)) as step:
        done = run(
            obj.app,
            path,
            meta=meta,
            issued_at=obj.clock(),
            step=step,
            lang=obj.lang,
            limits=_limits(max_rows, max_mb),
        )
    for receipt in done.receipts:
        obj.report(receipt)
    obj.say(
        obj.text(
            "imported_titles", name=path.name, rows=done.rows, recorded=done.recorded
        )
    )
