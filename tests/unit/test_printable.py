"""A name or a text with a character of a refused category is refused, whichever way
the check finds it (domain/types.py: a quick `str.isprintable` first)."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from pydantic import TypeAdapter, ValidationError

from thidua.domain.types import UNPRINTABLE, Token

TOKEN: TypeAdapter[str] = TypeAdapter(Token)
REFUSED = [
    chr(c)
    for c in range(sys.maxunicode + 1)
    if unicodedata.category(chr(c)) in UNPRINTABLE
]


def test_every_refused_character_is_unprintable_to_python() -> None:
    assert REFUSED
    assert not [char for char in REFUSED if char.isprintable()]


@pytest.mark.parametrize("char", ["\n", "\x1b", "\u202e", "\u200b", "\u2028", "\ud800"])
def test_a_token_with_a_refused_character_is_refused(char: str) -> None:
    with pytest.raises(ValidationError, match="control character"):
        TOKEN.validate_python(f"Sở{char}Y tế")


def test_a_token_with_a_space_of_another_kind_is_kept() -> None:
    # A no-break space is not printable to Python, yet not refused here.
    assert TOKEN.validate_python("Sở\u00a0Y tế") == "Sở\u00a0Y tế"
