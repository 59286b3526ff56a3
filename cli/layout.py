"""Tables for people that fit the terminal: words wrap at spaces, and a code, a
number or a date is never split across lines.

Rich shrinks the widest columns when a table is too wide, folding whatever word is
in the way (a unit code, a digest). So the widths are chosen here: every column at
least as wide as its longest word, the room left shared by how much more each would
take. When even that does not fit, the table drops its borders; then its optional
columns, in the order given; and only then leaves it to rich.
"""

from __future__ import annotations

import os
import sys
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import click
from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table

PIPED_WIDTH = 132  # piped or captured with no width given: a status page fits


def width(*, stderr: bool = False) -> int | None:
    """The width to lay tables out in: click's `terminal_width` if set, else
    $COLUMNS, else the terminal's own (None), else PIPED_WIDTH."""
    context = click.get_current_context(silent=True)
    if context is not None and (given := context.find_root().terminal_width):
        return given
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    stream = sys.stderr if stderr else sys.stdout
    return None if stream.isatty() else PIPED_WIDTH


@dataclass(frozen=True)
class Grid:
    """A table's texts, before it is laid out."""

    headers: list[str]
    rows: list[list[str]]
    title: str = ""

    def only(self, kept: Sequence[int]) -> Grid:
        return Grid(
            [self.headers[i] for i in kept],
            [[row[i] for i in kept] for row in self.rows],
            self.title,
        )


def _words(text: str) -> int:
    return max((cell_len(word) for word in text.split()), default=0)


def _lines(text: str) -> int:
    return max((cell_len(line) for line in text.splitlines()), default=0)


def _widths(grid: Grid, room: int) -> list[int] | None:
    """Column widths that fit `room` without splitting a word; None if none do."""
    columns = list(zip(grid.headers, *grid.rows, strict=True))
    least = [max(_words(text) for text in column) or 1 for column in columns]
    # A header may wrap at its spaces; the cells' lines say what a column wants.
    most = [
        max(_words(column[0]), *(_lines(text) for text in column[1:]), 1)
        for column in columns
    ]
    if sum(most) <= room:
        # Room to spare: headers, too, on one line where they fit.
        spare = room - sum(most)
        for index, column in enumerate(columns):
            grow = min(max(_lines(column[0]) - most[index], 0), spare)
            most[index] += grow
            spare -= grow
        return most
    spare = room - sum(least)
    if spare < 0:
        return None
    wanted = [m - n for m, n in zip(most, least, strict=True)]
    total = sum(wanted)
    given = [n + spare * w // total for n, w in zip(least, wanted, strict=True)]
    for index in sorted(range(len(given)), key=lambda i: -wanted[i]):
        if sum(given) >= room:
            break
        if given[index] < most[index]:
            given[index] += 1
    return given


def _overhead(columns: int, compact: bool) -> int:
    # Borders: an edge each side and a rule between columns, each cell padded by
    # one on both sides; compact: one space after each cell and a space rule.
    return 2 * (columns - 1) if compact else 3 * columns + 1


def _table(grid: Grid, widths: list[int] | None, compact: bool) -> Table:
    style = {"box": box.SIMPLE_HEAD, "show_edge": False, "pad_edge": False}
    table = Table(
        title=grid.title or None,
        title_justify="left",
        header_style="bold",
        **(style | {"padding": (0, 1, 0, 0)} if compact else {}),  # type: ignore[arg-type]
    )
    for index, header in enumerate(grid.headers):
        fixed = widths[index] if widths is not None else None
        table.add_column(header, overflow="fold", width=fixed)
    for row in grid.rows:
        table.add_row(*row)
    return table


def _height(grid: Grid, widths: list[int]) -> int:
    """How many lines the table's header and rows take at these widths."""

    def wrapped(text: str, room: int) -> int:
        return sum(
            len(textwrap.wrap(part, room, break_long_words=False)) or 1
            for part in text.splitlines() or [""]
        )

    return sum(
        max(wrapped(text, room) for text, room in zip(row, widths, strict=True))
        for row in [grid.headers, *grid.rows]
    )


def lay_out(grid: Grid, room: int, optional: Sequence[int] = ()) -> Table:
    """The table laid out in `room` columns, bordered or compact, whichever takes
    fewer lines; an optional column (by index, the first given first) gives way
    when that saves a line a row, or when nothing fits without it."""
    kept = list(range(len(grid.headers)))
    waiting = [index for index in optional if index in kept]
    best: tuple[int, Table] | None = None
    for dropped in range(len(waiting) + 1):
        current = grid.only([i for i in kept if i not in waiting[:dropped]])
        for compact in (False, True):
            count = len(current.headers)
            widths = _widths(current, room - _overhead(count, compact))
            if widths is None:
                continue
            cost = _height(current, widths) + dropped * len(grid.rows)
            if best is None or cost < best[0]:
                best = (cost, _table(current, widths, compact))
    if best is not None:
        return best[1]
    return _table(grid.only([i for i in kept if i not in waiting]), None, True)


def show(grid: Grid, *, stderr: bool = False, optional: Sequence[int] = ()) -> None:
    """Print the table; piped or captured, with no trailing spaces on any line."""
    wide = width(stderr=stderr)
    console = Console(width=wide, stderr=stderr) if wide else Console(stderr=stderr)
    table = lay_out(grid, console.width, optional)
    if console.is_terminal:
        console.print(table)
        return
    with console.capture() as captured:
        console.print(table)
    text = "\n".join(line.rstrip() for line in captured.get().splitlines())
    click.echo(text, err=stderr)
