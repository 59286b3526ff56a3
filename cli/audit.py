"""`thidua audit`: what auditors read — the audit log of a cycle."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import click

from .context import CliContext
from .options import (
    CYCLE,
    MOMENT,
    CycleRef,
    bom_option,
    cycle_argument,
    format_option,
)
from .render import render
from .tables import show

if TYPE_CHECKING:
    from thidua.office.wording import Wording

# For people, two or three lines a record: the event in words, what happened,
# then the reason and the command id; every column for JSON and CSV.
LOG_COLUMNS = [
    ("version", "#"),
    ("position", "Position"),
    ("occurred_at", "Happened"),
    ("who", "Actor (role)"),
    ("what", "What happened"),
]


@click.group("audit")
def group() -> None:
    """Auditors' tools (kiểm tra): the audit log, hash chains and digests."""


@group.command("log")
@click.argument("cycle", metavar="[BLOC/YEAR]", type=CYCLE, required=False)
@click.option(
    "--holder",
    metavar="CODE",
    help="Instead of a cycle, a registered person's code or a collective's unit"
    " code: the events of its register (titles, transfers, proceedings).",
)
@format_option
@bom_option
@click.pass_obj
def log(
    obj: CliContext, *, cycle: CycleRef | None, holder: str | None, fmt: str, bom: bool
) -> None:
    """Every event of a cycle, or of a person's or a collective's register, in
    order, in plain words, with who, when and why.

    \b
    Example:
      thidua audit log TMTH/2020 --format csv --bom > nhat-ky-2020.csv
      thidua person register P-001 --name "Nguyễn Văn An" --unit SNV \\
          --position "Chuyên viên" --since 2015-03-01
      thidua audit log --holder P-001
    """
    from thidua.office.wording import Wording

    if (cycle is None) == (holder is None):
        raise click.UsageError("give a cycle BLOC/YEAR or --holder CODE")
    if cycle is not None:
        rows = obj.read_models.audit_log(cycle.bloc, cycle.year)
        subject, bloc = f"{cycle.bloc}/{cycle.year}", cycle.bloc
    else:
        assert holder is not None
        rows = obj.read_models.holder_log(holder)
        subject, bloc = holder.strip().upper(), None
    title = obj.text("audit_log_title", cycle=subject)
    if fmt != "table":
        show(rows, [], fmt, title=title, bom=bom, skip=("phrase",))
        return
    kind = obj.read_models.bloc_kind(bloc) if bloc else "khoi"
    words = Wording(obj.lang, bloc_kind=kind)
    people = [_record(obj, words, row) for row in rows]
    render(people, LOG_COLUMNS, fmt, title=title, words=words, optional=("position",))


def _record(obj: CliContext, words: Wording, row: dict[str, Any]) -> dict[str, Any]:
    """One event of the log as people read it, in the --lang language."""
    import json

    from thidua.domain.phrase import Phrase

    role = words.term("role", row["role"])
    who = (
        obj.text("actor_unit", name=row["actor"], role=role, unit=row["actor_unit"])
        if row["actor_unit"]
        else obj.text("actor", name=row["actor"], role=role)
    )
    said = Phrase.from_json(json.loads(row["phrase"])) if row["phrase"] else None
    what = [
        words.term("event", row["event"]),
        words.say(said) if said else row["summary"],
    ]
    if row["reason"]:
        what.append(f"{words.header('Reason (lý do)')}: {row['reason']}")
    if row["recorded_at"] != row["occurred_at"]:
        recorded = words.moment(row["recorded_at"])
        what.append(f"{words.header('Recorded (UTC)')}: {recorded}")
    what.append(f"{words.header('Command id')}: {row['command_id']}")
    return {
        **row,
        "occurred_at": words.moment(row["occurred_at"]),
        "who": who,
        "what": "\n".join(what),
    }


