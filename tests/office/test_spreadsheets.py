"""Scoring sheets out and back: template, filled, imported, exported, on both stores.

An import is all or nothing: any bad cell refuses the whole file with a report of
every problem (sheet, row, column, value, rule), and nothing is recorded.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from thidua.store import build_app

from sheetfiles import FIRST_ROW, POINTS_COLUMN, events, fill, template, thidua, varied


def test_the_template_has_every_unit_and_criterion_with_vietnamese_headers(
    demo: str, tmp_path: Path
) -> None:
    book = template(demo, tmp_path / "mau.xlsx")
    sheet = book["Chấm điểm"]

    assert [c.value for c in sheet[3]] == [
        "Mã đơn vị", "Tên đơn vị", "Nhóm", "Mã tiêu chí", "Nội dung tiêu chí",
        "Điểm tối đa", "Điểm chấm", "Ghi chú",
    ]  # fmt: skip
    assert sheet.max_row - 3 == 8 * 7  # 8 units × 7 criteria
    assert sheet.freeze_panes == "A4"
    validation = sheet.data_validations.dataValidation[0]
    assert (validation.type, validation.formula1, validation.formula2) == (
        "decimal",
        "0",
        "F4",
    )
    names = [sheet.cell(r, 2).value for r in range(4, sheet.max_row + 1, 7)]
    assert names[0] == "Sở Kế hoạch và Đầu tư"  # Vietnamese order, not by code
    assert "Văn phòng Đoàn ĐBQH và HĐND tỉnh" in names


@pytest.mark.parametrize("layout", [(), ("--per-unit",)], ids=["bloc", "per unit"])
def test_template_filled_imported_and_exported_round_trips_the_same_points(
    demo: str, tmp_path: Path, layout: tuple[str, ...]
) -> None:
    book = template(demo, tmp_path / "mau.xlsx", *layout)
    typed = fill(book, varied)
    book.save(tmp_path / "filled.xlsx")

    imported = thidua(
        demo, "import", "scores", "TMTH/2021", str(tmp_path / "filled.xlsx")
    )
    assert imported.exit_code == 0, imported.output
    exported = thidua(
        demo, "standings", "TMTH/2021", "--format", "json",
        "--xlsx", str(tmp_path / "standings.xlsx"),
    )  # fmt: skip

    stored = {
        (row["unit"], criterion): Decimal(points)
        for row in json.loads(exported.stdout)
        for criterion, points in row["own"].items()
    }
    assert stored == typed
    sheet = load_workbook(tmp_path / "standings.xlsx").active
    assert sheet is not None
    header = [c.value for c in sheet[3]]
    own = {
        r[header.index("Unit")]: r[header.index("Self (tự chấm)")]
        for r in sheet.iter_rows(min_row=4, values_only=True)
    }
    for unit, total in own.items():
        expected = sum(v for (u, _), v in typed.items() if u == unit)
        assert Decimal(str(total)) == expected  # a number, not text
    assert sheet.freeze_panes == "A4"


def test_the_same_file_imported_twice_is_applied_once(
    demo: str, tmp_path: Path
) -> None:
    book = template(demo, tmp_path / "mau.xlsx")
    fill(book, varied)
    book.save(tmp_path / "filled.xlsx")
    assert (
        thidua(
            demo, "import", "scores", "TMTH/2021", str(tmp_path / "filled.xlsx")
        ).exit_code
        == 0
    )
    before = events(demo)

    again = thidua(demo, "import", "scores", "TMTH/2021", str(tmp_path / "filled.xlsx"))

    assert again.exit_code == 0
    assert "0 recorded" in again.stderr
    assert events(demo) == before


def _cell(row: int, column: int, value: Any) -> Callable[[Workbook], None]:
    def change(book: Workbook) -> None:
        book["Chấm điểm"].cell(row, column).value = value

    return change


def _duplicate_row(book: Workbook) -> None:
    sheet = book["Chấm điểm"]
    sheet.append([c.value for c in sheet[FIRST_ROW]])


def _drop_points_header(book: Workbook) -> None:
    book["Chấm điểm"].cell(3, POINTS_COLUMN).value = "Điểm??"


G = "G (Điểm chấm)"  # the points column, as the report names it
MALFORMED = {
    "points not a number": (_cell(5, POINTS_COLUMN, "chín"), G, "points"),
    "a decimal comma": (_cell(5, POINTS_COLUMN, "9,5"), G, "points"),
    "above the maximum": (_cell(5, POINTS_COLUMN, 999), G, "bounds"),
    "negative": (_cell(5, POINTS_COLUMN, -1), G, "bounds"),
    "too many decimals": (_cell(5, POINTS_COLUMN, 1.25), G, "decimal-places"),
    "a unit that is no member": (_cell(5, 1, "SYT"), "A (Mã đơn vị)", "member"),
    "an unknown criterion": (_cell(5, 4, "Z9"), "D (Mã tiêu chí)", "criterion"),
    "a formula without a value": (_cell(5, POINTS_COLUMN, "=1+1"), G, "points"),
    "a row twice": (_duplicate_row, "D (Mã tiêu chí)", "duplicate"),
    "an unknown column": (_drop_points_header, "Điểm??", "column"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(MALFORMED), ids=list(MALFORMED))
def test_any_bad_cell_refuses_the_whole_file_with_a_row_level_report(
    demo: str, tmp_path: Path, case: str
) -> None:
    change, column, rule = MALFORMED[case]
    book = template(demo, tmp_path / "mau.xlsx")
    fill(book, varied)
    change(book)
    book.save(tmp_path / "bad.xlsx")
    before = events(demo)

    result = thidua(demo, "import", "scores", "TMTH/2021", str(tmp_path / "bad.xlsx"))

    assert result.exit_code == 1
    assert result.stderr.count("Error: ") == 1
    assert "nothing was recorded" in result.stderr
    assert "Chấm điểm" in result.stderr  # the sheet
    assert f"column {column}" in result.stderr
    assert rule in result.stderr
    assert events(demo) == before


def test_every_problem_of_a_file_is_reported_at_once(demo: str, tmp_path: Path) -> None:
    from thidua.domain.errors import ImportRefused
    from thidua.office.imports import import_scores

    book = template(demo, tmp_path / "mau.xlsx")
    fill(book, varied)
    for change in (
        _cell(5, POINTS_COLUMN, "x"),
        _cell(9, 1, "SYT"),
        _cell(12, POINTS_COLUMN, -2),
    ):
        change(book)
    book.save(tmp_path / "bad.xlsx")

    with build_app(demo) as app, pytest.raises(ImportRefused) as refused:
        import_scores(
            app, "TMTH", 2021, tmp_path / "bad.xlsx", meta={}, issued_at=_now()
        )

    assert [(p["row"], p["rule"]) for p in refused.value.problems] == [
        ("5", "points"), ("9", "member"), ("12", "bounds"),
    ]  # fmt: skip


def test_a_unit_the_domain_refuses_refuses_the_whole_file(
    demo: str, tmp_path: Path
) -> None:
    """The cells are fine, but the cycle is past scoring: nothing is recorded."""
    book = template(demo, tmp_path / "mau.xlsx")
    fill(book, varied)
    book.save(tmp_path / "filled.xlsx")
    with build_app(demo) as app:
        cycle2020 = app.cycle("TMTH", 2020)
        assert cycle2020.stage.value == "closed"
    before = events(demo)

    result = thidua(
        demo, "import", "scores", "TMTH/2020", str(tmp_path / "filled.xlsx")
    )

    assert result.exit_code == 1
    assert events(demo) == before


def test_a_csv_with_vietnamese_headers_and_a_bom_imports_like_the_workbook(
    demo: str, tmp_path: Path
) -> None:
    lines = ["Mã đơn vị,Mã tiêu chí,Điểm chấm", "SNV,A1,29.5", "SNV,A2,19", "STC,A1,28"]
    path = tmp_path / "diem.csv"
    path.write_bytes(("\n".join(lines)).encode("utf-8-sig"))

    result = thidua(demo, "import", "scores", "TMTH/2021", str(path))

    assert result.exit_code == 0, result.output
    with build_app(demo) as app:
        sheets = app.cycle("TMTH", 2021).sheets
        assert sheets["SNV"].own == {"A1": Decimal("29.5"), "A2": Decimal("19")}
        assert sheets["STC"].own == {"A1": Decimal("28")}


def test_units_import_adds_every_unit_or_none(demo: str, tmp_path: Path) -> None:
    path = tmp_path / "don-vi.csv"
    path.write_text(
        "Mã đơn vị,Tên đơn vị,Từ năm,Quyết định\n"
        "SYT,Sở Y tế,2021,12/QĐ-UBND\nSGDDT,Sở Giáo dục và Đào tạo,2021,\n"
        "SYT,Sở Y tế,2021,\n",
        encoding="utf-8",
    )
    before = events(demo)
    refused = thidua(demo, "import", "units", "TMTH", str(path))
    assert refused.exit_code == 1
    assert "duplicate" in refused.stderr
    assert events(demo) == before

    path.write_text(
        "\n".join(path.read_text("utf-8").splitlines()[:3]), encoding="utf-8"
    )
    done = thidua(demo, "import", "units", "TMTH", str(path))

    assert done.exit_code == 0, done.output
    with build_app(demo) as app:
        roster = app.bloc("TMTH").roster(2021)
        assert roster["SGDDT"] == "Sở Giáo dục và Đào tạo"  # NFC, intact
        assert "SYT" in roster


def _now() -> Any:
    from datetime import UTC, datetime

    return datetime(2021, 12, 20, tzinfo=UTC)


def test_the_report_speaks_vietnamese_with_lang_vi(demo: str, tmp_path: Path) -> None:
    book = template(demo, tmp_path / "mau.xlsx")
    fill(book, varied)
    _cell(5, POINTS_COLUMN, "chín")(book)
    book.save(tmp_path / "bad.xlsx")

    result = thidua(demo, "--lang", "vi", "import", "scores", "TMTH/2021",
                    str(tmp_path / "bad.xlsx"))  # fmt: skip

    assert result.exit_code == 1
    assert "Chấm điểm, dòng 5, cột G (Điểm chấm): 'chín': điểm: không phải là số" in (
        result.stderr
    )
    assert result.stderr.splitlines()[-1] == (
        "Lỗi: import (tệp nhập không hợp lệ): bad.xlsx: 1 lỗi; không ghi gì"
    )


def test_a_problem_of_the_whole_file_names_no_row_or_column(
    demo: str, tmp_path: Path
) -> None:
    strange = tmp_path / "don-vi.csv"
    strange.write_text("a,b\n1,2\n", "utf-8")

    result = thidua(demo, "--lang", "vi", "import", "units", "TMTH", str(strange))

    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "don-vi.csv: cột: không trang tính nào có tiêu đề cột Mã đơn vị, Tên đơn vị,"
        " Từ năm"
    )
