"""Rulebooks: the shipped ones are valid; a bad one is refused with line and reason."""

from __future__ import annotations

import pytest

from thidua.domain.errors import RulebookInvalid
from thidua.domain.rulebook import parse_rulebook

from support import rulebook_text


@pytest.mark.parametrize("name", ["default", "lao-cai-tmth"])
def test_the_shipped_rulebooks_are_valid(name: str) -> None:
    book = parse_rulebook(rulebook_text(name))

    assert sum(c.max_points for c in book.criteria) == book.scoring.base_max
    assert book.rulebook.legal_basis


def line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        ("max_points = 30", "max_points = 31", "add up to 101"),
        ('group = "A"', 'group = "Z"', "unknown group 'Z'"),
        ("seats = 1 ", 'seats = "one" ', "seats"),
        ('quorum = "2/3"', 'quorum = "3/2"', "between 0 and 1"),
        ('requires_motion = "merit"', 'requires_motion = "nope"', "unknown motion"),
        (
            'stages = ["covenant", "scoring", "review"]',
            'stages = ["scoring", "covenant", "review"]',
            "keep the order",
        ),
    ],
)
def test_a_bad_rulebook_is_refused_with_the_line_and_the_reason(
    old: str, new: str, reason: str
) -> None:
    text = rulebook_text(**{old: new})

    with pytest.raises(RulebookInvalid) as raised:
        parse_rulebook(text)

    assert reason in str(raised.value)
    assert raised.value.line is not None
    assert new.strip() in text.splitlines()[raised.value.line - 1] or old.startswith(
        "max_points"
    )


def test_a_criteria_total_mismatch_points_at_base_max() -> None:
    text = rulebook_text(**{"max_points = 30": "max_points = 31"})

    with pytest.raises(RulebookInvalid) as raised:
        parse_rulebook(text)

    assert raised.value.line == line_of(text, "base_max = 100")


def test_broken_toml_is_refused_with_its_line() -> None:
    text = rulebook_text(**{'title_en = "Targets': 'title_en = "Targets" "'})

    with pytest.raises(RulebookInvalid) as raised:
        parse_rulebook(text)

    assert "not valid TOML" in str(raised.value)
    assert raised.value.line == line_of(text, 'title_en = "Targets"')


def test_a_missing_key_points_at_its_table() -> None:
    text = rulebook_text(**{'kind = "bonus"\n': ""})

    with pytest.raises(RulebookInvalid) as raised:
        parse_rulebook(text)

    assert "adjustments.0.kind" in str(raised.value)
    assert raised.value.line == line_of(text, "[[adjustments]]")


def test_a_rulebook_is_in_force_only_between_its_dates() -> None:
    meta = parse_rulebook(rulebook_text()).rulebook

    assert [meta.in_force(year) for year in (2017, 2018, 2023, 2024)] == [
        False,
        True,
        True,
        False,
    ]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('of = "ldtt"', 'of = "ldtt-x"'),
        ('title = "cstd-co-so"\nat_least = 1', 'title = "cstd-x"\nat_least = 1'),
    ],
    ids=["share", "members"],
)
def test_a_title_counted_by_a_share_or_member_condition_must_be_in_the_book(
    old: str, new: str
) -> None:
    text = rulebook_text("default", **{old: new})

    with pytest.raises(RulebookInvalid, match=r"unknown title .* counted"):
        parse_rulebook(text)
