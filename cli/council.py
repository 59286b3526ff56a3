"""`thidua council`: a session of the Emulation and Commendation Council (Hội
đồng Thi đua - Khen thưởng): members, attendance, agenda, ballots, results."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from .context import CliContext
from .dossier import rules_option, rules_text
from .files import OutputFile
from .options import DATE, command_options, format_option

SESSION = click.argument("session")
CHOICES = click.Choice(["yes", "lower", "no"])


@click.group("council")
def group() -> None:
    """The council's sessions: open, attend, add, opinion, count, close, show."""


def _step(obj: CliContext, name: str, meta: dict[str, Any], **fields: Any) -> None:
    from thidua.domain.commendation import commands as k

    obj.execute(obj.command(getattr(k, name), **fields, **meta))


@group.command("open")
@SESSION
@click.option("--date", "held_on", type=DATE, required=True, help="The session's day.")
@click.option(
    "--member",
    "members",
    multiple=True,
    required=True,
    help="A member of the council; repeat for each.",
)
@click.option("--chair", required=True, help="The member who chairs.")
@rules_option
@command_options
@click.pass_obj
def open_(
    obj: CliContext,
    *,
    session: str,
    held_on: date,
    members: tuple[str, ...],
    chair: str,
    rules_path: str | None,
    meta: dict[str, Any],
) -> None:
    """Open a session with the council's members.

    \b
    Example:
      thidua council open HD1 --date 2021-01-25 --member Chiến --member Khánh \
        --chair Chiến
    """
    _step(
        obj,
        "OpenSession",
        meta,
        session=session,
        held_on=held_on,
        members=members,
        chair=chair,
        rules_text=rules_text(rules_path),
    )


@group.command("attend")
@SESSION
@click.option("--present", multiple=True, required=True, help="A member present.")
@command_options
@click.pass_obj
def attend(
    obj: CliContext, *, session: str, present: tuple[str, ...], meta: dict[str, Any]
) -> None:
    """Record the members present (the quorum is counted of all members).

    \b
    Example:
      thidua council attend HD-1 --present "Trịnh Văn Chiến"  # refused: no such session
    """
    _step(obj, "RecordAttendance", meta, session=session, present=present)


@group.command("add")
@SESSION
@click.argument("dossier")
@command_options
@click.pass_obj
def add(obj: CliContext, *, session: str, dossier: str, meta: dict[str, Any]) -> None:
    """Put an appraised dossier on the agenda, once its public notice has ended.

    \b
    Example:
      thidua council add HD-1 HS1  # refused: no such session
    """
    _step(obj, "AddToAgenda", meta, session=session, dossier=dossier)


@group.command("opinion")
@SESSION
@click.argument("dossier")
@click.argument("proposal")
@click.option("--member", required=True, help="The absent member.")
@click.option("--choice", type=CHOICES, required=True, help="yes, lower or no.")
@command_options
@click.pass_obj
def opinion(
    obj: CliContext,
    *,
    session: str,
    dossier: str,
    proposal: str,
    member: str,
    choice: str,
    meta: dict[str, Any],
) -> None:
    """Record an absent member's written opinion on one item.

    \b
    Example:
      thidua council opinion HD1 HS1 P1 --member Hưng --choice yes  # refused: none
    """
    _step(
        obj,
        "RecordOpinion",
        meta,
        session=session,
        dossier=dossier,
        proposal=proposal,
        member=member,
        choice=choice,
    )


