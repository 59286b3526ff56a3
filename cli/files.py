"""Operators' files: every file named on the command line is checked before any
work starts (it exists and is a file; an output's folder exists and takes a file),
and score sheets (CSV) and counted ballots are read here."""

from __future__ import annotations

import csv
import io
import os
import stat
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import click

from thidua.domain.errors import MalformedInput, ThiduaError
from thidua.office.text import read_text

# Text an operator writes by hand (a rulebook, a score sheet, a batch of ballots) is
# kilobytes; a file this large is the wrong file, refused before it fills memory.
TEXT_LIMIT = 16 * 1024 * 1024


class FileUnusable(ThiduaError):
    """Raised when a file named on the command line cannot be used: it does not
    exist, is a folder or a device, is too large, or cannot be read; or a file to
    write is in a folder that does not exist or takes no file."""

    rule = "file"


def _reason(error: OSError) -> str:
    return error.strerror or type(error).__name__


def check_input(path: str, *, limit: int | None = TEXT_LIMIT) -> None:
    """A file to read: it exists, is a regular file (or a pipe) and can be opened."""
    try:
        found = os.stat(path)
    except FileNotFoundError:
        raise FileUnusable("{path}: no such file", path=path, value=path) from None
    except OSError as error:
        raise FileUnusable(
            "cannot read {path}: {reason}", path=path, reason=_reason(error)
        ) from None
    if stat.S_ISDIR(found.st_mode):
        raise FileUnusable("{path} is a folder, not a file", path=path, value=path)
    if not (stat.S_ISREG(found.st_mode) or stat.S_ISFIFO(found.st_mode)):
        raise FileUnusable("{path} is not a regular file", path=path, value=path)
    if limit is not None and found.st_size > limit:
        raise FileUnusable(
            "{path} is {size} bytes; a file of this kind is at most {limit} bytes",
            path=path,
            size=found.st_size,
            limit=limit,
            value=path,
        )
    try:
        with open(path, "rb"):
            pass
    except OSError as error:
        raise FileUnusable(
            "cannot read {path}: {reason}", path=path, reason=_reason(error)
        ) from None


def check_output(path: Path, *, make_folder: bool = False) -> None:
    """A file to write: its folder exists (or is made) and takes it. Probed by
    opening it, so that nothing is computed for a file that cannot be written; a
    file that did not exist is removed again."""
    if path.is_dir():
        raise FileUnusable(
            "{path} is a folder, not a file", path=str(path), value=str(path)
        )
    folder = path.parent
    try:
        if make_folder:
            folder.mkdir(parents=True, exist_ok=True)
        existed = path.exists()
        with open(path, "ab"):
            pass
        if not existed:
            path.unlink()
    except (NotADirectoryError, FileExistsError):  # a file where a folder should be
        raise FileUnusable(
            "cannot write {path}: {folder} is not a folder",
            path=str(path),
            folder=str(folder),
            value=str(path),
        ) from None
    except FileNotFoundError:
        raise FileUnusable(
            "cannot write {path}: the folder {folder} does not exist",
            path=str(path),
            folder=str(folder),
            value=str(path),
        ) from None
    except OSError as error:
        raise FileUnusable(
            "cannot write {path}: {reason}", path=str(path), reason=_reason(error)
        ) from None


class InputFile(click.ParamType[str]):
    """A file the command reads, checked when the command line is parsed."""

    name = "file"

    def __init__(self, limit: int | None = TEXT_LIMIT) -> None:
        self.limit = limit

    def convert(self, value: Any, param: Any, ctx: Any) -> str:  # noqa: ARG002
        check_input(str(value), limit=self.limit)
        return str(value)


class InputPath(click.ParamType[Path]):
    """An input file handed on as a Path (spreadsheets, whose readers take one)."""

    name = "file"

    def __init__(self, limit: int | None = TEXT_LIMIT) -> None:
        self.limit = limit

    def convert(self, value: Any, param: Any, ctx: Any) -> Path:  # noqa: ARG002
        check_input(str(value), limit=self.limit)
        return Path(value)


class OutputFile(click.ParamType[Path]):
    """A file the command writes, checked when the command line is parsed."""

    name = "file"

    def __init__(self, *, make_folder: bool = False) -> None:
        self.make_folder = make_folder

    def convert(self, value: Any, param: Any, ctx: Any) -> Path:  # noqa: ARG002
        path = Path(value)
        check_output(path, make_folder=self.make_folder)
        return path


def file_problem(error: OSError) -> FileUnusable:
    """A file that failed while it was read or written, as one refusal."""
    if error.filename is None:
        return FileUnusable("{reason}", reason=_reason(error))
    path = os.fsdecode(error.filename)
    return FileUnusable(
        "cannot use {path}: {reason}", path=path, reason=_reason(error), value=path
    )


SCORE_COLUMNS = {"criterion", "points", "note"}


def read_scores(path: str) -> tuple[dict[str, Decimal], dict[str, str]]:
    """A unit's score sheet: columns `criterion`, `points` and optionally `note`."""
    reader = csv.DictReader(io.StringIO(read_text(path), newline=""))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if not {"criterion", "points"} <= set(header) or set(header) - SCORE_COLUMNS:
        raise MalformedInput(
            "{path}: the header must be criterion,points[,note], not {found}",
            path=path,
            found=",".join(header),
        )
    reader.fieldnames = header
    points: dict[str, Decimal] = {}
    notes: dict[str, str] = {}
    for row in reader:
        line = reader.line_num
        if None in row or any(v is None for v in row.values()):
            raise MalformedInput(
                "{path}, line {line_}: the row does not have 2–3 cells",
                path=path,
                line_=line,
            )
        code = row["criterion"].strip().upper()
        raw = row["points"].strip().replace(",", ".")
        if not code or not raw:
            raise MalformedInput(
                "{path}, line {line_}: a criterion and its points are needed",
                path=path,
                line_=line,
            )
        if code in points:
            raise MalformedInput(
                "{path}, line {line_}: criterion {code} appears twice",
                path=path,
                line_=line,
                code=code,
            )
        try:
            points[code] = Decimal(raw)
        except InvalidOperation:
            raise MalformedInput(
                "{path}, line {line_}: {raw!r} is not a number",
                path=path,
                line_=line,
                raw=raw,
            ) from None
        if not points[code].is_finite():
            raise MalformedInput(
                "{path}, line {line_}: {raw!r} is not a number",
                path=path,
                line_=line,
                raw=raw,
            )
        if note := (row.get("note") or "").strip():
            notes[code] = note
    if not points:
        raise MalformedInput("{path}: no scores in the file", path=path)
    return points, notes


def parse_ballot(text: str) -> dict[str, object]:
    """One counted ballot: `VPUB` or `VPUB SNV`; `-SNV` rejects; `blank`; `spoiled`."""
    words = text.replace(",", " ").split()
    if words in (["spoiled"], ["invalid"]):
        return {"spoiled": True}
    if words in ([], ["blank"], ["-"]):
        return {}
    choices = [w.lstrip("+").upper() for w in words if not w.startswith("-")]
    rejects = [w[1:].upper() for w in words if w.startswith("-")]
    return {"choices": choices, "rejects": rejects}


def read_ballots(path: str) -> list[dict[str, object]]:
    """A batch of counted ballots, one a line; `#` starts a comment."""
    ballots = []
    for line in read_text(path).splitlines():
        text = line.split("#", 1)[0].strip()
        if text:
            ballots.append(parse_ballot(text))
    return ballots
