"""Exports and the template as an office prints and fills them: headers that wrap
and are tall enough, widths that fit, the points' number format, borders, the
shaded column to fill, Yes/No in the reader's language, A4 fitted to the width."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from thidua.office.xlsx import sheet_name, text_width

from sheetfiles import template, thidua


def export(url: str, path: Path, *args: str) -> Worksheet:
    result = thidua(url, *args, "--xlsx", str(path))
    assert result.exit_code == 0, result.output
    sheet = load_workbook(path).active
    assert isinstance(sheet, Worksheet)
    return sheet


def assert_prints_on_a4_fitted_to_width(sheet: Worksheet, title: str) -> None:
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4  # "9"
    assert sheet.page_setup.fitToWidth == 1
    assert sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr is not None
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$3:$3"
    assert sheet.oddHeader is not None
    assert sheet.oddHeader.center.text == title


def test_a_standings_export_is_bordered_fitted_and_prints_on_a4(
    sqlite_demo: str, tmp_path: Path
) -> None:
    sheet = export(sqlite_demo, tmp_path / "bxh.xlsx", "standings", "TMTH/2020")

    header = [c.value for c in sheet[3]]
    total = header.index("Total (tổng)") + 1
    assert sheet.cell(4, total).number_format == "0.0"  # 98.5 beside 94.0
    assert sheet.row_dimensions[3].height >= 2 * 15  # "Assessed (chấm chéo)" wraps
    assert all(c.alignment.wrap_text for c in sheet[3])
    names = [str(sheet.cell(r, 3).value) for r in range(4, sheet.max_row + 1)]
    width = sheet.column_dimensions["C"].width
    assert width >= max(text_width(n) for n in names)
    for row in sheet.iter_rows(min_row=3, max_row=sheet.max_row):
        assert all(cell.border.left.style == "thin" for cell in row)
    assert_prints_on_a4_fitted_to_width(sheet, str(sheet["A1"].value))


@pytest.mark.parametrize(("lang", "yes"), [("en", "Yes"), ("vi", "Có")])
def test_a_yes_or_no_reads_in_the_language_of_the_export(
    sqlite_demo: str, tmp_path: Path, lang: str, yes: str
) -> None:
    sheet = export(sqlite_demo, tmp_path / "p.xlsx", "--lang", lang,
                   "participation", "TMTH/2021")  # fmt: skip

    column = [c.value for c in sheet[3]].index("Giao ước" if lang == "vi" else
                                               "Covenant (giao ước)")  # fmt: skip
    assert {sheet.cell(r, column + 1).value for r in range(4, sheet.max_row + 1)} == {
        yes
    }


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Standings (bảng xếp hạng) TMTH/2020, frozen", "Standings (bảng xếp hạng)"),
        ("Bảng xếp hạng TMTH/2021, tạm tính xong", "Bảng xếp hạng TMTH-2021, tạm"),
        ("Kết quả bỏ phiếu (vòng hai của khối) 2021", "Kết quả bỏ phiếu"),
        ("Sổ khen thưởng", "Sổ khen thưởng"),
        ("Đ" * 40, "Đ" * 31),
    ],
)
def test_a_sheet_name_is_cut_at_a_word_within_excels_31_characters(
    title: str, name: str
) -> None:
    assert sheet_name(title) == name


def test_the_template_shades_the_points_column_in_the_rulebooks_format(
    sqlite_demo: str, tmp_path: Path
) -> None:
    sheet = template(sqlite_demo, tmp_path / "mau.xlsx")["Chấm điểm"]

    points = [sheet.cell(r, 7) for r in range(4, sheet.max_row + 1)]
    assert {cell.number_format for cell in points} == {"0.0"}  # one decimal place
    assert {cell.fill.fgColor.rgb for cell in points} == {"00FFF2CC"}
    assert sheet.cell(4, 6).fill.fgColor.rgb != "00FFF2CC"  # only the one to fill
    assert all(cell.border.bottom.style == "thin" for cell in points)
    assert sheet.row_dimensions[3].height >= 2 * 15  # "Nội dung tiêu chí" etc.
    assert sheet.column_dimensions["B"].width >= text_width(
        "Văn phòng Đoàn ĐBQH và HĐND tỉnh"
    )
    assert_prints_on_a4_fitted_to_width(sheet, str(sheet["A1"].value))


def test_a_template_for_a_closed_cycle_is_refused(
    sqlite_demo: str, tmp_path: Path
) -> None:
    path = tmp_path / "mau.xlsx"

    result = thidua(sqlite_demo, "template", "scores", "TMTH/2020", "--xlsx", str(path))

    assert result.exit_code == 1
    assert "Error: cycle-closed: cycle TMTH/2020 is closed" in result.stderr
    assert not path.exists()