@group.command("count")
@SESSION
@click.argument("dossier")
@click.argument("proposal")
@click.option("--yes", type=click.IntRange(0), default=0, help="Papers for the form.")
@click.option(
    "--lower", type=click.IntRange(0), default=0, help="Papers for the lower form only."
)
@click.option("--no", type=click.IntRange(0), default=0, help="Papers against.")
@click.option("--spoiled", type=click.IntRange(0), default=0, help="Spoiled papers.")
@command_options
@click.pass_obj
def count(
    obj: CliContext,
    *,
    session: str,
    dossier: str,
    proposal: str,
    yes: int,
    lower: int,
    no: int,
    spoiled: int,
    meta: dict[str, Any],
) -> None:
    """Count the secret ballot on one item: passed, changed to the lower form, or cut.

    \b
    Example:
      thidua council count HD-1 HS1 P1 --yes 5 --no 1  # refused: no such session
    """
    papers = ["yes"] * yes + ["lower"] * lower + ["no"] * no
    _step(
        obj,
        "CountBallots",
        meta,
        session=session,
        dossier=dossier,
        proposal=proposal,
        papers=papers,
        spoiled=spoiled,
    )


@group.command("close")
@SESSION
@command_options
@click.pass_obj
def close(obj: CliContext, *, session: str, meta: dict[str, Any]) -> None:
    """Close the session once every item is counted.

    \b
    Example:
      thidua council close HD-1  # refused: no such session
    """
    _step(obj, "CloseSession", meta, session=session)


RESULT_COLUMNS = [
    ("dossier", "Dossier"),
    ("proposal", "Proposal"),
    ("recipient", "Recipient"),
    ("proposed", "Proposed"),
    ("result", "Result"),
    ("award", "Award"),
]


@group.command("show")
@SESSION
@format_option
@click.pass_obj
def show_(obj: CliContext, *, session: str, fmt: str) -> None:
    """The session's results, item by item.

    \b
    Example:
      thidua council show HDTDKT-2021-01
    """
    from thidua.domain.service.commendation_loading import session as load

    from .tables import show

    state = load(obj.app, session).state
    rows = []
    for dossier, proposal, result, award in state.results:
        item = state.item(dossier, proposal)
        assert item is not None
        rows.append(
            {
                "dossier": dossier,
                "proposal": proposal,
                "recipient": item.recipient.label(),
                "proposed": item.award,
                "result": result,
                "award": award or "",
            }
        )
    titles = _titles(obj, state)

    def said(rows: Any, words: Any, _: bool) -> list[dict[str, Any]]:
        named = [
            {k: titles.get(v, v) if k in ("proposed", "award") else v
             for k, v in row.items()}
            for row in rows
        ]  # fmt: skip
        cells: list[dict[str, Any]] = words.cells(named, result="council_result")
        return cells

    title = obj.text("session_title", session=state.code, day=state.held_on)
    show(rows, RESULT_COLUMNS, fmt, title=title, bom=False, lang=obj.lang, said=said)


def _titles(obj: CliContext, state: Any) -> dict[str, str]:
    """Each award's title as the rulebook of its item's cycle names it."""
    titles = {}
    for _, item in state.agenda:
        rulebook = obj.app.cycle(item.bloc, item.year).rulebook
        for award in (*rulebook.awards, *rulebook.titles):
            titles[award.code] = award.title_vi if obj.lang == "vi" else award.title_en
    return titles


@group.command("minutes")
@SESSION
@click.option(
    "--pdf",
    "pdf_path",
    type=OutputFile(),
    required=True,
    help="Write the minutes of the session here.",
)
@click.pass_obj
def minutes(obj: CliContext, *, session: str, pdf_path: Path) -> None:
    """The session's minutes (biên bản họp Hội đồng), bound to its checkpoint.

    \b
    Example:
      thidua council minutes HDTDKT-2021-01 --pdf bien-ban-hoi-dong.pdf
    """
    from thidua.domain.service.commendation_loading import session as load
    from thidua.office.decision import session_minutes_pdf

    found = load(obj.app, session)
    pdf = session_minutes_pdf(
        found.state,
        found.head_hash or "",
        found.version,
        obj.lang,
        _titles(obj, found.state),
    )
    pdf_path.write_bytes(pdf)
    obj.say(obj.text("wrote", path=pdf_path))
