"""`thidua serve` (the web door) and `thidua account add` (its accounts)."""

from __future__ import annotations

import contextlib

import click

from .context import CliContext
from .files import InputFile


@click.command("serve")
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on."
)
@click.option(
    "--port", default=8000, show_default=True, type=int, help="Port to listen on."
)
@click.option(
    "--insecure-cookies",
    is_flag=True,
    help="Send cookies over plain HTTP too (only to try it on this machine; behind"
    " a TLS proxy leave it off).",
)
@click.option(
    "--proxy",
    "proxies",
    multiple=True,
    metavar="ADDRESS",
    help="A reverse proxy whose X-Forwarded-For and X-Forwarded-Proto to trust.",
)
@click.pass_obj
def serve(
    obj: CliContext,
    *,
    host: str,
    port: int,
    insecure_cookies: bool,
    proxies: tuple[str, ...],
) -> None:
    """Serve the web pages: public results, and units' and operators' pages for
    those with an account (thidua account add).

    \b
    Example:
      thidua serve --insecure-cookies
    """
    # Ctrl+C is how a server is stopped, even while it starts: uvicorn shuts
    # down, then raises it again.
    with contextlib.suppress(KeyboardInterrupt):
        _serve(obj, host, port, not insecure_cookies, proxies)


def _serve(
    obj: CliContext, host: str, port: int, secure: bool, proxies: tuple[str, ...]
) -> None:
    import uvicorn

    from thidua.office.i18n import Texts
    from thidua.web.app import create_app

    app = create_app(obj.db, secure_cookies=secure)
    obj.say(Texts(obj.lang, "web")("serving", url=f"http://{host}:{port}/"))
    uvicorn.run(
        app,
        host=host,
        port=port,
        proxy_headers=bool(proxies),
        forwarded_allow_ips=list(proxies) or None,
        log_level="warning",
    )


@click.group("account")
def group() -> None:
    """Accounts for the web pages: who may sign in, in which role and scope."""


@group.command("add")
@click.argument("name")
@click.option(
    "--role",
    type=click.Choice(["representative", "operator", "auditor", "analyst"]),
    required=True,
    help="What the account may do.",
)
@click.option("--unit", help="The unit a representative acts for.")
@click.option("--bloc", help="The bloc the account works in.")
@click.option(
    "--key",
    "key_file",
    type=InputFile(),
    help="Sign what the account sends with this Ed25519 private key (PEM), kept on"
    " the server and registered to NAME with 'thidua keys register'.",
)
@click.option(
    "--password-file",
    type=InputFile(),
    help="Read the password from this file's first line (else it is asked for).",
)
@click.pass_obj
def add(
    obj: CliContext,
    *,
    name: str,
    role: str,
    unit: str | None,
    bloc: str | None,
    key_file: str | None,
    password_file: str | None,
) -> None:
    """Add an account (an operator's command), bound to the actor the engine
    records for what it sends: its name, role and unit.

    \b
    Example:
      thidua account add "Phạm Thị Lan" --role representative --unit SNV \\
          --bloc TMTH --password-file snv.pass
    """
    from pathlib import Path

    from thidua.office.i18n import Texts
    from thidua.web.accounts import ROLES, AccountRefused, Accounts

    from . import Refused

    say = Texts(obj.lang, "web")

    if password_file is not None:
        lines = Path(password_file).read_text("utf-8").splitlines()
        password = lines[0] if lines else ""
    else:
        password = click.prompt(
            say["password_prompt"], hide_input=True, confirmation_prompt=True
        )
    chosen = next(r for r in ROLES if r == role)
    try:
        account = Accounts(obj.read_models.db).add(
            name,
            role=chosen,
            password=password,
            unit=unit,
            bloc=bloc,
            key_file=str(Path(key_file).resolve()) if key_file else None,
        )
    except AccountRefused as error:
        raise Refused(error.rule, say(error.key, **error.values), obj.lang) from None
    obj.say(say("account_added", name=account.name, role=say[f"role_{account.role}"]))
