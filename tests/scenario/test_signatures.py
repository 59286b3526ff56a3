"""Signatures of origin: signed commands verify; forged, foreign, missing ones not."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from thidua.domain import commands as c
from thidua.domain.auditor.audit import Auditor
from thidua.domain.authority_errors import SignatureRequired
from thidua.domain.errors import ThiduaError
from thidua.domain.service.application import Thidua
from thidua.domain.service.signing import Signer, generate
from thidua.domain.types import Actor
from thidua.store import build_app

from support import OPERATOR, Desk, event_count, rulebook_text


def signer_for(app: Thidua, desk: Desk, actor: Actor = OPERATOR) -> Signer:
    pem, public_key = generate()
    signer = Signer(pem)
    app.signer = signer
    desk(c.RegisterKey, public_key=public_key, actor=actor)
    return signer


def problems(app: Thidua) -> list[str]:
    return [p for report in Auditor(app).verify() for p in report.problems]


def test_signed_commands_verify_and_carry_the_key(app: Thidua, desk: Desk) -> None:
    signer = signer_for(app, desk)
    desk.bloc()

    bloc_events = Auditor(app).stream_rows(app.bloc("TMTH").id)

    assert problems(app) == []
    assert {row.document["key_id"] for row in bloc_events} == {signer.key_id}
    assert app.keys()[signer.key_id][0] == OPERATOR.name


def test_a_key_not_registered_to_the_actor_cannot_sign(app: Thidua, desk: Desk) -> None:
    signer_for(app, desk, Actor(name="Trần Văn Bình"))
    before = event_count(app)

    with pytest.raises(ThiduaError, match=r"signature: key .* not registered to Đỗ"):
        desk.bloc()

    assert event_count(app) == before
    app.signer = Signer(generate()[0])
    with pytest.raises(ThiduaError, match="not registered"):
        desk.bloc()


def test_a_rulebook_that_requires_signatures_refuses_unsigned_commands(
    app: Thidua, desk: Desk
) -> None:
    desk.bloc()
    rules = rulebook_text(
        **{"min_members = 4": "min_members = 4\nsignatures_required = true"}
    )

    with pytest.raises(SignatureRequired, match="rulebook"):
        desk(c.OpenCycle, bloc="TMTH", year=2020, rulebook_text=rules)
    signer_for(app, desk)
    desk(c.OpenCycle, bloc="TMTH", year=2020, rulebook_text=rules)
    desk.sign_all({"bloc": "TMTH", "year": 2020})

    assert problems(app) == []


def test_a_forged_signature_is_caught(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    with build_app(str(path)) as app:
        desk = Desk(app)
        signer_for(app, desk)
        desk.bloc()
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("DROP TRIGGER thidua_append_only_update")
        rowid, state = connection.execute(
            "SELECT rowid, state FROM stored_events WHERE topic LIKE '%UnitAdded'"
        ).fetchone()
        document = json.loads(state)
        document["signature"] = Signer(generate()[0]).sign(document["event_hash"])
        connection.execute(
            "UPDATE stored_events SET state = ? WHERE rowid = ?",
            (json.dumps(document).encode(), rowid),
        )
    connection.close()

    with build_app(str(path)) as app:
        found = problems(app)

    assert len(found) == 1
    assert found[0].endswith("(UnitAdded, position 4): the signature does not hold")


def test_a_second_key_registered_under_the_first_keeps_both_after_a_reload(
    tmp_path: Path,
) -> None:
    path = str(tmp_path / "store.db")
    with build_app(path) as app:
        desk = Desk(app)
        first = signer_for(app, desk)
        second_pem, second_public = generate()
        desk(c.RegisterKey, public_key=second_public)
        second = Signer(second_pem)

    with build_app(path) as app:
        keys = app.keys()
        found = problems(app)

    assert keys == {
        first.key_id: (OPERATOR.name, first.public_key),
        second.key_id: (OPERATOR.name, second_public),
    }
    assert found == []
