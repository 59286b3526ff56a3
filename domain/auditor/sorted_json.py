"""Sorted compact JSON, the bytes an event's hash is taken over (integrity.py).

The recipe is `json.dumps(value, sort_keys=True, separators=(",", ":"),
ensure_ascii=False)` in UTF-8. orjson writes the same bytes five to ten times
faster, but only for plain values: it writes NaN and the infinities as `null`, some
floats in another form (`1e-7` for `1e-07`) and refuses integers past 64 bits, and
it serialises types the standard library refuses. So orjson is used only for a
value made of nothing but exact dicts with string keys, lists, strings, integers
within 64 bits, booleans and None, and any error of its own hands the value to the
standard library, which decides (a lone surrogate, nesting past orjson's depth).
tests/unit/test_sorted_json.py compares the two on generated values.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

LOWEST, HIGHEST = -(1 << 63), (1 << 64) - 1  # the integers orjson writes


def _plain(value: Any) -> bool:
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return True
    if kind is int:
        return bool(LOWEST <= value <= HIGHEST)
    if kind is dict:
        return all(type(k) is str and _plain(v) for k, v in value.items())
    if kind is list:
        return all(_plain(item) for item in value)
    return False


def standard(value: Any) -> bytes:
    """The recipe itself, with the standard library."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


def sorted_json(value: Any) -> bytes:
    """The recipe's bytes, by orjson where they are provably the same."""
    try:
        plain = _plain(value)
    except RecursionError:
        plain = False
    if plain:
        try:
            return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
        except orjson.JSONEncodeError:
            pass
    return standard(value)
