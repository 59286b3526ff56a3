"""`thidua audit verify` and `audit digest`: the hash chains, the re-derived
decisions, and the digests that the minutes carry."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from .audit import group
from .context import CliContext
from .options import CYCLE, CycleRef, format_option
from .render import paragraph, render, to_json

if TYPE_CHECKING:
    from thidua.domain.auditor.digests import Sealed
    from thidua.domain.auditor.verify import Examination
    from thidua.office.wording import Wording


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
@click.option(
    "--root-key",
    metavar="KEY",
    help="The authority's root public key (or its id) as the auditor holds it:"
    " the chain of delegation must start from it.",
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
    root_key: str | None,
    fmt: str,
) -> None:
    """Check the hash chains of a cycle (and its bloc), or of every stream, and
    re-derive each cycle's decisions from its stored scores and ballots.

    Each event's hash is recomputed from the stored row alone and compared with the
    hash stored and with its successor's link; a held digest proves nothing was
    removed or rewritten since it was taken. Rankings, tallies, award conditions,
    quotas and stages are then recomputed by code separate from the engine's and
    compared with what was recorded, and every stored event is judged again against
    the cycle's rulebook (who acted for whom, membership, criteria and bounds,
    ballots, awards, proceedings, command ids); stored snapshots are compared with
    a fresh fold of their events. Exit code 1 when anything fails.

    \b
    Example:
      thidua audit verify TMTH/2020 --digest TMTH/2020@45:54abbc91c9e497ec
      thidua audit verify --all
      thidua audit checkpoint --out checkpoint-2021-01-25.json
      thidua audit verify --checkpoint checkpoint-2021-01-25.json
    """
    from thidua.domain.auditor.audit import Auditor
    from thidua.domain.auditor.verify import Examination
    from thidua.office.wording import Wording

    from .appenders import show_appenders
    from .checkpoint import checkpoint_findings
    from .identities import identities, say_identities

    if cycle is not None and everything:
        raise click.UsageError("name a cycle BLOC/YEAR or --all, not both")
    if cycle is None and not everything and not digests and not checkpoints:
        raise click.UsageError(
            "name a cycle BLOC/YEAR, --all, a --digest or a --checkpoint"
        )
    from thidua.store.streams import streams_of

    auditor = Auditor(obj.app, streams_of(obj.app))
    examination = Examination()
    if cycle is not None or everything:
        examination = auditor.examine(*(cycle if cycle else (None, None)))
    chains = examination.chains
    findings = auditor.findings(digests)
    anchored = checkpoint_findings(obj, checkpoints)
    discrepancies = [
        {
            "cycle": subject,
            "version": found.version,
            "event": found.event,
            "check": found.check,
            "message": found.message,
            "position": found.position,
            "event_hash": found.event_hash,
        }
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
    words = Wording(obj.lang)
    # Who acted: the chain of delegation (identities.py), for a cycle or --all.
    who = identities(
        obj, auditor, words, cycle, root_key, asked=bool(cycle or everything)
    )
    if fmt == "table":  # JSON and CSV keep the English texts, as they keep codes
        _in_words(words, reports, discrepancies, examination)
    if fmt == "json":
        held = [
            {"digest": f.digest, "holds": f.holds, "finding": f.finding}
            for f in findings
        ]
        click.echo(
            to_json(
                {
                    "streams": reports,
                    "rederived": examination.rederived,
                    "discrepancies": discrepancies,
                    "digests": held,
                    "checkpoints": anchored,
                    "identities": who,
                    "appenders": examination.appenders.rows(),
                }
            )
        )
    else:
        shown = [
            {**row, "head": report.head[:16]}
            for row, report in zip(reports, chains, strict=True)
        ]
        if fmt == "table":
            shown = words.cells(shown, status="chain", subject="stream")
        if cycle is not None or everything:  # not for held digests or checkpoints
            render(shown, VERIFY_COLUMNS, fmt, title="Hash chains (chuỗi băm)")
        if examination.rederived and fmt == "table":
            cycles = ", ".join(examination.rederived)
            paragraph(obj.text("rederived", cycles=cycles, count=len(discrepancies)))
        if discrepancies:
            render(discrepancies, DISCREPANCY_COLUMNS, fmt, title="Disagreements")
        show_appenders(obj, examination.appenders, fmt)
        for finding in findings:
            verdict = words.term("verdict", "holds" if finding.holds else "FAILS")
            paragraph(
                obj.text(
                    "digest_verdict",
                    digest=finding.digest,
                    verdict=verdict,
                    finding=words.say(finding.said),
                )
            )
        for found in anchored:
            paragraph(obj.text("cp_holds" if found["holds"] else "cp_fails", **found))
        say_identities(who, fmt)
    problems = _problems(obj, words, examination)
    problems += who.get("problems", [])
    problems += [words.say(f.said) for f in findings if not f.holds]
    problems += [found["finding"] for found in anchored if not found["holds"]]
    _refuse_if_any(problems)


def _refuse_if_any(problems: list[str]) -> None:
    """Exit 1 naming the first problem, when there is any."""
    from thidua.domain.errors import VerificationFailed

    if problems:
        raise VerificationFailed("verification failed: {problem}", problem=problems[0])


def _in_words(
    words: Wording,
    reports: list[dict[str, Any]],
    discrepancies: list[dict[str, Any]],
    examination: Examination,
) -> None:
    """The chains' problems and the disagreements in the reader's language."""
    for row, report in zip(reports, examination.chains, strict=True):
        row["problems"] = [words.say(said) for said in report.said]
    for row, (_, found) in zip(discrepancies, examination.discrepancies, strict=True):
        row["message"] = words.say(found.said)
        row["event"] = words.term("event", found.event)
        row["check"] = words.term("audit_check", found.check)


def _problems(obj: CliContext, words: Wording, examination: Examination) -> list[str]:
    """Every broken chain and disagreement, said for the one-line refusal: each
    disagreement names its event by version, log position and hash."""
    problems = [
        words.say(said) for report in examination.chains for said in report.said
    ]
    problems += [
        obj.text(
            "disagreement",
            cycle=subject,
            version=found.version,
            event=words.term("event", found.event),
            position=found.position or "–",
            hash=found.event_hash[:16] or "–",
            check=words.term("audit_check", found.check),
            message=words.say(found.said),
        )
        for subject, found in examination.discrepancies
    ]
    return problems


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
    from thidua.domain.auditor.audit import Auditor

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
        from thidua.office.wording import Wording

        words = Wording(obj.lang)
        for row, sealed in zip(rows, found, strict=True):
            row["subject"] = _sealed(obj, words, sealed)
        render(rows, DIGEST_COLUMNS, fmt, title="Digests (mã kiểm tra)")
    else:
        keys = ("subject", "digest", "version", "head", "events")
        render(rows, [(key, key) for key in keys], fmt)


def _sealed(obj: CliContext, words: Wording, sealed: Sealed) -> str:
    """A digest's subject in words: a stream, the whole store, or the seal a
    stage-closing event made."""
    if sealed.digest.subject == "store":
        return words.term("stream", "store")
    if sealed.event:
        event = words.term("event", sealed.event)
        return obj.text("sealed", subject=sealed.digest.subject, event=event)
    return words.term("stream", sealed.subject)  # the keyring's, the authority's
