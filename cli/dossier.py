"""`thidua dossier`: a proposal's dossier (hồ sơ đề nghị) from the proposing body
through the emulation board to the council."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from .context import CliContext
from .files import InputFile
from .options import (
    DATE,
    CycleRef,
    command_options,
    cycle_argument,
    format_option,
    xlsx_option,
)

KINDS = click.Choice(["request", "report", "minutes", "initiative", "other"])
DOSSIER = click.argument("dossier")


def rules_text(path: str | None) -> str:
    """The commendation rules: a file's, else the ones thidua ships."""
    from thidua.domain.commendation.rules import default_rules_text

    return Path(path).read_text("utf-8") if path else default_rules_text()


rules_option = click.option(
    "--rules",
    "rules_path",
    type=InputFile(),
    help="Commendation rules (TOML) [default: rulebooks/commendation.toml].",
)


@click.group("dossier")
def group() -> None:
    """Dossiers (hồ sơ đề nghị): open, attach, submit, receive, return, appraise,
    notice, comment, withdraw, show, list."""


def _step(obj: CliContext, name: str, meta: dict[str, Any], **fields: Any) -> None:
    from thidua.domain.commendation import commands as k

    obj.execute(obj.command(getattr(k, name), **fields, **meta))


@group.command("open")
@DOSSIER
@cycle_argument
@click.option(
    "--proposal",
    "proposals",
    multiple=True,
    required=True,
    help="A proposal of the cycle (P1, …); repeat.",
)
@click.option("--by", "proposer", required=True, help="The proposing body (Art. 83).")
@rules_option
@command_options
@click.pass_obj
def open_(
    obj: CliContext,
    *,
    dossier: str,
    cycle: CycleRef,
    proposals: tuple[str, ...],
    proposer: str,
    rules_path: str | None,
    meta: dict[str, Any],
) -> None:
    """Open a dossier for proposals of a cycle; the cycle's minutes are bound to
    it by their checkpoint.

    \b
    Example:
      thidua dossier open HS2 TMTH/2020 --proposal P1 --by SKHĐT  # refused: decided
    """
    _step(
        obj,
        "OpenDossier",
        meta,
        dossier=dossier,
        **cycle.fields(),
        proposals=proposals,
        proposer=proposer,
        rules_text=rules_text(rules_path),
    )


@group.command("attach")
@DOSSIER
@click.argument("file", type=InputFile())
@click.option("--kind", type=KINDS, required=True, help="What the document is.")
@click.option("--title", help="Its title [default: the file's name].")
@command_options
@click.pass_obj
def attach(
    obj: CliContext,
    *,
    dossier: str,
    file: str,
    kind: str,
    title: str | None,
    meta: dict[str, Any],
) -> None:
    """Attach a document: kept by its SHA-256 beside the log, its hash recorded.

    \b
    Example:
      thidua dossier attach HS-TMTH-2020 rulebooks/commendation.toml \
        --kind other  # refused: the dossier is decided
    """
    data = Path(file).read_bytes()
    sha = obj.app.content.put(data)
    _step(
        obj,
        "AttachDocument",
        meta,
        dossier=dossier,
        kind=kind,
        title=title or Path(file).name,
        sha256=sha,
        size=len(data),
    )


def _simple(name: str, command: str, summary: str, example: str) -> None:
    def run(obj: CliContext, *, dossier: str, meta: dict[str, Any]) -> None:
        _step(obj, command, meta, dossier=dossier)

    run.__doc__ = f"{summary}\n\n    \\b\n    Example:\n      {example}\n    "
    group.command(name)(DOSSIER(command_options(click.pass_obj(run))))


