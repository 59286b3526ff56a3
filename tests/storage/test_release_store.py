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
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from thidua.cli import main
from thidua.domain import commands as c
from thidua.domain.cycle_values import Sheet
from thidua.domain.types import Stage
from thidua.projections.read_models import ReadModels
from thidua.store import build_app

from support import OPERATOR

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


def test_a_cycle_of_the_first_release_moves_on_as_it_did(tmp_path: Path) -> None:
    # Its stage is derived from the events that change it: closing scoring now
    # records no StageAdvanced there, and every reader still sees the review.
    store = tmp_path / "thidua.db"
    shutil.copy(RELEASE / "thidua.db", store)
    now = datetime.now(UTC)
    said = {"bloc": "TMTH", "year": 2022, "actor": OPERATOR, "issued_at": now}
    with build_app(str(store)) as app:
        opened = app.cycle("TMTH", 2022)
        for unit in opened.roster:
            sheet = opened.sheets.get(unit, Sheet())
            points = dict.fromkeys(sheet.missing(opened.rulebook), Decimal(0))
            app.handle(c.SubmitScores(**said, command_id=f"r-{unit}", unit=unit,
                                      points=points))  # fmt: skip
        receipt = app.handle(c.CloseScoring(**said, command_id="r-close"))
        cycle = app.cycle("TMTH", 2022)
        models = ReadModels(app)
        catalogue = models.cycles("TMTH")
        models.close()
    (listed,) = [row for row in catalogue if row["year"] == 2022]

    assert opened.legacy
    assert receipt.events == ("ScoringClosed",)
    assert (cycle.stage, listed["stage"]) == (Stage.REVIEW, "review")
    code, output = ask(store, "audit verify --all")
    assert code == 0, output
    assert "0 disagreement(s)" in output
