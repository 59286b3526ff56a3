"""Vietnamese alphabetical order (thứ tự chữ cái tiếng Việt).

The alphabet orders the letters with marks as letters of their own: a ă â b c d đ e
ê g h i k l m n o ô ơ p q r s t u ư v x y. The five tone marks come after: words are
compared by their letters first, and only where those are equal by their tones, in
the order unmarked, huyền, sắc, hỏi, ngã, nặng. Python's own `sorted` puts "Đ" after
"Z" and "Ă" after "A" only by accident of code points, which is wrong for both.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
RANK = {letter: n for n, letter in enumerate(ALPHABET)}
# Marks that make a letter of its own, and the letter they make.
LETTER_MARKS = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
# huyền (grave), sắc (acute), hỏi (hook above), ngã (tilde), nặng (dot below)
TONES = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}


def _letters(text: str) -> tuple[list[tuple[int, str]], list[int], list[int]]:
    """Each letter's rank, each letter's tone, and each letter's case."""
    letters: list[tuple[int, str]] = []
    tones: list[int] = []
    cases: list[int] = []
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char):
            if not letters:
                continue
            if char in TONES:
                tones[-1] = TONES[char]
                continue
            _, base = letters[-1]
            if made := LETTER_MARKS.get((base, char)):
                letters[-1] = (RANK[made], made)
            continue
        lower = char.lower()
        if lower == "đ":
            letters.append((RANK["đ"], "đ"))
        elif lower in RANK:
            letters.append((RANK[lower], lower))
        else:
            # Digits, spaces and punctuation before letters, by code point.
            letters.append((-0x110000 + ord(lower), lower))
        tones.append(0)
        cases.append(0 if char == lower else 1)
    return letters, tones, cases


def sort_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """A key that orders text in Vietnamese alphabetical order: letters, then
    tones, then lower case before upper case."""
    letters, tones, cases = _letters(text)
    return tuple(rank for rank, _ in letters), tuple(tones), tuple(cases)


def sorted_vi(items: Iterable[T], key: Callable[[T], str] | None = None) -> list[T]:
    """The items in Vietnamese order of `key(item)` (the item itself by default)."""
    text: Callable[[T], str] = key or str
    return sorted(items, key=lambda item: sort_key(text(item)))
