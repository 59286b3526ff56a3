"""`thidua history person|unit` and `thidua eligible`: a holder's history across
blocs and years, and who the history makes eligible for a title, from the read
models alone."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from .context import CliContext
from .options import CycleRef, bom_option, cycle_argument, format_option, xlsx_option
from .tables import show

if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from thidua.office.wording import Wording

HISTORY_COLUMNS = [
    ("year", "Year"),
    ("entry", "Entry"),
    ("what", "What"),
    ("status", "Status"),
    ("where", "Where"),
    ("reference", "Reference"),
    ("note", "Note"),
]
ELIGIBLE_COLUMNS = [
    ("code", "Code"),
    ("name", "Name"),
    ("unit", "Unit"),
    ("eligible", "Eligible"),
    ("held", "Held"),
    ("missing", "Missing"),
    ("proceedings", "Proceedings"),
    ("combined", "Combined"),
    ("share", "Share"),
]
PERSON_AWARD_COLUMNS = [
    ("year", "Year"),
    ("bloc", "Bloc"),
    ("record", "Record"),
    ("award", "Award"),
    ("unit", "Unit"),
    ("status", "Status"),
    ("decision", "Decision"),
]


def said(
    rows: Sequence[dict[str, Any]], words: Wording, _: bool
) -> list[dict[str, Any]]:
    """A history's entries and states in the reader's words."""
    return [
        {
            **row,
            "entry": words.term("registry_entry", row["entry"]),
            "status": words.term("registry_status", row["status"]),
        }
        for row in rows
    ]


@click.group("history")
def group() -> None:
    """Histories (quá trình thi đua, khen thưởng) across blocs and years."""


@group.command("person")
@click.argument("who")
@format_option
@bom_option
@xlsx_option
@click.pass_obj
def person(
    obj: CliContext, *, who: str, fmt: str, bom: bool, xlsx: Path | None
) -> None:
    """A person's postings, titles, awards and proceedings, year by year; WHO is
    their code or their name, with or without its marks.

    \b
    Example:
      thidua person register P-001 --name "Nguyễn Văn An" --unit SNV \\
          --position "Chuyên viên" --since 2015-03-01
      thidua title confer P-001 cstd-co-so 2021 --decision 12/QĐ-SNV \\
          --date 2021-12-20
      thidua history person "Nguyen Van An" --format json
    """
    rows = obj.read_models.person_history(who)
    name = rows[0]["name"] if rows else who
    title = obj.text("history_person_title", name=name)
    show(
        rows,
        HISTORY_COLUMNS,
        fmt,
        title=title,
        bom=bom,
        xlsx=xlsx,
        lang=obj.lang,
        said=said,
    )


@group.command("unit")
@click.argument("unit")
@format_option
@bom_option
@xlsx_option
@click.pass_obj
def unit(obj: CliContext, *, unit: str, fmt: str, bom: bool, xlsx: Path | None) -> None:
    """A unit's titles as a collective, its awards in every bloc, and its
    proceedings, year by year.

    \b
    Example:
      thidua history unit VPUBND
    """
    rows = obj.read_models.unit_history(unit)
    name = rows[0]["name"] if rows else unit
    title = obj.text("history_unit_title", name=name)
    show(
        rows,
        HISTORY_COLUMNS,
        fmt,
        title=title,
        bom=bom,
        xlsx=xlsx,
        lang=obj.lang,
        said=said,
    )


@click.command("eligible")
@cycle_argument
@click.argument("award")
@format_option
@bom_option
@xlsx_option
@click.pass_obj
def eligible(
    obj: CliContext,
    *,
    cycle: CycleRef,
    award: str,
    fmt: str,
    bom: bool,
    xlsx: Path | None,
) -> None:
    """Who among the registered people of the cycle's units qualifies for AWARD
    by their history under the cycle's rulebook, and what the others miss.

    \b
    Example:
      thidua person register P-001 --name "Nguyễn Văn An" --unit SNV \\
          --position "Chuyên viên" --since 2015-03-01
      thidua eligible TMTH/2021 commendation
    """
    rows = obj.read_models.eligible(cycle.bloc, cycle.year, award)
    title = obj.text("eligible_title", award=award, cycle=f"{cycle.bloc}/{cycle.year}")
    show(rows, ELIGIBLE_COLUMNS, fmt, title=title, bom=bom, xlsx=xlsx, lang=obj.lang)


def person_awards(
    obj: CliContext, who: str, fmt: str, bom: bool, xlsx: Path | None
) -> None:
    """`awards --person`: the proposals and grants of a registered person."""
    rows = obj.read_models.person_awards(who)
    name = obj.read_models.person(who)["name"]
    title = obj.text("person_awards_title", name=name)
    show(
        rows, PERSON_AWARD_COLUMNS, fmt, title=title, bom=bom, xlsx=xlsx, lang=obj.lang
    )
