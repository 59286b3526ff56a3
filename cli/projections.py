"""`thidua projections`: the read models' positions, and rebuilding them."""

from __future__ import annotations

import click

from .context import CliContext
from .options import format_option
from .render import progress, render, to_json

REBUILD_COLUMNS = [
    ("projection", "Read model"),
    ("table", "Table"),
    ("events", "Events read"),
    ("position", "Position"),
    ("only_live", "Rows only in the old view"),
    ("only_rebuilt", "Rows only in the rebuilt view"),
]
STATUS_COLUMNS = [
    ("projection", "Read model"),
    ("title", "What"),
    ("position", "Position"),
    ("head", "Head of log"),
    ("lag", "Lag (events)"),
    ("caught_up_at", "Caught up at (UTC)"),
    ("error", "Error"),
]
# Every read model, named here so that --help needs none of them loaded; a test
# keeps the list equal to the read models' own (projections/read_models.py).
NAMES = [
    "cycles",
    "standings",
    "votes",
    "awards",
    "participation",
    "audit",
    "statuses",
    "registry",
    "person_awards",
    "decisions",
]


@click.group("projections")
def group() -> None:
    """The read models (projections) behind the queries: status and rebuild."""


@group.command("status")
@format_option
@click.pass_obj
def status(obj: CliContext, *, fmt: str) -> None:
    """Each read model's position in the log, the head of the log, and the lag.

    \b
    Example:
      thidua projections status
    """
    from thidua.office.wording import Wording

    rows = obj.read_models.status()
    if fmt == "table":
        words = Wording(obj.lang)
        rows = [
            {**row, "title": words.term("projection", row["projection"])}
            for row in words.cells(rows, caught_up_at="moment")
        ]
    render(rows, STATUS_COLUMNS, fmt, title="Read models")


@group.command("rebuild")
@click.argument("names", nargs=-1, type=click.Choice(NAMES), metavar="[NAME]...")
@format_option
@click.pass_obj
def rebuild(obj: CliContext, *, names: tuple[str, ...], fmt: str) -> None:
    """Rebuild read models from the log into fresh tables, compare, and swap them in.

    The live tables keep answering until the swap, which happens in one transaction.
    Without NAME every read model is rebuilt.

    \b
    Example:
      thidua projections rebuild standings
    """
    with progress(obj, obj.text("progress_rebuild")) as step:
        reports = obj.read_models.rebuild(*names, progress=step)
    rows = [
        {
            "projection": report.projection,
            "table": difference.table,
            "events": report.events,
            "position": report.position,
            "only_live": difference.only_live,
            "only_rebuilt": difference.only_rebuilt,
        }
        for report in reports
        for difference in report.differences
    ]
    if fmt == "json":
        click.echo(to_json(rows))
        return
    render(rows, REBUILD_COLUMNS, fmt, title="Rebuilt read models")
    if obj.verbosity >= 0:
        changed = [r.projection for r in reports if not r.unchanged]
        click.echo(
            obj.text("rebuilt_differ", names=", ".join(changed))
            if changed
            else obj.text("rebuilt_equal"),
            err=True,
        )


@group.command("follow")
@click.option(
    "--idle",
    type=click.FloatRange(min=0.05),
    default=1.0,
    show_default=True,
    help="Seconds to wait at most between looks when nothing arrives.",
)
@click.pass_obj
def follow(obj: CliContext, *, idle: float) -> None:
    """Keep the read models current as events arrive, until stopped (Ctrl-C, SIGTERM).

    On PostgreSQL the follower sleeps until the database announces an append; on
    SQLite it looks again after a pause that grows while nothing happens. Stopped and
    started again, it resumes where it left off.

    \b
    Example:
      thidua --db postgresql://thidua@db:5432/province projections follow
    """
    import signal
    import threading

    from thidua.projections.follow import follow as run

    stop = threading.Event()

    def on_signal(_number: int, _frame: object) -> None:
        stop.set()

    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, on_signal)
    say = obj.verbosity >= 0
    if say:
        click.echo(obj.text("following", db=obj.shown_db), err=True)
    read_models = obj.read_models
    applied = run(
        read_models,
        stop,
        idle=idle,
        report=(lambda line: click.echo(line, err=True)) if say else (lambda _: None),
        progress=lambda count, total: report_progress(obj, say, count, total),
    )
    if say:
        click.echo(obj.text("follow_stopped", applied=applied), err=True)


def report_progress(obj: CliContext, say: bool, count: int, total: int) -> None:
    """One catch-up of the follower, in the reader's language."""
    if say:
        click.echo(obj.text("followed", count=count, total=total), err=True)
