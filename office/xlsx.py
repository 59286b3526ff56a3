"""Tables to Excel as people expect them: a frozen header, widths that fit, numbers
stored as numbers, Vietnamese intact."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

NUMBER = re.compile(r"^-?(0|[1-9]\d*)(\.\d+)?$")
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")  # Excel refuses these in a name


def cell_value(value: Any) -> Any:
    """What a cell should hold: numbers as numbers, lists as text."""
    if isinstance(value, bool):
        return value  # Excel has booleans of its own
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, str) and NUMBER.match(value):
        return cell_value(Decimal(value))
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return value


def write_table(
    path: Path,
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[tuple[str, str]],
    *,
    title: str,
) -> None:
    """One sheet: the title on top, then the header and the rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET_NAME_FORBIDDEN.sub("-", title)[:31]
    sheet["A1"] = title
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append([header for _, header in columns])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in rows:
        sheet.append([cell_value(row.get(key)) for key, _ in columns])
    for n, (key, header) in enumerate(columns, start=1):
        longest = max(
            [len(str(row.get(key) or "")) for row in rows] + [len(header) // 2, 6]
        )
        sheet.column_dimensions[get_column_letter(n)].width = min(longest + 2, 60)
    sheet.freeze_panes = "A4"
    if rows:
        sheet.auto_filter.ref = f"A3:{get_column_letter(len(columns))}{len(rows) + 3}"
    workbook.save(path)
