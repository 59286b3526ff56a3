"""A table to Excel in flat memory: openpyxl's write-only mode, in two passes.

An export of a whole registry holds as many rows as the store has awards; a
workbook built cell by cell holds them all, and their styles, until it is saved
(about 9 KB a row). Here the rows are read twice instead, from wherever they come
(a list, or a query read again): once to measure each column (its width, its
number format), and once to write each row, styled as it is written, straight to
the file. The sheet looks as `xlsx.py` lays out every table: the title on top, a
frozen, shaded header that wraps, borders, numbers as numbers, A4.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .i18n import Lang
from .xlsx import (
    HEADER_FILL,
    LINE_HEIGHT,
    cell_value,
    decimals,
    format_of,
    is_number,
    lines,
    print_setup,
    sheet_name,
    text_width,
    thin_border,
    width_for,
)

HEADER_ROW = 3


@dataclass
class Column:
    """What the first pass learns of a column: its widest text, its decimals; the
    width and number format `xlsx.column_width` and `number_format` would give."""

    header: str
    widest: float = 0.0
    places: int = 0

    def see(self, value: Any) -> None:
        if value is not None:
            self.widest = max(self.widest, text_width(str(value)))
        self.places = max(self.places, decimals(value))

    @property
    def width(self) -> float:
        return width_for(self.header, [self.widest])

    @property
    def number_format(self) -> str | None:
        return format_of(self.places)


def write_table(
    path: Path,
    rows: Iterable[Mapping[str, Any]],
    columns: Sequence[tuple[str, str]],
    *,
    title: str,
    lang: Lang = "en",
) -> None:
    """One sheet: the title on top, then the header and the rows. `rows` is read
    twice (a list, or anything that reads its rows again when iterated again)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    measured = [Column(header) for _, header in columns]
    count = 0
    for row in rows:
        count += 1
        for key_column, column in zip(columns, measured, strict=True):
            column.see(cell_value(row.get(key_column[0]), lang))
    widths = [column.width for column in measured]
    workbook = Workbook(write_only=True)
    sheet: Any = workbook.create_sheet(sheet_name(title))
    for n, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(n)].width = width
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    print_setup(sheet, title, HEADER_ROW, widths, lang)
    if count:
        last = get_column_letter(len(columns))
        sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}{count + HEADER_ROW}"
    heading = _cell(sheet, title)
    heading.font = Font(bold=True, size=13)
    sheet.append([heading])
    sheet.append([])
    _header(sheet, [header for _, header in columns], widths)
    styles = _Styles()
    formats = [column.number_format for column in measured]
    for line, row in enumerate(rows, start=HEADER_ROW + 1):
        values = [cell_value(row.get(key), lang) for key, _ in columns]
        cells, tallest = [], 1
        for value, width, given in zip(values, widths, formats, strict=True):
            cell = _cell(sheet, value)
            cell.border = styles.border
            wraps = isinstance(value, str) and text_width(value) > width - 1
            cell.alignment = styles.wrapped if wraps else styles.plain
            if wraps:
                tallest = max(tallest, lines(value, width - 1))
            if given and is_number(value):
                cell.number_format = given
            cells.append(cell)
        if tallest > 1:
            sheet.row_dimensions[line].height = tallest * LINE_HEIGHT
        sheet.append(cells)
        sheet.row_dimensions.pop(line, None)  # written: memory stays flat
    workbook.save(path)


class _Styles:
    def __init__(self) -> None:
        from openpyxl.styles import Alignment

        self.border = thin_border()
        self.wrapped = Alignment(wrap_text=True, vertical="center")
        self.plain = Alignment(wrap_text=False, vertical="center")


def _cell(sheet: Any, value: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    return WriteOnlyCell(sheet, value=value)


def _header(sheet: Any, headers: Sequence[str], widths: Sequence[float]) -> None:
    """The column headers: bold, shaded, wrapped, bordered, and tall enough."""
    from openpyxl.styles import Alignment, Font, PatternFill

    cells, tallest = [], 1
    for header, width in zip(headers, widths, strict=True):
        cell = _cell(sheet, header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(
            wrap_text=True, vertical="center", horizontal="center"
        )
        cell.border = thin_border()
        tallest = max(tallest, lines(header, width - 1))
        cells.append(cell)
    sheet.row_dimensions[HEADER_ROW].height = tallest * LINE_HEIGHT + 6
    sheet.append(cells)
