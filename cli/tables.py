"""How a query shows its rows: a curated table for people, every column for JSON
and CSV, the people's table in Excel too."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain, islice
from typing import TYPE_CHECKING, Any

import click

from .render import Columns, render, to_json

if TYPE_CHECKING:
    from pathlib import Path

    from thidua.office.i18n import Lang
    from thidua.office.wording import Wording

    # Rows in the reader's words; the flag: numbers written for people too.
    Said = Callable[[Sequence[dict[str, Any]], Wording, bool], list[dict[str, Any]]]


def changes_text(
    changes: Sequence[dict[str, Any]], words: Wording | None = None
) -> str:
    """An assessment's changes in one cell: "A1 28→26: Thiếu minh chứng; B2 9→8",
    the points as the reader's language writes them (as stored, without words)."""
    said = words.number if words else str
    return "; ".join(
        f"{c['criterion']} {said(c['own'])}→{said(c['assessed'])}"
        + (f": {c['note']}" if c["note"] else "")
        for c in changes
    )


BATCH = 500  # rows put in the reader's words at a time, for Excel


class Each:
    """Rows changed one at a time as they are read, each time they are iterated:
    a streamed query is read again for each pass, and never held whole."""

    def __init__(
        self,
        rows: Iterable[dict[str, Any]],
        change: Callable[[dict[str, Any]], dict[str, Any]],
    ) -> None:
        self.rows, self.change = rows, change

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return (self.change(row) for row in self.rows)


class InWords:
    """Rows put in the reader's words a batch at a time, each time iterated."""

    def __init__(
        self, rows: Iterable[dict[str, Any]], said: Said, words: Wording
    ) -> None:
        self.rows, self.said, self.words = rows, said, words

    def __iter__(self) -> Iterator[dict[str, Any]]:
        rows = iter(self.rows)
        while batch := list(islice(rows, BATCH)):
            yield from self.said(batch, self.words, False)


def _every_column(
    rows: Iterable[dict[str, Any]], skip: Sequence[str]
) -> tuple[Iterable[dict[str, Any]], Columns]:
    """Every key of the first row as a column, and the rows, that row still first."""
    rest = iter(rows)
    first = next(rest, None)
    if first is None:
        return [], []
    return chain([first], rest), [(k, k) for k in first if k not in skip]


def show(
    rows: Iterable[dict[str, Any]],
    table_columns: Columns,
    fmt: str,
    *,
    title: str,
    bom: bool,
    skip: Sequence[str] = (),
    xlsx: Path | None = None,
    lang: Lang = "en",
    data: Sequence[dict[str, Any]] | None = None,
    said: Said | None = None,
    optional: Sequence[str] = (),
) -> None:
    """A curated table for people; every read-model column for JSON and CSV (or
    `data` as JSON, where rows nest); the people's table in Excel too when asked,
    whatever the format. Headers come from the --lang catalog; `said` puts a
    table's cells in the reader's words (numbers as the language writes them,
    except in Excel, which keeps numbers as numbers). Rows may be a streamed
    query: JSON, CSV and Excel read them as they are written, in flat memory
    (Excel reads them twice); only the people's table holds them all."""
    from thidua.office.i18n import catalog
    from thidua.office.wording import Wording

    headers = catalog(lang, "columns")
    table_columns = [(key, headers.get(key, header)) for key, header in table_columns]
    words = Wording(lang)
    if xlsx is not None:
        from thidua.office.table_xlsx import write_table

        cells = InWords(rows, said, words) if said else rows
        write_table(xlsx, cells, table_columns, title=title, lang=lang)
    if fmt == "json" and data is not None:
        click.echo(to_json(data))
    elif fmt == "table":
        held = list(rows)
        cells = said(held, words, True) if said else held
        render(cells, table_columns, fmt, title=title, words=words, optional=optional)
    else:
        render(*_every_column(rows, skip), fmt, bom=bom)