@group.command("replay")
@cycle_argument
@click.option(
    "--as-of", "moment", type=MOMENT, help="A time (ISO 8601; UTC if no offset)."
)
@click.option(
    "--by",
    type=click.Choice(["occurred", "recorded"]),
    default="occurred",
    show_default=True,
    help="Read --as-of as the time facts happened (--on, where given), or as the"
    " time they were recorded.",
)
@click.option(
    "--version", type=click.IntRange(min=1), help="A version of the cycle's stream."
)
@format_option
@click.pass_obj
def replay(
    obj: CliContext,
    *,
    cycle: CycleRef,
    moment: datetime | None,
    by: str,
    version: int | None,
    fmt: str,
) -> None:
    """Show a cycle as it stood at a moment or version: stage, standings, votes, awards.

    The cycle is rebuilt from its events up to that point. By default the moment is
    one of the story: the events whose facts had happened by then (an event without
    a time of its fact happened when it was recorded). With --by recorded it is the
    log's: what the store held then, as the operators saw it.

    \b
    Example:
      thidua audit replay TMTH/2020 --as-of 2021-01-25T08:45+07:00
      thidua audit replay TMTH/2020 --as-of 2021-01-20T15:00+07:00 --by recorded
      thidua audit replay TMTH/2020 --version 30
    """
    from thidua.domain.auditor.audit import Auditor

    from .cycle_status import show_status

    if (moment is None) == (version is None):
        raise click.UsageError("give --as-of TIME or --version N")
    auditor = Auditor(obj.app)
    if moment is not None:
        version = auditor.version_at(
            cycle.bloc,
            cycle.year,
            moment,
            "recorded" if by == "recorded" else "occurred",
        )
    latest = obj.app.cycle(cycle.bloc, cycle.year).version
    if version is None or version > latest:
        raise click.BadParameter(
            f"cycle {cycle.bloc}/{cycle.year} has {latest} events",
            param_hint="--version",
        )
    show_status(obj, cycle, fmt, auditor.replay(cycle.bloc, cycle.year, version))


EXPLAIN_COLUMNS = [
    ("step", "Step"),
    ("finding", "Evidence (căn cứ)"),
    ("version", "Version"),
    ("position", "Position"),
    ("hash", "Hash"),
    ("recorded_at", "Recorded at (UTC)"),
]


@group.command("explain")
@cycle_argument
@click.argument("award")
@click.argument("recipient")
@format_option
@click.pass_obj
def explain(
    obj: CliContext, *, cycle: CycleRef, award: str, recipient: str, fmt: str
) -> None:
    """The chain of evidence for an award: rule, rank, vote, proposal, decision.

    RECIPIENT is a unit code, or the name of a person or sub-unit as recorded. Each
    step names the event it rests on, with its version, position and hash.

    \b
    Example:
      thidua audit explain TMTH/2020 provincial-flag VPUBND
      thidua audit explain TMTH/2020 commendation "Giàng A Sử"
    """
    from thidua.domain.auditor.audit import Auditor
    from thidua.office.wording import Wording

    steps = Auditor(obj.app).explain(cycle.bloc, cycle.year, award, recipient)
    rows = [{key: getattr(step, key) for key, _ in EXPLAIN_COLUMNS} for step in steps]
    if fmt != "table":
        render(rows, EXPLAIN_COLUMNS, fmt)
        return
    words = Wording(obj.lang, bloc_kind=obj.app.bloc(cycle.bloc).kind)
    # The award by its title in the rulebook, as the rule's step names it.
    named = next((s.said.fields.get("award") for s in steps if s.step == "rule"), None)
    title = obj.text(
        "explain_title",
        award=words.say(named) if named is not None else award,
        recipient=recipient,
        cycle=f"{cycle.bloc}/{cycle.year}",
    )
    for row, step in zip(rows, steps, strict=True):
        row["step"] = words.term("step", step.step)
        row["finding"] = words.say(step.said)
        row["recorded_at"] = words.moment(step.recorded_at)
    render(rows, EXPLAIN_COLUMNS, fmt, title=title, words=words, optional=("position",))
