"""`thidua audit checkpoint`, `audit prove` and `audit check-proof`: the log's
Merkle root, fixed in a file anyone can hold, and units' proofs of inclusion."""

from __future__ import annotations

import getpass
import json
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .context import CliContext
from .options import format_option
from .render import lines, render, to_json

if TYPE_CHECKING:
    from thidua.domain.auditor.checkpoint import Checkpoint
    from thidua.domain.auditor.log_tree import LogTree
    from thidua.domain.errors import ThiduaError

OUT = click.Path(dir_okay=False, path_type=Path)


def tree(obj: CliContext) -> LogTree:
    from thidua.domain.auditor.audit import Auditor
    from thidua.domain.auditor.log_tree import LogTree

    return LogTree(Auditor(obj.app))


def read_json(path: str) -> Any:
    """A JSON file; refused in one line if it cannot be read or parsed."""
    from thidua.domain.auditor.checkpoint import CheckpointRefused

    try:
        return json.loads(Path(path).read_bytes().decode("utf-8-sig"))
    except OSError as error:
        raise CheckpointRefused(
            "cannot read {path}: {reason}", path=path, reason=error.strerror
        ) from None
    except ValueError:
        raise CheckpointRefused("{path} is not JSON", path=path) from None


def write_json(path: Path, data: Any) -> None:
    from thidua.domain.auditor.checkpoint import CheckpointRefused

    try:
        path.write_text(to_json(data) + "\n", encoding="utf-8")
    except OSError as error:
        raise CheckpointRefused(
            "cannot write {path}: {reason}", path=str(path), reason=error.strerror
        ) from None


def load_checkpoint(text: str) -> Checkpoint:
    """A checkpoint file, or a checkpoint copied from paper (`log@60:a4f2…`)."""
    from thidua.domain.auditor.checkpoint import Checkpoint

    return Checkpoint.parse(text) or Checkpoint.from_json(read_json(text), text)


def shown(obj: CliContext, error: ThiduaError) -> str:
    from thidua.office.i18n import refusal_text

    return refusal_text(error, obj.lang)


def checkpoint_findings(obj: CliContext, held: tuple[str, ...]) -> list[dict[str, Any]]:
    """For `audit verify --checkpoint`: whether the store extends each one."""
    loaded = [load_checkpoint(text) for text in held]
    found = tree(obj).extends(loaded) if loaded else []
    return [
        {
            "checkpoint": text,
            "short": str(finding.checkpoint),
            "holds": finding.holds,
            "finding": shown(obj, finding.problem)
            if finding.problem
            else obj.text("cp_extends", short=finding.checkpoint, now=finding.events),
        }
        for text, finding in zip(held, found, strict=True)
    ]


def show_checkpoint(obj: CliContext, checkpoint: Checkpoint, fmt: str) -> None:
    row = {"short": str(checkpoint), **checkpoint.to_json()}
    if fmt == "json":
        click.echo(to_json(row))
    elif fmt == "csv":
        render([row], [(key, key) for key in row], fmt)
    else:
        click.echo(obj.text("cp_title", short=checkpoint))
        signed = (
            obj.text("cp_signed", signer=checkpoint.signer, key_id=checkpoint.key_id)
            if checkpoint.signature
            else obj.text("cp_unsigned")
        )
        from thidua.office.wording import Wording

        lines(
            [
                ("Events", checkpoint.tree_size),
                ("Last position", checkpoint.position),
                ("Root", checkpoint.root),
                ("Taken at (UTC)", Wording(obj.lang).moment(checkpoint.taken_at)),
                ("Signature", signed),
            ]
        )


@click.command("checkpoint")
@click.option("--out", type=OUT, help="Write the checkpoint to this JSON file.")
@click.option(
    "--sign",
    "key_file",
    type=click.Path(exists=True, dir_okay=False),
    help="Sign it with this Ed25519 private key (PEM), registered to --as.",
)
@click.option(
    "--as",
    "signer",
    envvar="THIDUA_ACTOR",
    default=getpass.getuser,
    show_default="login name",
    help="Who signs (env THIDUA_ACTOR).",
)
@click.option(
    "--since",
    metavar="FILE",
    help="An earlier checkpoint: the new file then carries the consistency proof"
    " that the log extends it, which anyone can check with `audit check-proof`.",
)
@format_option
@click.pass_obj
def checkpoint(
    obj: CliContext,
    *,
    out: Path | None,
    key_file: str | None,
    signer: str,
    since: str | None,
    fmt: str,
) -> None:
    """Fix the whole log in a checkpoint: its size and Merkle root (RFC 9162), and
    the time; signed with a registered key if given (under a key authority, by a
    holder it granted the auditor's role).

    Keep the file, or copy its short form (log@SIZE:ROOT) onto paper: `thidua
    audit verify --checkpoint` later proves the store still extends it, and
    `thidua audit prove` gives units proofs of their events against it.

    \b
    Example:
      thidua audit checkpoint --out checkpoint.json
      thidua keys generate mai.pem
      thidua authority register mai.pem --holder "Đỗ Thị Mai" --as "Lê Văn Hùng"
      thidua authority grant "Đỗ Thị Mai" auditor --as "Lê Văn Hùng"
      thidua audit checkpoint --out signed.json --sign mai.pem --as "Đỗ Thị Mai"
      thidua audit checkpoint --out checkpoint-2.json --since checkpoint.json
    """
    from thidua.domain.service.signing import Signer

    key = Signer(Path(key_file).read_bytes()) if key_file else None
    signer = unicodedata.normalize("NFC", signer.strip())  # as the keyring holds names
    earlier = load_checkpoint(since) if since else None
    taken, extension = tree(obj).checkpoint(obj.clock(), key, signer, earlier)
    document = taken.to_json()
    if extension is not None:
        document["since"] = extension
    if out is not None:
        write_json(out, document)
    show_checkpoint(obj, taken, fmt)
    if out is not None:
        obj.say(obj.text("cp_wrote", path=out))
