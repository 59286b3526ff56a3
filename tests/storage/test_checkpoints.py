"""An insider who tampers with the log after a checkpoint was taken is caught by it.

Each attack drops the triggers first, as a database administrator could. The
per-stream chains alone cannot see any of these; a held checkpoint does, and names
what failed.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from insider import SEED, Insider

from thidua.domain import commands as c
from thidua.domain.auditor.audit import Auditor
from thidua.domain.auditor.checkpoint import Checkpoint, CheckpointRefused
from thidua.domain.auditor.inclusion import check_proof
from thidua.domain.auditor.integrity import GENESIS, event_hash
from thidua.domain.auditor.log_tree import LogTree
from thidua.domain.service.signing import Signer, generate
from thidua.store import build_app

from support import Desk, event_count, record_seed

NOW = datetime(2021, 1, 25, 17, 0, tzinfo=UTC)


@pytest.fixture
def store(store_url: str) -> Iterator[tuple[Any, Insider]]:
    with build_app(store_url) as app:
        record_seed(app)
        insider = Insider(store_url)
        yield app, insider
        insider.connection.close()


def taken(app: Any) -> Checkpoint:
    checkpoint, _ = LogTree(Auditor(app)).checkpoint(NOW)
    return checkpoint


def finding(app: Any, checkpoint: Checkpoint) -> str:
    (found,) = LogTree(Auditor(app)).extends([checkpoint])
    return "" if found.problem is None else found.problem.message


def chain_problems(app: Any) -> list[str]:
    return [p for report in Auditor(app).verify() for p in report.problems]


def test_an_untouched_store_extends_its_checkpoint_after_more_appends(
    store: tuple[Any, Insider],
) -> None:
    app, _ = store
    checkpoint = taken(app)
    Desk(app)(c.CreateBloc, bloc="KHAC", name="Khối khác", province="Lào Cai")

    (found,) = LogTree(Auditor(app)).extends([checkpoint])

    assert found.holds
    assert found.events == checkpoint.tree_size + 1
    assert checkpoint.tree_size == checkpoint.position == event_count(app) - 1


def test_two_events_of_a_stream_swapping_positions_are_caught(
    store: tuple[Any, Insider],
) -> None:
    app, insider = store
    checkpoint = taken(app)
    store_digest, _ = Auditor(app).store()
    fifth, sixth = insider.position_of(5), insider.position_of(6)
    insider.drop_triggers()
    insider.swap_positions(fifth, sixth)

    assert chain_problems(app) == []  # the chains and digests cannot tell
    assert Auditor(app).findings([str(store_digest)])[0].holds
    assert finding(app, checkpoint) == (
        f"{checkpoint}: version 5 of TMTH/2020 sits at position {sixth}, after"
        f" version 6 at position {fifth}: events were reordered"
    )


def test_events_of_two_streams_swapping_positions_are_caught(
    store: tuple[Any, Insider],
) -> None:
    app, insider = store
    checkpoint = taken(app)
    opened = insider.position_of(1)  # the cycle opens after its bloc's events
    insider.drop_triggers()
    insider.swap_positions(opened - 1, opened)

    assert chain_problems(app) == []
    assert "rewritten or moved" in finding(app, checkpoint)


def test_a_truncated_log_is_caught(store: tuple[Any, Insider]) -> None:
    app, insider = store
    checkpoint = taken(app)
    size = checkpoint.tree_size
    insider.drop_triggers()
    insider.cut_tail(after=size - 3)

    assert chain_problems(app) == []
    assert finding(app, checkpoint) == (
        f"{checkpoint} covers {size} events up to position {size}; the log now ends"
        f" at position {size - 3} with {size - 3}: its tail was cut off"
    )


def test_a_deleted_stream_is_caught(store: tuple[Any, Insider]) -> None:
    app, insider = store
    checkpoint = taken(app)
    size, deleted = checkpoint.tree_size, len(Auditor(app).stream_rows(SEED))
    insider.drop_triggers()
    insider.delete_stream()

    assert chain_problems(app) == []
    assert finding(app, checkpoint) == (
        f"{checkpoint} covers {size} events up to position {size}; {deleted} of them"
        " are gone: events were deleted"
    )


def test_a_consistently_rechained_rewrite_is_caught(
    store: tuple[Any, Insider],
) -> None:
    app, insider = store
    checkpoint = taken(app)
    versions = len(Auditor(app).stream_rows(SEED))
    insider.drop_triggers()
    previous = GENESIS
    for version in range(1, versions + 1):  # a forger who knows the recipe
        document = insider.state(version)
        if version == 20:
            document["reason"] = "altered afterwards"
        document["previous_hash"] = previous
        del document["event_hash"]
        name = insider.topic(version).rpartition(":")[2]
        document["event_hash"] = previous = event_hash(name, SEED, version, document)
        insider.write(version, document)

    assert chain_problems(app) == []
    assert finding(app, checkpoint) == (
        f"the first {checkpoint.tree_size} events of the log are not those"
        f" {checkpoint} fixed: an event among them was rewritten or moved"
    )


def test_a_checkpoint_whose_signature_fails_is_refused(
    store: tuple[Any, Insider],
) -> None:
    app, _ = store
    pem, public_key = generate()
    Desk(app)(c.RegisterKey, public_key=public_key)
    signer = Signer(pem)
    signed, _ = LogTree(Auditor(app)).checkpoint(NOW, signer, "Đỗ Thị Mai")
    forged = Checkpoint(**{**vars(signed), "taken_at": "2021-01-01T00:00:00Z"})
    stranger = Checkpoint(**{**vars(signed), "signer": "Người lạ"})

    assert finding(app, signed) == ""
    with pytest.raises(CheckpointRefused, match="signature of Đỗ Thị Mai does not"):
        finding(app, forged)
    with pytest.raises(CheckpointRefused, match="not registered to Người lạ"):
        finding(app, stranger)


def test_a_checkpoint_can_be_signed_only_with_the_signers_registered_key(
    store: tuple[Any, Insider],
) -> None:
    app, _ = store

    with pytest.raises(Exception, match="is not registered to Đỗ Thị Mai"):
        LogTree(Auditor(app)).checkpoint(NOW, Signer(generate()[0]), "Đỗ Thị Mai")


def test_a_units_proof_holds_offline_and_fails_once_its_events_are_altered(
    store: tuple[Any, Insider],
) -> None:
    app, _ = store
    checkpoint = taken(app)

    proof = LogTree(Auditor(app)).prove("TMTH", 2020, "SNV", checkpoint)

    assert check_proof(proof, "proof").problems == []
    events = [(e["version"], e["event"]) for e in proof["events"]]
    assert (4, "CovenantSigned") in events
    assert (27, "VoteCast") in events
    assert all(e["document"]["event_hash"] for e in proof["events"])
    signed, scored = (
        next(e for e in proof["events"] if e["event"] == name)
        for name in ("CovenantSigned", "ScoresSubmitted")
    )
    signed["document"]["signatory"] = "Người khác"
    scored["index"] += 1
    problems = [p.message for p in check_proof(proof, "proof").problems]
    assert problems == [
        f"version {signed['version']} (CovenantSigned, position {signed['position']}):"
        " its document does not match its hash",
        f"version {scored['version']} (ScoresSubmitted, position"
        f" {scored['position']}): its inclusion path does not lead to the"
        " checkpoint's root",
    ]


def test_no_proof_is_made_against_a_checkpoint_the_store_no_longer_extends(
    store: tuple[Any, Insider],
) -> None:
    app, insider = store
    checkpoint = taken(app)
    insider.drop_triggers()
    insider.cut_tail(after=30)

    with pytest.raises(CheckpointRefused, match="does not extend checkpoint"):
        LogTree(Auditor(app)).prove("TMTH", 2020, "SNV", checkpoint)
