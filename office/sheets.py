"""Score sheets as the secretariat keeps them: a template out, a filled file back in.

One row per unit and criterion, with Vietnamese headers. The template has one sheet
for the bloc, or one sheet per unit; a filled file is read back whole (any workbook
or CSV), and every bad cell is reported at once, so the operator fixes the file in
one go.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cells import Problem, Reading, find_header, label, letter, read_rows
from .collation import sorted_vi
from .files import Limits
from .i18n import Texts
from .points import PointsChecker
from .xlsx import (
    TO_FILL,
    cell_value,
    column_width,
    print_setup,
    set_widths,
    sheet_name,
    style_body,
    style_header,
)

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from thidua.domain.cycle_state import CycleState

# Column key, Vietnamese header (as written), English header (also read).
COLUMNS = [
    ("unit", "Mã đơn vị", "unit"),
    ("unit_name", "Tên đơn vị", "unit name"),
    ("group", "Nhóm", "group"),
    ("criterion", "Mã tiêu chí", "criterion"),
    ("title", "Nội dung tiêu chí", "criterion title"),
    ("max_points", "Điểm tối đa", "max points"),
    ("points", "Điểm chấm", "points"),
    ("note", "Ghi chú", "note"),
]
REQUIRED = ("unit", "criterion", "points")
HEADER_ROW = 3  # under the title and the rulebook line
POINTS_COLUMN = 7  # G: the column to fill, shaded
NOTE_WIDTH = 30


HEADERS = {label(name): key for key, vi, en in COLUMNS for name in (vi, en, key)}


def write_score_template(
    path: Path, cycle: CycleState, *, per_unit: bool = False
) -> int:
    """Write the cycle's scoring sheet; returns the number of rows to fill."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    rulebook = cycle.rulebook
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    units = sorted_vi(cycle.roster.items(), key=lambda item: item[1])
    sheets = (
        [(unit, [(unit, name)]) for unit, name in units]
        if per_unit
        else [("Chấm điểm", units)]
    )
    heading = f"BẢNG CHẤM ĐIỂM THI ĐUA NĂM {cycle.year} – {cycle.bloc_name}"
    rows_to_fill = 0
    for title, members in sheets:
        sheet = workbook.create_sheet(sheet_name(title))
        sheet["A1"] = heading
        sheet["A1"].font = Font(bold=True, size=13)
        sheet["A2"] = (
            f"{rulebook.rulebook.title_vi} ({rulebook.rulebook.code}"
            f" {rulebook.rulebook.version}); khối {cycle.bloc}, năm {cycle.year}"
        )
        table = [
            [unit, name, criterion.group or "", criterion.code, criterion.title_vi,
             cell_value(criterion.max_points), None, None]
            for unit, name in members
            for criterion in rulebook.criteria
        ]  # fmt: skip
        _fill_in(sheet, table, rulebook.scoring.decimal_places)
        rows_to_fill += len(table)
        print_setup(sheet, heading, HEADER_ROW, _widths(table), "vi")
    if rulebook.groups:
        # A sheet of its own: the reader passes over sheets without score headers.
        legend = workbook.create_sheet("Nhóm tiêu chí")
        legend.append(["Mã nhóm", "Tên nhóm"])
        groups = [[g.code, g.title_vi] for g in rulebook.groups]
        for group in groups:
            legend.append(group)
        widths = [column_width("Mã nhóm", [g[0] for g in groups]),
                  column_width("Tên nhóm", [g[1] for g in groups])]  # fmt: skip
        set_widths(legend, widths)
        style_header(legend, 1, widths)
        style_body(legend, 2, len(groups) + 1, widths)
    workbook.save(path)
    return rows_to_fill


def _widths(table: list[list[Any]]) -> list[float]:
    widths = [
        column_width(vi, [row[n] for row in table])
        for n, (_, vi, _) in enumerate(COLUMNS)
    ]
    widths[-1] = max(widths[-1], NOTE_WIDTH)  # room to write a note in
    return widths


def _fill_in(sheet: Worksheet, table: list[list[Any]], places: int) -> None:
    """The header and the rows to fill: bordered, the points column shaded, in the
    rulebook's decimal places, and checked by Excel itself."""
    from openpyxl.styles import PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    for n, (_, vi, _) in enumerate(COLUMNS, start=1):
        sheet.cell(row=HEADER_ROW, column=n, value=vi)
    last = HEADER_ROW + len(table)
    for row, values in enumerate(table, start=HEADER_ROW + 1):
        for n, value in enumerate(values, start=1):
            sheet.cell(row=row, column=n, value=value)
        points = sheet.cell(row=row, column=POINTS_COLUMN)
        points.number_format = "0." + "0" * places if places else "0"
        points.fill = PatternFill("solid", fgColor=TO_FILL)
    widths = _widths(table)
    set_widths(sheet, widths)
    style_header(sheet, HEADER_ROW, widths)
    style_body(sheet, HEADER_ROW + 1, last, widths)
    if table:
        # Excel itself refuses what the rulebook would: points from 0 to the
        # criterion's maximum, in the row's own "max" cell.
        check = DataValidation(
            type="decimal",
            operator="between",
            formula1="0",
            formula2=f"F{HEADER_ROW + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Điểm không hợp lệ",
            error="Điểm phải từ 0 đến điểm tối đa của tiêu chí.",
        )
        check.add(f"G{HEADER_ROW + 1}:G{last}")
        sheet.add_data_validation(check)
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.auto_filter.ref = f"A{HEADER_ROW}:H{last}"


def read_score_file(
    path: Path,
    cycle: CycleState,
    texts: Texts | None = None,
    limits: Limits | None = None,
) -> Reading:
    """Every row of a filled file, checked against the cycle's roster and rulebook;
    problems are described in the language of `texts` (English by default)."""
    say = texts or Texts("en", "problems")
    sheets = read_rows(path, limits)
    found = Reading()
    checker = PointsChecker(cycle, found, say)
    headed = False
    for sheet, rows in sheets:
        header_at, columns = find_header(rows, HEADERS, REQUIRED)
        if header_at is None:
            continue
        headed = True
        unknown = [name for _, name, key in columns if key is None]
        for name in unknown:
            found.problems.append(
                Problem(sheet, header_at, name, name, "column",
                        say("unknown_column",
                            columns=", ".join(vi for _, vi, _ in COLUMNS)))
            )  # fmt: skip
        where = {key: n for n, _, key in columns if key}
        missing = set(REQUIRED) - set(where)
        for key in sorted(missing):
            found.problems.append(
                Problem(sheet, header_at, key, "", "column", say["missing_column"])
            )
        if missing or unknown:
            continue
        checker.columns = {
            key: f"{letter(n)} ({name})" for n, name, key in columns if key
        }
        for number, cells in rows[header_at:]:
            record = {key: cells[n] if n < len(cells) else None
                      for key, n in where.items()}  # fmt: skip
            checker.check(sheet, number, record)
    if not headed:
        found.problems.append(
            Problem(path.name, 0, "", "", "column",
                    say("no_headers", headers=", ".join(
                        vi for k, vi, _ in COLUMNS if k in REQUIRED)))
        )  # fmt: skip
    return found
