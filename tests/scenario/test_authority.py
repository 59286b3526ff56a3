"""Refused when written: under a key authority (or a rulebook that wants
signatures) a command must be signed by a live key of its actor, who holds the
grant for what it does; the authority itself registers keys only with a proof of
possession and an admin's endorsement."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from authority_desk import ADMIN, AN, BOARD, FOUNDED, MAI, Board, as_holder, key

from thidua.cli.story import story
from thidua.domain import authority_commands as a
from thidua.domain import commands as c
from thidua.domain.authority_errors import (
    AuthorityRefused,
    EndorsementRefused,
    GrantMissing,
    KeyNotCertified,
    PossessionUnproven,
    SignatureRequired,
)
from thidua.domain.errors import AlreadyExists
from thidua.domain.service.application import Thidua
from thidua.domain.types import Actor, Role

STEPS = [step.command for step in story()]
OPENED = 11  # the bloc made, its members added, the 2020 cycle opened


def record(app: Thidua, upto: int, holder: str = MAI) -> None:
    for command in STEPS[:upto]:
        app.handle(as_holder(app, holder, command))


def test_a_store_without_an_authority_takes_unsigned_commands(app: Thidua) -> None:
    for command in STEPS[:OPENED]:
        app.handle(command)

    assert app.cycle("TMTH", 2020).version == 1


def test_granted_operators_signed_commands_are_recorded(app: Thidua) -> None:
    Board(app).staffed()

    record(app, OPENED)

    assert app.cycle("TMTH", 2020).version == 1


def test_an_unsigned_command_is_refused_under_an_authority(app: Thidua) -> None:
    Board(app).staffed()

    with pytest.raises(SignatureRequired):
        app.handle(STEPS[0])


def test_a_command_signed_with_another_holders_key_is_refused(app: Thidua) -> None:
    Board(app).staffed()
    command = as_holder(app, MAI, STEPS[0])
    app.signer = key(AN)

    with pytest.raises(KeyNotCertified):
        app.handle(command)


def test_a_key_the_authority_did_not_register_is_refused(app: Thidua) -> None:
    Board(app).staffed()
    command = as_holder(app, "Trần Văn Giả", STEPS[0])

    with pytest.raises(KeyNotCertified):
        app.handle(command)


def test_a_revoked_key_is_refused_from_its_revocation_on(app: Thidua) -> None:
    board = Board(app).staffed()
    board.revoke(MAI, FOUNDED + timedelta(hours=1))

    with pytest.raises(KeyNotCertified, match="revoked"):
        app.handle(as_holder(app, MAI, STEPS[0]))


def test_an_operator_of_another_bloc_is_refused(app: Thidua) -> None:
    board = Board(app).staffed()
    board.register("Phạm Thị Lan")
    board.grant("Phạm Thị Lan", "operator", "KHOI2")

    with pytest.raises(GrantMissing, match="operator of TMTH"):
        app.handle(as_holder(app, "Phạm Thị Lan", STEPS[0]))


def test_a_representative_acts_only_for_the_unit_granted(app: Thidua) -> None:
    Board(app).staffed()
    record(app, 20)
    own, other = STEPS[21], STEPS[22]  # SNV's scores, then VPDDBQH's
    rep = Actor(name=AN, role=Role.UNIT, unit="SNV")
    other_rep = Actor(name=AN, role=Role.UNIT, unit="VPDDBQH")
    app.signer = key(AN)

    app.handle(own.model_copy(update={"actor": rep}))
    with pytest.raises(GrantMissing, match="unit of VPDDBQH"):
        app.handle(other.model_copy(update={"actor": other_rep}))


def test_self_registration_is_refused_once_an_authority_exists(app: Thidua) -> None:
    Board(app).staffed()
    app.signer = key("Trần Văn Giả")
    command = as_holder(app, MAI, STEPS[0])
    register = c.RegisterKey(
        actor=command.actor,
        command_id="self",
        issued_at=command.issued_at,
        public_key=key("Trần Văn Giả").public_key,
    )

    with pytest.raises(AuthorityRefused, match="through it"):
        app.handle(register)


def test_a_rulebook_that_wants_signatures_refuses_unsigned_commands(
    app: Thidua,
) -> None:
    for command in STEPS[:10]:
        app.handle(command)
    opening = STEPS[10]
    assert isinstance(opening, c.OpenCycle)
    text = opening.rulebook_text.replace(
        "[rulebook]", "[rulebook]\nsignatures_required = true", 1
    )
    assert text != opening.rulebook_text

    with pytest.raises(SignatureRequired, match="rulebook"):
        app.handle(opening.model_copy(update={"rulebook_text": text}))


def test_a_key_is_registered_only_with_its_holders_proof(app: Thidua) -> None:
    board = Board(app).staffed()

    with pytest.raises(PossessionUnproven):
        board.issue(
            a.CertifyKey,
            {"holder": "Trần Văn Giả", "public_key": key("Trần Văn Giả").public_key,
             "proof": "00" * 64},
            actor=ADMIN, endorser=key(ADMIN),
        )  # fmt: skip


def test_a_key_is_registered_only_with_an_admins_endorsement(app: Thidua) -> None:
    board = Board(app).staffed()

    with pytest.raises(EndorsementRefused):  # Mai holds a key, but is no admin
        board.register("Trần Văn Giả", by=MAI)


def test_only_the_root_delegates_admins(app: Thidua) -> None:
    board = Board(app).staffed()

    with pytest.raises(EndorsementRefused):
        board.issue(
            a.DelegateAdmin, {"holder": "Trần Văn Giả"}, actor=ADMIN,
            endorser=key(ADMIN), new_key=key("Trần Văn Giả"),
        )  # fmt: skip


def test_a_key_is_registered_to_one_holder(app: Thidua) -> None:
    board = Board(app).staffed()

    with pytest.raises(AuthorityRefused, match="already registered"):
        board.issue(
            a.CertifyKey, {"holder": "Trần Văn Giả"}, actor=ADMIN,
            endorser=key(ADMIN), new_key=key(MAI),
        )  # fmt: skip


def test_an_authority_is_founded_once(app: Thidua) -> None:
    board = Board(app).found()

    with pytest.raises(AlreadyExists, match="authority already exists"):
        board.found()
    assert BOARD in {holder for holder, _ in app.keys().values()}


def test_a_key_revoked_from_a_time_on_still_signs_what_is_dated_before(
    app: Thidua,
) -> None:
    board = Board(app).staffed()
    board.revoke(MAI, STEPS[5].issued_at)  # recorded weeks before, as planned

    record(app, 5)
    with pytest.raises(KeyNotCertified, match="revoked from"):
        app.handle(as_holder(app, MAI, STEPS[5]))

    assert app.bloc("TMTH").version == 5


def test_a_revoked_key_signs_nothing_dated_before_its_revocation(app: Thidua) -> None:
    board = Board(app).staffed()
    record(app, 3)
    board.at = datetime(2021, 1, 21, tzinfo=UTC)
    board.revoke(MAI, datetime(2021, 1, 23, tzinfo=UTC))
    backdated = STEPS[3]  # dated 20/01, before the revocation was recorded
    in_time = backdated.model_copy(
        update={"issued_at": datetime(2021, 1, 22, 9, 0, tzinfo=UTC)}
    )

    with pytest.raises(KeyNotCertified, match="signs nothing dated before"):
        app.handle(as_holder(app, MAI, backdated))
    app.handle(as_holder(app, MAI, in_time))

    assert app.bloc("TMTH").version == 4
