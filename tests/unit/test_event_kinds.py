"""Every kind of event is listed once (domain/topics.py), and every consumer of the
log, the auditor's re-derivation, `explain`, each read model and the audit log's
summaries, either handles it or says that it ignores it: a new kind cannot slip
past one of them unnoticed."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from thidua.domain.auditor import explain, rederive
from thidua.domain.topics import EVENTS, uncovered
from thidua.projections.audit import AuditLog
from thidua.projections.read_models import PROJECTIONS
from thidua.projections.summaries import SUMMARIES

ROOT = Path(__file__).parents[2]


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


def _kinds_named_in(path: Path) -> set[str]:
    """The names of classes a module compares an event's kind with (`row.event ==
    "…"`, `kind in (…)`), or lists as kinds (`starts`, `follows`, `SEALING`, …)."""
    named: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Compare):
            left = node.left
            about_kind = (
                isinstance(left, ast.Attribute) and left.attr in KIND_NAMES
            ) or (isinstance(left, ast.Name) and left.id in KIND_NAMES)
            if about_kind:
                for side in node.comparators:
                    named |= _strings(side)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id in KIND_LISTS for t in targets):
                named |= _strings(node.value)
    return named


def _strings(node: ast.AST | None) -> set[str]:
    if node is None:
        return set()
    return {
        n.value
        for n in ast.walk(node)
        if isinstance(n, ast.Constant)
        and isinstance(n.value, str)
        and re.fullmatch(r"[A-Z][a-z]+(?:[A-Z][a-z]+)+", n.value)
    }


KIND_NAMES = {"event", "kind"}
KIND_LISTS = {"starts", "follows", "kinds", "ignores", "SEALING", "UNDECIDED"}
SOURCES = sorted(
    p for folder in ("domain", "projections") for p in (ROOT / folder).rglob("*.py")
)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_kind_a_module_names_is_a_kind_of_the_table(path: Path) -> None:
    assert _kinds_named_in(path) <= set(EVENTS)
