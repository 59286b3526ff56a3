"""Vietnamese text sorts in Vietnamese alphabetical order."""

from __future__ import annotations

import json
import random
import unicodedata
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from thidua.cli import main
from thidua.office.collation import sort_key, sorted_vi

# In the order a Vietnamese dictionary or class list has them, written by hand.
NAMES_IN_ORDER = [
    "An",
    "Ăn",
    "Ân",
    "Âu",
    "Ba",
    "Bà",
    "Bá",
    "Bả",
    "Bã",
    "Bạ",
    "Cao",
    "Cường",
    "Dũng",
    "Đặng",
    "Đỗ Thị Mai",
    "Đức",
    "Em",
    "Ê-đê",
    "Giàng A Sử",
    "Hà",
    "Lê Thị Hà",
    "Lò Văn Tiến",
    "Lưu",
    "Lý",
    "Nguyễn Thị Thu Hà",
    "Nguyễn Văn An",
    "Ong",
    "Ôn",
    "Ơn",
    "Phạm Thị Lan",
    "Uyên",
    "Ưng",
    "Vũ",
    "Yến",
]
UNITS_IN_ORDER = [
    "Sở Kế hoạch và Đầu tư",
    "Sở Ngoại vụ",
    "Sở Nội vụ",
    "Sở Tài chính",
    "Sở Tư pháp",
    "Thanh tra tỉnh",
    "Văn phòng Đoàn ĐBQH và HĐND tỉnh",
    "Văn phòng UBND tỉnh",
]


def test_names_sort_in_vietnamese_alphabetical_order() -> None:
    shuffled = NAMES_IN_ORDER[:]
    random.Random(7).shuffle(shuffled)

    assert sorted_vi(shuffled) == NAMES_IN_ORDER


def test_unit_names_sort_with_d_stroke_after_d_and_o_horn_after_o_circumflex() -> None:
    assert sorted_vi(reversed(UNITS_IN_ORDER)) == UNITS_IN_ORDER


def test_python_alone_gets_it_wrong_which_is_why_there_is_a_key() -> None:
    assert sorted(["Đức", "Em", "Dũng"]) != ["Dũng", "Đức", "Em"]
    assert sorted_vi(["Đức", "Em", "Dũng"]) == ["Dũng", "Đức", "Em"]


@given(st.lists(st.sampled_from(NAMES_IN_ORDER + UNITS_IN_ORDER)))
def test_decomposed_text_sorts_as_composed(names: list[str]) -> None:
    decomposed = [unicodedata.normalize("NFD", name) for name in names]

    assert [sort_key(n) for n in decomposed] == [sort_key(n) for n in names]


def test_tables_list_units_in_vietnamese_order(tmp_path: Path) -> None:
    db = str(tmp_path / "demo.db")
    assert CliRunner().invoke(main, ["--db", db, "-q", "demo"]).exit_code == 0

    taking_part = CliRunner().invoke(
        main, ["--db", db, "participation", "TMTH/2021", "--format", "json"]
    )
    unranked = CliRunner().invoke(
        main, ["--db", db, "standings", "TMTH/2021", "--format", "json"]
    )

    assert [r["unit_name"] for r in json.loads(taking_part.stdout)] == UNITS_IN_ORDER
    assert [r["unit_name"] for r in json.loads(unranked.stdout)] == UNITS_IN_ORDER
