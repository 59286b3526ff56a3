"""Names and free text with control characters are refused at every door.

A newline in a unit's name breaks every table and CSV it is printed in; an ANSI
escape in a signatory's name repaints the operator's terminal. The domain's value
types refuse them, so each command that takes a name or a text refuses them alike,
while what was stored before still loads as it was recorded.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from bad_input import events, judge, run
from eventsourcing.persistence import StoredEvent
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stores import demo_store

from thidua.domain import commands as c
from thidua.domain.bloc import UnitAdded
from thidua.store import build_app

from support import Desk

KEY = "3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29"
GRANT = ["award", "grant", "TMTH/2021", "commendation", "--unit", "STC"]
DECISION = ["--decision", "05/QĐ-SNV", "--date", "2022-01-20"]
DOORS = {
    "bloc name": ["bloc", "create", "MOI", "--name", "{}", "--province", "Lào Cai"],
    "province": ["bloc", "create", "MOI", "--name", "Khối mới", "--province", "{}"],
    "unit name": ["bloc", "add-unit", "TMTH", "SYT", "--name", "{}", "--year", "2021"],
    "membership decision": [
        "bloc", "add-unit", "TMTH", "SYT", "--name", "Sở Y tế", "--year", "2021",
        "--decision", "{}",
    ],
    "signatory": ["covenant", "sign", "TMTH/2021", "SNV", "--signatory", "{}"],
    "signatory's title": [
        "covenant", "sign", "TMTH/2021", "SNV", "--signatory", "Phạm Thị Lan",
        "--title", "{}",
    ],
    "target": ["covenant", "register", "TMTH/2021", "SNV", "--target", "{}"],
    "person": [*GRANT, "--individual", "{}", *DECISION],
    "collective": [*GRANT, "--collective", "{}", *DECISION],
    "decision number": [*GRANT, "--decision", "{}", "--date", "2022-01-20"],
    "authority": [*GRANT, *DECISION, "--authority", "{}"],
    "reason": ["scores", "submit", "TMTH/2021", "SNV", "A1=25", "--reason", "{}"],
    "note": [
        "scores", "submit", "TMTH/2021", "STC", "A1=25", "--assessed", "--by", "head",
        "--note", "A1={}",
    ],
    "actor": ["scores", "submit", "TMTH/2021", "SNV", "A1=25", "--as", "{}"],
    "command id": [
        "scores", "submit", "TMTH/2021", "SNV", "A1=25", "--command-id", "{}",
    ],
    "award id": [
        "award", "revoke", "TMTH/2020", "{}", *DECISION, "--reason", "Sai hồ sơ",
    ],
    "key holder": ["keys", "register", KEY, "--as", "{}"],
}  # fmt: skip

CONTROL = st.characters(categories=("Cc", "Cf", "Zl", "Zp"))
NAMES = st.tuples(
    st.text(st.characters(categories=("L", "Zs")), max_size=8),
    CONTROL,
    st.text(max_size=8),
).map("".join)


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    with demo_store(request.param, tmp_path_factory.mktemp("bad-names")) as url:
        yield url


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(door=st.sampled_from(sorted(DOORS)), name=NAMES)
def test_any_name_with_a_control_character_is_refused_at_every_door(
    store: str, door: str, name: str
) -> None:
    args = [arg.replace("{}", name) for arg in DOORS[door]]
    before = events(store)

    result = run(store, args)

    judge(store, result, before, "names")
    assert result.exit_code == 1
    assert "control character" in result.stderr


@pytest.mark.parametrize("door", sorted(DOORS))
def test_an_ansi_escape_in_a_name_is_refused_and_not_echoed(
    store: str, door: str
) -> None:
    escape = "Sở \x1b[2J\x1b[31mNội vụ"
    before = events(store)

    result = run(store, [arg.replace("{}", escape) for arg in DOORS[door]])

    judge(store, result, before, "names")
    assert result.exit_code == 1
    assert "\x1b" not in result.output


def test_a_name_recorded_before_the_rule_still_loads() -> None:
    app = build_app("memory:")
    desk = Desk(app)
    desk(c.CreateBloc, bloc="TMTH", name="Khối", province="Lào Cai")
    desk(c.AddUnit, bloc="TMTH", unit="SNV", name="Sở Nội vụ", year=2018)
    (stored,) = [
        n for n in app.recorder.select_notifications(start=1, limit=10)
        if n.topic.endswith(":UnitAdded")
    ]  # fmt: skip
    state = json.loads(stored.state)
    state["name"] = "Sở\tNội vụ"  # as an older release let it be stored

    event = app.mapper.to_domain_event(
        StoredEvent(
            originator_id=stored.originator_id,
            originator_version=stored.originator_version,
            topic=stored.topic,
            state=json.dumps(state).encode(),
        )
    )

    assert isinstance(event, UnitAdded)
    assert event.name == "Sở\tNội vụ"
    app.close()
