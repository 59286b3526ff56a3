"""The minutes of a cycle, as HTML and PDF: what they must show, and a digest that
`audit verify --digest` accepts as printed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pypdf import PdfReader
from stores import demo_store

from thidua.cli import main

UNITS = [
    "Văn phòng UBND tỉnh",
    "Sở Nội vụ",
    "Văn phòng Đoàn ĐBQH và HĐND tỉnh",
    "Sở Kế hoạch và Đầu tư",
    "Sở Tài chính",
    "Sở Tư pháp",
    "Thanh tra tỉnh",
    "Sở Ngoại vụ",
]
DIGEST = re.compile(r"TMTH/2020@\d+:[0-9a-f]{16}")


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def demo(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    with demo_store(request.param, tmp_path_factory.mktemp("minutes")) as url:
        yield url


def thidua(url: str, *args: str) -> Result:
    return CliRunner(env={"THIDUA_DB": url}).invoke(main, list(args))


def flat(text: str) -> str:
    """Text as read off a page: lines joined, spaces collapsed."""
    return " ".join(text.split())


@pytest.fixture(scope="module", params=["vi", "en"])
def minutes(
    request: pytest.FixtureRequest, demo: str, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, str, str]:
    folder = tmp_path_factory.mktemp("out")
    result = thidua(
        demo, "--lang", request.param, "minutes", "TMTH/2020",
        "--html", str(folder / "m.html"), "--pdf", str(folder / "m.pdf"),
        "--chair", "Nguyễn Văn Hùng", "--secretary", "Đỗ Thị Mai",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    pdf = flat("\n".join(p.extract_text() for p in PdfReader(folder / "m.pdf").pages))
    html = (folder / "m.html").read_text("utf-8")
    return request.param, pdf, html


def test_the_pdf_shows_the_digest_every_unit_and_the_vote_counts(
    minutes: tuple[str, str, str],
) -> None:
    lang, pdf, _ = minutes

    assert DIGEST.search(pdf)
    for unit in UNITS:
        assert unit in pdf, unit
    issued = "Số phiếu phát ra: 8; số phiếu thu về: 8" if lang == "vi" else "issued: 8"
    assert issued in pdf
    assert "100%" in pdf  # the winner's share
    assert ("96,5" if lang == "vi" else "96.5") in pdf  # decimals as each writes them
    motto = "Độc lập - Tự do - Hạnh phúc" if lang == "vi" else "Independence"
    assert motto in pdf
    assert ("BIÊN BẢN KIỂM PHIẾU" if lang == "vi" else "BALLOT COUNT") in pdf
    assert "Nguyễn Văn Hùng" in pdf
    assert "Đỗ Thị Mai" in pdf


def test_the_header_names_the_issuing_body_from_the_blocs_settings(
    minutes: tuple[str, str, str],
) -> None:
    lang, pdf, html = minutes

    for text in (pdf, html):
        assert "UBND TỈNH LÀO CAI" in text  # the demo's `bloc configure`
        assert "/BB-KTĐTMTH" in text
        date = "ngày 25 tháng 01 năm 2021" if lang == "vi" else "25/01/2021"
        assert f"Lào Cai, {date}" in text


def test_the_least_number_of_votes_that_carries_is_said(
    minutes: tuple[str, str, str],
) -> None:
    lang, pdf, html = minutes
    said = "Số phiếu cần: ít nhất" if lang == "vi" else "Votes needed: at least"

    assert said in pdf
    assert said in html


def test_each_document_numbers_its_own_pages(minutes: tuple[str, str, str]) -> None:
    lang, pdf, _ = minutes
    page = "Trang" if lang == "vi" else "Page"

    firsts = re.findall(rf"{page} 1/(\d+)", pdf)

    assert len(firsts) == 2  # the meeting minutes, then the tally minutes


def test_the_html_is_an_a4_page_with_the_decrees_margins(
    minutes: tuple[str, str, str],
) -> None:
    _, _, html = minutes

    assert "@page { size: A4; margin: 20mm 15mm 20mm 30mm; }" in html


def test_the_html_and_the_pdf_say_the_same(
    demo: str, minutes: tuple[str, str, str]
) -> None:
    from thidua.office.minutes import Meeting, minutes_of
    from thidua.office.paper import papers
    from thidua.projections.read_models import ReadModels
    from thidua.store import build_app

    lang, pdf, html = minutes
    meeting = Meeting(chair="Nguyễn Văn Hùng", secretary="Đỗ Thị Mai")
    with build_app(demo) as app:
        views = ReadModels(app)
        made = minutes_of(app, views, "TMTH", 2020, lang=lang, meeting=meeting)  # type: ignore[arg-type]
        views.close()

    page = flat(unescape(html))
    for paper in papers(made):
        for block in paper.blocks:
            if block.kind == "table":
                for row in (block.header, *block.rows):
                    for cell in row:
                        assert flat(cell) in page, cell
            else:
                assert flat(block.text) in pdf, block.text
                assert flat(block.text) in page, block.text


def test_an_unfinished_review_gives_only_draft_minutes(
    demo: str, tmp_path: Path
) -> None:
    refused = thidua(demo, "minutes", "TMTH/2021", "--pdf", str(tmp_path / "m.pdf"))
    drafted = thidua(
        demo, "--lang", "vi", "minutes", "TMTH/2021", "--draft",
        "--pdf", str(tmp_path / "d.pdf"),
    )  # fmt: skip

    assert refused.exit_code == 1
    assert "minutes-final" in refused.output
    assert "Traceback" not in refused.output
    assert not (tmp_path / "m.pdf").exists()
    assert drafted.exit_code == 0, drafted.output
    pages = PdfReader(tmp_path / "d.pdf").pages
    assert all("DỰ THẢO" in page.extract_text() for page in pages)


def test_the_html_carries_the_same_digest_and_names(
    minutes: tuple[str, str, str],
) -> None:
    _, pdf, html = minutes
    digest = DIGEST.search(pdf)
    assert digest is not None

    assert digest.group() in html
    for unit in UNITS:
        assert unit in html


def test_audit_verify_accepts_the_digest_as_printed(
    demo: str, minutes: tuple[str, str, str]
) -> None:
    _, pdf, _ = minutes
    printed = DIGEST.search(pdf)
    assert printed is not None

    verified = thidua(demo, "audit", "verify", "--digest", printed.group())

    assert verified.exit_code == 0, verified.output


def test_a_digest_the_store_does_not_extend_fails(demo: str) -> None:
    forged = "TMTH/2020@41:0000000000000000"

    verified = thidua(demo, "audit", "verify", "--digest", forged)

    assert verified.exit_code == 1


def test_minutes_need_a_file_to_write(demo: str) -> None:
    result = thidua(demo, "minutes", "TMTH/2020")

    assert result.exit_code == 2


def test_minutes_carry_the_digest_of_the_state_they_show(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another operator records while the minutes are made: they are made again."""
    from datetime import UTC, datetime
    from decimal import Decimal

    from thidua.domain import commands as c
    from thidua.office import minutes as module
    from thidua.projections.read_models import ReadModels
    from thidua.store import build_app

    # Self-declared: the command below is handed to the engine unsigned.
    with (
        demo_store("sqlite", tmp_path, "--self-declared") as url,
        build_app(url) as app,
    ):
        views = ReadModels(app)
        build = module.build_minutes
        calls = []

        def interrupted(*args: object, **kwargs: object) -> module.Minutes:
            made = build(*args, **kwargs)  # type: ignore[arg-type]
            if not calls:
                app.handle(c.SubmitScores(
                    bloc="TMTH", year=2021, unit="SNV", points={"A1": Decimal(25)},
                    actor={"name": "Đỗ Thị Mai"}, command_id="meanwhile",
                    issued_at=datetime(2021, 12, 1, tzinfo=UTC),
                ))  # fmt: skip
            calls.append(made.digest)
            return made

        monkeypatch.setattr(module, "build_minutes", interrupted)
        made = module.minutes_of(
            app, views, "TMTH", 2021, lang="en", meeting=module.Meeting(draft=True)
        )
        views.close()

        assert len(calls) == 2
        assert calls[0] != calls[1]
        assert made.digest == calls[1]
        assert [
            row["self_points"] for row in made.ranking if row["unit"] == "Sở Nội vụ"
        ] == ["25"]
