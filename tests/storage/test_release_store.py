"""A store written by the first release (commit 2fe0ead, December 2026) must load,
verify and answer the same questions after every later change.

The store in tests/fixtures/release-1 was recorded by that release's own `thidua`:
the demo, then a signing key, targets, a signed and an assessed score sheet with a
note, an adjustment, a proceeding, a unit leaving with the roster following, a grant
on the proposal, a revocation, and a third cycle whose covenant was closed early.
Its answers were saved beside it. When a change is meant to alter an answer, run
with THIDUA_UPDATE_ANSWERS=1 and review the difference of the saved files.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from thidua.cli import main

RELEASE = Path(__file__).parent.parent / "fixtures" / "release-1"

QUESTIONS = {
    "status-2020": "cycle status TMTH/2020 --format json",
    "status-2021": "cycle status TMTH/2021 --format json",
    "status-2022": "cycle status TMTH/2022 --format json",
    "standings-2020": "standings TMTH/2020 --format json",
    "standings-2021": "standings TMTH/2021 --format csv",
    "votes-2020": "votes TMTH/2020 --format json",
    "awards": "awards --format json",
    "participation-2021": "participation TMTH/2021 --format json",
    "log-2021": "audit log TMTH/2021 --format json",
    "bloc": "bloc show TMTH --format json",
    "blocs": "bloc list --format json",
    "digests": "audit digest TMTH/2020 --format json",
    "keys": "keys list --format json",
}


@pytest.fixture(scope="module")
def old_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # A copy: queries catch the read models up inside the file.
    folder = tmp_path_factory.mktemp("release-1")
    shutil.copy(RELEASE / "thidua.db", folder / "thidua.db")
    return folder / "thidua.db"


def ask(store: Path, line: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--db", str(store), *line.split()])
    return result.exit_code, result.output


def test_a_store_of_the_first_release_verifies_clean(old_store: Path) -> None:
    code, output = ask(old_store, "audit verify --all")

    assert code == 0, output
    assert "0 disagreement(s)" in output


@pytest.mark.parametrize("name", sorted(QUESTIONS))
def test_a_store_of_the_first_release_answers_as_it_did(
    old_store: Path, name: str
) -> None:
    saved = RELEASE / "answers" / f"{name}.txt"

    code, output = ask(old_store, QUESTIONS[name])

    assert code == 0, output
    if os.environ.get("THIDUA_UPDATE_ANSWERS") == "1":
        saved.parent.mkdir(exist_ok=True)
        saved.write_text(output, encoding="utf-8")
    assert output == saved.read_text(encoding="utf-8")
