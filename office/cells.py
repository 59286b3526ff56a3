"""Reading spreadsheets cell by cell, XLSX or CSV alike, and naming bad cells."""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .text import read_text


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


def xlsx_rows(path: Path) -> list[tuple[str, list[tuple[int, list[Cell]]]]]:
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


def csv_rows(path: Path) -> list[tuple[int, list[Cell]]]:
    reader = csv.reader(io.StringIO(read_text(path), newline=""))
    return [
        (number, [(value, value.startswith("=")) for value in row])
        for number, row in enumerate(reader, start=1)
    ]


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


def code_of(value: object) -> str:
    return unicodedata.normalize("NFC", str(value or "")).strip().upper()


def read_rows(path: Path) -> list[tuple[str, list[tuple[int, list[Cell]]]]]:
    """Each sheet's name and numbered rows: every sheet of a workbook, or the CSV
    file as one sheet named after it."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return xlsx_rows(path)
    return [(path.name, csv_rows(path))]
