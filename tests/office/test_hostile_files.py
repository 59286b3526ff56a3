"""Whatever file arrives, an import answers in one line, quickly and in bounded
memory, and records nothing: files that are no spreadsheet, devices, missing files,
zip bombs, a sheet of a million rows, CSV in another encoding or far too large."""

from __future__ import annotations

import os
import time
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from sheetfiles import events, thidua, write_ods

HEADER = ["Mã đơn vị", "Mã tiêu chí", "Điểm chấm"]
SECONDS = 10  # "within seconds", with room for a machine shared with others


def _png(path: Path) -> Path:
    path = path / "diem.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(4000))
    return path


def _noise_as_xls(path: Path) -> Path:
    path = path / "diem.xls"
    path.write_bytes(os.urandom(4000))
    return path


def _text_as_ods(path: Path) -> Path:
    path = path / "diem.ods"
    path.write_text("Mã đơn vị,Mã tiêu chí,Điểm chấm\nSNV,A1,29\n", encoding="utf-8")
    return path


def _zip_of_text_as_xlsx(path: Path) -> Path:
    path = path / "diem.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "not a workbook")
    return path


def _sparse_xlsx(path: Path) -> Path:
    """Two cells, A1 and XFD1048576: a few bytes that declare 17 billion cells."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    sheet.append(["SNV", "A1", 29])
    sheet["XFD1048576"] = "x"
    book.save(path / "bomb.xlsx")
    return path / "bomb.xlsx"


def _million_rows_xlsx(path: Path) -> Path:
    """A sheet of a million rows, compressed to a small file."""
    row = '<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>SNV</t></is></c></row>'
    rows = "".join(row.format(n=n) for n in range(1, 1_000_001))
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="A1"/><sheetData>{rows}</sheetData></worksheet>'
    )
    from openpyxl import Workbook

    Workbook().save(path / "empty.xlsx")
    target = path / "million.xlsx"
    with (
        zipfile.ZipFile(path / "empty.xlsx") as old,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new,
    ):
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = sheet.encode()
            new.writestr(item.filename, data)
    return target


def _million_rows_ods(path: Path) -> Path:
    """One row repeated a million times: an OpenDocument file of 1 kB."""
    repeated = (
        '<table:table-row table:number-rows-repeated="1048575">'
        '<table:table-cell table:number-columns-repeated="8"'
        ' office:value-type="float" office:value="1"/></table:table-row>'
    )
    write_ods(path / "bomb.ods", [("S", [HEADER])], extra=repeated)
    return path / "bomb.ods"


def _folder(path: Path) -> Path:
    (path / "diem.xlsx").mkdir()
    return path / "diem.xlsx"


HOSTILE: dict[str, tuple[Callable[[Path], Path], str]] = {
    "a PNG named .xlsx": (_png, "not a spreadsheet"),
    "noise named .xls": (_noise_as_xls, "not a spreadsheet"),
    "text named .ods": (_text_as_ods, "not a spreadsheet"),
    "a zip that is no workbook": (_zip_of_text_as_xlsx, "cannot be read as a"),
    "/dev/zero": (lambda _: Path("/dev/zero"), "/dev/zero is not a file"),
    "a missing file": (lambda p: p / "nowhere.xlsx", "No such file"),
    "a folder": (_folder, "is not a file"),
    "17 billion cells declared": (_sparse_xlsx, "input-size"),
    "a million rows (xlsx)": (_million_rows_xlsx, "more than 50000 rows"),
    "a million rows (ods)": (_million_rows_ods, "more than 50000 rows"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(HOSTILE), ids=list(HOSTILE))
def test_a_hostile_file_is_refused_in_one_line_quickly(
    sqlite_demo: str, tmp_path: Path, case: str
) -> None:
    make, said = HOSTILE[case]
    path = make(tmp_path)
    before = events(sqlite_demo)
    started = time.monotonic()

    result = thidua(sqlite_demo, "import", "scores", "TMTH/2021", str(path))

    assert time.monotonic() - started < SECONDS
    assert result.exit_code == 1
    assert result.stderr.count("Error: ") == 1, result.stderr
    assert said in result.stderr
    assert "Traceback" not in result.output
    assert events(sqlite_demo) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_is_refused_in_one_line(
    sqlite_demo: str, tmp_path: Path
) -> None:
    path = tmp_path / "diem.csv"
    path.write_text("unit,criterion,points\n", encoding="utf-8")
    path.chmod(0)

    result = thidua(sqlite_demo, "import", "scores", "TMTH/2021", str(path))

    assert result.exit_code == 1
    assert "Permission denied" in result.stderr


def encoded(text: str, encoding: str) -> bytes:
    """The text as that code page writes it: Vietnamese Windows (cp1258) keeps the
    letters with a breve, circumflex or horn whole and adds the tone mark apart."""
    if encoding != "cp1258":
        return text.encode(encoding)
    out = b""
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        for form in (char, unicodedata.normalize("NFC", parts[:2]) + parts[2:], parts):
            try:
                out += form.encode(encoding)
                break
            except UnicodeEncodeError:
                continue
    return out


@pytest.mark.parametrize("encoding", ["cp1258", "utf-16", "windows-1252"], ids=str)
def test_a_csv_that_is_not_utf8_is_refused_with_the_advice_to_save_it_again(
    sqlite_demo: str, tmp_path: Path, encoding: str
) -> None:
    path = tmp_path / "diem.csv"
    text = "Mã đơn vị,Mã tiêu chí,Điểm chấm\nSNV,A1,29\n"
    if encoding == "windows-1252":
        text = "unit,criterion,points,note\nSNV,A1,29,Café\n"
    path.write_bytes(encoded(text, encoding))

    result = thidua(sqlite_demo, "import", "scores", "TMTH/2021", str(path))

    assert result.exit_code == 1
    assert "is not UTF-8 text" in result.stderr
    assert "(.xlsx) or CSV UTF-8" in result.stderr


def test_a_csv_that_is_not_utf8_is_refused_in_vietnamese_with_lang_vi(
    sqlite_demo: str, tmp_path: Path
) -> None:
    path = tmp_path / "diem.csv"
    path.write_bytes(encoded("Mã đơn vị,Mã tiêu chí,Điểm chấm\n", "cp1258"))

    result = thidua(sqlite_demo, "--lang", "vi", "import", "scores", "TMTH/2021",
                    str(path))  # fmt: skip

    assert result.exit_code == 1
    assert "không phải văn bản UTF-8" in result.stderr


def test_a_csv_of_50_megabytes_is_refused_at_once_naming_the_limit(
    sqlite_demo: str, tmp_path: Path
) -> None:
    path = tmp_path / "diem.csv"
    with path.open("w", encoding="utf-8") as file:
        file.write("unit,criterion,points\n")
        file.write("SNV,A1,29\n" * 5_000_000)
    started = time.monotonic()

    result = thidua(sqlite_demo, "import", "scores", "TMTH/2021", str(path))

    assert time.monotonic() - started < SECONDS
    assert result.exit_code == 1
    assert "more than the limit of 20 MB" in result.stderr
    assert "THIDUA_IMPORT_MAX_MB" in result.stderr


def test_a_csv_with_more_rows_than_the_setting_is_refused_naming_it(
    sqlite_demo: str, tmp_path: Path
) -> None:
    path = tmp_path / "diem.csv"
    path.write_text("unit,criterion,points\n" + "SNV,A1,29\n" * 200, encoding="utf-8")

    refused = thidua(sqlite_demo, "import", "scores", "TMTH/2021", str(path),
                     env={"THIDUA_IMPORT_MAX_ROWS": "100"})  # fmt: skip
    allowed = thidua(sqlite_demo, "import", "scores", "TMTH/2021", str(path),
                     "--max-rows", "1000")  # fmt: skip

    assert refused.exit_code == 1
    assert "more than 100 rows" in refused.stderr
    assert "--max-rows" in refused.stderr
    assert allowed.exit_code == 1  # read whole: now it is the rows that are wrong
    assert "scored already in row 2" in allowed.stderr


def test_a_csv_saved_with_semicolons_imports_like_one_with_commas(
    sqlite_demo: str, tmp_path: Path
) -> None:
    """Excel writes ';' where a comma is the decimal separator, as in Vietnamese."""
    path = tmp_path / "diem.csv"
    text = "Mã đơn vị;Mã tiêu chí;Điểm chấm\nSNV;A1;29.5\n"
    path.write_bytes(text.encode("utf-8-sig"))

    result = thidua(sqlite_demo, "import", "scores", "TMTH/2021", str(path))

    assert result.exit_code == 0, result.output
    assert "1 unit(s), 1 recorded" in result.stderr
