"""Every number a rulebook sets is bounded, and any text ends in a rulebook or one
refusal: deep nesting and integers of thousands of digits included."""

from __future__ import annotations

import tomllib
import typing
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from thidua.domain.errors import RulebookInvalid
from thidua.domain.rulebook import LARGEST, Rulebook, check_rulebook, parse_rulebook

from support import rulebook_text

# The seed bloc's rulebook, with the default one's titles.
SHIPPED = {
    **tomllib.loads(rulebook_text()),
    "titles": tomllib.loads(rulebook_text("default"))["titles"],
}
SECTIONS = {"rulebook": "rulebook", "scoring": "scoring", "groups": "groups",
            "criteria": "criteria", "adjustments": "adjustments", "motions": "motions",
            "awards": "awards"}  # fmt: skip


def _is_int(annotation: Any) -> bool:
    if annotation is int:
        return True
    return any(_is_int(arg) for arg in typing.get_args(annotation))


def _model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return next(filter(None, map(_model, typing.get_args(annotation))), None)


def integer_settings() -> list[tuple[str, str]]:
    """(section, key) of every integer field of the rulebook's model."""
    found = []
    for section, field in Rulebook.model_fields.items():
        model = _model(field.annotation)
        assert model is not None
        for key, inner in model.model_fields.items():
            if _is_int(inner.annotation) and inner.annotation is not bool:
                found.append((section, key))
    return found


def with_setting(section: str, key: str, value: object) -> dict[str, Any]:
    data = {name: SHIPPED[name] for name in SHIPPED}
    part = data[section]
    if isinstance(part, list):
        data[section] = [{**part[0], key: value}, *part[1:]]
    else:
        data[section] = {**part, key: value}
    return data


def test_the_rulebook_model_has_integer_settings_to_bound() -> None:
    assert len(integer_settings()) >= 9


@pytest.mark.parametrize(("section", "key"), integer_settings())
@pytest.mark.parametrize("value", [LARGEST + 1, 2**63, 2**64 + 1, 10**100])
def test_every_integer_setting_is_bounded(section: str, key: str, value: int) -> None:
    with pytest.raises(ValidationError):
        Rulebook.model_validate(with_setting(section, key, value))


@pytest.mark.parametrize(
    "text",
    [
        rulebook_text() + "\nx = " + "[" * 50_000 + "]" * 50_000 + "\n",
        rulebook_text() + "\nx = " + "{ a = " * 20_000 + "1" + " }" * 20_000 + "\n",
        rulebook_text().replace("min_members = 4", "min_members = " + "9" * 5000),
        rulebook_text().replace("max_rounds = 3", "max_rounds = 99999999999999999999"),
        rulebook_text().replace('quorum = "2/3"', 'quorum = "1/' + "9" * 30 + '"'),
    ],
    ids=["deep arrays", "deep tables", "5000 digits", "beyond 64 bits", "fraction"],
)
def test_a_rulebook_beyond_what_can_be_read_is_one_refusal(text: str) -> None:
    with pytest.raises(RulebookInvalid):
        check_rulebook(text)


def test_a_rulebook_adopted_before_the_bounds_still_loads() -> None:
    text = rulebook_text().replace("max_rounds = 3", "max_rounds = " + str(2**70))

    adopted = parse_rulebook(text)

    assert adopted.motions[0].max_rounds == 2**70
    with pytest.raises(RulebookInvalid):
        check_rulebook(text)
