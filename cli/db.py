"""`thidua db`: set a store up, and give PostgreSQL's writer and reader roles their
rights."""

from __future__ import annotations

import click

from .context import CliContext
from .files import InputFile
from .options import format_option
from .render import render

GRANT_COLUMNS = [
    ("role", "Role"),
    ("table", "Table"),
    ("privileges", "Privileges"),
]


@click.group("db")
def group() -> None:
    """The store itself: create its tables, and grant roles (PostgreSQL)."""


@group.command("init")
@click.option(
    "--authority",
    "board",
    metavar="NAME",
    help="Found the store's key authority, held by this board (with --root-key).",
)
@click.option(
    "--root-key",
    type=InputFile(),
    metavar="KEY_FILE",
    help="The root's Ed25519 private key (from 'thidua keys generate'), which"
    " proves the board holds it; keep it offline.",
)
@click.pass_obj
def init(obj: CliContext, *, board: str | None, root_key: str | None) -> None:
    """Create the store's tables, append-only triggers and read models, and build
    the read models. Run it once as the role that owns the store; running it again
    changes nothing. With --authority and --root-key it also founds the store's key
    authority (SQLite or PostgreSQL, a new store or one in use: no event is
    rewritten); from then on every command must be signed by a registered key
    whose holder has the grant for it.

    \b
    Example:
      thidua --db postgresql://postgres@db:5432/province db init
      thidua --db plain.db -q demo --self-declared
      thidua keys generate board.pem
      thidua --db plain.db db init --authority "Ban TĐKT tỉnh" --root-key board.pem
    """
    if (board is None) != (root_key is None):
        raise click.UsageError("give --authority and --root-key together")
    if board is not None and root_key is not None:
        from thidua.domain.authority_commands import FoundAuthority

        from .authority import found_fields

        fields = found_fields(obj, board, root_key)
        obj.execute(obj.command(FoundAuthority, **fields))
    from thidua.projections.read_models import ReadModels

    # The engine sets the store up, or upgrades it (store/guards.py).
    read_models = ReadModels(obj.app)
    obj._read_models = read_models
    applied = read_models.catch_up()
    head = max((row["head"] for row in read_models.status()), default=0)
    models = len(read_models.by_name)
    click.echo(obj.text("store_ready", models=models, head=head, applied=applied))


@group.command("grant")
@click.option(
    "--writer",
    default="thidua_writer",
    show_default=True,
    help="The operators' role: append events and keep the read models.",
)
@click.option(
    "--reader",
    default="thidua_reader",
    show_default=True,
    help="The auditors' and analysts' role: read only.",
)
@format_option
@click.pass_obj
def grant(obj: CliContext, *, writer: str, reader: str, fmt: str) -> None:
    """Create the writer and reader roles (PostgreSQL, without login) if missing,
    and grant each exactly its rights on this store's schema. Run as the owner,
    after `db init`; people then log in as members of these roles.

    The writer may insert events but never update or delete them, may add and
    delete snapshots, and may update the read models; the reader may only select.

    \b
    Example:
      thidua --db postgresql://postgres@db:5432/province db grant
      psql -c "CREATE ROLE mai LOGIN PASSWORD '…' IN ROLE thidua_writer"
    """
    from thidua.store.roles import grant_roles

    obj.read_models.catch_up()  # every read-model table exists before granting
    grants = grant_roles(obj.app, writer=writer, reader=reader)
    rows = [
        {"role": g.role, "table": g.table, "privileges": g.privileges} for g in grants
    ]
    render(rows, GRANT_COLUMNS, fmt, title="Granted")
