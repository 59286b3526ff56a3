"""Reading spreadsheets cell by cell, workbooks or CSV alike, and naming bad cells."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .files import Limits, csv_rows, kind_of
from .workbooks import workbook_rows


def label(text: object) -> str:
    return unicodedata.normalize("NFC", str(text or "")).strip().casefold()


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
class Reading:
    """What a filled file says: points and notes (or the fields) per unit, where
    each unit's first row is (to place a refusal of the unit in the report), and
    every problem found."""

    points: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    notes: dict[str, dict[str, str]] = field(default_factory=dict)
    first_row: dict[str, tuple[str, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0


Cell = tuple[Any, bool]  # a cell's value, and whether a formula gave it


Header = list[tuple[int, str, str | None]]  # column index, name, key (None: unknown)


def find_header(
    rows: list[tuple[int, list[Cell]]],
    headers: dict[str, str],
    required: tuple[str, ...],
) -> tuple[int | None, Header]:
    """The header row among the first ten, and where each of its columns is."""
    for number, cells in rows[:10]:
        found = [
            (n, str(value).strip(), headers.get(label(value)))
            for n, (value, _) in enumerate(cells)
            if value is not None and str(value).strip()
        ]
        if sum(1 for _, _, key in found if key in required) >= 2:
            return number, found
    return None, []


def letter(index: int) -> str:
    """The spreadsheet's name of the column at a 0-based index: A, B, …, AA."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text_of(value: object) -> str:
    """A cell as text: NFC, trimmed; a whole number as a workbook stores it (a
    float, 2021.0) reads as it shows (2021)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", "" if value is None else str(value)).strip()


def code_of(value: object) -> str:
    return text_of(value).upper()


def read_rows(
    path: Path, limits: Limits | None = None
) -> list[tuple[str, list[tuple[int, list[Cell]]]]]:
    """Each sheet's name and numbered rows: every worksheet of a workbook (XLSX,
    XLSM, XLS or ODS, known by its content), or a CSV file as one sheet named
    after it. A file beyond `limits` is refused before it is read through."""
    limits = limits or Limits()
    if kind_of(path, limits) == "workbook":
        return workbook_rows(path, limits)
    rows = [
        (number, [(value, value.startswith("=")) for value in row])
        for number, row in csv_rows(path, limits)
    ]
    return [(path.name, rows)]
