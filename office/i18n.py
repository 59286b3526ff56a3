"""Message catalogs for `--lang vi|en` (and THIDUA_LANG): texts are looked up by
key in `locales/<lang>.toml`, never chosen by tests on strings in the code."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from datetime import date, datetime
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any, Literal

from thidua.domain.phrase import Day, Term

if TYPE_CHECKING:
    from thidua.domain.errors import ThiduaError

Lang = Literal["vi", "en"]
LANGS: tuple[Lang, ...] = ("vi", "en")


# Areas that keep their own texts in sections of their own ([authority.messages],
# [authority.terms.event], …), merged into the shared ones: merges stay easy.
AREAS = ("authority",)


@cache
def catalog(lang: Lang, section: str) -> dict[str, str]:
    """A section of a language's catalog, with the areas' texts for it."""
    found: dict[str, str] = _merged(lang, section)
    return found


def _merged(lang: Lang, section: str) -> Any:
    whole = _catalog(lang)
    found: dict[str, Any] = dict(whole.get(section, {}))
    for area in AREAS:
        for key, value in whole.get(area, {}).get(section, {}).items():
            shared = found.get(key)
            found[key] = {**shared, **value} if isinstance(shared, dict) else value
    return found


@cache
def terms(lang: Lang, kind: str) -> dict[str, str]:
    """The words for one kind of recorded code ([terms.<kind>]); none if absent."""
    found: dict[str, str] = _merged(lang, "terms").get(kind, {})
    return found


@cache
def _catalog(lang: Lang) -> dict[str, Any]:
    text = files("thidua.office").joinpath(f"locales/{lang}.toml").read_text("utf-8")
    return tomllib.loads(text)


class Texts:
    """`texts["key"]` or `texts("key", **values)` in one language."""

    def __init__(
        self, lang: Lang, section: str = "document", *, cluster: bool = False
    ) -> None:
        self.lang = lang
        # A cluster (cụm) says some texts its own way: [<section>_cum] over them.
        own = catalog(lang, f"{section}_cum") if cluster else {}
        self.table = {**catalog(lang, section), **own}

    def __getitem__(self, key: str) -> str:
        return self.table[key]

    def __call__(self, key: str, **values: object) -> str:
        # A day is written as the language writes days (25/01/2021 in Vietnamese).
        day = catalog(self.lang, "formats")["day"]
        said = {
            name: value.strftime(day)
            if isinstance(value, date) and not isinstance(value, datetime)
            else value
            for name, value in values.items()
        }
        return self.table[key].format(**said)


def refusal_text(error: ThiduaError, lang: Lang, *, cluster: bool = False) -> str:
    """A refusal's message in the language: its template looked up in the
    catalog's [refusals] (a cluster's in [refusals_cum] first) and filled with
    the same fields; English if absent."""
    if lang == "en":
        return error.message
    key = getattr(error, "template", "")
    own = catalog(lang, "refusals_cum").get(key) if cluster else None
    template = own or catalog(lang, "refusals").get(key)
    if template is None:
        return error.message
    fields = getattr(error, "params", {})
    said = {name: _field(value, lang, cluster) for name, value in fields.items()}
    if isinstance(actor := fields.get("actor"), str):
        said["actor"] = actor_text(actor, lang)
    if isinstance(found := fields.get("validation"), dict):
        # A value the validation refused: its problem said by its kind.
        said["problem"] = input_error_text({**found, "msg": fields["problem"]}, lang)
    text = template.format(**said)
    line = getattr(error, "line", None)
    return (
        catalog(lang, "messages")["at_line"].format(line=line) + text if line else text
    )


def _field(value: object, lang: Lang, cluster: bool) -> object:
    """A refusal's field in the language: a day or a time as the language writes
    it; the English words it fills in (a stage, what was being done) from
    [refusal_fields], each of several joined by " or "; anything else (a code, a
    name, a number) as it is."""
    if isinstance(value, Day):
        value = value.iso
    if (moment := _moment(value, lang)) is not None:
        return moment
    if isinstance(value, Term):
        return terms(lang, value.kind).get(value.code, value.code)
    if not isinstance(value, str):
        return value
    words = catalog(lang, "refusal_fields")
    own = catalog(lang, "refusal_fields_cum") if cluster else {}
    if found := own.get(value) or words.get(value):
        return found
    parts = value.split(" or ")
    if not all(part in own or part in words for part in parts):
        return value
    return f" {words['or']} ".join(own.get(part) or words[part] for part in parts)


# How the domain labels who acts (Actor.label): "Đỗ Thị Mai (unit SNV)".
ACTOR = re.compile(
    r"^(?P<name>.*) \((?P<role>operator|auditor|analyst|unit)( (?P<unit>\S+))?\)$"
)


def actor_text(label: str, lang: Lang) -> str:
    """Who acts, their role in words: "Đỗ Thị Mai (đại diện đơn vị SNV)"."""
    found = ACTOR.match(label)
    if found is None:
        return label
    role = terms(lang, "role").get(found["role"], found["role"])
    unit = f" {found['unit']}" if found["unit"] else ""
    return f"{found['name']} ({role}{unit})"


def _moment(value: object, lang: Lang) -> str | None:
    """A day or a time (or a day as ISO text) as the language writes it."""
    formats = catalog(lang, "formats")
    if isinstance(value, datetime):
        return value.strftime(formats["moment"])
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return None  # as typed: it names no day
    return value.strftime(formats["day"]) if isinstance(value, date) else None


def input_error_text(found: Mapping[str, Any], lang: Lang) -> str:
    """What input validation found wrong in one value (an entry of pydantic's
    `errors()`), in the language: by its kind, with its context's fields."""
    template = catalog(lang, "input_errors").get(str(found.get("type")))
    if lang == "en" or template is None:
        return str(found["msg"])
    try:
        return template.format(**(found.get("ctx") or {}))
    except (KeyError, IndexError):
        return str(found["msg"])
