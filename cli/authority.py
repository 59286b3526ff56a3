"""`thidua authority`: the store's key authority (docs/integrity.md): admins
delegated by the root, keys registered with their holder's proof, roles granted,
both revoked from a moment on. `thidua db init --authority` founds it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .context import CliContext
from .files import InputFile
from .options import WHEN, command_options, format_option
from .render import paragraph, render

if TYPE_CHECKING:
    from thidua.domain.base import Command
    from thidua.domain.service.signing import Signer

KEY_COLUMNS = [
    ("key", "Key"),
    ("holder", "Holder"),
    ("rank", "Rank"),
    ("since", "Since"),
    ("until", "Until"),
]
GRANT_COLUMNS = [
    ("holder", "Holder"),
    ("role", "Role"),
    ("scope", "Of"),
    ("since", "Since"),
    ("until", "Until"),
]
ROLE = click.Choice(["operator", "unit", "auditor", "analyst"])


@click.group("authority")
def group() -> None:
    """The key authority: delegate admins, register keys, grant and revoke roles."""


def _signer(path: str) -> Signer:
    from thidua.domain.service.signing import Signer

    return Signer(Path(path).read_bytes())


def submit(
    obj: CliContext,
    command_class: type[Command],
    fields: dict[str, Any],
    meta: dict[str, Any],
    new_key: str | None = None,
) -> None:
    """Sign the fact with the --sign key (the endorser) and the new key's proof,
    then record it. The endorsement is the command's signature: the events are
    not signed again."""
    from thidua.domain.service.authorization import authority, signed_fields

    from .demo_authority import certified_demo_key

    endorser, obj.app.signer = obj.app.signer, None
    if endorser is None:  # on the demo's store, the actor's demo key endorses
        endorser = certified_demo_key(obj.app, str(meta["actor"]["name"]))
    if endorser is None:
        raise click.UsageError("sign it with --sign KEY_FILE: the root's or an admin's")
    state = authority(obj.app)
    issued_at = obj.clock()
    signed = signed_fields(
        command_class,
        fields,
        issued_at=issued_at,
        root=state.root if state else "",
        endorser=endorser,
        new_key=_signer(new_key) if new_key else None,
    )
    obj.execute(obj.command(command_class, **signed, **meta, issued_at=issued_at))


def found_fields(obj: CliContext, board: str, root_key: str) -> dict[str, Any]:
    """The founding's fields, its root's proof made now with the root key."""
    from thidua.domain.authority_commands import FoundAuthority
    from thidua.domain.service.authorization import signed_fields

    issued_at = obj.clock()
    fields = {"board": board}
    meta = {"actor": {"name": board}, "issued_at": issued_at}
    signed = signed_fields(
        FoundAuthority, fields, issued_at=issued_at, new_key=_signer(root_key)
    )
    return {**signed, **meta, "command_id": f"found-{signed['public_key'][:16]}"}


@group.command("delegate")
@click.argument("holder_key", type=InputFile(), metavar="KEY_FILE")
@click.option("--holder", required=True, help="Who holds the admin's key.")
@command_options
@click.pass_obj
def delegate(
    obj: CliContext, *, holder_key: str, holder: str, meta: dict[str, Any]
) -> None:
    """Delegate an admin (by the root, --sign the root's key): KEY_FILE is the
    admin's private key, which signs the proof that they hold it.

    \b
    Example:
      thidua keys generate board.pem
      thidua --db board.db db init --authority "Ban TĐKT tỉnh" --root-key board.pem
      thidua keys generate admin.pem
      thidua --db board.db authority delegate admin.pem --holder "Lê Văn Hùng" \\
        --as "Ban TĐKT tỉnh" --sign board.pem
    """
    from thidua.domain.authority_commands import DelegateAdmin

    submit(obj, DelegateAdmin, {"holder": holder}, meta, new_key=holder_key)


@group.command("register")
@click.argument("holder_key", type=InputFile(), metavar="KEY_FILE")
@click.option("--holder", required=True, help="Who holds the key.")
@command_options
@click.pass_obj
def register(
    obj: CliContext, *, holder_key: str, holder: str, meta: dict[str, Any]
) -> None:
    """Register a holder's key (by an admin, --sign the admin's key): KEY_FILE
    is the holder's private key, which signs the proof that they hold it.

    \b
    Example:
      thidua keys generate board.pem
      thidua --db board.db db init --authority "Ban TĐKT tỉnh" --root-key board.pem
      thidua keys generate admin.pem
      thidua --db board.db authority delegate admin.pem --holder "Lê Văn Hùng" \\
        --as "Ban TĐKT tỉnh" --sign board.pem
      thidua keys generate mai.pem
      thidua --db board.db authority register mai.pem --holder "Đỗ Thị Mai" \\
        --as "Lê Văn Hùng" --sign admin.pem
    """
    from thidua.domain.authority_commands import CertifyKey

    submit(obj, CertifyKey, {"holder": holder}, meta, new_key=holder_key)


@group.command("revoke")
@click.argument("key")
@click.option("--from", "revoked_from", type=WHEN, required=True, metavar="DATE|TIME",
              help="From when nothing the key signs counts.")  # fmt: skip
@command_options
@click.pass_obj
def revoke(
    obj: CliContext, *, key: str, revoked_from: Any, meta: dict[str, Any]
) -> None:
    """Revoke KEY (its public key, or its 16-digit id) from a moment on: nothing
    it signs from then counts (an admin's key only by the root).

    \b
    Example:
      thidua keys generate board.pem
      thidua --db board.db db init --authority "Ban TĐKT tỉnh" --root-key board.pem
      thidua keys generate admin.pem
      thidua --db board.db authority delegate admin.pem --holder "Lê Văn Hùng" \\
        --as "Ban TĐKT tỉnh" --sign board.pem
      thidua --db board.db authority revoke 3b6a27bc… --from 2027-01-01 \\
        --as "Ban TĐKT tỉnh" --sign board.pem
    """
    from thidua.domain.authority_commands import RevokeKey
    from thidua.domain.ids import key_id

    key = key.lower()
    if len(key) == 64:
        key = key_id(key)
    fields = {"key": key, "revoked_from": _moment(revoked_from)}
    submit(obj, RevokeKey, fields, meta)


@group.command("grant")
@click.argument("holder")
@click.argument("granted", type=ROLE, metavar="ROLE")
@click.argument("scope", required=False, metavar="[BLOC|UNIT]")
@command_options
@click.pass_obj
def grant(
    obj: CliContext,
    *,
    holder: str,
    granted: str,
    scope: str | None,
    meta: dict[str, Any],
) -> None:
    """Grant HOLDER a ROLE (by an admin): operator of a BLOC, unit (the
    representative) of a UNIT, auditor or analyst.

    On the demo's store the admin (Lê Văn Hùng) signs with the demo's key.

    \b
    Example:
      thidua keys generate lan.pem
      thidua authority register lan.pem --holder "Phạm Thị Lan" --as "Lê Văn Hùng"
      thidua authority grant "Phạm Thị Lan" operator TMTH --as "Lê Văn Hùng"
      thidua cycle open TMTH 2022 --rules rulebooks/lao-cai-tmth.toml \\
        --as "Phạm Thị Lan" --sign lan.pem
      thidua cycle open TMTH 2023 --rules rulebooks/lao-cai-tmth.toml \\
        --as "Phạm Thị Lan"  # refused: unsigned
    """
    from thidua.domain.authority_commands import GrantRole

    fields = {"holder": holder, "role": granted, "scope": scope}
    submit(obj, GrantRole, fields, meta)


@group.command("withdraw")
@click.argument("holder")
@click.argument("granted", type=ROLE, metavar="ROLE")
@click.argument("scope", required=False, metavar="[BLOC|UNIT]")
@click.option("--from", "revoked_from", type=WHEN, required=True, metavar="DATE|TIME",
              help="From when the role no longer holds.")  # fmt: skip
@command_options
@click.pass_obj
def withdraw(
    obj: CliContext,
    *,
    holder: str,
    granted: str,
    scope: str | None,
    revoked_from: Any,
    meta: dict[str, Any],
) -> None:
    """Withdraw a role granted before, from a moment on (by an admin).

    \b
    Example:
      thidua keys generate board.pem
      thidua --db board.db db init --authority "Ban TĐKT tỉnh" --root-key board.pem
      thidua keys generate mai.pem
      thidua --db board.db authority register mai.pem --holder "Đỗ Thị Mai" \\
        --as "Ban TĐKT tỉnh" --sign board.pem
      thidua --db board.db authority grant "Đỗ Thị Mai" auditor \\
        --as "Ban TĐKT tỉnh" --sign board.pem
      thidua --db board.db authority withdraw "Đỗ Thị Mai" auditor --from 2027-01-01 \\
        --as "Ban TĐKT tỉnh" --sign board.pem
    """
    from thidua.domain.authority_commands import WithdrawRole

    fields = {
        "holder": holder,
        "role": granted,
        "scope": scope,
        "revoked_from": _moment(revoked_from),
    }
    submit(obj, WithdrawRole, fields, meta)


def _moment(value: Any) -> datetime:
    """A day means its first moment, in UTC."""
    from datetime import UTC, date, time

    if isinstance(value, datetime):
        return value
    assert isinstance(value, date)
    return datetime.combine(value, time(), tzinfo=UTC)


@group.command("show")
@format_option
@click.pass_obj
def show(obj: CliContext, *, fmt: str) -> None:
    """The authority's board, its keys and the roles it granted.

    \b
    Example:
      thidua keys generate board.pem
      thidua --db board.db db init --authority "Ban TĐKT tỉnh" --root-key board.pem
      thidua --db board.db authority show
    """
    from thidua.domain.service.authorization import authority

    state = authority(obj.app)
    if state is None:
        paragraph(obj.text("authority_none"))
        return
    keys = [
        {"key": key, "holder": k.holder, "rank": k.rank, "since": k.since,
         "until": k.until or ""}
        for key, k in state.keys.items()
    ]  # fmt: skip
    grants = [
        {"holder": g[0], "role": g[1], "scope": g[2] or "", "since": p.since,
         "until": p.until or ""}
        for g, p in state.grants.items()
    ]  # fmt: skip
    render(keys, KEY_COLUMNS, fmt, title="Keys of the authority")
    render(grants, GRANT_COLUMNS, fmt, title="Roles granted")
