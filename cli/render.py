"""The one renderer: rows to a rich table, JSON or CSV on stdout."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from thidua.office.i18n import Lang

    from .context import CliContext

Row = Mapping[str, Any]
Columns = Sequence[tuple[str, str]]  # (key, header)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(_text(v) for v in value)
    return str(value)


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def render(
    rows: Sequence[Row],
    columns: Columns,
    fmt: str,
    *,
    title: str = "",
    bom: bool = False,
) -> None:
    """Print rows with stable keys and column order."""
    if fmt == "json":
        print(to_json([{key: row.get(key) for key, _ in columns} for row in rows]))
    elif fmt == "csv":
        if bom:
            # Excel reads a CSV without a byte-order mark in the local code page.
            sys.stdout.write("\ufeff")
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([key for key, _ in columns])
        for row in rows:
            writer.writerow([_text(row.get(key)) for key, _ in columns])
    else:
        table(rows, columns, title=title)


def in_language(text: str, section: str) -> str:
    """A header or title in the --lang language: looked up by its English text
    (as gettext does) in the catalog's [headers] or [titles]; as it is in English."""
    context = click.get_current_context(silent=True)
    if getattr(getattr(context, "obj", None), "lang", "en") != "vi":
        return text
    from thidua.office.i18n import catalog

    return catalog("vi", section).get(text, text)


def table(rows: Sequence[Row], columns: Columns, *, title: str = "") -> None:
    from rich.console import Console
    from rich.table import Table

    heading = in_language(title, "titles") or None
    grid = Table(title=heading, title_justify="left", header_style="bold")
    for _, header in columns:
        grid.add_column(in_language(header, "headers"), overflow="fold")
    for row in rows:
        grid.add_row(*(_text(row.get(key)) for key, _ in columns))
    console = Console()
    if not console.is_terminal:
        console = Console(width=132)  # piped or captured: wide enough for a status page
    console.print(grid)


def lines(pairs: Sequence[tuple[str, Any]]) -> None:
    """Label–value lines, for the header of a status page."""
    labelled = [(in_language(label, "headers"), value) for label, value in pairs]
    width = max(len(label) for label, _ in labelled)
    for label, value in labelled:
        print(f"{label:<{width}}  {_text(value)}")


@contextmanager
def progress(obj: CliContext, description: str) -> Iterator[Callable[[], None]]:
    """A spinner with a count on stderr while a long step runs, when someone is
    watching (a terminal, not --quiet); a call of the yielded function counts one."""
    if obj.verbosity < 0 or not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

    columns = (SpinnerColumn(), TextColumn(description), MofNCompleteColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(description, total=None)
        yield lambda: bar.advance(task)


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
    from rich.console import Console
    from rich.table import Table

    from thidua.office.i18n import Texts

    console = Console(stderr=True)
    if not console.is_terminal:
        say = Texts(lang, "problems")
        for problem in problems:
            click.echo(say("line", **problem), err=True)
        return
    grid = Table(header_style="bold")
    for _, header in PROBLEM_COLUMNS:
        grid.add_column(in_language(header, "headers"), overflow="fold")
    for problem in problems:
        grid.add_row(*(_text(problem.get(key)) for key, _ in PROBLEM_COLUMNS))
    console.print(grid)
