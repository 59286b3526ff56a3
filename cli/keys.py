"""`thidua keys`: Ed25519 keys that sign commands (chữ ký số)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from .context import CliContext
from .files import OutputFile
from .options import command_options, format_option
from .render import render

KEY_COLUMNS = [("key_id", "Key"), ("holder", "Holder"), ("public_key", "Public key")]


@click.group("keys")
def group() -> None:
    """Signing keys: generate a key pair, register its public key, list keys."""


@group.command("generate")
@click.argument("key_file", type=OutputFile(make_folder=True))
def generate(key_file: str) -> None:
    """Write a new Ed25519 private key to KEY_FILE (readable by you only) and print
    its public key, to register with 'thidua keys register'.

    \b
    Example:
      thidua keys generate mai.pem
    """
    from thidua.domain.service.signing import generate as make_pair

    path = Path(key_file)
    if path.exists():
        from thidua.domain.errors import KeyFileExists

        raise KeyFileExists(
            "{key_file} exists; choose another file", key_file=key_file, value=key_file
        )
    pem, public_key = make_pair()
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)
    click.echo(public_key)


@group.command("register")
@click.argument("public_key")
@command_options
@click.pass_obj
def register(obj: CliContext, *, public_key: str, meta: dict[str, Any]) -> None:
    """Register PUBLIC_KEY (64 hex digits) as the key of the actor (--as).

    Signing the registration with the matching private key (--sign) proves the
    actor holds it. On a store with a key authority (the demo's has one) keys
    are registered through it instead: `thidua authority register`.

    \b
    Example:
      thidua keys generate mai.pem
      thidua --db own.db keys register 3b6a27bc… --as "Đỗ Thị Mai" --sign mai.pem
    """
    from thidua.domain.commands import RegisterKey

    obj.execute(obj.command(RegisterKey, public_key=public_key.lower(), **meta))


@group.command("list")
@format_option
@click.pass_obj
def list_(obj: CliContext, *, fmt: str) -> None:
    """List the registered keys and their holders.

    \b
    Example:
      thidua keys list
    """
    rows = [
        {"key_id": key, "holder": holder, "public_key": public}
        for key, (holder, public) in sorted(obj.app.keys().items())
    ]
    if fmt == "table":  # 64 digits fit no terminal whole: JSON and CSV give them
        rows = [{**row, "public_key": row["public_key"][:16] + "…"} for row in rows]
    render(rows, KEY_COLUMNS, fmt, title="Signing keys (khóa ký)")
