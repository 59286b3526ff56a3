"""The workbook reader's own process: `python -m thidua.office.calamine_child
PATH MAX_ROWS MEMORY_BYTES` prints the workbook's cells as JSON on stdout.

A file is read by calamine in a process of its own, under a memory limit, because
what a file says about itself cannot be trusted: a few bytes can declare a sheet
of billions of cells, and calamine then asks for all the memory at once and aborts
the process it runs in. Here that ends this process only, and the importer refuses
the file in one line. Standard library and calamine only: this process starts fast.
"""

from __future__ import annotations

import json
import re
import sys
import zipfile
from typing import Any
from xml.etree.ElementTree import fromstring, iterparse

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATION = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
CELL_REFERENCE = re.compile(r"^([A-Z]{1,3})(\d+)$")


def read(path: str, max_rows: int) -> dict[str, Any]:
    """Every worksheet's non-empty rows, numbered as the spreadsheet numbers them,
    with the cells of formulas that have no computed value."""
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    with open(path, "rb") as file:
        workbook = CalamineWorkbook.from_filelike(file)
    sheets, total = [], 0
    for meta in workbook.sheets_metadata:
        if meta.typ is not SheetTypeEnum.WorkSheet:
            continue  # a chart or a macro sheet holds no cells to import
        sheet = workbook.get_sheet_by_name(meta.name)
        total += sheet.height
        if total > max_rows:
            return {"error": "rows", "sheet": meta.name, "rows": sheet.height}
        top, left = sheet.start or (0, 0)
        grid = sheet.to_python()
        _fill_merged_down(grid, sheet.merged_cell_ranges or [], top, left)
        rows = []
        for n, row in enumerate(grid):
            cells = [_plain(value) for value in row]
            while cells and cells[-1] == "":
                cells.pop()
            if cells:
                rows.append([top + n + 1, [""] * left + cells])
        sheets.append({"name": meta.name, "rows": rows})
    # Only once the rows are known to be within the limit: this reads the XML again.
    formulas = formulas_without_values(path)
    for sheet_rows in sheets:
        sheet_rows["formulas"] = formulas.get(str(sheet_rows["name"]), [])
    return {"sheets": sheets}


def _fill_merged_down(
    grid: list[list[Any]],
    merged: list[tuple[tuple[int, int], tuple[int, int]]],
    top: int,
    left: int,
) -> None:
    """A cell merged down over rows (a unit's code beside its criteria) counts on
    each of those rows, as a person reads it; a merge across columns does not
    spread, so a header over two columns stays one header."""
    for (first_row, column), (last_row, _) in merged:
        at = column - left
        if not 0 <= first_row - top < len(grid) or at < 0:
            continue
        value = grid[first_row - top][at] if at < len(grid[first_row - top]) else ""
        for row in grid[first_row - top + 1 : last_row - top + 1]:
            if at < len(row) and row[at] == "":
                row[at] = value


def _plain(value: Any) -> Any:
    """A JSON value: text, number or boolean; dates and times as ISO text."""
    if isinstance(value, str | bool | int | float):
        return value
    isoformat = getattr(value, "isoformat", None)
    return isoformat() if isoformat else str(value)


def formulas_without_values(path: str) -> dict[str, list[list[int]]]:
    """Per sheet of an XLSX/XLSM file, the (row, 0-based column) of each formula
    that has no computed value: calamine reads the value only, and an empty one
    cannot tell a blank cell from a formula that was never calculated."""
    found: dict[str, list[list[int]]] = {}
    if not zipfile.is_zipfile(path):
        return found
    with zipfile.ZipFile(path) as archive:
        if "xl/workbook.xml" not in archive.namelist():
            return found  # an OpenDocument file: its formulas always keep a value
        relations = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        targets = {rel.get("Id"): rel.get("Target", "") for rel in relations}
        workbook = fromstring(archive.read("xl/workbook.xml"))
        for sheet in workbook.iter(f"{MAIN}sheet"):
            target = targets.get(sheet.get(f"{RELATION}id"), "")
            part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            if part not in archive.namelist():
                continue
            cells = _formula_cells(archive, part)
            if cells:
                found[sheet.get("name", "")] = cells
    return found


def _formula_cells(archive: zipfile.ZipFile, part: str) -> list[list[int]]:
    cells = []
    with archive.open(part) as stream:
        for _, element in iterparse(stream):
            if element.tag == f"{MAIN}c":
                formula = element.find(f"{MAIN}f")
                value = element.find(f"{MAIN}v")
                reference = CELL_REFERENCE.match(element.get("r", ""))
                if (
                    formula is not None
                    and (value is None or not (value.text or "").strip())
                    and reference
                ):
                    cells.append([int(reference[2]), _column(reference[1]) - 1])
                element.clear()
            elif element.tag == f"{MAIN}row":
                element.clear()
    return cells


def _column(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def main() -> None:
    import resource

    path, max_rows, memory = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    from python_calamine import CalamineError, PasswordError

    try:
        answer = read(path, max_rows)
    except PasswordError:
        answer = {"error": "password"}
    except MemoryError:
        answer = {"error": "memory"}
    except (CalamineError, zipfile.BadZipFile, SyntaxError, KeyError) as error:
        # SyntaxError: ElementTree's ParseError, a damaged XML part.
        answer = {"error": "damaged", "detail": str(error)}
    sys.stdout.write(json.dumps(answer, ensure_ascii=False))


if __name__ == "__main__":
    main()
