"""`thidua template` and `thidua import`: the secretariat's spreadsheets."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from thidua.office.files import Limits

from .context import CliContext
from .files import OutputFile
from .options import CycleRef, command_options, cycle_argument
from .render import progress

FILE = OutputFile()
# What to import is checked by the importer, as a refusal like any other.
INPUT = click.Path(path_type=Path)
F = TypeVar("F", bound=Callable[..., Any])


def limit_options(command: F) -> F:
    """--max-rows and --max-mb: how much of a file an import reads, at most."""
    rows = click.option(
        "--max-rows",
        type=click.IntRange(min=1),
        default=Limits.max_rows,
        show_default=True,
        envvar="THIDUA_IMPORT_MAX_ROWS",
        help="Refuse a file with more rows than this (THIDUA_IMPORT_MAX_ROWS).",
    )
    size = click.option(
        "--max-mb",
        type=click.IntRange(min=1),
        default=Limits.max_megabytes,
        show_default=True,
        envvar="THIDUA_IMPORT_MAX_MB",
        help="Refuse a file larger than this many megabytes (THIDUA_IMPORT_MAX_MB).",
    )
    return rows(size(command))


def _limits(max_rows: int, max_mb: int) -> Limits:
    return Limits(max_rows=max_rows, max_megabytes=max_mb)


@click.group("template")
def template_group() -> None:
    """Spreadsheets to fill in (mẫu biểu): the scoring sheet of a cycle."""


@template_group.command("scores")
@cycle_argument
@click.option("--xlsx", "path", required=True, type=FILE, help="The file to write.")
@click.option(
    "--per-unit", is_flag=True, help="One sheet per unit instead of one for the bloc."
)
@click.pass_obj
def template_scores(
    obj: CliContext, *, cycle: CycleRef, path: Path, per_unit: bool
) -> None:
    """Write the cycle's scoring sheet (bảng chấm điểm) as an Excel file.

    One row per unit and criterion, with the criterion's group and maximum; Excel
    refuses points outside 0..maximum. Fill in the points column (Điểm chấm) and
    read it back with `thidua import scores`.

    \b
    Example:
      thidua template scores TMTH/2021 --xlsx cham-diem-2021.xlsx
    """
    from thidua.office.sheets import write_score_template

    rows = write_score_template(
        path, obj.app.cycle_to_score(cycle.bloc, cycle.year), per_unit=per_unit
    )
    obj.say(obj.text("wrote_template", path=path, rows=rows))


@click.group("import")
def import_group() -> None:
    """Read filled spreadsheets (XLSX, XLSM, XLS, ODS or CSV): all of a file, or
    nothing."""


@import_group.command("scores")
@cycle_argument
@click.argument("path", type=INPUT)
@click.option(
    "--assessed",
    "assessor",
    type=click.Choice(["head", "deputy", "team"]),
    help="The points are assessed (thẩm định) by the head, the deputy or a team;"
    " without it they are the units' own (tự chấm).",
)
@limit_options
@command_options
@click.pass_obj
def import_scores(
    obj: CliContext,
    *,
    cycle: CycleRef,
    path: Path,
    assessor: str | None,
    max_rows: int,
    max_mb: int,
    meta: dict[str, Any],
) -> None:
    """Import a filled scoring sheet: one command per unit, all or nothing.

    Any bad cell (an unknown unit or criterion, points that are not a number, out
    of bounds or with too many decimals, a row twice) refuses the whole file, with
    a report of every problem by sheet, row and column; nothing is recorded. The
    same points imported twice are applied once, whatever file carried them (the
    points name the commands). A workbook is known by its content, not its name;
    a CSV file must be UTF-8.

    \b
    Example:
      thidua import scores TMTH/2021 cham-diem-2021.xlsx --reason "Công văn 12/KTMTH"
    """
    from thidua.office.imports import import_scores as run

    with progress(obj, obj.text("progress_import_scores", name=path.name)) as step:
        done = run(
            obj.app,
            cycle.bloc,
            cycle.year,
            path,
            meta=meta,
            issued_at=obj.clock(),
            assessor=assessor,
            prefix=_given_command_id(),
            step=step,
            lang=obj.lang,
            limits=_limits(max_rows, max_mb),
        )
    for receipt in done.receipts:
        obj.report(receipt)
    obj.say(
        obj.text(
            "imported_scores",
            name=path.name,
            rows=done.rows,
            units=len(done.receipts),
            recorded=done.recorded,
        )
    )


@import_group.command("units")
@click.argument("bloc")
@click.argument("path", type=INPUT)
@limit_options
@command_options
@click.pass_obj
def import_units(
    obj: CliContext,
    *,
    bloc: str,
    path: Path,
    max_rows: int,
    max_mb: int,
    meta: dict[str, Any],
) -> None:
    """Add a bloc's member units from a file: Mã đơn vị, Tên đơn vị, Từ năm
    [, Quyết định] (or unit, name, year[, decision]); all or nothing.

    \b
    Example:
      thidua import units TMTH don-vi.xlsx
    """
    from thidua.office.imports import import_units as run

    with progress(obj, obj.text("progress_import_units", name=path.name)) as step:
        done = run(
            obj.app,
            bloc,
            path,
            meta=meta,
            issued_at=obj.clock(),
            prefix=_given_command_id(),
            step=step,
            lang=obj.lang,
            limits=_limits(max_rows, max_mb),
        )
    for receipt in done.receipts:
        obj.report(receipt)
    obj.say(
        obj.text(
            "imported_units", name=path.name, rows=done.rows, recorded=done.recorded
        )
    )


def _given_command_id() -> str | None:
    """An operator's --command-id prefixes the per-unit ids; else what each unit's
    command says names it, so that the same content imported twice applies once."""
    given = click.get_current_context().params.get("command_id")
    return str(given) if given else None
