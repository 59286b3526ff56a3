"""On a store with a key authority the web door's grants are the authority's: an
account may write for a unit only once the authority granted its name that role,
and no longer once the grant is withdrawn."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner
from starlette.testclient import TestClient

from thidua.cli import main
from thidua.cli.demo_authority import ADMIN
from thidua.web.app import create_app

from webstores import PASSWORD, sign_in

LAN = "Phạm Thị Lan"
PAGE = "/units/TMTH/2021/SNV"


def cli(store: Path, *args: str) -> None:
    result = CliRunner().invoke(main, ["--db", str(store), "-q", *args])
    assert result.exit_code == 0, result.output


def governed(folder: Path) -> Path:
    """The demo (under its authority) and Lan's account as SNV's representative."""
    store = folder / "demo.db"
    cli(store, "demo")
    secret = folder / "password.txt"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    cli(store, "account", "add", LAN, "--role", "representative", "--unit", "SNV",
        "--bloc", "TMTH", "--password-file", str(secret))  # fmt: skip
    return store


def page_for_lan(store: Path) -> int:
    with TestClient(create_app(str(store)), base_url="https://testserver") as client:
        sign_in(client, LAN)
        return client.get(PAGE).status_code


def test_an_account_the_authority_granted_nothing_may_not_write(tmp_path: Path) -> None:
    store = governed(tmp_path)

    assert page_for_lan(store) == 403


def test_an_account_writes_for_the_unit_the_authority_granted_its_name(
    tmp_path: Path,
) -> None:
    store = governed(tmp_path)
    key = tmp_path / "lan.pem"
    cli(store, "keys", "generate", str(key))
    cli(store, "authority", "register", str(key), "--holder", LAN, "--as", ADMIN)
    cli(store, "authority", "grant", LAN, "unit", "SNV", "--as", ADMIN)
    granted = page_for_lan(store)
    today = datetime.now(UTC).date().isoformat()  # withdrawn from today's start on
    cli(store, "authority", "withdraw", LAN, "unit", "SNV", "--from", today,
        "--as", ADMIN)  # fmt: skip

    assert (granted, page_for_lan(store)) == (200, 403)
