"""Bad input, systematically: generated command lines and score files, on each store.

Whatever an operator types or whatever file arrives, thidua answers with its output or
one line and exit code 1 (a refusal) or 2 (a usage error): never a traceback, and a
refused command records nothing.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from bad_input import TALLY, events, judge, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stores import demo_store

from support import CRITERIA, UNITS, rulebook_text

LONG = os.environ.get("THIDUA_LONG_PROPERTIES") == "1"
PROFILE = settings(
    max_examples=2000 if LONG else 60,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The demo's store, in which the 2021 cycle is open for scoring."""
    with demo_store(request.param, tmp_path_factory.mktemp("bad-input")) as url:
        yield url


NFD = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
TOKENS = st.sampled_from(
    [
        "TMTH/2021", "TMTH/2020", "tmth/2021", "TMTH/20x1", "TMTH", "/2021", "KT/2021",
        *UNITS, "SYT", "snv", "", " ", NFD, "Đ" * 300, "\x00", "'; DROP TABLE x; --",
        "A1=25", "A1=99", "A1=-1", "A1=2.55", "A1=x", "A1=", "=5", "A1=1e999",
        "A1=NaN", "Z9=5", "B1=9,5", "leading-unit", "merit", "commendation",
        "--format", "json", "xml", "--file", "/nonexistent.csv", "--as", "--role",
        "auditor", "unit:SNV", "--reason", "--command-id", "x", "--help", "-q",
    ]
)  # fmt: skip
COMMANDS = st.sampled_from(
    [
        ["scores", "submit"], ["scores", "adjust"], ["scores", "close"],
        ["covenant", "sign"], ["vote", "open"], ["vote", "cast"], ["vote", "close"],
        ["award", "grant"], ["award", "revoke"], ["cycle", "status"],
        ["cycle", "open"], ["bloc", "add-unit"], ["standings"], ["votes"],
        ["awards"], ["audit", "explain"], ["audit", "replay"], ["nonsense"],
    ]
)  # fmt: skip


REFS = st.sampled_from(["TMTH/2021", "TMTH/2020", "tmth/2021", "TMTH/20x1", "KT/2021"])
UNIT_TOKENS = st.sampled_from([*UNITS, "SYT", "snv", "", NFD])
VALUES = st.sampled_from(["", " ", NFD, "Đ" * 300, "\x00", "x", "-1", "2021-13-45"])
SHAPED = st.one_of(
    st.tuples(REFS, UNIT_TOKENS, st.lists(TOKENS.filter(lambda t: "=" in t))).map(
        lambda t: ["scores", "submit", t[0], t[1], *(t[2] or ["A1=5"])]
    ),
    st.tuples(REFS, UNIT_TOKENS, VALUES, VALUES).map(
        lambda t: ["covenant", "sign", t[0], t[1], "--signatory", t[2], "--date", t[3]]
    ),
    st.tuples(REFS, st.sampled_from(["leading-unit", "merit", "x"]), UNIT_TOKENS).map(
        lambda t: ["vote", "cast", t[0], t[1], "--unit", t[2]]
    ),
    st.tuples(REFS, UNIT_TOKENS, VALUES, VALUES).map(
        lambda t: [
            "award",
            "grant",
            t[0],
            "commendation",
            "--unit",
            t[1],
            "--decision",
            t[2],
            "--date",
            t[3],
        ]
    ),
    st.tuples(REFS, UNIT_TOKENS, st.sampled_from(["initiative", "x", ""]), VALUES).map(
        lambda t: ["scores", "adjust", t[0], t[1], t[2], "1", "--reason", t[3]]
    ),
)
COMMAND_LINES = st.one_of(
    SHAPED,
    st.tuples(COMMANDS, st.lists(TOKENS, max_size=7)).map(lambda t: [*t[0], *t[1]]),
    # Shaped like real ones: a cycle, a unit, then anything.
    st.tuples(COMMANDS, REFS, UNIT_TOKENS, st.lists(TOKENS, max_size=5)).map(
        lambda t: [*t[0], t[1], t[2], *t[3]]
    ),
)


@PROFILE
@given(argv=COMMAND_LINES)
def test_any_command_line_ends_in_output_or_one_line(
    store: str, argv: list[str]
) -> None:
    before = events(store)
    result = run(store, argv)
    judge(store, result, before, "command lines")


ROWS = st.lists(
    st.tuples(
        st.sampled_from([*CRITERIA, "Z9", "", "a1", " A1", "=SUM(A1:A9)", NFD]),
        st.sampled_from(
            ["25", "9.5", "9,5", "-1", "0", "101", "1e9", "", "x", "=1+1", "2.55"]
        ),
    ),
    max_size=10,
)
HEADERS = st.sampled_from(
    ["criterion,points", "criterion,points,note", "points,criterion", "a,b", "", NFD]
)
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1258", "latin-1"])


