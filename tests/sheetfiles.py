"""Spreadsheets for tests: the demo's template filled as an operator would, and
workbooks written by hand (an OpenDocument file is a zip of XML)."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from click.testing import CliRunner, Result
from openpyxl import Workbook, load_workbook

from thidua.cli import main
from thidua.store import build_app

from support import event_count

POINTS_COLUMN = 7  # G: Điểm chấm
FIRST_ROW = 4
FIXTURES = Path(__file__).parent / "office" / "fixtures"


def thidua(url: str, *args: str, env: dict[str, str] | None = None) -> Result:
    given = {"THIDUA_DB": url, "THIDUA_ACTOR": "Đỗ Thị Mai", **(env or {})}
    return CliRunner(env=given).invoke(main, list(args), catch_exceptions=False)


def events(url: str) -> int:
    with build_app(url) as app:
        return event_count(app)


def template(url: str, path: Path, *options: str) -> Workbook:
    result = thidua(
        url, "template", "scores", "TMTH/2021", "--xlsx", str(path), *options
    )
    assert result.exit_code == 0, result.output
    return load_workbook(path)


def fill(
    book: Workbook, points: Callable[[int, Decimal], Any]
) -> dict[tuple[str, str], Decimal]:
    """Type points into every row, as an operator would; what was typed."""
    typed = {}
    for sheet in book.worksheets:
        if sheet["A3"].value != "Mã đơn vị":
            continue
        for row in range(FIRST_ROW, sheet.max_row + 1):
            unit, criterion, top = (sheet.cell(row, n).value for n in (1, 4, 6))
            if unit is None:
                continue
            value = points(row, Decimal(str(top)))
            sheet.cell(row, POINTS_COLUMN).value = value
            typed[(unit, criterion)] = Decimal(str(value))
    return typed


def varied(row: int, top: Decimal) -> float | int:
    """The points of the committed fixtures, too: made from this rule."""
    return float(top - Decimal("0.5")) if row % 3 else int(top) - row % 2


def own_points(url: str) -> dict[tuple[str, str], Decimal]:
    with build_app(url) as app:
        sheets = app.cycle("TMTH", 2021).sheets
        return {(u, c): p for u, s in sheets.items() for c, p in s.own.items()}


def with_dimension(source: Path, target: Path, ref: str) -> None:
    """The workbook again, its first sheet's <dimension> rewritten to `ref`, as
    writers that do not keep it up to date leave it."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(
                    rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), data
                )
            new.writestr(item, data)


ODS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
       'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
       'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')  # fmt: skip


def _ods_cell(value: object) -> str:
    if isinstance(value, int | float):
        return (f'<table:table-cell office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>")  # fmt: skip
    return (f'<table:table-cell office:value-type="string"><text:p>'
            f"{escape(str(value))}</text:p></table:table-cell>")  # fmt: skip


def write_ods(
    path: Path, sheets: list[tuple[str, list[list[object]]]], extra: str = ""
) -> None:
    """An OpenDocument spreadsheet of the given sheets and rows; `extra` is raw XML
    added to the last sheet."""
    body = "".join(
        f'<table:table table:name="{escape(name)}">'
        + "".join(f"<table:table-row>{''.join(map(_ods_cell, row))}</table:table-row>"
                  for row in rows)
        + (extra if n == len(sheets) - 1 else "")
        + "</table:table>"
        for n, (name, rows) in enumerate(sheets)
    )  # fmt: skip
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS}'
        ' office:version="1.2"><office:body><office:spreadsheet>'
        f"{body}</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
        '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type='
        '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry'
        ' manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        # The media type first and uncompressed, as the OpenDocument format asks.
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
