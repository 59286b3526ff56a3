"""Score sheets as the secretariat keeps them: a template out, a filled file back in.

One row per unit and criterion, with Vietnamese headers. The template has one sheet
for the bloc, or one sheet per unit; a filled file is read back whole, XLSX or CSV,
and every bad cell is reported at once, so the operator fixes the file in one go.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .collation import sorted_vi

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


def _label(text: object) -> str:
    return unicodedata.normalize("NFC", str(text or "")).strip().casefold()


HEADERS = {_label(name): key for key, vi, en in COLUMNS for name in (vi, en, key)}


@dataclass
class Problem:
    """One bad cell: where it is, what it holds, and the rule it breaks."""

    sheet: str
    row: int
    column: str
    value: str
    rule: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {
            "sheet": self.sheet,
            "row": str(self.row),
            "column": self.column,
            "value": self.value,
            "rule": self.rule,
            "message": self.message,
        }


@dataclass
class ScoreFile:
    """What a filled file says: points and notes per unit, and where each unit's
    first row is (to place a refusal of the unit in the report)."""

    points: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    notes: dict[str, dict[str, str]] = field(default_factory=dict)
    first_row: dict[str, tuple[str, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0


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
        [(code, [(code, name)]) for code, name in units]
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
        for code, name in members:
            for criterion in rulebook.criteria:
                row += 1
                values = [
                    code,
                    name,
                    criterion.group or "",
                    criterion.code,
                    criterion.title_vi,
                    criterion.max_points,
                ]
                for n, value in enumerate(values, start=1):
                    cell = sheet.cell(row=row, column=n, value=_number(value))
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
        for code, title_vi in groups.items():
            legend.append([code, title_vi])
        legend.column_dimensions["B"].width = 60
    workbook.save(path)
    return rows_to_fill


def _number(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def read_score_file(path: Path, cycle: Cycle) -> ScoreFile:
    """Every row of a filled file, checked against the cycle's roster and rulebook."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        sheets = _xlsx_rows(path)
    else:
        sheets = [(path.name, _csv_rows(path))]
    found = ScoreFile()
    checker = _Checker(cycle, found)
    headed = False
    for sheet, rows in sheets:
        header_at, columns = _find_header(rows)
        if header_at is None:
            continue
        headed = True
        unknown = [name for _, name, key in columns if key is None]
        for name in unknown:
            found.problems.append(
                Problem(sheet, header_at, name, name, "column",
                        "unknown column; the template's columns are: "
                        + ", ".join(vi for _, vi, _ in COLUMNS))
            )  # fmt: skip
        where = {key: n for n, _, key in columns if key}
        missing = set(REQUIRED) - set(where)
        for key in sorted(missing):
            found.problems.append(
                Problem(sheet, header_at, key, "", "column", "missing column")
            )
        if missing or unknown:
            continue
        checker.columns = {
            key: f"{_letter(n)} ({name})" for n, name, key in columns if key
        }
        for number, cells in rows[header_at:]:
            record = {key: cells[n] if n < len(cells) else None
                      for key, n in where.items()}  # fmt: skip
            checker.check(sheet, number, record)
    if not headed:
        found.problems.append(
            Problem(path.name, 0, "", "", "column",
                    "no sheet has the headers "
                    + ", ".join(vi for k, vi, _ in COLUMNS if k in REQUIRED))
        )  # fmt: skip
    return found


Cell = tuple[Any, bool]  # a cell's value, and whether a formula gave it


def _xlsx_rows(path: Path) -> list[tuple[str, list[tuple[int, list[Cell]]]]]:
    from openpyxl import load_workbook

    values = load_workbook(path, data_only=True, read_only=True)
    formulas = load_workbook(path, data_only=False, read_only=True)
    sheets = []
    for sheet in values.worksheets:
        typed = formulas[sheet.title].iter_rows(values_only=True)
        rows = []
        for number, (row, raw) in enumerate(
            zip(sheet.iter_rows(values_only=True), typed, strict=False), start=1
        ):
            cells = [
                (value, isinstance(given, str) and given.startswith("="))
                for value, given in zip(row, raw, strict=False)
            ]
            rows.append((number, cells))
        sheets.append((sheet.title, rows))
    values.close()
    formulas.close()
    return sheets


def _csv_rows(path: Path) -> list[tuple[int, list[Cell]]]:
    from .text import read_text

    reader = csv.reader(io.StringIO(read_text(path), newline=""))
    return [
        (number, [(value, value.startswith("=")) for value in row])
        for number, row in enumerate(reader, start=1)
    ]


Header = list[tuple[int, str, str | None]]  # column index, name, key (None: unknown)


def _find_header(
    rows: list[tuple[int, list[Cell]]],
    headers: dict[str, str] = HEADERS,
    required: tuple[str, ...] = REQUIRED,
) -> tuple[int | None, Header]:
    """The header row among the first ten, and where each of its columns is."""
    for number, cells in rows[:10]:
        found = [
            (n, str(value).strip(), headers.get(_label(value)))
            for n, (value, _) in enumerate(cells)
            if value is not None and str(value).strip()
        ]
        if sum(1 for _, _, key in found if key in required) >= 2:
            return number, found
    return None, []


