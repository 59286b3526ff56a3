"""A province's past registry, loaded from a spreadsheet as recorded-from-source
events: all of the file or nothing, and eligibility works from the first year."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from thidua.domain import commands as c
from thidua.domain.errors import ImportRefused
from thidua.domain.service.application import Thidua
from thidua.office.registry_import import import_titles

from registry_desk import TITLED, individual
from support import OPERATOR, Desk

HEADERS = [
    "Mã cá nhân",
    "Họ và tên",
    "Mã đơn vị",
    "Chức vụ",
    "Danh hiệu",
    "Năm",
    "Số quyết định",
    "Ngày quyết định",
]
META: dict[str, Any] = {"actor": OPERATOR, "reason": None}


def workbook(path: Path, *rows: list[Any]) -> Path:
    book = openpyxl.Workbook()
    book.active.append(HEADERS)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def grassroots(code: str, name: str, unit: str, year: int) -> list[Any]:
    return [
        code,
        name,
        unit,
        "Chuyên viên",
        "cstd-co-so",
        year,
        f"{year}/QĐ",
        f"20/12/{year}",
    ]


def test_an_imported_registry_makes_history_for_a_proposal(
    app: Thidua, desk: Desk, tmp_path: Path
) -> None:
    desk.bloc()
    cycle = desk.to_review(2023, TITLED)
    rows = [grassroots("P-101", "Trần Thị Bình", "STC", y) for y in (2021, 2022, 2023)]
    path = workbook(tmp_path / "danh-hieu.xlsx", *rows)

    done = import_titles(app, path, meta=META, issued_at=datetime.now(UTC))
    desk(
        c.ProposeAward,
        **cycle,
        award="cstd-tinh",
        recipient=individual("STC", "Tran Thi Binh"),
    )

    holder = app.holder("individual", "P-101")
    assert holder is not None
    assert done.rows == 3
    assert {t.source_sha256 for t in holder.titles} == {
        hashlib.sha256(path.read_bytes()).hexdigest()
    }
    assert app.cycle("TMTH", 2023).proposals["P1"].person == "P-101"


def test_a_file_with_one_bad_row_records_nothing(app: Thidua, tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "loi.xlsx",
        grassroots("P-101", "Trần Thị Bình", "STC", 2021),
        ["P-102", "", "STC", "", "ldtt", "20x1", "1/QĐ", "32/13/2021"],
    )

    with pytest.raises(ImportRefused) as refused:
        import_titles(app, path, meta=META, issued_at=datetime.now(UTC))

    assert [(p["row"], p["column"]) for p in refused.value.problems] == [
        ("3", "name"),
        ("3", "year"),
        ("3", "decided_on"),
    ]
    assert app.holder("individual", "P-101") is None


def test_a_refused_title_refuses_the_whole_file(app: Thidua, tmp_path: Path) -> None:
    row = grassroots("P-101", "Trần Thị Bình", "STC", 2021)
    path = workbook(tmp_path / "hai-lan.xlsx", row, [*row[:6], "khác", row[7]])

    with pytest.raises(ImportRefused):
        import_titles(app, path, meta=META, issued_at=datetime.now(UTC))

    assert app.holder("individual", "P-101") is None
