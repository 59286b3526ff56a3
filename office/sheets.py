"""Score sheets as the secretariat keeps them: a template out, a filled file back in.

One row per unit and criterion, with Vietnamese headers. The template has one sheet
for the bloc, or one sheet per unit; a filled file is read back whole, XLSX or CSV,
and every bad cell is reported at once, so the operator fixes the file in one go.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING

from .cells import (
    Cell,
    Problem,
    Reading,
    blank,
    code_of,
    find_header,
    label,
    letter,
    read_rows,
)
from .collation import sorted_vi
from .i18n import Texts
from .xlsx import cell_value

if TYPE_CHECKING:
    from thidua.domain.cycle import Cycle

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
WIDTHS = {"unit": 12, "unit_name": 40, "group": 8, "criterion": 12, "title": 60,
          "max_points": 12, "points": 12, "note": 30}  # fmt: skip


HEADERS = {label(name): key for key, vi, en in COLUMNS for name in (vi, en, key)}


def write_score_template(path: Path, cycle: Cycle, *, per_unit: bool = False) -> int:
    """Write the cycle's scoring sheet; returns the number of rows to fill."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    rulebook = cycle.rulebook
    groups = {g.code: g.title_vi for g in rulebook.groups}
    places = rulebook.scoring.decimal_places
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    units = sorted_vi(cycle.roster.items(), key=lambda item: item[1])
    sheets = (
        [(unit, [(unit, name)]) for unit, name in units]
        if per_unit
        else [("Chấm điểm", units)]
    )
    rows_to_fill = 0
    for title, members in sheets:
        sheet = workbook.create_sheet(title[:31])
        sheet["A1"] = f"BẢNG CHẤM ĐIỂM THI ĐUA NĂM {cycle.year} – {cycle.bloc_name}"
        sheet["A1"].font = Font(bold=True, size=13)
        sheet["A2"] = (
            f"{rulebook.rulebook.title_vi} ({rulebook.rulebook.code}"
            f" {rulebook.rulebook.version}); khối {cycle.bloc}, năm {cycle.year}"
        )
        for n, (key, vi, _) in enumerate(COLUMNS, start=1):
            cell = sheet.cell(row=HEADER_ROW, column=n, value=vi)
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            sheet.column_dimensions[cell.column_letter].width = WIDTHS[key]
        row = HEADER_ROW
        for unit, name in members:
            for criterion in rulebook.criteria:
                row += 1
                values = [
                    unit,
                    name,
                    criterion.group or "",
                    criterion.code,
                    criterion.title_vi,
                    criterion.max_points,
                ]
                for n, value in enumerate(values, start=1):
                    cell = sheet.cell(row=row, column=n, value=cell_value(value))
                    if n == 7:
                        cell.number_format = "0." + "0" * places if places else "0"
        rows_to_fill += row - HEADER_ROW
        if row > HEADER_ROW:
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
            check.add(f"G{HEADER_ROW + 1}:G{row}")
            sheet.add_data_validation(check)
        sheet.freeze_panes = f"A{HEADER_ROW + 1}"
        sheet.auto_filter.ref = f"A{HEADER_ROW}:H{max(row, HEADER_ROW)}"
    if groups:
        # A sheet of its own: the reader passes over sheets without score headers.
        legend = workbook.create_sheet("Nhóm tiêu chí")
        legend.append(["Mã nhóm", "Tên nhóm"])
        for group, title_vi in groups.items():
            legend.append([group, title_vi])
        legend.column_dimensions["B"].width = 60
    workbook.save(path)
    return rows_to_fill


def read_score_file(path: Path, cycle: Cycle, texts: Texts | None = None) -> Reading:
    """Every row of a filled file, checked against the cycle's roster and rulebook;
    problems are described in the language of `texts` (English by default)."""
    say = texts or Texts("en", "problems")
    sheets = read_rows(path)
    found = Reading()
    checker = _Checker(cycle, found, say)
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


class _Checker:
    """The rules a cell must keep; each broken one becomes a problem."""

    def __init__(self, cycle: Cycle, found: Reading, say: Texts) -> None:
        self.say = say
        rulebook = cycle.rulebook
        self.roster = cycle.roster
        self.criteria = {c.code: c.max_points for c in rulebook.criteria}
        self.places = rulebook.scoring.decimal_places
        self.found = found
        self.seen: dict[tuple[str, str], int] = {}
        self.columns: dict[str, str] = {}

    def problem(
        self, sheet: str, row: int, column: str, value: object, *why: str
    ) -> None:
        rule, message = why
        shown = "" if value is None else str(value)
        where = self.columns.get(column, column)
        self.found.problems.append(Problem(sheet, row, where, shown, rule, message))

    def check(self, sheet: str, row: int, record: dict[str, Cell | None]) -> None:
        unit, _ = record.get("unit") or (None, False)
        criterion, _ = record.get("criterion") or (None, False)
        points, formula = record.get("points") or (None, False)
        note, _ = record.get("note") or (None, False)
        if all(blank(v) for v in (unit, criterion, points)):
            return  # an empty line
        self.found.rows += 1
        unit_code = code_of(unit)
        code = code_of(criterion)
        if unit_code not in self.roster:
            self.problem(sheet, row, "unit", unit, "member",
                         self.say["not_member"])  # fmt: skip
        if code not in self.criteria:
            self.problem(sheet, row, "criterion", criterion, "criterion",
                         self.say["not_criterion"])  # fmt: skip
        if blank(points):
            if formula:
                self.problem(sheet, row, "points", "=…", "points",
                             self.say["formula"])  # fmt: skip
            return  # not scored (yet)
        value = self._points(sheet, row, points, code)
        key = (unit_code, code)
        if key in self.seen:
            self.problem(sheet, row, "criterion", criterion, "duplicate",
                         self.say("scored_already", row=self.seen[key]))  # fmt: skip
            return
        self.seen[key] = row
        if value is None or unit_code not in self.roster or code not in self.criteria:
            return
        self.found.points.setdefault(unit_code, {})[code] = value
        self.found.first_row.setdefault(unit_code, (sheet, row))
        if not blank(note):
            text = unicodedata.normalize("NFC", str(note)).strip()
            self.found.notes.setdefault(unit_code, {})[code] = text

    def _points(
        self, sheet: str, row: int, points: object, code: str
    ) -> Decimal | None:
        value, broken = self._parse_points(points, code)
        if broken is not None:
            rule, message = broken
            self.problem(sheet, row, "points", points, rule, message)
            return None
        return value

    def _parse_points(
        self, points: object, code: str
    ) -> tuple[Decimal | None, tuple[str, str] | None]:
        """The points, or the rule they break and how."""
        if isinstance(points, bool) or not isinstance(points, int | float | str):
            return None, ("points", self.say["not_number"])
        text = repr(points) if isinstance(points, float) else str(points).strip()
        try:
            value = Decimal(text)
        except InvalidOperation:
            why = "decimal_comma" if "," in text else "not_number"
            return None, ("points", self.say[why])
        top = self.criteria.get(code)
        exponent = value.normalize().as_tuple().exponent if value.is_finite() else 0
        broken = (
            ("points", self.say["not_number"])
            if not value.is_finite()
            else ("bounds", self.say["negative"])
            if value < 0
            else ("bounds", self.say("above_max", top=top))
            if top is not None and value > top
            else ("decimal-places", self.say("decimals", places=self.places))
            if isinstance(exponent, int) and -exponent > self.places
            else None
        )
        return (None, broken) if broken else (value, None)
