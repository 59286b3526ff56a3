"""`thidua audit`: what auditors read — the audit log of a cycle."""

from __future__ import annotations

from datetime import datetime
from typing import Any

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
from .queries import show
from .render import render, to_json

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
    """Auditors' tools (kiểm tra): the audit log, hash chains and digests."""


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


VERIFY_COLUMNS = [
    ("subject", "Stream"),
    ("events", "Events"),
    ("head", "Head hash"),
    ("status", "Chain"),
    ("problems", "Problems"),
]


@group.command("verify")
@click.argument("cycle", metavar="[BLOC/YEAR]", type=CYCLE, required=False)
@click.option("--all", "everything", is_flag=True, help="Every stream in the store.")
@click.option(
    "--digest",
    "digests",
    multiple=True,
    metavar="DIGEST",
    help="A digest from `thidua audit digest` that the store must still extend.",
)
@click.option(
    "--checkpoint",
    "checkpoints",
    multiple=True,
    metavar="FILE",
    help="A checkpoint from `thidua audit checkpoint` (a file, or log@SIZE:ROOT)"
    " that the store must still extend.",
)
@format_option
@click.pass_obj
def verify(
    obj: CliContext,
    *,
    cycle: CycleRef | None,
    everything: bool,
    digests: tuple[str, ...],
    checkpoints: tuple[str, ...],
    fmt: str,
) -> None:
    """Check the hash chains of a cycle (and its bloc), or of every stream, and
    re-derive each cycle's decisions from its stored scores and ballots.

    Each event's hash is recomputed from the stored row alone and compared with the
    hash stored and with its successor's link; a held digest proves nothing was
    removed or rewritten since it was taken. Rankings, tallies, award conditions,
    quotas and stages are then recomputed by code separate from the engine's and
    compared with what was recorded. Exit code 1 when anything fails.

    \b
    Example:
      thidua audit verify TMTH/2020 --digest TMTH/2020@41:38eecca2f4f70fa3
      thidua audit verify --all
      thidua audit verify --checkpoint checkpoint-2021-01-25.json
    """
    from thidua.domain.audit import Auditor, Examination

    from .checkpoint import checkpoint_findings

    if cycle is not None and everything:
        raise click.UsageError("name a cycle BLOC/YEAR or --all, not both")
    if cycle is None and not everything and not digests and not checkpoints:
        raise click.UsageError(
            "name a cycle BLOC/YEAR, --all, a --digest or a --checkpoint"
        )
    auditor = Auditor(obj.app)
    examination = Examination()
    if cycle is not None or everything:
        examination = auditor.examine(*(cycle if cycle else (None, None)))
    chains = examination.chains
    findings = auditor.findings(digests)
    anchored = checkpoint_findings(obj, checkpoints)
    discrepancies = [
        {"cycle": subject, **vars(found)}
        for subject, found in examination.discrepancies
    ]
    reports: list[dict[str, Any]] = [
        {
            "subject": report.subject,
            "stream": report.stream,
            "events": report.events,
            "head": report.head,
            "status": "intact" if report.intact else "BROKEN",
            "problems": report.problems,
        }
        for report in chains
    ]
    if fmt == "json":
        held = [vars(finding) for finding in findings]
        click.echo(
            to_json(
                {
                    "streams": reports,
                    "rederived": examination.rederived,
                    "discrepancies": discrepancies,
                    "digests": held,
                    "checkpoints": anchored,
                }
            )
        )
    else:
        shown = [
            {**row, "head": report.head[:16]}
            for row, report in zip(reports, chains, strict=True)
        ]
        if cycle is not None or everything:  # not for held digests or checkpoints alone
            render(shown, VERIFY_COLUMNS, fmt, title="Hash chains (chuỗi băm)")
        if examination.rederived and fmt == "table":
            cycles = ", ".join(examination.rederived)
            click.echo(
                f"Re-derived rankings, tallies, award conditions, quotas and stages"
                f" of {cycles}: {len(discrepancies)} disagreement(s)."
            )
        if discrepancies:
            render(discrepancies, DISCREPANCY_COLUMNS, fmt, title="Disagreements")
        for finding in findings:
            mark = "holds" if finding.holds else "FAILS"
            click.echo(f"Digest {finding.digest}: {mark}: {finding.finding}")
        for found in anchored:
            click.echo(obj.text("cp_holds" if found["holds"] else "cp_fails", **found))
    problems = [p for report in chains for p in report.problems]
    problems += [
        f"{d['cycle']} version {d['version']} ({d['event']}): {d['check']}:"
        f" {d['message']}"
        for d in discrepancies
    ]
    problems += [f.finding for f in findings if not f.holds]
    problems += [found["finding"] for found in anchored if not found["holds"]]
    if problems:
        from thidua.domain.errors import VerificationFailed

        raise VerificationFailed("verification failed: {problem}", problem=problems[0])


