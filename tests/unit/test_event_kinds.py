"""Every kind of event is listed once (domain/topics.py), and every consumer of the
log, the auditor's re-derivation, `explain`, each read model and the audit log's
summaries, either handles it or says that it ignores it: a new kind cannot slip
past one of them unnoticed."""

from __future__ import annotations

import pytest

from thidua.domain import explain, rederive
from thidua.domain.topics import EVENTS, uncovered
from thidua.projections.audit import SUMMARIES, AuditLog
from thidua.projections.read_models import PROJECTIONS


def test_the_re_derivation_handles_or_ignores_every_kind() -> None:
    assert uncovered(rederive.HANDLERS, rederive.IGNORED) == set()
    assert set(rederive.ALLOWED_STAGES) <= set(EVENTS)


def test_explain_handles_or_ignores_every_kind() -> None:
    assert uncovered(explain.HANDLERS, explain.IGNORED) == set()
    assert set(explain.HANDLERS) == explain.EVIDENCE


@pytest.mark.parametrize("projection", PROJECTIONS, ids=lambda p: p.name)
def test_each_read_model_follows_or_ignores_every_kind(projection: type) -> None:
    assert uncovered(projection.kinds, projection.ignores) == set()


def test_the_audit_log_summarises_every_kind_it_follows() -> None:
    assert uncovered(SUMMARIES, AuditLog.ignores) == set()
    assert set(SUMMARIES) == AuditLog.kinds


def test_a_kind_neither_handled_nor_ignored_is_reported() -> None:
    everything_but_one = set(EVENTS) - {"VoteCast"}

    assert uncovered(everything_but_one) == {"VoteCast"}
    assert uncovered(EVENTS, {"VoteCast"}) == {"VoteCast"}  # both handled and ignored
    assert uncovered({*EVENTS, "VoteSpoiled"}) == {"VoteSpoiled"}  # no such kind
