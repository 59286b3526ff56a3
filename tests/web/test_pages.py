"""What the pages do for each kind of visitor: the public reads results and checks
codes from paper; a representative signs and scores through the engine, its refusal
beside the field; an operator sees what waits on whom."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

from webstores import SIGNER, cli, events, form_token, sign_in


def refusal_beside(page: str, field: str) -> str:
    found = re.search(rf'id="refusal-{field}">([^<]*)<', page)
    assert found, page
    return found[1]


def test_the_public_standings_are_in_vietnamese_with_charts_and_a_checkpoint(
    client: TestClient,
) -> None:
    page = client.get("/blocs/TMTH/2020").text

    assert "Bảng xếp hạng TMTH/2020" in page
    assert "Văn phòng UBND tỉnh" in page
    assert page.count('<svg class="chart"') == 3
    assert re.search(r'class="checkpoint">log@\d+:[0-9a-f]{16}<', page)


def test_english_is_given_on_request_and_kept_in_a_cookie(client: TestClient) -> None:
    asked = client.get("/blocs/TMTH/2020?lang=en").text
    kept = client.get("/blocs/TMTH/2020/votes").text

    assert "Standings of TMTH/2020" in asked
    assert "Vote results of TMTH/2020" in kept


def test_vote_results_and_the_award_registry_are_public(client: TestClient) -> None:
    votes = client.get("/blocs/TMTH/2020/votes")
    awards = client.get("/blocs/TMTH/2020/awards")

    assert votes.status_code == awards.status_code == 200
    assert "vòng 1" in votes.text
    assert "Nguyễn Thị Thu Hà" in awards.text


def test_a_checkpoint_copied_from_a_page_is_checked_as_holding(
    client: TestClient,
) -> None:
    page = client.get("/").text
    short = re.search(r'class="checkpoint">([^<]+)<', page)
    assert short

    token = form_token(client.get("/check").text)

    answer = client.post("/check", data={"form_token": token, "text": short[1]})

    assert "Khớp —" in answer.text


def test_a_checkpoint_the_log_does_not_extend_is_said_not_to_hold(
    client: TestClient,
) -> None:
    page = client.get("/check").text

    answer = client.post(
        "/check",
        data={"form_token": form_token(page), "text": "log@5:0000000000000000"},
    )

    assert "Không khớp —" in answer.text


def test_a_representative_signs_the_covenant_as_the_recorded_actor(
    client: TestClient,
) -> None:
    sign_in(client, "Phạm Thị Lan")
    page = client.get("/units/TMTH/2022/SNV").text

    answer = client.post(
        "/units/TMTH/2022/SNV/covenant",
        data={
            "form_token": form_token(page),
            "signatory": "Phạm Thị Lan",
            "signatory_title": "Giám đốc",
            "signed_on": "2022-01-14",
        },
    )

    assert 'id="covenant-signed"' in answer.text
    site: Any = client.app.state.site  # type: ignore[attr-defined]
    last = site.read_models.audit_log("TMTH", 2022)[-1]
    assert (last["event"], last["actor"], last["role"], last["actor_unit"]) == (
        "CovenantSigned",
        "Phạm Thị Lan",
        "unit",
        "SNV",
    )
    receipt = client.post(
        "/check",
        data={"form_token": form_token(answer.text), "text": last["command_id"]},
    )
    assert "CovenantSigned" in receipt.text


def test_a_refused_score_is_shown_beside_its_field_and_its_correction_recorded(
    client: TestClient,
) -> None:
    sign_in(client, "Lê Minh Tuấn")
    page = client.get("/units/TMTH/2021/VPUBND").text
    assert 'name="points_A1" type="number"' in page
    assert re.search(r'name="points_A1"[^>]*min="0" max="30" step="0.1"', page)
    before = events(client)

    refused = client.post(
        "/units/TMTH/2021/VPUBND/scores",
        data={"form_token": form_token(page), "points_A1": "35", "points_A2": "19"},
    )
    after_refusal = events(client)
    corrected = client.post(
        "/units/TMTH/2021/VPUBND/scores",
        data={"form_token": form_token(page), "points_A1": "29", "points_A2": "19"},
    )

    assert refused.status_code == 409
    assert refusal_beside(refused.text, "A1").startswith("points-bounds")
    assert 'value="35"' in refused.text  # what was typed stays to be corrected
    assert after_refusal == before
    assert corrected.status_code == 200
    assert "Đã ghi nhận." in corrected.text
    assert events(client) == before + 1


def test_a_value_that_is_not_a_number_is_refused_beside_its_field(
    client: TestClient,
) -> None:
    sign_in(client, "Lê Minh Tuấn")
    page = client.get("/units/TMTH/2021/VPUBND").text

    refused = client.post(
        "/units/TMTH/2021/VPUBND/scores",
        data={"form_token": form_token(page), "points_B1": "chín"},
    )

    assert refused.status_code == 400
    assert refusal_beside(refused.text, "B1").startswith("input")


def test_a_representative_downloads_its_proof_and_the_minutes(
    client: TestClient,
) -> None:
    sign_in(client, "Phạm Thị Lan")

    proof = client.get("/units/TMTH/2020/SNV/proof.json")
    minutes = client.get("/blocs/TMTH/2020/minutes.pdf")

    document = json.loads(proof.text)
    assert (document["unit"], document["cycle"]) == ("SNV", "TMTH/2020")
    assert document["events"]
    assert minutes.content.startswith(b"%PDF")


def test_the_operators_dashboard_shows_what_waits_on_whom(client: TestClient) -> None:
    sign_in(client, "Đỗ Thị Mai")

    page = client.get("/operator").text

    assert "TMTH/2022" in page
    assert "Sở Tài chính (STC)" in page  # has not signed the 2022 covenant
    assert "Chấm điểm" in page  # 2021 is scoring, its sheets incomplete


def test_the_dashboard_is_for_operators_only(client: TestClient) -> None:
    sign_in(client, "Phạm Thị Lan")

    assert client.get("/operator").status_code == 403


def test_a_representative_uploads_its_filled_scoring_workbook(
    client: TestClient, store: str, tmp_path: Path
) -> None:
    import openpyxl

    template = tmp_path / "cham-diem.xlsx"
    cli(store, "template", "scores", "TMTH/2021", "--xlsx", str(template))
    book = openpyxl.load_workbook(template)
    sheet = book.worksheets[0]
    for row in range(4, sheet.max_row + 1):
        if sheet.cell(row, 1).value == "STC":
            sheet.cell(row, 7).value = 8
    book.save(template)
    sign_in(client, "Nguyễn Văn Tài")  # STC's representative
    page = client.get("/units/TMTH/2021/STC").text
    before = events(client)

    answer = client.post(
        "/units/TMTH/2021/STC/upload",
        data={"form_token": form_token(page)},
        files={"sheet": ("cham-diem.xlsx", template.read_bytes())},
    )

    assert "Đã ghi nhận." in answer.text, answer.text
    assert events(client) == before + 1
    assert "Mọi tiêu chí đã có điểm." in answer.text


def test_an_account_with_a_key_signs_what_it_sends(client: TestClient) -> None:
    from thidua.domain.auditor.audit import Auditor
    from thidua.domain.ids import cycle_id

    sign_in(client, SIGNER)
    page = client.get("/units/TMTH/2022/VPDDBQH").text

    answer = client.post(
        "/units/TMTH/2022/VPDDBQH/covenant",
        data={
            "form_token": form_token(page),
            "signatory": SIGNER,
            "signed_on": "2022-01-14",
        },
    )

    assert 'id="covenant-signed"' in answer.text, answer.text

    site: Any = client.app.state.site  # type: ignore[attr-defined]
    last = Auditor(site.app).stream_rows(cycle_id("TMTH", 2022))[-1].document
    assert last["actor"]["name"] == SIGNER
    assert last["signature"]
    assert site.app.signer is None  # the key signed that command only
