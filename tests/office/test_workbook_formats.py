"""Every workbook an office sends back imports by the same rules: an XLSX whose
recorded dimension is stale, what LibreOffice saves (.xlsx, .ods, .xls), an .ods
written by hand; and the same points, however saved, are recorded once."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from sheetfiles import (
    FIXTURES,
    events,
    fill,
    own_points,
    template,
    thidua,
    varied,
    with_dimension,
    write_ods,
)

SAVED_BY_LIBREOFFICE = sorted(FIXTURES.glob("filled-libreoffice.*"))


def test_a_stale_dimension_does_not_hide_any_row(demo: str, tmp_path: Path) -> None:
    book = template(demo, tmp_path / "mau.xlsx")
    typed = fill(book, varied)
    book.save(tmp_path / "filled.xlsx")
    with_dimension(tmp_path / "filled.xlsx", tmp_path / "stale.xlsx", "A1:H30")

    result = thidua(demo, "import", "scores", "TMTH/2021", str(tmp_path / "stale.xlsx"))

    assert result.exit_code == 0, result.output
    assert "56 row(s), 8 unit(s), 8 recorded" in result.stderr
    assert own_points(demo) == typed


@pytest.mark.parametrize("path", SAVED_BY_LIBREOFFICE, ids=lambda p: p.suffix)
def test_a_workbook_saved_by_libreoffice_imports_every_point(
    demo: str, tmp_path: Path, path: Path
) -> None:
    expected = fill(template(demo, tmp_path / "mau.xlsx"), varied)

    result = thidua(demo, "import", "scores", "TMTH/2021", str(path))

    assert result.exit_code == 0, result.output
    assert "56 row(s), 8 unit(s), 8 recorded" in result.stderr
    assert own_points(demo) == expected


def test_the_same_points_saved_again_elsewhere_are_recorded_once(
    demo: str, tmp_path: Path
) -> None:
    book = template(demo, tmp_path / "mau.xlsx")
    typed = fill(book, varied)
    book.save(tmp_path / "filled.xlsx")
    first = thidua(demo, "import", "scores", "TMTH/2021", str(tmp_path / "filled.xlsx"))
    assert first.exit_code == 0, first.output
    csv = tmp_path / "diem.csv"
    lines = [f"{u},{c},{p}" for (u, c), p in sorted(typed.items(), reverse=True)]
    csv.write_text("\n".join(["unit,criterion,points", *lines]), encoding="utf-8")
    before = events(demo)

    again = [
        thidua(demo, "import", "scores", "TMTH/2021", str(path))
        for path in [*SAVED_BY_LIBREOFFICE, csv]
    ]

    for result in again:
        assert result.exit_code == 0, result.output
        assert "8 unit(s), 0 recorded" in result.stderr
    assert events(demo) == before


def test_the_same_points_assessed_are_not_taken_for_own_points(
    demo: str, tmp_path: Path
) -> None:
    path = tmp_path / "diem.csv"
    path.write_text("unit,criterion,points\nSTC,A1,29.5\n", encoding="utf-8")
    own = thidua(demo, "import", "scores", "TMTH/2021", str(path))

    assessed = thidua(
        demo, "import", "scores", "TMTH/2021", str(path), "--assessed", "head"
    )

    assert own.exit_code == assessed.exit_code == 0, assessed.output
    assert "1 recorded" in assessed.stderr


def test_the_same_units_from_another_file_are_added_once(
    demo: str, tmp_path: Path
) -> None:
    csv = tmp_path / "don-vi.csv"
    csv.write_text(
        "Mã đơn vị,Tên đơn vị,Từ năm\nSYT,Sở Y tế,2021\nSXD,Sở Xây dựng,2021\n",
        encoding="utf-8",
    )
    assert thidua(demo, "import", "units", "TMTH", str(csv)).exit_code == 0
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["Mã đơn vị", "Tên đơn vị", "Từ năm"], ["SXD", "Sở Xây dựng", 2021],
                ["SYT", "Sở Y tế", 2021]):  # fmt: skip
        sheet.append(row)
    book.save(tmp_path / "don-vi.xlsx")
    before = events(demo)

    again = thidua(demo, "import", "units", "TMTH", str(tmp_path / "don-vi.xlsx"))

    assert again.exit_code == 0, again.output
    assert "2 unit(s), 0 recorded" in again.stderr
    assert events(demo) == before


def test_an_opendocument_sheet_imports_like_any_workbook(
    demo: str, tmp_path: Path
) -> None:
    path = tmp_path / "diem.ods"
    rows: list[list[object]] = [
        ["BẢNG CHẤM ĐIỂM"], ["Mã đơn vị", "Mã tiêu chí", "Điểm chấm"],
        ["SNV", "A1", 29.5], ["SNV", "A2", 19], ["STC", "A1", 28],
    ]  # fmt: skip
    write_ods(path, [("Chấm điểm", rows)])

    result = thidua(demo, "import", "scores", "TMTH/2021", str(path))

    assert result.exit_code == 0, result.output
    assert own_points(demo) == {
        ("SNV", "A1"): Decimal("29.5"),
        ("SNV", "A2"): Decimal("19"),
        ("STC", "A1"): Decimal("28"),
    }


def test_a_bad_cell_of_an_opendocument_sheet_is_reported_by_row_and_column(
    demo: str, tmp_path: Path
) -> None:
    path = tmp_path / "diem.ods"
    rows: list[list[object]] = [
        ["Mã đơn vị", "Mã tiêu chí", "Điểm chấm"], ["SNV", "A1", "chín"],
    ]  # fmt: skip
    write_ods(path, [("Chấm điểm", rows)])
    before = events(demo)

    result = thidua(demo, "import", "scores", "TMTH/2021", str(path))

    assert result.exit_code == 1
    assert "Chấm điểm, row 2, column C (Điểm chấm): 'chín': points" in result.stderr
    assert events(demo) == before


def test_a_unit_code_merged_down_its_rows_counts_on_each_row(
    demo: str, tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Mã đơn vị", "Mã tiêu chí", "Điểm chấm"])
    for unit, criterion, points in [
        ("SNV", "A1", 29),
        (None, "A2", 19),
        (None, "B1", 9),
    ]:
        sheet.append([unit, criterion, points])
    sheet.merge_cells("A2:A4")
    book.save(tmp_path / "merged.xlsx")

    result = thidua(
        demo, "import", "scores", "TMTH/2021", str(tmp_path / "merged.xlsx")
    )

    assert result.exit_code == 0, result.output
    assert own_points(demo) == {
        ("SNV", "A1"): Decimal(29),
        ("SNV", "A2"): Decimal(19),
        ("SNV", "B1"): Decimal(9),
    }


def test_a_workbook_is_known_by_its_content_not_its_name(
    demo: str, tmp_path: Path
) -> None:
    book = template(demo, tmp_path / "mau.xlsx")
    typed = fill(book, varied)
    book.save(tmp_path / "diem.csv")  # an XLSX, misnamed

    result = thidua(demo, "import", "scores", "TMTH/2021", str(tmp_path / "diem.csv"))

    assert result.exit_code == 0, result.output
    assert own_points(demo) == typed


def test_points_a_formula_computed_are_read_as_shown(demo: str, tmp_path: Path) -> None:
    """LibreOffice keeps a formula's value; 0.1 + 0.2 is the 0.3 on the screen."""
    rows: list[list[object]] = [
        ["Mã đơn vị", "Mã tiêu chí", "Điểm chấm"], ["SNV", "B1", 0.30000000000000004],
    ]  # fmt: skip
    write_ods(tmp_path / "diem.ods", [("S", rows)])

    result = thidua(demo, "import", "scores", "TMTH/2021", str(tmp_path / "diem.ods"))

    assert result.exit_code == 0, result.output
    assert own_points(demo) == {("SNV", "B1"): Decimal("0.3")}