SHEETS = st.tuples(HEADERS, ROWS, ENCODINGS, st.booleans())


@PROFILE
@given(sheet_parts=SHEETS)
def test_any_score_file_is_taken_whole_or_refused_whole(
    store: str,
    tmp_path_factory: pytest.TempPathFactory,
    sheet_parts: tuple[str, list[tuple[str, str]], str, bool],
) -> None:
    header, rows, encoding, repeat = sheet_parts
    lines = [header, *(f"{criterion},{points}" for criterion, points in rows)]
    if repeat and rows:
        lines.append(lines[-1])  # a duplicated row
    sheet = tmp_path_factory.mktemp("sheet") / "scores.csv"
    sheet.write_bytes("\n".join(lines).encode(encoding, errors="replace"))
    before = events(store)

    result = run(store, ["scores", "submit", "TMTH/2021", "SNV", "--file", str(sheet)])

    judge(store, result, before, "score files")
    assert events(store) in (before, before + 1)  # one sheet, one event, or none


RULEBOOK = rulebook_text().splitlines()
SETTINGS = [n for n, line in enumerate(RULEBOOK) if " = " in line]
BAD_VALUES = st.sampled_from(
    ["-1", "0", "-0.5", '"x"', '""', "[]", "{}", "1e999", "nan", "inf", "true",
     "99999999999999999999", "2019-02-30", "[1, 2]", '["A1", "A1"]', "'Đ'", "=",
     str(2**63), str(2**64 + 1), "9" * 5000, "1" + "0" * 5000 + ".5",
     "[" * 50_000 + "]" * 50_000, "{ a = " * 20_000 + "1" + " }" * 20_000,
     '"a\\u001b[31mb"', '"x\\ny"', '"1/' + "9" * 5000 + '"']
)  # fmt: skip
MUTATIONS = st.one_of(
    st.tuples(st.just("value"), st.sampled_from(SETTINGS), BAD_VALUES),
    st.tuples(st.just("drop"), st.integers(0, len(RULEBOOK) - 1), st.just("")),
    st.tuples(st.just("repeat"), st.integers(0, len(RULEBOOK) - 1), st.just("")),
    st.tuples(st.just("cut"), st.integers(0, len(RULEBOOK) - 1), st.just("")),
    st.tuples(st.just("insert"), st.integers(0, len(RULEBOOK) - 1), TOKENS),
)


def mutate(lines: list[str], mutation: tuple[str, int, str]) -> list[str]:
    kind, at, value = mutation
    if not lines:
        return [value]
    at = min(at, len(lines) - 1)  # an earlier cut may have shortened the file
    if kind == "value":
        key = lines[at].split(" = ", 1)[0]
        return [*lines[:at], f"{key} = {value}", *lines[at + 1 :]]
    if kind == "drop":
        return lines[:at] + lines[at + 1 :]
    if kind == "repeat":
        return [*lines[: at + 1], lines[at], *lines[at + 1 :]]
    if kind == "cut":
        return lines[:at]
    return [*lines[:at], value, *lines[at:]]


@PROFILE
@given(
    mutations=st.lists(MUTATIONS, min_size=1, max_size=4),
    year=st.integers(2022, 2999),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1258"]),
)
def test_any_rulebook_opens_a_cycle_or_is_refused_in_one_line(
    store: str,
    tmp_path_factory: pytest.TempPathFactory,
    mutations: list[tuple[str, int, str]],
    year: int,
    encoding: str,
) -> None:
    lines = RULEBOOK
    for mutation in mutations:
        lines = mutate(lines, mutation)
    rules = tmp_path_factory.mktemp("rules") / "rulebook.toml"
    rules.write_bytes("\n".join(lines).encode(encoding, errors="replace"))
    before = events(store)

    result = run(store, ["cycle", "open", "TMTH", str(year), "--rules", str(rules)])

    judge(store, result, before, "rulebooks")


def test_what_the_generated_input_did(capsys: pytest.CaptureFixture[str]) -> None:
    """Prints the counts of the two tests above (run after them, in file order)."""
    with capsys.disabled():
        for kind, tally in TALLY.items():
            print(
                f"\n  {kind}: {tally['ran']} tried on both stores: {tally['0']} done,"
                f" {tally['1']} refused (exit 1), {tally['2']} usage errors (exit 2)"
            )
    assert TALLY, "the generated-input tests ran first"


def test_an_unreadable_path_is_one_line(store: str, tmp_path: Path) -> None:
    before = events(store)
    result = run(
        store, ["scores", "submit", "TMTH/2021", "SNV", "--file", str(tmp_path)]
    )
    judge(store, result, before, "paths")
    assert result.exit_code in (1, 2)
