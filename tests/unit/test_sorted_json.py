"""The hash's JSON is the standard library's recipe byte for byte, whichever encoder
writes it, and so is a stored row's: the library's JSON transcoder's bytes
(domain/auditor/sorted_json.py)."""

from __future__ import annotations

from typing import Any

import pytest
from eventsourcing.persistence import JSONTranscoder
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.domain.auditor.sorted_json import (
    _plain,
    compact_json,
    sorted_json,
    standard,
)

# Every code point, lone surrogates included, which neither encoder writes in UTF-8.
TEXT = st.text(st.characters(blacklist_categories=()), max_size=12)
LEAVES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(1 << 64), max_value=(1 << 65))
    | st.floats(allow_nan=True, allow_infinity=True)
    | TEXT
)
VALUES = st.recursive(
    LEAVES,
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.dictionaries(TEXT, inner, max_size=5)
        | st.dictionaries(st.integers() | st.booleans() | st.none(), inner, max_size=3)
    ),
    max_leaves=30,
)


def outcome(encode: Any, value: Any) -> bytes | type[BaseException]:
    try:
        written: bytes = encode(value)
    except Exception as error:  # the kind of failure is what is compared
        return type(error)
    return written


@settings(max_examples=2000)
@given(VALUES)
def test_the_hashed_bytes_are_the_standard_librarys(value: Any) -> None:
    assert outcome(sorted_json, value) == outcome(standard, value)


@pytest.mark.parametrize(
    "value",
    [
        float("nan"),
        float("inf"),
        -float("inf"),
        1e-07,
        1e16,
        -0.0,
        1 << 64,
        -(1 << 63) - 1,
        {"a": [1.5]},
        {1: "x"},
        "\ud800",
        {"\ud800": 1},
        '\x00\x1f\x7f\u2028\u2029"\\',
        {"é": 1, "e": 2, "E": 3, "\U0001f600": 4, "\uffff": 5},
        [
            [
                [
                    [
                        [
                            [
                                [
                                    [
                                        [
                                            [
                                                [
                                                    [
                                                        [
                                                            [
                                                                [
                                                                    [
                                                                        [
                                                                            [
                                                                                [
                                                                                    [
                                                                                        [
                                                                                            [
                                                                                                [
                                                                                                    [
                                                                                                        [
                                                                                                            [
                                                                                                                [
                                                                                                                    [
                                                                                                                        [
                                                                                                                            [
                                                                                                                                [
                                                                                                                                    [
                                                                                                                                        [
                                                                                                                                            [
                                                                                                                                                [
                                                                                                                                                    [
                                                                                                                                                        [
                                                                                                                                                            [
                                                                                                                                                                [
                                                                                                                                                                    []
                                                                                                                                                                ]
                                                                                                                                                            ]
                                                                                                                                                        ]
                                                                                                                                                    ]
                                                                                                                                                ]
                                                                                                                                            ]
                                                                                                                                        ]
                                                                                                                                    ]
                                                                                                                                ]
                                                                                                                            ]
                                                                                                                        ]
                                                                                                                    ]
                                                                                                                ]
                                                                                                            ]
                                                                                                        ]
                                                                                                    ]
                                                                                                ]
                                                                                            ]
                                                                                        ]
                                                                                    ]
                                                                                ]
                                                                            ]
                                                                        ]
                                                                    ]
                                                                ]
                                                            ]
                                                        ]
                                                    ]
                                                ]
                                            ]
                                        ]
                                    ]
                                ]
                            ]
                        ]
                    ]
                ]
            ]
        ],
    ],
    ids=repr,
)
def test_where_orjson_differs_the_standard_library_writes(value: Any) -> None:
    assert outcome(sorted_json, value) == outcome(standard, value)


def test_every_character_is_escaped_as_the_standard_library_escapes_it() -> None:
    characters = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    assert _plain(characters)

    assert sorted_json({characters: characters}) == standard({characters: characters})


def test_deep_nesting_is_left_to_the_standard_library() -> None:
    deep: Any = []
    for _ in range(300):
        deep = [deep]

    assert outcome(sorted_json, deep) == outcome(standard, deep)


TRANSCODER = JSONTranscoder()


def stored_row(value: Any) -> bytes:
    return compact_json(value, TRANSCODER.encode)


@settings(max_examples=2000)
@given(VALUES)
def test_a_stored_row_is_the_library_transcoders_bytes(value: Any) -> None:
    assert outcome(stored_row, value) == outcome(TRANSCODER.encode, value)


@pytest.mark.parametrize(
    "value",
    [
        float("nan"),
        1e-07,
        1 << 64,
        {1: "x"},
        (1, 2),
        "\ud800",
        {"\ud800": 1},
        '\x00\x1f\x7f\u2028\u2029"\\',
        {"z": 1, "a": 2, "é": 3, "\U0001f600": 4},
    ],
    ids=repr,
)
def test_where_orjson_differs_the_transcoder_writes_the_row(value: Any) -> None:
    assert outcome(stored_row, value) == outcome(TRANSCODER.encode, value)


def test_every_character_is_stored_as_the_transcoder_escapes_it() -> None:
    characters = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)

    assert stored_row({characters: [characters]}) == TRANSCODER.encode(
        {characters: [characters]}
    )


def test_a_row_the_transcoder_must_write_is_left_to_it() -> None:
    from uuid import UUID

    from eventsourcing.persistence import UUIDAsHex

    transcoder = JSONTranscoder()
    transcoder.register(UUIDAsHex())
    value = {"id": UUID(int=7)}

    assert compact_json(value, transcoder.encode) == transcoder.encode(value)
