"""What a text for people says, apart from the language it is said in.

A phrase is an English template with its fields by name, as a refusal is: a catalog
says the same in another language (the template is the key, as in gettext). Its
fields keep what the words cannot: a recorded code the reader should see in words
(`Term`), a number or a day written as the language writes them, a title that the
rulebook gives in both languages, a list, or another phrase.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Term:
    """A recorded code (a stage, an outcome, an event type) of one kind."""

    kind: str
    code: str

    def english(self) -> str:
        return self.code

    def encode(self) -> dict[str, Any]:
        return {"term": self.kind, "code": self.code}


@dataclass(frozen=True)
class Number:
    """Points, a total or a threshold, as stored (a point before decimals)."""

    text: str

    def english(self) -> str:
        return self.text

    def encode(self) -> dict[str, Any]:
        return {"number": self.text}


@dataclass(frozen=True)
class Day:
    """A day as stored, ISO 8601 (yyyy-mm-dd)."""

    iso: str

    def english(self) -> str:
        return self.iso

    def encode(self) -> dict[str, Any]:
        return {"day": self.iso}


@dataclass(frozen=True)
class Bilingual:
    """A title the rulebook gives in English and in Vietnamese."""

    en: str
    vi: str

    def english(self) -> str:
        return f"{self.en} ({self.vi})"

    def encode(self) -> dict[str, Any]:
        return {"en": self.en, "vi": self.vi}


@dataclass(frozen=True)
class Listing:
    """Several values in a row; `empty` says what stands for none."""

    items: tuple[Value, ...]
    separator: str = ", "
    empty: Term | None = None

    def english(self) -> str:
        if not self.items and self.empty is not None:
            return self.empty.english()
        return self.separator.join(english(item) for item in self.items)

    def encode(self) -> dict[str, Any]:
        return {
            "list": [encode(item) for item in self.items],
            "separator": self.separator,
            "empty": None if self.empty is None else self.empty.encode(),
        }


@dataclass(frozen=True)
class Phrase:
    """An English template and its fields."""

    template: str
    fields: Mapping[str, Value] = field(default_factory=dict)

    def english(self) -> str:
        return self.template.format(**{k: english(v) for k, v in self.fields.items()})

    def to_json(self) -> dict[str, Any]:
        fields = {key: encode(value) for key, value in self.fields.items()}
        return {"template": self.template, "fields": fields}

    def encode(self) -> dict[str, Any]:
        return {"phrase": self.to_json()}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Phrase:
        fields = data.get("fields", {})
        return cls(str(data["template"]), {k: decode(v) for k, v in fields.items()})


Value = str | int | Term | Number | Day | Bilingual | Listing | Phrase


def phrase(template: str, **fields: Value) -> Phrase:
    return Phrase(template, fields)


def listing(
    values: Iterable[Value], separator: str = ", ", *, none: bool = False
) -> Listing:
    """The values as a Listing; with `none`, an empty one says "none"."""
    return Listing(tuple(values), separator, Term("word", "none") if none else None)


def as_field(value: object) -> Value:
    """Any value as a phrase's field: text and numbers as they are, else its text."""
    return value if isinstance(value, str | int) else str(value)


def english(value: Value) -> str:
    if isinstance(value, str | int):
        return str(value)
    return value.english()


def encode(value: Value) -> Any:
    """A value as JSON, tagged with its type (plain text and numbers as they are)."""
    return value if isinstance(value, str | int) else value.encode()


def _listing(data: dict[str, Any]) -> Listing:
    empty = data.get("empty")
    items = tuple(decode(item) for item in data["list"])
    separator = str(data.get("separator", ", "))
    return Listing(items, separator, _term(empty) if empty else None)


def _term(data: dict[str, Any]) -> Term:
    return Term(str(data["term"]), str(data["code"]))


DECODERS: dict[str, Callable[[dict[str, Any]], Value]] = {
    "phrase": lambda data: Phrase.from_json(data["phrase"]),
    "list": _listing,
    "term": _term,
    "number": lambda data: Number(str(data["number"])),
    "day": lambda data: Day(str(data["day"])),
    "en": lambda data: Bilingual(str(data["en"]), str(data["vi"])),
}


def decode(data: Any) -> Value:
    """The value `encode` wrote."""
    if not isinstance(data, dict):
        return data if isinstance(data, str | int) else str(data)
    tag = next(key for key in DECODERS if key in data)
    return DECODERS[tag](data)
