"""An operator's file, before anything is believed: that it is a file, what its
bytes are (not what its name says), and that it stays within the import limits.

A CSV file is read here too, as a stream: the limits stop it early, whatever its
size, and text that is not UTF-8 is refused with the advice to save it again.
"""

from __future__ import annotations

import csv
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from thidua.domain.errors import InputTooLarge, MalformedInput

Kind = Literal["workbook", "csv"]
ZIP = (b"PK\x03\x04", b"PK\x05\x06")  # xlsx, xlsm, xlsb and ods are zip archives
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # xls: a compound document
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
MEGABYTE = 1024 * 1024
DELIMITERS = ",;\t"  # Excel writes ';' where the decimal separator is a comma


@dataclass(frozen=True)
class Limits:
    """How much an import reads before it refuses the file: settings an operator
    may raise (`--max-rows`, `--max-mb`), named in the refusal."""

    max_rows: int = 50_000
    max_megabytes: int = 20

    @property
    def max_bytes(self) -> int:
        return self.max_megabytes * MEGABYTE


def kind_of(path: Path, limits: Limits) -> Kind:
    """What the file is by its first bytes, once it is known to be a regular,
    readable file within the size limit; a workbook's name with other content
    is refused rather than read as text."""
    name = path.name
    try:
        info = path.stat()
    except OSError as error:
        raise MalformedInput(
            "cannot read {name}: {reason}",
            name=str(path),
            reason=_why(error),
            value=name,
        ) from None
    if not stat.S_ISREG(info.st_mode):
        raise MalformedInput(
            "{name} is not a file (a device, a folder or a pipe)",
            name=str(path),
            value=name,
        )
    if info.st_size > limits.max_bytes:
        raise InputTooLarge(
            "{name} is {size} MB, more than the limit of {limit} MB (setting"
            " --max-mb or THIDUA_IMPORT_MAX_MB); split the file or raise the limit",
            name=name,
            size=round(info.st_size / MEGABYTE, 1),
            limit=limits.max_megabytes,
            value=info.st_size,
        )
    try:
        with path.open("rb") as file:
            head = file.read(len(OLE))
    except OSError as error:
        raise MalformedInput(
            "cannot read {name}: {reason}", name=name, reason=_why(error), value=name
        ) from None
    if head.startswith(ZIP) or head == OLE:
        return "workbook"
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        raise MalformedInput(
            "{name} is not a spreadsheet: its content is not an Excel or OpenDocument"
            " workbook; open it in Excel or LibreOffice, save it as .xlsx and import"
            " that",
            name=name,
            value=name,
        )
    return "csv"


def csv_rows(path: Path, limits: Limits) -> Iterator[tuple[int, list[str]]]:
    """The numbered rows of a UTF-8 CSV file (a byte-order mark allowed), with its
    delimiter found from its first lines; at most `limits.max_rows` of them."""
    name = path.name
    try:
        with path.open(encoding="utf-8-sig", newline="") as file:
            sample = file.read(64 * 1024)
            file.seek(0)
            reader = csv.reader(file, _dialect(sample))
            for number, row in enumerate(reader, start=1):
                if number > limits.max_rows:
                    raise too_many_rows(name, limits)
                yield number, row
    except UnicodeDecodeError as error:
        raise MalformedInput(
            "{name} is not UTF-8 text (byte {offset} cannot be read); in Excel use"
            " Save As and choose Excel Workbook (.xlsx) or CSV UTF-8, then import"
            " that file",
            name=name,
            offset=error.start,
            value=name,
        ) from None
    except csv.Error as error:
        raise MalformedInput(
            "{name} cannot be read as CSV: {reason}",
            name=name,
            reason=str(error),
            value=name,
        ) from None
    except OSError as error:
        raise MalformedInput(
            "cannot read {name}: {reason}", name=name, reason=_why(error), value=name
        ) from None


def _dialect(sample: str) -> type[csv.Dialect]:
    try:
        return csv.Sniffer().sniff("\n".join(sample.splitlines()[:10]), DELIMITERS)
    except csv.Error:
        return csv.excel  # one column, or nothing to tell by: commas


def too_many_rows(name: str, limits: Limits) -> InputTooLarge:
    return InputTooLarge(
        "{name} has more than {limit} rows, the limit (setting --max-rows or"
        " THIDUA_IMPORT_MAX_ROWS); split the file or raise the limit",
        name=name,
        limit=limits.max_rows,
        value=limits.max_rows,
    )


def _why(error: OSError) -> str:
    return error.strerror or os.strerror(error.errno or 0) or type(error).__name__
