"""`thidua audit`: what auditors read — the audit log of a cycle."""

from __future__ import annotations

import click

from .context import CliContext
from .options import CycleRef, bom_option, cycle_argument, format_option
from .queries import show

LOG_COLUMNS = [
    ("version", "#"),
    ("position", "Position"),
    ("occurred_at", "Time (UTC)"),
    ("event", "Event"),
    ("who", "Actor (role)"),
    ("summary", "What happened"),
    ("reason", "Reason (lý do)"),
    ("command_id", "Command id"),
]


@click.group("audit")
def group() -> None:
    """Auditors' tools (kiểm tra): the audit log of a cycle."""


@group.command("log")
@cycle_argument
@format_option
@bom_option
@click.pass_obj
def log(obj: CliContext, *, cycle: CycleRef, fmt: str, bom: bool) -> None:
    """Every event of a cycle in order, in plain words, with who, when and why.

    \b
    Example:
      thidua audit log TMTH/2020 --format csv --bom > nhat-ky-2020.csv
    """
    rows = obj.read_models.audit_log(cycle.bloc, cycle.year)
    for row in rows:
        unit = f" {row['actor_unit']}" if row["actor_unit"] else ""
        row["who"] = f"{row['actor']} ({row['role']}{unit})"
    title = f"Audit log (nhật ký) {cycle.bloc}/{cycle.year}"
    show(rows, LOG_COLUMNS, fmt, title=title, bom=bom, skip=("who",))