DISCREPANCY_COLUMNS = [
    ("cycle", "Cycle"),
    ("version", "Version"),
    ("event", "Event"),
    ("check", "Check"),
    ("message", "Recorded vs re-derived"),
]

DIGEST_COLUMNS = [
    ("subject", "Stream"),
    ("digest", "Digest for the minutes (biên bản)"),
    ("events", "Events"),
]


@group.command("digest")
@click.argument("cycle", metavar="[BLOC/YEAR]", type=CYCLE, required=False)
@format_option
@click.pass_obj
def digest(obj: CliContext, *, cycle: CycleRef | None, fmt: str) -> None:
    """Print digests to put in the meeting minutes: a cycle's, or every stream's.

    Each digest names a stream, its version and its head hash; the store digest
    covers every stream as of a log position. For a cycle, the seals of its
    stage-closing events (scoring closed, each vote closed, cycle closed) follow.
    `thidua audit verify --digest` later proves the store still extends a digest.

    \b
    Example:
      thidua audit digest TMTH/2020
    """
    from thidua.domain.audit import Auditor

    found = Auditor(obj.app).digests(*(cycle if cycle else (None, None)))
    rows = [
        {
            "subject": sealed.subject,
            "digest": str(sealed.digest),
            "version": sealed.digest.at,
            "head": sealed.digest.hash,
            "events": sealed.events,
        }
        for sealed in found
    ]
    if fmt == "table":
        render(rows, DIGEST_COLUMNS, fmt, title="Digests (mã kiểm tra)")
    else:
        keys = ("subject", "digest", "version", "head", "events")
        render(rows, [(key, key) for key in keys], fmt)


@group.command("replay")
@cycle_argument
@click.option(
    "--as-of", "moment", type=MOMENT, help="A time (ISO 8601; UTC if no offset)."
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
    version: int | None,
    fmt: str,
) -> None:
    """Show a cycle as it stood at a moment or version: stage, standings, votes, awards.

    The cycle is rebuilt from its events up to that point, so what is shown is what
    the operators saw then.

    \b
    Example:
      thidua audit replay TMTH/2020 --as-of 2021-01-25T10:00+07:00
      thidua audit replay TMTH/2020 --version 30
    """
    from thidua.domain.audit import Auditor

    from .cycle import show_status

    if (moment is None) == (version is None):
        raise click.UsageError("give --as-of TIME or --version N")
    auditor = Auditor(obj.app)
    if moment is not None:
        version = auditor.version_at(cycle.bloc, cycle.year, moment)
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
    from thidua.domain.audit import Auditor

    steps = Auditor(obj.app).explain(cycle.bloc, cycle.year, award, recipient)
    title = f"Evidence (căn cứ): {award} to {recipient} in {cycle.bloc}/{cycle.year}"
    render([vars(step) for step in steps], EXPLAIN_COLUMNS, fmt, title=title)
