"""How a query shows its rows: a curated table for people, every column for JSON
and CSV, the people's table in Excel too."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from .render import Columns, render, to_json

if TYPE_CHECKING:
    from collections.abc import Callable
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


def _all(rows: Sequence[dict[str, Any]], skip: Sequence[str] = ()) -> Columns:
    keys = [k for k in rows[0] if k not in skip] if rows else []
    return [(key, key) for key in keys]


def show(
    rows: Sequence[dict[str, Any]],
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
    except in Excel, which keeps numbers as numbers)."""
    from thidua.office.i18n import catalog
    from thidua.office.wording import Wording

    headers = catalog(lang, "columns")
    table_columns = [(key, headers.get(key, header)) for key, header in table_columns]
    words = Wording(lang)
    if xlsx is not None:
        from thidua.office.xlsx import write_table

        cells = said(rows, words, False) if said else rows
        write_table(xlsx, cells, table_columns, title=title, lang=lang)
    if fmt == "json" and data is not None:
        click.echo(to_json(data))
    elif fmt == "table":
        cells = said(rows, words, True) if said else rows
        render(cells, table_columns, fmt, title=title, words=words, optional=optional)
    else:
        render(rows, _all(rows, skip), fmt, bom=bom)
