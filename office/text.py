"""Operators' text files, read the one way: UTF-8, a byte-order mark allowed."""

from __future__ import annotations

from pathlib import Path

from thidua.domain.errors import MalformedInput


def read_text(path: str | Path) -> str:
    """A file's text, which must be UTF-8 (a byte-order mark is allowed)."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise MalformedInput(
            f"cannot read {path}: {error.strerror}", value=path
        ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise MalformedInput(
            f"{path} is not UTF-8 text (byte {error.start});"
            " save it as UTF-8 and retry",
            value=path,
        ) from None
