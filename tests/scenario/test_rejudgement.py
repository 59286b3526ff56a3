"""The auditor's re-judgement refuses a stored event exactly when the engine would
have refused the command behind it: generated score sheets and bonuses, each judged
by both, on a cycle whose scoring is open."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from thidua.cli.story import CRITERIA, UNITS, story
from thidua.domain import commands as c
from thidua.domain.auditor.audit import Auditor
from thidua.domain.auditor.integrity import StoredRow
from thidua.domain.auditor.rejudge import rejudge
from thidua.domain.errors import ThiduaError
from thidua.domain.ids import cycle_id
from thidua.domain.scoring import decide_adjust_score, decide_submit_scores
from thidua.domain.service.application import Thidua
from thidua.domain.voting import decide_close_vote
from thidua.store import build_app

SCORING = 31  # commands of the seed story recorded: scoring is open
VOTED = 41  # every unit has voted in the secret round, not yet counted
MARKS = st.lists(st.sampled_from(["VPUBND", "SNV", "VPDDBQH", "STC", "XYZ"]),
                 max_size=3)  # fmt: skip
RELEASE = Path(__file__).parents[1] / "fixtures" / "release-1" / "thidua.db"
POINTS = st.decimals(min_value=-40, max_value=1000, places=2, allow_nan=False)
COMMON = {
    "actor": {"name": "thidua demo", "role": "operator"},
    "command_id": "generated",
    "issued_at": "2021-01-16T08:00:00+07:00",
    "bloc": "TMTH",
    "year": 2020,
}
RULES = ["higher-award", "initiative", "late-report", "discipline", "bribe"]


def recorded(folder: Path, upto: int) -> Thidua:
    app = build_app(str(folder / "thidua.db"))
    for step in story()[:upto]:
        app.handle(step.command)
    return app


@pytest.fixture(scope="module")
def scoring(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Thidua]:
    with recorded(tmp_path_factory.mktemp("scoring"), SCORING) as app:
        yield app


@pytest.fixture(scope="module")
def voted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Thidua]:
    with recorded(tmp_path_factory.mktemp("voted"), VOTED) as app:
        yield app


def engine_refuses(app: Thidua, method: str, fields: dict[str, Any]) -> bool:
    kind, judge = {
        "submit_scores": (c.SubmitScores, decide_submit_scores),
        "adjust_score": (c.AdjustScore, decide_adjust_score),
        "close_vote": (c.CloseVote, decide_close_vote),
    }[method]
    try:
        command = kind.model_validate({**COMMON, **fields})
        judge(app.cycle("TMTH", 2020), command)  # type: ignore[operator]
    except (ThiduaError, ValidationError):
        return True
    return False


def auditor_refuses(
    app: Thidua, event: str, fields: dict[str, Any], rule: str | None = None
) -> bool:
    rows = Auditor(app).stream_rows(cycle_id("TMTH", 2020))
    model = next((r for r in reversed(rows) if r.event == event), rows[-1])
    forged = StoredRow(0, model.stream, rows[-1].version + 1, event,
                       {**model.document, **fields})  # fmt: skip
    return any(
        f.version == forged.version and rule in (None, f.check)
        for f in rejudge([*rows, forged])
    )


settle = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@settle
@given(
    unit=st.sampled_from([*UNITS, "XYZ"]),
    points=st.dictionaries(st.sampled_from([*CRITERIA, "Z9"]), POINTS, min_size=1,
                           max_size=3),
)  # fmt: skip
def test_a_forged_score_sheet_is_refused_exactly_when_the_engine_refuses_it(
    scoring: Thidua, unit: str, points: dict[str, Decimal]
) -> None:
    fields = {"unit": unit, "points": {k: str(v) for k, v in points.items()}}

    assert auditor_refuses(scoring, "ScoresSubmitted", fields) == engine_refuses(
        scoring, "submit_scores", fields
    )


@settle
@given(
    unit=st.sampled_from(sorted(UNITS)),
    rule=st.sampled_from(RULES),
    points=st.decimals(min_value=-5, max_value=30, places=2, allow_nan=False),
    reason=st.sampled_from([None, "Có sáng kiến được công nhận"]),
)
def test_a_forged_bonus_or_penalty_is_refused_exactly_when_the_engine_refuses_it(
    scoring: Thidua, unit: str, rule: str, points: Decimal, reason: str | None
) -> None:
    fields = {"unit": unit, "rule": rule, "points": str(points), "reason": reason}

    assert auditor_refuses(scoring, "ScoreAdjusted", fields) == engine_refuses(
        scoring, "adjust_score", fields
    )


@settle
@given(choices=MARKS, rejects=MARKS, spoiled=st.booleans())
def test_forged_counted_ballots_are_refused_exactly_when_the_engine_refuses_them(
    voted: Thidua, choices: list[str], rejects: list[str], spoiled: bool
) -> None:
    ballot = {"choices": choices, "rejects": rejects, "spoiled": spoiled}
    batch = [ballot] * 8  # one for each unit that voted
    forged = {"motion": "leading-unit", "round": 1, "ballots": batch, "tally": {}}

    assert auditor_refuses(voted, "VoteClosed", forged, "ballot") == engine_refuses(
        voted, "close_vote", {"motion": "leading-unit", "ballots": batch}
    )


def test_the_whole_seed_story_and_the_first_release_store_are_judged_clean(
    tmp_path: Path,
) -> None:
    from support import record_seed

    with build_app(str(tmp_path / "demo.db")) as demo:
        record_seed(demo)
        assert Auditor(demo).examine().discrepancies == []
    copy = tmp_path / "release.db"
    copy.write_bytes(RELEASE.read_bytes())
    with build_app(str(copy)) as release:
        examination = Auditor(release).examine()
    assert examination.discrepancies == []
    assert len(examination.rederived) == 3
