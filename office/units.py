"""Member units from a file: code, name, the year they join, and the decision."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .cells import (
    Problem,
    Reading,
    blank,
    code_of,
    find_header,
    label,
    read_rows,
    text_of,
)
from .files import Limits
from .i18n import Texts

UNIT_COLUMNS = [
    ("unit", "Mã đơn vị", "unit"),
    ("name", "Tên đơn vị", "name"),
    ("year", "Từ năm", "year"),
    ("decision", "Quyết định", "decision"),
]
UNIT_HEADERS = {
    label(name): key for key, vi, en in UNIT_COLUMNS for name in (vi, en, key)
}


def read_unit_file(
    path: Path, texts: Texts | None = None, limits: Limits | None = None
) -> tuple[Reading, dict[str, dict[str, Any]]]:
    """Member units to add: code, name, the year they join, and the decision."""
    say = texts or Texts("en", "problems")
    sheets = read_rows(path, limits)
    found = Reading()
    units: dict[str, dict[str, Any]] = {}
    for sheet, rows in sheets:
        header_at, columns = find_header(rows, UNIT_HEADERS, ("unit", "name", "year"))
        if header_at is None:
            continue
        where = {key: n for n, _, key in columns if key}
        missing = {"unit", "name", "year"} - set(where)
        unknown = [name for _, name, key in columns if key is None]
        for name in [*sorted(missing), *unknown]:
            found.problems.append(
                Problem(sheet, header_at, name, "", "column",
                        say["missing_column"] if name in missing else say(
                            "unknown_column",
                            columns=", ".join(vi for _, vi, _ in UNIT_COLUMNS)))
            )  # fmt: skip
        if missing or unknown:
            continue
        for number, cells in rows[header_at:]:
            get = {key: cells[n][0] if n < len(cells) else None
                   for key, n in where.items()}  # fmt: skip
            if not all(blank(v) for v in get.values()):
                _unit_row(found, units, (sheet, number), get, say)
    if not found.rows and not found.problems:
        found.problems.append(
            Problem(path.name, 0, "", "", "column",
                    say("no_headers",
                        headers=", ".join(vi for _, vi, _ in UNIT_COLUMNS[:3])))
        )  # fmt: skip
    return found, units


def _unit_row(
    found: Reading,
    units: dict[str, dict[str, Any]],
    where: tuple[str, int],
    get: dict[str, Any],
    say: Texts,
) -> None:
    sheet, number = where
    found.rows += 1
    code = code_of(get["unit"])
    name = text_of(get["name"])
    year = _year(get["year"])
    broken = [
        ("unit", "unit", say["unit_needed"]) if not code else None,
        ("unit", "duplicate", say("listed_already", row=found.first_row[code][1]))
        if code in found.first_row
        else None,
        ("name", "name", say["name_needed"]) if not name else None,
        ("year", "year", say["year_needed"]) if year is None else None,
    ]
    for column, rule, message in filter(None, broken):
        value = str(get[column] or "")
        found.problems.append(Problem(sheet, number, column, value, rule, message))
    if not any(broken):
        decision = get.get("decision")
        units[code] = {
            "name": name,
            "year": year,
            "decision": None if blank(decision) else text_of(decision),
        }
        found.first_row[code] = (sheet, number)


def _year(value: object) -> int | None:
    text = text_of(value)
    return int(text) if text.isdigit() and len(text) == 4 else None
