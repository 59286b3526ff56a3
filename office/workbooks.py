"""Workbooks (.xlsx, .xlsm, .xls, .ods) read by calamine, the same way for all.

calamine reads the cells themselves, not the `<dimension>` a writer recorded
(LibreOffice and others leave it stale), gives formulas' computed values, and
reads numbers as numbers. It runs in a child process under a memory and time limit
(see calamine_child.py), so a hostile or damaged file is refused in one line and
the importer's own process never holds more than the rows it asked for.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from thidua.domain.errors import InputTooLarge, MalformedInput

from .files import Limits, too_many_rows

# The reader's bounds: far above what a bloc's workbook needs (50,000 rows take a
# tenth of a second and some 60 MB), far below what would trouble the machine.
READER_MEMORY = 1024 * 1024 * 1024
READER_SECONDS = 30
Sheet = tuple[str, list[tuple[int, list[tuple[Any, bool]]]]]


def workbook_rows(path: Path, limits: Limits) -> list[Sheet]:
    """Each worksheet's name and its numbered non-empty rows of (value, whether a
    formula without a computed value is there)."""
    name = path.name
    command = [
        sys.executable, "-I", "-m", "thidua.office.calamine_child",
        str(path.resolve()), str(limits.max_rows), str(READER_MEMORY),
    ]  # fmt: skip
    try:
        done = subprocess.run(
            command, capture_output=True, timeout=READER_SECONDS, check=False
        )
    except subprocess.TimeoutExpired:
        raise InputTooLarge(
            "{name} could not be read within {seconds} seconds; is it a score sheet?",
            name=name,
            seconds=READER_SECONDS,
            value=name,
        ) from None
    if done.returncode != 0:
        # Killed by the memory limit (calamine aborts when it cannot allocate),
        # or stopped by a fault of the reader: either way the file is refused.
        raise _too_big(name)
    answer = json.loads(done.stdout)
    return _sheets(answer, name, limits)


def _sheets(answer: dict[str, Any], name: str, limits: Limits) -> list[Sheet]:
    error = answer.get("error")
    if error == "rows":
        raise too_many_rows(f"{name} ({answer['sheet']})", limits)
    if error == "memory":
        raise _too_big(name)
    if error == "password":
        raise MalformedInput(
            "{name} is protected by a password; save it without one and import again",
            name=name,
            value=name,
        )
    if error == "damaged":
        raise MalformedInput(
            "{name} cannot be read as a spreadsheet: {reason}",
            name=name,
            reason=answer["detail"],
            value=name,
        )
    sheets: list[Sheet] = []
    for sheet in answer["sheets"]:
        unset = {(row, column) for row, column in sheet["formulas"]}
        widest: dict[int, int] = {}
        for row, column in unset:
            widest[row] = max(widest.get(row, 0), column + 1)
        rows = []
        for number, given in sheet["rows"]:
            cells = given + [""] * (widest.get(number, 0) - len(given))
            rows.append(
                (number, [(v, (number, n) in unset) for n, v in enumerate(cells)])
            )
        sheets.append((sheet["name"], rows))
    return sheets


def _too_big(name: str) -> InputTooLarge:
    return InputTooLarge(
        "{name} could not be read within {megabytes} MB of memory: it declares far"
        " more cells than a score sheet has",
        name=name,
        megabytes=READER_MEMORY // (1024 * 1024),
        value=name,
    )
