"""Files named on the command line that cannot be used: one line, nothing done.

Every command that reads a file (--rules, --file, --ballots, import, --sign) and
every one that writes one (--xlsx, --html, --pdf, template, keys generate) is tried
with each kind of unusable path, on each store.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from bad_input import events, judge, run
from stores import demo_store

from thidua.cli.files import TEXT_LIMIT

KEY = "3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29"
READERS = {
    "cycle open --rules": ["cycle", "open", "TMTH", "2022", "--rules", "{path}"],
    "scores submit --file": [
        "scores", "submit", "TMTH/2021", "SNV", "--file", "{path}",
    ],
    "vote close --ballots": [
        "vote", "close", "TMTH/2021", "leading-unit", "--ballots", "{path}",
    ],
    "import scores": ["import", "scores", "TMTH/2021", "{path}"],
    "import units": ["import", "units", "TMTH", "{path}"],
    "keys register --sign": ["keys", "register", KEY, "--sign", "{path}"],
    "scores close --sign": ["scores", "close", "TMTH/2021", "--sign", "{path}"],
}  # fmt: skip
WRITERS = {
    "standings --xlsx": ["standings", "TMTH/2020", "--xlsx", "{path}"],
    "votes --xlsx": ["votes", "TMTH/2020", "--xlsx", "{path}"],
    "awards --xlsx": ["awards", "--xlsx", "{path}"],
    "participation --xlsx": ["participation", "TMTH/2020", "--xlsx", "{path}"],
    "minutes --html": ["minutes", "TMTH/2020", "--html", "{path}"],
    "minutes --pdf": ["minutes", "TMTH/2020", "--pdf", "{path}"],
    "template scores": ["template", "scores", "TMTH/2021", "--xlsx", "{path}"],
    "keys generate": ["keys", "generate", "{path}"],
}
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    with demo_store(request.param, tmp_path_factory.mktemp("bad-files")) as url:
        yield url


def bad_input_path(kind: str, folder: Path) -> str:
    """A path to read from that cannot be read, of the given kind."""
    if kind == "missing":
        return str(folder / "khong-co.csv")
    if kind == "folder":
        return str(folder)
    if kind == "device":
        return "/dev/zero"
    if kind == "unreadable":
        locked = folder / "khoa.csv"
        locked.write_text("criterion,points\nA1,25\n", "utf-8")
        locked.chmod(0)
        return str(locked)
    too_big = folder / "qua-lon.csv"
    with too_big.open("wb") as handle:
        handle.truncate(TEXT_LIMIT + 1)
    return str(too_big)


def bad_output_path(kind: str, folder: Path) -> str:
    """A path to write to that cannot be written, of the given kind."""
    if kind == "missing folder":
        return str(folder / "khong-co" / "bao-cao.xlsx")
    if kind == "file as folder":
        (folder / "tep").write_text("x", "utf-8")
        return str(folder / "tep" / "bao-cao.xlsx")
    if kind == "a folder":
        return str(folder)
    locked = folder / "chi-doc"
    locked.mkdir()
    locked.chmod(0o500)
    return str(locked / "bao-cao.xlsx")


@pytest.mark.parametrize("kind", ["missing", "folder", "device", "unreadable", "big"])
@pytest.mark.parametrize("reader", READERS)
def test_a_file_to_read_that_cannot_be_read_is_one_line(
    store: str, tmp_path: Path, reader: str, kind: str
) -> None:
    if kind == "unreadable" and AS_ROOT:
        pytest.skip("root reads every file")
    if kind == "big" and reader.startswith("import"):
        pytest.skip("spreadsheet imports keep limits of their own (office/)")
    path = bad_input_path(kind, tmp_path)
    args = [arg.replace("{path}", path) for arg in READERS[reader]]
    before = events(store)

    result = run(store, args)

    judge(store, result, before, "files to read")
    assert result.exit_code == 1
    assert path in result.stderr


@pytest.mark.parametrize(
    "kind", ["missing folder", "file as folder", "a folder", "read-only folder"]
)
@pytest.mark.parametrize("writer", WRITERS)
def test_a_file_to_write_that_cannot_be_written_is_one_line(
    store: str, tmp_path: Path, writer: str, kind: str
) -> None:
    if kind == "read-only folder" and AS_ROOT:
        pytest.skip("root writes into every folder")
    if (writer, kind) == ("keys generate", "missing folder"):
        pytest.skip("keys generate makes the folder of a new key (~/.thidua)")
    path = bad_output_path(kind, tmp_path)
    args = [arg.replace("{path}", path) for arg in WRITERS[writer]]
    before = events(store)
    files_before = sorted(tmp_path.rglob("*"))

    result = run(store, args)

    judge(store, result, before, "files to write")
    assert result.exit_code == 1
    assert path in result.stderr
    assert sorted(tmp_path.rglob("*")) == files_before  # nothing half-written


def test_minutes_write_neither_file_when_one_cannot_be_written(
    store: str, tmp_path: Path
) -> None:
    html = tmp_path / "bien-ban.html"
    pdf = tmp_path / "khong-co" / "bien-ban.pdf"

    result = run(
        store, ["minutes", "TMTH/2020", "--html", str(html), "--pdf", str(pdf)]
    )

    assert result.exit_code == 1
    assert not html.exists()


def test_a_file_that_fails_while_written_is_one_line(store: str) -> None:
    # /sys takes no new file, even from root: the failure comes from the write.
    if not Path("/sys/kernel").is_dir():
        pytest.skip("no /sys here")
    before = events(store)

    result = run(store, ["standings", "TMTH/2020", "--xlsx", "/sys/kernel/x.xlsx"])

    judge(store, result, before, "files to write")
    assert result.exit_code == 1


def test_a_file_refusal_reads_in_vietnamese(store: str, tmp_path: Path) -> None:
    missing = tmp_path / "khong-co" / "bao-cao.xlsx"

    result = run(
        store, ["--lang", "vi", "standings", "TMTH/2020", "--xlsx", str(missing)]
    )

    assert result.exit_code == 1
    assert result.stderr.startswith("Lỗi: file (tệp không dùng được): không ghi được")
