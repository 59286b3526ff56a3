"""Insider attacks on the chain of delegation: rows written past the engine, on
each store. The chain of each stream holds (the forger re-hashes as the engine
does); `audit verify` finds each forgery from the stored rows alone, naming the
rule, and an untouched store under an authority verifies clean."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from authority_desk import ADMIN, AN, MAI, Board, as_holder, key
from insider import Insider

from thidua.cli.story import story
from thidua.domain.auditor.audit import Auditor
from thidua.domain.auditor.delegation_log import examine_delegation, rule_of
from thidua.domain.authority_errors import KeyNotCertified
from thidua.domain.authority_state import AUTHORITY_ID, fact_statement
from thidua.domain.errors import StreamUnreadable
from thidua.store import build_app

STEPS = [step.command for step in story()]
COVENANTS = 20  # the bloc, its members, the 2020 cycle, its leads and covenants
FORGER = "Trần Văn Giả"
AS_MAI = {"name": MAI, "role": "operator", "unit": None}
LATER = "2021-01-22T09:00:00Z"  # after every recorded event


@pytest.fixture
def governed(store_url: str) -> Iterator[Insider]:
    """The story's first steps under an authority, each signed by Mai."""
    with build_app(store_url) as app:
        Board(app).staffed()
        for command in STEPS[:COVENANTS]:
            app.handle(as_holder(app, MAI, command))
    insider = Insider(store_url)
    yield insider
    insider.connection.close()


def rules(url: str) -> list[str]:
    with build_app(url) as app:
        exists, found = examine_delegation(Auditor(app))
    assert exists
    return [rule_of(said) for said in found.said]


def forge_lead(insider: Insider, actor: dict[str, Any], signer: Any) -> None:
    """The 2020 leads assigned again, by a row the forger writes and signs."""
    fields = {"actor": actor, "timestamp": LATER}
    insider.append("LeadsAssigned", fields, like=2, signer=signer)


def forge_fact(
    insider: Insider, kind: str, facts: dict[str, Any], **signed: Any
) -> None:
    """A fact of the authority written as a raw row, with the signatures given."""
    at = datetime(2021, 1, 22, 9, 0, tzinfo=UTC)
    root = key("Ban Thi đua - Khen thưởng tỉnh Lào Cai").key_id
    said = fact_statement(kind, root, at, facts)
    document = {
        **facts,
        "timestamp": LATER,
        "actor": {"name": ADMIN, "role": "operator", "unit": None},
        **{name: make(said) for name, make in signed.items()},
    }
    if "endorser" not in signed:
        document["endorser"] = key(ADMIN).key_id
    insider.append(kind, document, like=0, stream=AUTHORITY_ID)


def test_an_untouched_store_under_an_authority_verifies_clean(
    governed: Insider,
) -> None:
    with build_app(governed.url) as app:
        examination = Auditor(app).examine()
        _, found = examine_delegation(Auditor(app))

    assert found.said == []
    # And the move to scoring, which the last signature records beside it.
    assert found.checked == COVENANTS + 1
    assert all(report.intact for report in examination.chains)
    assert examination.discrepancies == []


def test_an_unsigned_row_is_found(governed: Insider) -> None:
    forge_lead(governed, AS_MAI, signer=None)

    assert rules(governed.url) == ["signature-required"]


def test_a_holder_acting_beyond_their_grant_is_found(governed: Insider) -> None:
    # An holds a key and represents SNV; here he acts as the bloc's operator.
    forge_lead(governed, {"name": AN, "role": "operator", "unit": None}, key(AN))

    assert rules(governed.url) == ["grant"]


def test_a_key_used_under_another_holders_name_is_found(governed: Insider) -> None:
    forge_lead(governed, AS_MAI, key(FORGER))

    assert rules(governed.url) == ["unregistered-key"]


def test_a_registration_under_another_name_without_an_admin_is_found(
    governed: Insider,
) -> None:
    facts = {"holder": MAI, "public_key": key(FORGER).public_key}
    forge_fact(governed, "KeyCertified", facts,
               proof=key(FORGER).sign, endorsement=key(FORGER).sign)  # fmt: skip
    forge_lead(governed, AS_MAI, key(FORGER))

    assert rules(governed.url) == ["endorsement", "unregistered-key"]


def test_a_registration_without_a_proof_of_possession_is_found(
    governed: Insider,
) -> None:
    facts = {"holder": FORGER, "public_key": key(FORGER).public_key}
    forge_fact(governed, "KeyCertified", facts,
               proof=lambda _: "00" * 64, endorsement=key(ADMIN).sign)  # fmt: skip

    assert rules(governed.url) == ["possession"]


