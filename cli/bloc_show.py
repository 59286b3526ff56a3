"""`thidua bloc show`: a bloc, the settings its documents carry, its members."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from .context import CliContext
from .options import format_option
from .render import lines, render, to_json

if TYPE_CHECKING:
    from thidua.domain.bloc import Bloc
    from thidua.office.wording import Wording

UNIT_COLUMNS = [
    ("unit", "Unit"),
    ("name", "Name (tên đơn vị)"),
    ("joined_text", "Joined"),
    ("left_text", "Left"),
    ("merged_into", "Merged into"),
    ("decision_text", "Decision (quyết định)"),
]
SETTINGS_COLUMNS = [
    ("since", "Settings from (áp dụng từ)"),
    ("superior_body", "Superior body (cơ quan chủ quản)"),
    ("issuing_body", "Issuing body (cơ quan ban hành)"),
    ("place", "Place (địa danh)"),
    ("document_code", "Document code (ký hiệu)"),
]


@click.command("show")
@click.argument("bloc")
@click.option("--year", type=int, help="Only the units that are members in this year.")
@format_option
@click.pass_obj
def show(obj: CliContext, *, bloc: str, year: int | None, fmt: str) -> None:
    """Show a bloc, its document settings, its member units and its cycles.

    \b
    Example:
      thidua bloc show TMTH --year 2021
    """
    from thidua.domain.status import bloc_status
    from thidua.office.wording import Wording

    found = obj.app.bloc(bloc.upper())
    status = bloc_status(found, obj.app.cycle_years(found.code), year)
    if fmt == "json":
        click.echo(to_json(status))
        return
    words = Wording(obj.lang, bloc_kind=found.kind)
    if fmt == "table":
        lines(
            [
                ("Bloc (khối)", f"{status['bloc']} – {status['name']}"),
                ("Province (tỉnh)", status["province"]),
                ("Cycles (năm)", status["cycles"] or words.term("word", "none yet")),
                *_settings_lines(obj, found, words),
            ],
            words,
        )
        if len(status["documents"]) > 1:  # settings changed: each from its day
            shown = words.cells(status["documents"], since="day")
            render(shown, SETTINGS_COLUMNS, fmt, title="Document settings", words=words)
    if fmt == "csv":
        keys = status["units"][0].keys() if status["units"] else ()
        render(status["units"], [(key, key) for key in keys], fmt)
        return
    units = [{**u, **membership_texts(u, words)} for u in status["units"]]
    render(units, UNIT_COLUMNS, fmt, words=words)


def _settings_lines(
    obj: CliContext, bloc: Bloc, words: Wording
) -> list[tuple[str, str]]:
    """The settings the minutes of a meeting held today would carry: where one
    is not set, what the minutes put instead, marked as the default."""
    settings = bloc.settings_on(obj.clock().date())
    default = words.term("word", "by default")

    def given(value: str, instead: str) -> str:
        return value or (f"{instead} ({default})" if instead else f"({default})")

    superior = settings.superior_body if settings else ""
    issuing = settings.issuing_body if settings else ""
    place = settings.place if settings else ""
    code = settings.document_code if settings else ""
    return [
        ("Superior body (cơ quan chủ quản)", superior or "–"),
        ("Issuing body (cơ quan ban hành)", given(issuing, bloc.name.upper())),
        ("Place (địa danh)", given(place, bloc.province)),
        ("Document code (ký hiệu)", given(code, bloc.code)),
    ]


def membership_texts(unit: dict[str, Any], words: Wording) -> dict[str, str]:
    """A unit's joining and leaving as a table shows them: the day where known."""
    decisions = [d for d in (unit["joining_decision"], unit["leaving_decision"]) if d]
    return {
        "joined_text": words.day(unit["joined_on"]) or str(unit["joined"]),
        "left_text": words.day(unit["left_on"]) or str(unit["left"] or ""),
        "decision_text": "; ".join(decisions),
    }
