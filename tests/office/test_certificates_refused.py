"""Certificates are printed only for lines in force: a decision with none is refused
in one line, naming the rule, rather than written as an empty PDF."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from thidua.domain.commendation.errors import NothingToCertify
from thidua.office.decision import certificates_pdf


def test_a_decision_with_no_lines_prints_no_certificates() -> None:
    state = SimpleNamespace(code="216/QĐ-UBND")

    with pytest.raises(NothingToCertify, match="216/QĐ-UBND has no line in force"):
        certificates_pdf(state, [], "log@1:00", "en", {})


def test_a_decision_whose_lines_are_all_revoked_prints_no_certificates() -> None:
    state = SimpleNamespace(code="215/QĐ-UBND")
    rows = [{"in_force": False, "award": "provincial-flag"}]

    with pytest.raises(NothingToCertify) as refused:
        certificates_pdf(state, rows, "log@1:00", "vi", {})

    assert refused.value.rule == "decision-certificates"
