"""Stores for the web tests: the demo, a 2022 cycle still signing its covenant, a
bloc whose names carry HTML, and one account of each kind.

The demo is recorded without its key authority: these tests are of the web door's
own rules, whose accounts act as declared; what the door's grants are under an
authority is tested in test_rules_of_the_door.py."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from stores import demo_store

from thidua.cli import main

ROOT = Path(__file__).parents[1]
RULES = str(ROOT / "rulebooks" / "lao-cai-tmth.toml")
PASSWORD = "mat-khau-2021!"
ACCOUNTS = {
    "Phạm Thị Lan": ["--role", "representative", "--unit", "SNV", "--bloc", "TMTH"],
    "Lê Minh Tuấn": ["--role", "representative", "--unit", "VPUBND", "--bloc", "TMTH"],
    "Nguyễn Văn Tài": ["--role", "representative", "--unit", "STC", "--bloc", "TMTH"],
    "Đỗ Thị Mai": ["--role", "operator", "--bloc", "TMTH"],
    "Trần Văn Kiểm": ["--role", "auditor"],
}
SIGNER = "Vũ Đức Thắng"
SCRIPT = "<script>alert(1)</script>"
SETUP = [
    ["cycle", "open", "TMTH", "2022", "--rules", RULES, "--on", "2022-01-10"],
    [
        "bloc",
        "create",
        "HTML",
        "--name",
        f"Khối <b>đậm</b>{SCRIPT}",
        "--province",
        "Lào Cai",
        "--on",
        "2021-12-01",
    ],
    *(
        [
            "bloc",
            "add-unit",
            "HTML",
            f"X{n}",
            "--name",
            f"<img src=x onerror=alert({n})>{SCRIPT}",
            "--year",
            "2022",
            "--on",
            "2021-12-01",
        ]
        for n in range(1, 5)
    ),
    ["cycle", "open", "HTML", "2022", "--rules", RULES, "--on", "2022-01-10"],
]


def cli(url: str, *args: str) -> str:
    result = CliRunner().invoke(main, ["--db", url, *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@contextmanager
def web_store(kind: str, folder: Path) -> Iterator[str]:
    with demo_store(kind, folder, "--self-declared") as url:
        for step in SETUP:
            cli(url, "-q", *step)
        secret = folder / "password.txt"
        secret.write_text(PASSWORD + "\n", encoding="utf-8")
        for name, options in ACCOUNTS.items():
            cli(
                url,
                "-q",
                "account",
                "add",
                name,
                *options,
                "--password-file",
                str(secret),
            )
        # An account whose commands are signed with its registered key.
        key = folder / "thang.pem"
        public_key = cli(url, "keys", "generate", str(key)).strip()
        cli(url, "-q", "keys", "register", public_key, "--as", SIGNER,
            "--sign", str(key))  # fmt: skip
        cli(url, "-q", "account", "add", SIGNER, "--role", "representative",
            "--unit", "VPDDBQH", "--bloc", "TMTH", "--key", str(key),
            "--password-file", str(secret))  # fmt: skip
        yield url


def form_token(page: str) -> str:
    found = re.search(r'name="form_token" value="([^"]+)"', page)
    assert found, page
    return found[1]


def sign_in(client: Any, name: str, password: str = PASSWORD) -> Any:
    token = form_token(client.get("/login").text)
    return client.post(
        "/login",
        data={"form_token": token, "name": name, "password": password},
        follow_redirects=False,
    )


def events(client: Any) -> int:
    """How many events the store holds."""
    site: Any = client.app.state.site
    return int(site.app.recorder.max_notification_id() or 0)
