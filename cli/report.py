"""`thidua report`: the yearly statistics of emulation and commendation a
province sends the Ministry of Home Affairs (Circular 02/2023/TT-BNV)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from .context import CliContext
from .files import OutputFile
from .options import format_option, xlsx_option


@click.group("report")
def group() -> None:
    """Statistical reports (báo cáo thống kê) for the Ministry of Home Affairs."""


REPORT_COLUMNS = [
    ("row", "Row"),
    ("code", "Code"),
    ("measure", "Unit of count"),
    ("count", "Total"),
    ("merit", "Merit"),
    ("fighter", "Fighter"),
    ("flag", "Flag"),
    ("badge", "Badge"),
    ("amount", "Amount (đồng)"),
]


@group.command("awards")
@click.argument("year", type=click.IntRange(1945, 2200))
@click.option("--province", required=True, help="The province reporting.")
@format_option
@xlsx_option
@click.option("--pdf", "pdf_path", type=OutputFile(), help="Also write it as PDF.")
@click.pass_obj
def awards(
    obj: CliContext,
    *,
    year: int,
    province: str,
    fmt: str,
    xlsx: Path | None,
    pdf_path: Path | None,
) -> None:
    """Form 0603.N/BNV-TĐKT: provincial-level awards of the year, by kind of
    recipient, from the decisions in force, with the checkpoint it counts to; the
    auditor counts the same from the stored rows, or the form is refused.

    \b
    Example:
      thidua report awards 2021 --province "Lào Cai" --pdf 0603.pdf
    """
    from thidua.projections.statistics import FORM, checked_form

    from .context import utc_now
    from .tables import show

    rows, checkpoint = checked_form(obj.app, obj.read_models, province, year, utc_now())
    title = obj.text(
        "report_title",
        form=FORM,
        province=province,
        year=year,
        checkpoint=str(checkpoint),
    )

    def said(rows: Any, words: Any, _: bool) -> list[dict[str, Any]]:
        cells: list[dict[str, Any]] = words.cells(
            rows, row="report_row", measure="report_measure"
        )
        return cells

    show(
        rows,
        REPORT_COLUMNS,
        fmt,
        title=title,
        bom=False,
        xlsx=xlsx,
        lang=obj.lang,
        said=said,
    )
    if pdf_path is not None:
        from thidua.office.decision import report_pdf
        from thidua.office.wording import Wording

        cells = said(rows, Wording(obj.lang), True)
        pdf_path.write_bytes(report_pdf(title, cells, REPORT_COLUMNS, obj.lang))
        obj.say(obj.text("wrote", path=pdf_path))
