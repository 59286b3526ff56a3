"""The one renderer: rows to a table for people, JSON or CSV on stdout."""

from __future__ import annotations

import csv
import json
import sys
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import click

from .progress import progress

if TYPE_CHECKING:
    from thidua.office.i18n import Lang
    from thidua.office.wording import Wording

__all__ = ["progress"]

Row = Mapping[str, Any]
Columns = Sequence[tuple[str, str]]  # (key, header)


def _text(value: Any, words: Wording | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        if words is not None:
            return words.yes_no(value)
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(_text(v, words) for v in value)
    return str(value)


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def render(
    rows: Iterable[Row],
    columns: Columns,
    fmt: str,
    *,
    title: str = "",
    bom: bool = False,
    words: Wording | None = None,
    optional: Sequence[str] = (),
) -> None:
    """Print rows with stable keys and column order. A table for people speaks
    the --lang language (`words`); `optional` columns give way, first named
    first, when the terminal is too narrow for them."""
    if fmt == "json":
        json_list({key: row.get(key) for key, _ in columns} for row in rows)
    elif fmt == "csv":
        if bom:
            # Excel reads a CSV without a byte-order mark in the local code page.
            sys.stdout.write("\ufeff")
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([key for key, _ in columns])
        for row in rows:
            writer.writerow([_text(row.get(key)) for key, _ in columns])
    else:
        table(list(rows), columns, title=title, words=words, optional=optional)


def json_list(items: Iterable[Any]) -> None:
    """A JSON list printed item by item, as `to_json` prints the whole list (each
    item indented one level more), so that no more than an item is held."""
    opened = False
    for item in items:
        sys.stdout.write(",\n" if opened else "[\n")
        sys.stdout.write(textwrap.indent(to_json(item), "  "))
        opened = True
    sys.stdout.write("\n]\n" if opened else "[]\n")


def wording(**kinds: str) -> Wording:
    """The --lang language's words for the current command."""
    from thidua.office.wording import Wording

    return Wording(current_lang(), **kinds)


def current_lang() -> Lang:
    context = click.get_current_context(silent=True)
    lang = getattr(getattr(context, "obj", None), "lang", "en")
    return "vi" if lang == "vi" else "en"


def in_language(text: str, section: str) -> str:
    """A header or title in the --lang language: looked up by its English text
    (as gettext does) in the catalog's [headers] or [titles]; as it is in English."""
    return wording().header(text, section)


def table(
    rows: Sequence[Row],
    columns: Columns,
    *,
    title: str = "",
    words: Wording | None = None,
    optional: Sequence[str] = (),
    stderr: bool = False,
) -> None:
    from .layout import Grid, show

    words = words or wording()
    grid = Grid(
        [words.header(header) for _, header in columns],
        [[_text(row.get(key), words) for key, _ in columns] for row in rows],
        words.header(title, "titles") if title else "",
    )
    keys = [key for key, _ in columns]
    show(grid, stderr=stderr, optional=[keys.index(k) for k in optional if k in keys])


def lines(pairs: Sequence[tuple[str, Any]], words: Wording | None = None) -> None:
    """Label–value lines, for the header of a status page; a long value wraps at
    spaces under itself."""
    from .layout import width

    words = words or wording()
    labelled = [(words.header(label), _text(value, words)) for label, value in pairs]
    indent = max(len(label) for label, _ in labelled) + 2
    room = max((width() or 80) - indent, 20)
    for label, value in labelled:
        wrapped = textwrap.wrap(
            value, room, break_long_words=False, break_on_hyphens=False
        ) or [""]
        click.echo(f"{label:<{indent}}{wrapped[0]}".rstrip())
        for more in wrapped[1:]:
            click.echo(" " * indent + more)


def paragraph(text: str, *, err: bool = False) -> None:
    """A line of prose, wrapped at spaces to the terminal's width (or $COLUMNS)."""
    from .layout import width

    room = width(stderr=err)
    wrapped = text if room is None else textwrap.fill(
        text, room, break_long_words=False, break_on_hyphens=False
    )  # fmt: skip
    click.echo(wrapped, err=err)


PROBLEM_COLUMNS = [
    ("sheet", "Sheet (trang tính)"),
    ("row", "Row (dòng)"),
    ("column", "Column (cột)"),
    ("value", "Value (giá trị)"),
    ("rule", "Rule (quy tắc)"),
    ("message", "Problem (lỗi)"),
]


def problem_report(problems: Sequence[Row], lang: Lang = "en") -> None:
    """Every problem of a refused file, on stderr, before the one error line: a
    table on a terminal, one problem per line for a log or a program."""
    from thidua.office.i18n import Texts, catalog
    from thidua.office.wording import Wording

    words, rules = Wording(lang), catalog(lang, "rules")
    said = [
        {**p, "rule": words.term("problem_rule", rules.get(p["rule"], p["rule"]))}
        for p in problems
    ]
    if not sys.stderr.isatty():
        say = Texts(lang, "problems")
        for problem in said:
            whole = str(problem.get("row") or 0) == "0" and not problem.get("column")
            click.echo(say("whole_file" if whole else "line", **problem), err=True)
        return
    table(said, PROBLEM_COLUMNS, words=words, stderr=True)


def vote_counts(counts: dict[str, int] | None) -> str:
    """A round's counts as the vote results give them: most votes first."""
    ordered = sorted((counts or {}).items(), key=lambda item: (-item[1], item[0]))
    return ", ".join(f"{code} {votes}" for code, votes in ordered)