class _Checker:
    """The rules a cell must keep; each broken one becomes a problem."""

    def __init__(self, cycle: Cycle, found: ScoreFile) -> None:
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
        if all(_blank(v) for v in (unit, criterion, points)):
            return  # an empty line
        self.found.rows += 1
        unit_code = _code(unit)
        code = _code(criterion)
        if unit_code not in self.roster:
            self.problem(sheet, row, "unit", unit, "member",
                         "not a member unit of the cycle")  # fmt: skip
        if code not in self.criteria:
            self.problem(sheet, row, "criterion", criterion, "criterion",
                         "not a criterion of the rulebook")  # fmt: skip
        if _blank(points):
            if formula:
                self.problem(sheet, row, "points", "=…", "points",
                             "a formula without a computed value: open the file"
                             " in Excel, save it, and import it again")  # fmt: skip
            return  # not scored (yet)
        value = self._points(sheet, row, points, code)
        key = (unit_code, code)
        if key in self.seen:
            self.problem(sheet, row, "criterion", criterion, "duplicate",
                         f"scored already in row {self.seen[key]}")  # fmt: skip
            return
        self.seen[key] = row
        if value is None or unit_code not in self.roster or code not in self.criteria:
            return
        self.found.points.setdefault(unit_code, {})[code] = value
        self.found.first_row.setdefault(unit_code, (sheet, row))
        if not _blank(note):
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
            return None, ("points", "not a number")
        text = repr(points) if isinstance(points, float) else str(points).strip()
        try:
            value = Decimal(text)
        except InvalidOperation:
            hint = " (use a point, not a comma)" if "," in text else ""
            return None, ("points", f"not a number{hint}")
        top = self.criteria.get(code)
        exponent = value.normalize().as_tuple().exponent if value.is_finite() else 0
        broken = (
            ("points", "not a number")
            if not value.is_finite()
            else ("bounds", "points may not be negative")
            if value < 0
            else ("bounds", f"above the criterion's maximum of {top}")
            if top is not None and value > top
            else ("decimal-places", f"more than {self.places} decimal place(s)")
            if isinstance(exponent, int) and -exponent > self.places
            else None
        )
        return (None, broken) if broken else (value, None)


def _letter(index: int) -> str:
    """The spreadsheet's name of the column at a 0-based index: A, B, …, AA."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _code(value: object) -> str:
    return unicodedata.normalize("NFC", str(value or "")).strip().upper()


UNIT_COLUMNS = [
    ("unit", "Mã đơn vị", "unit"),
    ("name", "Tên đơn vị", "name"),
    ("year", "Từ năm", "year"),
    ("decision", "Quyết định", "decision"),
]
UNIT_HEADERS = {
    _label(name): key for key, vi, en in UNIT_COLUMNS for name in (vi, en, key)
}


def read_unit_file(path: Path) -> tuple[ScoreFile, dict[str, dict[str, Any]]]:
    """Member units to add: code, name, the year they join, and the decision."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        sheets = _xlsx_rows(path)
    else:
        sheets = [(path.name, _csv_rows(path))]
    found = ScoreFile()
    units: dict[str, dict[str, Any]] = {}
    for sheet, rows in sheets:
        header_at, columns = _find_header(rows, UNIT_HEADERS, ("unit", "name", "year"))
        if header_at is None:
            continue
        where = {key: n for n, _, key in columns if key}
        missing = {"unit", "name", "year"} - set(where)
        unknown = [name for _, name, key in columns if key is None]
        for name in [*sorted(missing), *unknown]:
            found.problems.append(
                Problem(sheet, header_at, name, "", "column",
                        "missing column" if name in missing else "unknown column")
            )  # fmt: skip
        if missing or unknown:
            continue
        for number, cells in rows[header_at:]:
            get = {key: cells[n][0] if n < len(cells) else None
                   for key, n in where.items()}  # fmt: skip
            if not all(_blank(v) for v in get.values()):
                _unit_row(found, units, sheet, number, get)
    if not found.rows and not found.problems:
        found.problems.append(
            Problem(path.name, 0, "", "", "column",
                    "no sheet lists units under the headers "
                    + ", ".join(vi for _, vi, _ in UNIT_COLUMNS[:3]))
        )  # fmt: skip
    return found, units


def _unit_row(
    found: ScoreFile,
    units: dict[str, dict[str, Any]],
    sheet: str,
    number: int,
    get: dict[str, Any],
) -> None:
    found.rows += 1
    code = _code(get["unit"])
    name = unicodedata.normalize("NFC", str(get["name"] or "")).strip()
    year = _year(get["year"])
    broken = [
        ("unit", "unit", "a unit code is needed") if not code else None,
        ("unit", "duplicate", f"listed already in row {found.first_row[code][1]}")
        if code in found.first_row
        else None,
        ("name", "name", "a name is needed") if not name else None,
        ("year", "year", "a year such as 2021 is needed") if year is None else None,
    ]
    for column, rule, message in filter(None, broken):
        value = str(get[column] or "")
        found.problems.append(Problem(sheet, number, column, value, rule, message))
    if not any(broken):
        decision = get.get("decision")
        units[code] = {
            "name": name,
            "year": year,
            "decision": None if _blank(decision) else str(decision).strip(),
        }
        found.first_row[code] = (sheet, number)


def _year(value: object) -> int | None:
    text = str(value or "").strip().removesuffix(".0")
    return int(text) if text.isdigit() and len(text) == 4 else None
