"""The web door writes nothing for anyone who may not: no session, no grant, another
unit, a forged form; names are escaped, sessions are fresh, guessing is slowed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from thidua.web.app import create_app

from webstores import PASSWORD, SCRIPT, events, form_token, sign_in

COVENANT = "/units/TMTH/2022/SNV/covenant"
SIGNED = {"signatory": "Phạm Thị Lan", "signed_on": "2022-01-14"}


def test_a_write_without_a_session_is_refused_and_records_nothing(
    client: TestClient,
) -> None:
    before = events(client)
    token = form_token(client.get("/login").text)

    answer = client.post(
        COVENANT, data={"form_token": token, **SIGNED}, follow_redirects=False
    )

    assert answer.status_code == 303
    assert answer.headers["location"] == "/login"
    assert events(client) == before


def test_an_account_without_a_unit_grant_cannot_write(client: TestClient) -> None:
    sign_in(client, "Trần Văn Kiểm")
    before = events(client)
    token = form_token(client.get("/me").text)

    answer = client.post(COVENANT, data={"form_token": token, **SIGNED})

    assert answer.status_code == 403
    assert "role:" in answer.text
    assert events(client) == before


def test_a_representative_cannot_act_for_another_unit(client: TestClient) -> None:
    sign_in(client, "Lê Minh Tuấn")  # VPUBND's representative
    before = events(client)
    token = form_token(client.get("/me").text)

    signed = client.post(COVENANT, data={"form_token": token, **SIGNED})
    scored = client.post(
        "/units/TMTH/2021/SNV/scores", data={"form_token": token, "points_A1": "20"}
    )
    page = client.get("/units/TMTH/2021/SNV")
    proof = client.get("/units/TMTH/2021/SNV/proof.json")

    assert [signed.status_code, scored.status_code] == [403, 403]
    assert [page.status_code, proof.status_code] == [403, 403]
    assert events(client) == before


def test_a_form_without_this_browsers_token_is_refused(
    client: TestClient, store: str
) -> None:
    sign_in(client, "Phạm Thị Lan")
    before = events(client)
    other = TestClient(create_app(store), base_url="https://testserver")
    with other:
        sign_in(other, "Phạm Thị Lan")
        theirs = form_token(other.get("/me").text)

    missing = client.post(COVENANT, data=SIGNED)
    forged = client.post(COVENANT, data={"form_token": "x" * 40, **SIGNED})
    foreign = client.post(COVENANT, data={"form_token": theirs, **SIGNED})

    for answer in (missing, forged, foreign):
        assert answer.status_code == 403
        assert "csrf:" in answer.text
    assert events(client) == before


def test_unit_and_bloc_names_with_html_and_script_are_escaped(
    client: TestClient,
) -> None:
    pages = [client.get(url) for url in ("/", "/blocs/HTML/2022")]

    for page in pages:
        assert page.status_code == 200
        assert SCRIPT not in page.text
        assert "<img src=x" not in page.text
        assert "<b>đậm" not in page.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


def session_of(answer: object) -> str:
    """The session id a sign-in's answer sets."""
    for cookie in answer.headers.get_list("set-cookie"):  # type: ignore[attr-defined]
        name, _, rest = cookie.partition("=")
        if name == "thidua_session":
            return rest.split(";")[0]
    raise AssertionError("no session cookie")


def test_signing_in_gives_a_new_session_id(client: TestClient) -> None:
    client.cookies.set("thidua_session", "chosen-by-an-attacker", "testserver.local")
    first = session_of(sign_in(client, "Phạm Thị Lan"))

    second = session_of(sign_in(client, "Phạm Thị Lan"))
    client.cookies.set("thidua_session", first, "testserver.local")
    with_first = client.get("/me", follow_redirects=False)

    assert first != "chosen-by-an-attacker"
    assert second != first
    assert with_first.status_code == 303  # the session before signing in again ended


def test_cookies_are_http_only_secure_and_same_site(client: TestClient) -> None:
    answer = sign_in(client, "Phạm Thị Lan")

    cookies = answer.headers.get_list("set-cookie")
    assert {cookie.split("=")[0] for cookie in cookies} >= {
        "thidua_session",
        "thidua_nonce",
    }
    for cookie in cookies:
        flags = {part.strip().lower() for part in cookie.split(";")}
        assert {"httponly", "secure"} <= flags
        assert flags & {"samesite=lax", "samesite=strict"}


def test_guessing_a_password_is_slowed_then_allowed_again(
    client: TestClient, clock: object
) -> None:
    wrong = [sign_in(client, "Phạm Thị Lan", f"sai-{n}") for n in range(5)]
    braked = sign_in(client, "Phạm Thị Lan", PASSWORD)
    clock.now += 3  # type: ignore[attr-defined]
    again = sign_in(client, "Phạm Thị Lan", PASSWORD)

    assert [answer.status_code for answer in wrong] == [401] * 5
    assert braked.status_code == 429
    assert again.status_code == 303


def test_guessing_from_one_address_is_slowed_across_accounts(
    client: TestClient,
) -> None:
    for n in range(5):
        sign_in(client, f"Không Có {n}", "sai-mat-khau")

    braked = sign_in(client, "Phạm Thị Lan", PASSWORD)

    assert braked.status_code == 429


def test_a_too_large_upload_is_refused_whatever_its_headers_say(
    client: TestClient,
) -> None:
    sign_in(client, "Phạm Thị Lan")
    before = events(client)

    def body() -> Iterator[bytes]:
        for _ in range(40):
            yield b"x" * 100_000

    answer = client.post(
        "/units/TMTH/2021/SNV/upload",
        content=body(),
        headers={"Content-Type": "multipart/form-data; boundary=b"},
    )

    assert answer.status_code == 413
    assert "input-size" in answer.text
    assert events(client) == before


@pytest.mark.parametrize(
    ("lang", "said"), [("vi", "Không có trang này."), ("en", "There is no such page.")]
)
def test_an_unknown_page_is_said_in_the_visitors_language(
    client: TestClient, lang: str, said: str
) -> None:
    answer = client.get(f"/nowhere?lang={lang}")

    assert answer.status_code == 404
    assert said in answer.text
    assert "Traceback" not in answer.text


def test_pages_allow_only_their_own_scripts_styles_and_frames(
    client: TestClient,
) -> None:
    headers = client.get("/blocs/TMTH/2020").headers

    policy = headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert headers["x-content-type-options"] == "nosniff"