def test_a_registration_endorsed_by_a_holder_who_is_no_admin_is_found(
    governed: Insider,
) -> None:
    facts = {"holder": FORGER, "public_key": key(FORGER).public_key}
    by_mai = {"endorser": lambda _: key(MAI).key_id, "endorsement": key(MAI).sign}
    forge_fact(governed, "KeyCertified", facts, proof=key(FORGER).sign, **by_mai)

    assert rules(governed.url) == ["endorsement"]


def test_a_grant_forged_in_raw_rows_is_found(governed: Insider) -> None:
    facts = {"holder": AN, "role": "operator", "scope": "TMTH"}
    forge_fact(governed, "RoleGranted", facts, endorsement=lambda _: "ab" * 64)
    forge_lead(governed, {"name": AN, "role": "operator", "unit": None}, key(AN))

    assert rules(governed.url) == ["endorsement", "grant"]


def test_a_revoked_key_is_refused_at_write_and_found_in_raw_rows(
    governed: Insider,
) -> None:
    with build_app(governed.url) as app:
        board = Board(app)
        board.at = datetime(2021, 1, 21, tzinfo=UTC)
        board.revoke(MAI, datetime(2021, 1, 21, 12, 0, tzinfo=UTC))
        late = STEPS[COVENANTS].model_copy(
            update={"issued_at": datetime(2021, 1, 22, tzinfo=UTC)}
        )
        with pytest.raises(KeyNotCertified):
            app.handle(as_holder(app, MAI, late))

    forge_lead(governed, AS_MAI, key(MAI))

    assert rules(governed.url) == ["unregistered-key"]


def test_a_fact_that_does_not_fold_stops_commands_in_one_line_and_is_found(
    governed: Insider,
) -> None:
    admin = {"name": ADMIN, "role": "operator", "unit": None}
    fields = {"timestamp": LATER, "actor": admin, "endorser": key(ADMIN).key_id}
    governed.append("KeyRevoked", fields, stream=AUTHORITY_ID)  # no key, no moment

    command = STEPS[COVENANTS]
    with build_app(governed.url) as app, pytest.raises(StreamUnreadable, match="audit"):
        app.handle(as_holder(app, MAI, command))
    assert rules(governed.url) == ["authority"]


def test_an_admin_delegated_by_an_admin_in_raw_rows_is_found(governed: Insider) -> None:
    facts = {"holder": FORGER, "public_key": key(FORGER).public_key}
    forge_fact(governed, "AdminDelegated", facts,
               proof=key(FORGER).sign, endorsement=key(ADMIN).sign)  # fmt: skip

    assert rules(governed.url) == ["endorsement"]


def test_a_root_other_than_the_one_the_auditor_holds_is_found(
    governed: Insider,
) -> None:
    held = key("the board's real root").public_key

    with build_app(governed.url) as app:
        _, found = examine_delegation(Auditor(app), root_key=held)

    # Nothing rests on a root the auditor does not hold: every fact after it fails.
    assert {rule_of(said) for said in found.said} == {"authority"}
    assert "is not the root key held" in found.said[0].english()
    assert not found.founded


# A key revoked from a moment on, as X.509's invalidityDate: what it signed before
# that moment stands, what it signed from then on does not, and once the revocation
# is recorded it signs nothing dated earlier.
COMPROMISED = 15  # the step from whose time on Mai's key is said to be stolen


def test_a_revocation_from_an_earlier_time_flags_only_what_was_signed_from_then(
    governed: Insider,
) -> None:
    with build_app(governed.url) as app:
        board = Board(app)
        board.at = datetime(2021, 1, 21, tzinfo=UTC)  # a day after the steps
        board.revoke(MAI, STEPS[COMPROMISED].issued_at)
        _, found = examine_delegation(Auditor(app))

    # The last signature's command also records the move to scoring, signed with it.
    flagged = COVENANTS + 1 - COMPROMISED
    assert rules(governed.url) == ["unregistered-key"] * flagged
    assert found.checked == COVENANTS + 1


def test_a_row_signed_after_the_revocation_and_dated_before_it_is_found(
    governed: Insider,
) -> None:
    with build_app(governed.url) as app:
        board = Board(app)
        board.at = datetime(2021, 1, 23, tzinfo=UTC)  # after the row's date
        board.revoke(MAI, datetime(2021, 1, 24, tzinfo=UTC))

    forge_lead(governed, AS_MAI, key(MAI))  # dated 22/01, appended after

    assert rules(governed.url) == ["unregistered-key"]


def test_a_revocation_to_come_leaves_the_store_clean(governed: Insider) -> None:
    with build_app(governed.url) as app:
        board = Board(app)
        board.at = datetime(2021, 1, 21, tzinfo=UTC)
        board.revoke(MAI, datetime(2021, 2, 1, tzinfo=UTC))

    assert rules(governed.url) == []
