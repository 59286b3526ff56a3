"""`thidua bloc show`: a bloc, the settings its documents carry, its members."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from .context import CliContext
from .options import format_option
from .render import lines, render, to_json

if TYPE_CHECKING:
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
    from thidua.office.wording import Wording

    status = obj.read_models.bloc_page(bloc, year)
    if fmt == "json":
        click.echo(to_json(status))
        return
    words = Wording(obj.lang, bloc_kind=status["kind"])
    if fmt == "table":
        lines(
            [
                ("Bloc (khối)", f"{status['bloc']} – {status['name']}"),
                ("Province (tỉnh)", status["province"]),
                ("Cycles (năm)", status["cycles"] or words.term("word", "none yet")),
                *_settings_lines(obj, status, words),
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
    obj: CliContext, status: dict[str, Any], words: Wording
) -> list[tuple[str, str]]:
    """The settings the minutes of a meeting held today would carry: where one
    is not set, what the minutes put instead, marked as the default."""
    from thidua.projections.pages import settings_on

    settings = settings_on(status["documents"], obj.clock().date()) or {}
    default = words.term("word", "by default")

    def given(value: str, instead: str) -> str:
        return value or (f"{instead} ({default})" if instead else f"({default})")

    return [
        ("Superior body (cơ quan chủ quản)", settings.get("superior_body") or "–"),
        (
            "Issuing body (cơ quan ban hành)",
            given(settings.get("issuing_body") or "", status["name"].upper()),
        ),
        ("Place (địa danh)", given(settings.get("place") or "", status["province"])),
        (
            "Document code (ký hiệu)",
            given(settings.get("document_code") or "", status["bloc"]),
        ),
    ]


def membership_texts(unit: dict[str, Any], words: Wording) -> dict[str, str]:
    """A unit's joining and leaving as a table shows them: the day where known."""
    decisions = [d for d in (unit["joining_decision"], unit["leaving_decision"]) if d]
    return {
        "joined_text": words.day(unit["joined_on"]) or str(unit["joined"]),
        "left_text": words.day(unit["left_on"]) or str(unit["left"] or ""),
        "decision_text": "; ".join(decisions),
    }