_simple(
    "submit",
    "SubmitDossier",
    "Send the dossier to the board (again, after a"
    " return); it needs the rules' documents.",
    "thidua dossier submit HS1  # refused: no such dossier",
)
_simple(
    "receive",
    "ReceiveDossier",
    "The board receives a submitted dossier.",
    "thidua dossier receive HS1  # refused: no such dossier",
)
_simple(
    "return",
    "ReturnDossier",
    "The board returns the dossier; --reason says why.",
    "thidua dossier return HS1 --reason 'Thiếu báo cáo'  # refused: no such dossier",
)
_simple(
    "appraise",
    "AppraiseDossier",
    "The board has appraised the dossier.",
    "thidua dossier appraise HS1  # refused: no such dossier",
)
_simple(
    "withdraw",
    "WithdrawDossier",
    "The proposer withdraws the dossier.",
    "thidua dossier withdraw HS1  # refused: no such dossier",
)


@group.command("notice")
@DOSSIER
@click.option(
    "--from",
    "from_day",
    type=DATE,
    required=True,
    help="The first day of the public notice (công khai).",
)
@command_options
@click.pass_obj
def notice(
    obj: CliContext, *, dossier: str, from_day: date, meta: dict[str, Any]
) -> None:
    """Publish the dossier's proposals for the rules' period of working days.

    \b
    Example:
      thidua dossier notice HS1 --from 2021-02-01  # refused: no such dossier
    """
    _step(obj, "PublishNotice", meta, dossier=dossier, from_day=from_day)


@group.command("comment")
@DOSSIER
@click.option("--author", required=True, help="Who commented.")
@click.argument("text")
@command_options
@click.pass_obj
def comment(
    obj: CliContext, *, dossier: str, author: str, text: str, meta: dict[str, Any]
) -> None:
    """Record a comment received on the public notice.

    \b
    Example:
      thidua dossier comment HS1 --author "Bạn đọc" "Đồng ý"  # refused: no such dossier
    """
    _step(obj, "RecordComment", meta, dossier=dossier, author=author, text=text)


@group.command("list")
@click.option("--today", type=DATE, help="Count working days up to this day.")
@format_option
@xlsx_option
@click.pass_obj
def list_(obj: CliContext, *, today: date | None, fmt: str, xlsx: Path | None) -> None:
    """The tracker: what each dossier waits on, whom, since when, how late.

    \b
    Example:
      thidua dossier list --today 2021-03-10
    """
    from thidua.domain.service.commendation_loading import dossiers
    from thidua.projections.tracker import tracker

    from .context import utc_now
    from .tables import show

    states = [d.state for d in dossiers(obj.app)]
    rows = tracker(states, today or utc_now().date())
    show(
        rows,
        TRACKER_COLUMNS,
        fmt,
        title=obj.text("dossiers_title"),
        bom=False,
        xlsx=xlsx,
        lang=obj.lang,
        said=lambda rows, words, _: words.cells(
            rows, status="dossier_status", waits_on="waits_on", since="day", due="day"
        ),
    )


TRACKER_COLUMNS = [
    ("dossier", "Dossier"),
    ("items", "Proposals"),
    ("status", "Status"),
    ("since", "Since"),
    ("waits_on", "Waits on"),
    ("working_days", "Working days"),
    ("due", "Due"),
]
DOCUMENT_COLUMNS = [
    ("kind", "Kind"),
    ("title", "Title"),
    ("sha256", "SHA-256"),
    ("attached_on", "Attached"),
]


@group.command("show")
@DOSSIER
@format_option
@click.pass_obj
def show_(obj: CliContext, *, dossier: str, fmt: str) -> None:
    """A dossier's documents, with its state and the minutes' checkpoint.

    \b
    Example:
      thidua dossier show HS-TMTH-2020
    """
    from thidua.domain.service.commendation_loading import dossier as load
    from thidua.office.wording import Wording

    from .tables import show

    state = load(obj.app, dossier).state
    rows = [d.model_dump(mode="json") for d in state.documents]
    words, (kind, _, ref) = Wording(obj.lang), state.minutes.stream.partition(" ")
    title = obj.text(
        "dossier_title",
        dossier=state.code,
        status=words.term("dossier_status", state.status),
        minutes=f"{words.term('stream', kind)} {ref}@{state.minutes.version}",
    )
    said = lambda rows, words, _: words.cells(rows, attached_on="day")  # noqa: E731
    show(rows, DOCUMENT_COLUMNS, fmt, title=title, bom=False, lang=obj.lang, said=said)
