"""`thidua audit prove` and `audit check-proof`: a unit's proof that its events are
in the log a checkpoint fixed, made from the store and checked without it."""

from __future__ import annotations

from pathlib import Path

import click

from .checkpoint import OUT, load_checkpoint, read_json, shown, tree, write_json
from .context import CliContext
from .options import CycleRef, cycle_argument, format_option
from .render import render, to_json


@click.command("prove")
@cycle_argument
@click.argument("unit")
@click.option(
    "--checkpoint",
    "held",
    required=True,
    metavar="FILE",
    help="The checkpoint to prove against (a file from `audit checkpoint`).",
)
@click.option("--out", type=OUT, help="Write the proof here (otherwise to stdout).")
@click.pass_obj
def prove(
    obj: CliContext, *, cycle: CycleRef, unit: str, held: str, out: Path | None
) -> None:
    """Prove that a unit's events of a cycle are in the log a checkpoint fixed.

    The proof holds each event of the cycle by or about the unit (its covenant,
    scores, assessments, ballot, rank, votes it stood in, awards and their
    revocation) up to the checkpoint, with its inclusion path; `thidua audit
    check-proof` checks it anywhere, without the store.

    \b
    Example:
      thidua audit checkpoint --out checkpoint.json
      thidua audit prove TMTH/2020 SNV --checkpoint checkpoint.json --out snv-2020.json
    """
    against = load_checkpoint(held)
    proof = tree(obj).prove(cycle.bloc, cycle.year, unit.upper(), against)
    if out is None:
        click.echo(to_json(proof))
        return
    write_json(out, proof)
    obj.say(
        obj.text(
            "cp_proved",
            path=out,
            events=len(proof["events"]),
            unit=proof["unit"],
            cycle=proof["cycle"],
            short=against,
        )
    )


PROOF_COLUMNS = [
    ("version", "Version"),
    ("event", "Event"),
    ("position", "Position"),
    ("result", "Inclusion"),
]


@click.command("check-proof")
@click.argument("proof_file", metavar="PROOF.json")
@click.option(
    "--checkpoint",
    "held",
    metavar="FILE",
    help="The checkpoint you hold yourself (a file, or log@SIZE:ROOT from paper).",
)
@click.option(
    "--keys",
    "keys_file",
    metavar="FILE",
    help="The registered keys, as `thidua keys list --format json` prints them.",
)
@format_option
@click.pass_obj
def check_proof(
    obj: CliContext,
    *,
    proof_file: str,
    held: str | None,
    keys_file: str | None,
    fmt: str,
) -> None:
    """Check a unit's proof offline: each event's hash and inclusion path, and the
    checkpoint's signature. No store is opened. Exit code 1 when anything fails.

    A checkpoint file taken with --since is checked the same way: its consistency
    proof shows that its log extends the earlier checkpoint (--checkpoint).

    \b
    Example:
      thidua audit checkpoint --out checkpoint.json
      thidua audit prove TMTH/2020 SNV --checkpoint checkpoint.json --out snv-2020.json
      thidua audit check-proof snv-2020.json --checkpoint checkpoint.json
      thidua audit checkpoint --out checkpoint-2.json --since checkpoint.json
      thidua audit check-proof checkpoint-2.json --checkpoint checkpoint.json
    """
    from thidua.domain.auditor.checkpoint import FORMAT
    from thidua.domain.auditor.inclusion import check_extension
    from thidua.domain.auditor.inclusion import check_proof as check
    from thidua.domain.errors import VerificationFailed

    keys = None
    if keys_file is not None:
        listed = read_json(keys_file)
        keys = {
            str(k.get("key_id")): (str(k.get("holder")), str(k.get("public_key")))
            for k in (listed if isinstance(listed, list) else [])
            if isinstance(k, dict)
        }
    mine = load_checkpoint(held) if held else None
    data = read_json(proof_file)
    if isinstance(data, dict) and data.get("format") == FORMAT:
        newer, problems = check_extension(data, proof_file, mine, keys)
        if problems:
            first = shown(obj, problems[0])
            raise VerificationFailed("verification failed: {problem}", problem=first)
        click.echo(obj.text("cp_extension_holds", short=newer, since=data["since"]))
        return
    report = check(data, proof_file, mine, keys)
    ok, failed = obj.text("cp_included"), obj.text("cp_not_included")
    from thidua.office.wording import Wording

    words = Wording(obj.lang)
    rows = [
        {**vars(event), "result": ok if event.problem is None else failed}
        for event in report.events
    ]
    if fmt == "table":
        rows = words.cells(rows, event="event")
    render(rows, PROOF_COLUMNS, fmt, title=f"{report.unit} {report.cycle}")
    if report.problems:
        first = shown(obj, report.problems[0])
        raise VerificationFailed("verification failed: {problem}", problem=first)
    if fmt == "table":
        checkpoint = report.checkpoint
        click.echo(
            obj.text(
                "cp_proof_holds",
                events=len(rows),
                unit=report.unit,
                cycle=report.cycle,
                short=checkpoint,
            )
        )
        if checkpoint.signature and keys is None:
            click.echo(obj.text("cp_compare_key", key_id=checkpoint.key_id))
        elif not checkpoint.signature and mine is None:
            click.echo(obj.text("cp_compare_root", root=checkpoint.root))
