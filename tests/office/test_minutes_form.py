"""The minutes in the administrative form, from rows shaped as the read models give
them: dates, votes, awards, the assessors' changes, drafts, and the fonts."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from thidua.office.blocks import Paper
from thidua.office.i18n import Texts
from thidua.office.minutes import Meeting, Minutes
from thidua.office.minutes_text import (
    MinutesWording,
    adjustments,
    decision,
    long_date,
    vote,
)
from thidua.office.paper import papers
from thidua.office.pdf import font_files, render_pdf

VI = Texts("vi")
ROUND: dict[str, Any] = {
    "motion": "leading-unit", "motion_title": "Đơn vị dẫn đầu", "round": 1,
    "status": "closed", "secret": True, "eligible": 9, "present": 9,
    "ballots_cast": 9, "spoiled": 1, "quorum": "2/3", "quorum_met": True,
    "threshold": "more-than 1/2 of eligible", "needed": 5, "outcome": "passed",
    "winners": "VPUBND",
    "counts": [
        {"candidate": "VPUBND", "candidate_name": "Văn phòng UBND tỉnh",
         "votes_for": 7, "votes_against": 0},
        {"candidate": "SNV", "candidate_name": "Sở Nội vụ",
         "votes_for": 1, "votes_against": 0},
    ],
}  # fmt: skip
AWARD: dict[str, Any] = {
    "award": "commendation", "award_title": "Giấy khen", "recipient_kind": "individual",
    "unit": "SNGV", "unit_name": "Sở Ngoại vụ", "recipient": "Nguyễn Thị Thu Hà",
    "status": "revoked", "decision": "06/QĐ-SKHĐT", "decided_on": "2021-01-25",
    "authority": "Giám đốc Sở Kế hoạch và Đầu tư", "revocation": "88/QĐ-UBND",
    "revoked_on": "2022-09-01", "revocation_reason": "thành tích không đúng",
}  # fmt: skip


def minutes(**fields: Any) -> Minutes:
    given: dict[str, Any] = {
        "texts": VI, "bloc": "TMTH", "bloc_name": "Khối thi đua Tham mưu tổng hợp",
        "province": "Lào Cai", "year": 2020, "held_on": date(2021, 1, 25),
        "digest": "TMTH/2020@41:0123456789abcdef", "issuing_body": "KHỐI THI ĐUA TMTH",
        "place": "Lào Cai", "document_code": "KTĐTMTH", "members": 9,
        "present": ("Sở Nội vụ", "Văn phòng UBND tỉnh"),
    }  # fmt: skip
    return Minutes(**{**given, **fields})


def texts_of(paper: Paper) -> list[str]:
    return [block.text for block in paper.blocks if block.kind != "table"]


def cells_of(paper: Paper) -> list[tuple[str, ...]]:
    return [
        row for block in paper.blocks if block.kind == "table" for row in block.rows
    ]


def test_dates_are_written_as_the_decree_writes_them() -> None:
    assert long_date(date(2021, 1, 25), VI) == "ngày 25 tháng 01 năm 2021"
    assert long_date(date(2020, 3, 5), VI) == "ngày 05 tháng 3 năm 2020"
    assert long_date(date(2019, 6, 29), VI) == "ngày 29 tháng 6 năm 2019"
    assert long_date(date(2021, 1, 25), Texts("en")) == "25/01/2021"


def test_the_votes_needed_are_the_least_number_that_carries() -> None:
    worded = minutes(votes=(vote(ROUND, MinutesWording(VI, None)),))

    meeting, tally = papers(worded)

    assert any("Số phiếu cần: ít nhất 5." in text for text in texts_of(meeting))
    assert "- Số phiếu cần: ít nhất 5." in texts_of(tally)


def test_the_tally_minutes_count_issued_valid_and_invalid_ballots() -> None:
    worded = minutes(votes=(vote(ROUND, MinutesWording(VI, None)),))

    tally = papers(worded)[1]

    assert "- Số phiếu phát ra: 9; số phiếu thu về: 9." in texts_of(tally)
    assert "- Số phiếu hợp lệ: 8; số phiếu không hợp lệ: 1." in texts_of(tally)
    assert ("Văn phòng UBND tỉnh", "7", "87,5%") in cells_of(tally)
    assert "- Kết quả: được thông qua; trúng: Văn phòng UBND tỉnh." in texts_of(tally)


def test_the_tally_team_is_named_with_its_head_first() -> None:
    meeting = Meeting(tally_team=("Vũ Đức Thắng", "Lý Seo Chảo"))
    worded = minutes(votes=(vote(ROUND, MinutesWording(VI, None)),), meeting=meeting)

    tally = papers(worded)[1]

    assert "1. Vũ Đức Thắng – Trưởng ban" in texts_of(tally)
    assert "2. Lý Seo Chảo – Thành viên" in texts_of(tally)
    assert tally.signers[1].names == ("Vũ Đức Thắng",)
    assert tally.signers[0].names == ("Lý Seo Chảo",)


def test_a_round_that_sends_the_motion_on_says_among_whom() -> None:
    tied = {**ROUND, "outcome": "tie", "winners": "", "runoff": "VPUBND, SNV"}
    worded = minutes(votes=(vote(tied, MinutesWording(VI, None)),))

    meeting, tally = papers(worded)

    further = "bỏ phiếu vòng tiếp theo giữa Văn phòng UBND tỉnh và Sở Nội vụ."
    assert any(further in text for text in texts_of(meeting))
    assert any(further in text for text in texts_of(tally))


def test_a_tally_team_of_one_signs_alone(tmp_path: Path) -> None:
    meeting = Meeting(tally_team=("Vũ Đức Thắng",))
    worded = minutes(votes=(vote(ROUND, MinutesWording(VI, None)),), meeting=meeting)

    render_pdf(worded, tmp_path / "m.pdf")

    tally = PdfReader(tmp_path / "m.pdf").pages[-1].extract_text()
    assert "TRƯỞNG BAN KIỂM PHIẾU" in tally
    assert "CÁC THÀNH VIÊN BAN KIỂM PHIẾU" not in tally
    assert "Số phiếu của từng ứng cử viên" in tally


def test_a_tally_team_not_named_leaves_both_places_to_sign_by_hand() -> None:
    worded = minutes(votes=(vote(ROUND, MinutesWording(VI, None)),))

    tally = papers(worded)[1]

    assert [signer.title for signer in tally.signers] == [
        "CÁC THÀNH VIÊN BAN KIỂM PHIẾU",
        "TRƯỞNG BAN KIỂM PHIẾU",
    ]


def test_no_tally_minutes_when_no_vote_was_counted() -> None:
    still_open = {**ROUND, "status": "open"}

    assert [p.kind for p in papers(minutes())] == ["meeting"]
    worded = minutes(
        votes=(vote(still_open, MinutesWording(VI, None)),), meeting=Meeting(draft=True)
    )
    assert [p.kind for p in papers(worded)] == ["meeting"]


def test_a_revoked_award_shows_its_revoking_decision() -> None:
    row = decision(AWARD, MinutesWording(VI, None))

    assert row["status"] == "đã thu hồi"
    assert row["decision"] == (
        "06/QĐ-SKHĐT ngày 25/01/2021, Giám đốc Sở Kế hoạch và Đầu tư"
    )
    assert row["revocation"] == (
        "thu hồi: 88/QĐ-UBND ngày 01/09/2022 (thành tích không đúng)"
    )


def test_an_individual_is_named_with_their_unit() -> None:
    row = decision(AWARD, MinutesWording(VI, None))

    assert row["recipient"] == "Nguyễn Thị Thu Hà, Sở Ngoại vụ"


def test_the_assessors_changes_are_listed_with_their_reasons() -> None:
    standings = [
        {"unit_name": "Sở Nội vụ", "changes": [
            {"criterion": "B1", "own": "10", "assessed": "9.5", "by": "head",
             "note": "Thiếu minh chứng"},
        ]},
        {"unit_name": "Sở Tài chính", "changes": []},
    ]  # fmt: skip

    meeting = papers(minutes(changes=tuple(adjustments(standings, VI))))[0]

    assert "2. Điều chỉnh điểm khi thẩm định" in texts_of(meeting)
    assert ("Sở Nội vụ", "B1", "10 → 9,5", "Thiếu minh chứng") in cells_of(meeting)


def test_rows_without_changes_show_the_points_the_assessors_changed() -> None:
    standings = [
        {"unit_name": "Sở Nội vụ", "own": '{"A1": "28", "B1": "10"}',
         "assessed": '{"B1": "9.5", "A1": "28"}'},
    ]  # fmt: skip

    found = adjustments(standings, VI)

    assert [(c["criterion"], c["own"], c["assessed"]) for c in found] == [
        ("B1", "10", "9,5")
    ]


def test_without_changes_the_section_is_left_out() -> None:
    meeting = papers(minutes())[0]

    assert not any("Điều chỉnh điểm" in text for text in texts_of(meeting))


def test_the_number_leaves_room_for_the_registry_or_pads_a_small_one() -> None:
    assert (
        papers(minutes())[0].number
        == "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BB-KTĐTMTH"
    )
    numbered = minutes(meeting=Meeting(number="3"))
    assert papers(numbered)[0].number == "Số: 03/BB-KTĐTMTH"


def test_the_meeting_gives_its_times_or_blanks_to_fill_in() -> None:
    from datetime import time

    timed = minutes(
        meeting=Meeting(start=time(8, 0), end=time(11, 30), venue="Hội trường A")
    )

    assert "Thời gian bắt đầu: 08 giờ 00 phút, ngày 25 tháng 01 năm 2021." in texts_of(
        papers(timed)[0]
    )
    assert "Địa điểm: Hội trường A." in texts_of(papers(timed)[0])
    assert "Cuộc họp kết thúc vào hồi 11 giờ 30 phút cùng ngày." in texts_of(
        papers(timed)[0]
    )
    assert "Thời gian bắt đầu: …… giờ …… phút, ngày 25 tháng 01 năm 2021." in texts_of(
        papers(minutes())[0]
    )


def test_a_draft_is_marked_on_every_page(tmp_path: Path) -> None:
    many = tuple(
        {"rank": n, "unit": f"Đơn vị số {n}", "self_points": "90",
         "assessed_points": "", "bonus": "0", "penalty": "0", "total": "90"}
        for n in range(1, 60)
    )  # fmt: skip
    draft = minutes(ranking=many, meeting=Meeting(draft=True))

    pages = render_pdf(draft, tmp_path / "d.pdf")

    read = PdfReader(tmp_path / "d.pdf").pages
    assert pages == len(read) > 1
    assert all("DỰ THẢO" in page.extract_text() for page in read)


def test_a_final_copy_carries_no_draft_mark(tmp_path: Path) -> None:
    render_pdf(minutes(), tmp_path / "m.pdf")

    assert "DỰ THẢO" not in PdfReader(tmp_path / "m.pdf").pages[0].extract_text()


def vietnamese_letters() -> set[str]:
    """Every precomposed Vietnamese letter with a diacritic, lower and upper case."""
    tones = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
    letters = {"đ", "Đ"}
    for vowel in "aăâeêioôơuưy":
        for tone in tones:
            for case in (vowel, vowel.upper()):
                letter = unicodedata.normalize("NFC", case + tone)
                if not letter.isascii():
                    letters.add(letter)
    return letters


@pytest.mark.parametrize("style", ["", "B", "I", "BI"])
def test_every_face_used_has_every_vietnamese_letter(style: str) -> None:
    from fontTools.ttLib import TTFont

    cmap = TTFont(font_files()[style]).getBestCmap()

    missing = sorted(c for c in vietnamese_letters() if ord(c) not in cmap)

    assert len(vietnamese_letters()) == 134
    assert missing == []
