"""A province's past registry from a spreadsheet: one row per title a person held
in a year, recorded from source (the file's SHA-256 kept on every title), all of
the file or nothing, with the row report the score imports give."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cells import Problem, Reading, blank, code_of, find_header, label, read_rows
from .cells import text_of as text
from .files import Limits
from .i18n import Lang, Texts
from .imports import Imported, _in_one_batch, _refuse_if_any, content_id

if TYPE_CHECKING:
    from thidua.domain.base import Command
    from thidua.domain.service.application import Thidua

TITLE_COLUMNS = [
    ("code", "Mã cá nhân", "code"),
    ("name", "Họ và tên", "name"),
    ("unit", "Mã đơn vị", "unit"),
    ("position", "Chức vụ", "position"),
    ("title", "Danh hiệu", "title"),
    ("year", "Năm", "year"),
    ("decision", "Số quyết định", "decision"),
    ("decided_on", "Ngày quyết định", "decided on"),
    ("authority", "Cơ quan quyết định", "authority"),
]
HEADERS = {label(n): key for key, vi, en in TITLE_COLUMNS for n in (vi, en, key)}
REQUIRED = ("code", "name", "unit", "title", "year", "decision", "decided_on")
MESSAGES = {
    "code": "code_needed",
    "name": "name_needed",
    "unit": "unit_needed",
    "title": "title_needed",
    "year": "year_needed",
    "decision": "decision_needed",
    "decided_on": "date_needed",
}


def read_title_file(
    path: Path, say: Texts, limits: Limits | None = None
) -> tuple[Reading, list[dict[str, Any]]]:
    """Every row's person and title, and every bad cell."""
    found, rows = Reading(), []
    for sheet, table in read_rows(path, limits):
        header_at, columns = find_header(table, HEADERS, REQUIRED)
        if header_at is None:
            continue
        where = {key: n for n, _, key in columns if key}
        missing = set(REQUIRED) - set(where)
        for name in sorted(missing):
            found.problems.append(
                Problem(sheet, header_at, name, "", "column", say["missing_column"])
            )
        if missing:
            continue
        for number, cells in table[header_at:]:
            get = {k: cells[n][0] if n < len(cells) else None for k, n in where.items()}
            if all(blank(v) for v in get.values()):
                continue
            if (row := _row(found, (sheet, number), get, say)) is not None:
                rows.append(row)
    if not found.rows and not found.problems:
        headers = ", ".join(vi for key, vi, _ in TITLE_COLUMNS if key in REQUIRED)
        found.problems.append(
            Problem(path.name, 0, "", "", "column", say("no_headers", headers=headers))
        )
    return found, rows


def import_titles(
    app: Thidua,
    path: Path,
    *,
    meta: dict[str, Any],
    issued_at: datetime,
    step: Callable[..., None] = lambda *_: None,
    lang: Lang = "en",
    limits: Limits | None = None,
) -> Imported:
    """Register the people a file names (those not yet registered) and record
    their titles from source, in one batch: all of it, or nothing."""
    from thidua.domain.registry import commands as rc

    say = Texts(lang, "problems")
    sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    found, rows = read_title_file(path, say, limits)
    _refuse_if_any(found.problems, path, say)
    first_year: dict[str, int] = {}
    for row in rows:
        first_year[row["code"]] = min(row["year"], first_year.get(row["code"], 9999))

    def commands() -> Iterator[tuple[str, Command]]:
        # Each command's id comes from what it says: the same file twice applies once.
        given = {k: v for k, v in meta.items() if k != "command_id"}
        common = {**given, "issued_at": issued_at}
        seen: set[str] = set()
        for row in rows:
            code = row["code"]
            if code not in seen and app.holder("individual", code) is None:
                person = {
                    "code": code,
                    "name": row["name"],
                    "unit": row["unit"],
                    "position": row["position"] or "-",
                    "since": date(first_year[code], 1, 1),
                }
                command_id = f"import-{content_id(kind='person', **person)}"
                yield code, rc.RegisterPerson(**person, **common, command_id=command_id)
            seen.add(code)
            title = {
                "holder": {"kind": "individual", "code": code},
                "title": row["title"],
                "year": row["year"],
                "decision": row["decision"],
                "source_sha256": sha256,
            }
            command_id = f"import-{content_id(kind='title', **title)}"
            yield code, rc.ConferTitle(**title, **common, command_id=command_id)

    step(0, len(rows))
    receipts = _in_one_batch(app, commands(), found, step, say)
    return Imported(rows=found.rows, receipts=receipts)


def _row(
    found: Reading, where: tuple[str, int], get: dict[str, Any], say: Texts
) -> dict[str, Any] | None:
    sheet, number = where
    found.rows += 1
    values = {
        "code": code_of(get["code"]),
        "name": text(get["name"]),
        "unit": code_of(get["unit"]),
        "position": text(get.get("position")),
        "title": text(get["title"]).lower(),
        "year": _year(get["year"]),
        "decision": text(get["decision"]),
        "decided_on": _day(get["decided_on"]),
    }
    broken = [key for key in REQUIRED if not values[key]]
    for key in broken:
        value = "" if get[key] is None else str(get[key])
        found.problems.append(
            Problem(sheet, number, key, value, key, say[MESSAGES[key]])
        )
    if broken:
        return None
    found.first_row.setdefault(str(values["code"]), (sheet, number))
    authority = text(get.get("authority")) or None
    decision = {
        "number": values["decision"],
        "decided_on": values["decided_on"],
        "authority": authority,
    }
    return {**values, "decision": decision}


def _year(value: object) -> int | None:
    said = text(value)
    return int(said) if said.isdigit() and len(said) == 4 else None


def _day(value: object) -> date | None:
    """A day as a workbook stores it, or written 20/12/2021 or 2021-12-20."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    said = text(value)
    if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", said):
        day, month, year = (int(g) for g in m.groups())
    elif m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", said):
        year, month, day = (int(g) for g in m.groups())
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None
