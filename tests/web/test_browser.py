"""In a real browser (Debian's chromium, driven by Playwright) against a real
server: sign in, sign the covenant, a score refused then corrected, the public pages.

Without chromium these skip, unless THIDUA_REQUIRE_BROWSER=1 (CI), where they fail."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from webstores import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [pytest.mark.browser, pytest.mark.slow]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server(store: str) -> Iterator[str]:
    """`thidua serve` in a process of its own, on a free port of 127.0.0.1."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from thidua.cli import main; main()",
            "--db",
            store,
            "-q",
            "serve",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                _, err = process.communicate()
                pytest.fail(f"thidua serve did not start: {err.decode()[-2000:]}")
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        message = (
            f"no browser at {CHROMIUM}: apt-get install -y chromium"
            " (Playwright drives Debian's chromium; it downloads none)"
        )
        if os.environ.get("THIDUA_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message + " (set THIDUA_REQUIRE_BROWSER=1 to make this a failure)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox"]
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 390, "height": 844})  # a phone
    opened = context.new_page()
    opened.set_default_timeout(10_000)
    yield opened
    context.close()


def sign_in(page: Any, server: str, name: str) -> None:
    page.goto(f"{server}/login")
    page.fill("#name", name)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit] >> text=Đăng nhập")
    page.wait_for_url(f"{server}/me")


def test_a_representative_signs_in_and_signs_the_covenant(
    page: Any, server: str
) -> None:
    sign_in(page, server, "Phạm Thị Lan")
    page.click("text=trang của đơn vị tôi >> nth=-1")  # the newest cycle, 2022

    page.fill("#signatory", "Phạm Thị Lan")
    page.fill("#signatory_title", "Giám đốc")
    page.fill("#signed_on", "2022-01-14")
    page.click("#sign")

    assert "Đã ký bởi Phạm Thị Lan" in page.inner_text("#covenant-signed")


def test_a_score_refused_as_typed_and_by_the_engine_is_then_corrected(
    page: Any, server: str
) -> None:
    sign_in(page, server, "Lê Minh Tuấn")
    page.goto(f"{server}/units/TMTH/2021/VPUBND")

    page.fill("#points_A1", "35")  # the browser says so at once, from max="30"
    live = page.locator("#points_A1 ~ p.live").inner_text()
    # A browser that ignores the bounds: the engine refuses, beside the field.
    page.eval_on_selector("#points_A1", "input => input.removeAttribute('max')")
    page.click("#submit-scores")
    refused = page.inner_text("#refusal-A1")
    page.fill("#points_A1", "29")
    page.click("#submit-scores")

    assert live == "points-bounds: tối đa 30 điểm"
    assert refused.startswith("points-bounds")
    assert "Đã ghi nhận." in page.content()
    assert page.input_value("#points_A1") == "29"


def test_the_public_pages_show_standings_charts_votes_awards_and_check(
    page: Any, server: str
) -> None:
    page.goto(server)
    page.click("a[href='/blocs/TMTH/2020']")

    assert page.locator("svg.chart").count() == 3
    assert "Văn phòng UBND tỉnh" in page.inner_text("table")
    short = page.inner_text("code.checkpoint")
    page.click("text=Kết quả bỏ phiếu >> nth=-1")
    assert "vòng 1" in page.content()
    page.click("text=Sổ khen thưởng >> nth=-1")
    assert "Nguyễn Thị Thu Hà" in page.content()
    page.click("header >> text=Kiểm tra mã")
    page.fill("#text", short)
    page.click("text=Kiểm tra >> nth=-1")
    assert page.inner_text("[role=status]").startswith("Khớp")
