"""A table written to Excel reads its rows twice and holds none of them: an export of
a whole registry takes the memory of a row, not of the registry."""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from thidua.office.table_xlsx import write_table

COLUMNS = [("unit", "Unit"), ("name", "Name of the unit"), ("points", "Points")]


class Counted:
    """Rows made afresh each time they are iterated, counting the passes."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.passes = 0

    def __iter__(self) -> Iterator[dict[str, Any]]:
        self.passes += 1
        for n in range(self.count):
            name = f"Sở Nội vụ tỉnh số {n}" + (" rất dài" * 8 if n % 7 == 0 else "")
            yield {"unit": f"U{n:05d}", "name": name, "points": Decimal(n) / 4}


def test_a_table_reads_its_rows_once_to_measure_and_once_to_write(
    tmp_path: Path,
) -> None:
    rows = Counted(40)

    write_table(tmp_path / "t.xlsx", rows, COLUMNS, title="Bảng xếp hạng")

    assert rows.passes == 2
    sheet = load_workbook(tmp_path / "t.xlsx").active
    assert sheet is not None
    assert sheet["A1"].value == "Bảng xếp hạng"
    assert [c.value for c in sheet[3]] == ["Unit", "Name of the unit", "Points"]
    assert sheet["A4"].value == "U00000"
    assert sheet["C5"].value == 0.25
    # Every value of the column shows as many decimals as the most precise one.
    assert sheet["C4"].number_format == "0.00"
    assert sheet.freeze_panes == "A4"
    assert sheet.auto_filter.ref == "A3:C43"
    # A long name wraps, and its row is tall enough for its lines.
    assert sheet["B4"].alignment.wrap_text
    assert (sheet.row_dimensions[4].height or 0) > 15
    assert not sheet["B5"].alignment.wrap_text


def test_a_table_of_many_rows_is_written_in_the_memory_of_a_few(
    tmp_path: Path,
) -> None:
    def peak(count: int) -> int:
        tracemalloc.start()
        try:
            write_table(tmp_path / f"{count}.xlsx", Counted(count), COLUMNS, title="T")
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small, large = peak(200), peak(3_000)

    # Built cell by cell, 3,000 rows of three styled cells held about 5 MB more.
    assert large < small + 2_000_000, (small, large)


def test_an_empty_table_has_its_header_and_no_filter(tmp_path: Path) -> None:
    write_table(tmp_path / "e.xlsx", [], COLUMNS, title="Trống")

    sheet = load_workbook(tmp_path / "e.xlsx").active
    assert sheet is not None
    assert [c.value for c in sheet[3]] == ["Unit", "Name of the unit", "Points"]
    assert sheet.max_row == 3
    assert sheet.auto_filter.ref is None
