"""Message catalogs for `--lang vi|en` (and THIDUA_LANG): texts are looked up by
key in `locales/<lang>.toml`, never chosen by tests on strings in the code."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib.resources import files
from typing import Literal

Lang = Literal["vi", "en"]
LANGS: tuple[Lang, ...] = ("vi", "en")


@cache
def catalog(lang: Lang, section: str) -> dict[str, str]:
    """A section of a language's catalog."""
    text = files("thidua.office").joinpath(f"locales/{lang}.toml").read_text("utf-8")
    found: dict[str, str] = tomllib.loads(text)[section]
    return found


class Texts:
    """`texts["key"]` or `texts("key", **values)` in one language."""

    def __init__(self, lang: Lang, section: str = "document") -> None:
        self.lang = lang
        self.table = catalog(lang, section)

    def __getitem__(self, key: str) -> str:
        return self.table[key]

    def __call__(self, key: str, **values: object) -> str:
        return self.table[key].format(**values)
