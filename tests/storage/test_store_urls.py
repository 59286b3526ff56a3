"""A store URL whose PostgreSQL schema is no plain name is refused before anything
connects: the library writes the schema into its SQL, quoted in some statements and
not in others."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.cli import main
from thidua.store import StoreUnavailable, storage_env

# Nothing listens on port 1: a URL that passes reaches no server.
NOWHERE = "postgresql://nobody@127.0.0.1:1/khong_co"


@pytest.mark.parametrize(
    "schema",
    ['a"b', "a'b", "a;b", "a b", "", "1abc", "a-b", "x\x00y", "ä" * 40, "a.b"],
)
def test_a_schema_that_is_no_plain_name_is_refused(schema: str) -> None:
    with pytest.raises(StoreUnavailable, match="schema"):
        storage_env(f"{NOWHERE}?schema={quote(schema)}")


def test_a_schema_named_twice_is_refused() -> None:
    with pytest.raises(StoreUnavailable, match="schema"):
        storage_env(f"{NOWHERE}?schema=a&schema=b")


@pytest.mark.parametrize("schema", ["thidua", "Khoi_TMTH", "năm_2021", "_x1"])
def test_a_plain_schema_name_is_taken_as_it_is(schema: str) -> None:
    assert storage_env(f"{NOWHERE}?schema={quote(schema)}")["POSTGRES_SCHEMA"] == schema


# Plain names would wait for the absent server; the tests above take those.
ODD = st.text(max_size=80).filter(lambda s: not re.fullmatch(r"[^\W\d]\w*", s))


@settings(max_examples=40, deadline=None)
@given(schema=ODD)
def test_any_schema_in_the_url_ends_in_one_line(schema: str) -> None:
    url = f"{NOWHERE}?schema={quote(schema)}"

    result = CliRunner().invoke(main, ["--db", url, "standings", "TMTH/2020"])

    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert len(result.stderr.splitlines()) == 1, result.stderr
