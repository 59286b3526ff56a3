"""A decision with no lines, for a session that cut everything, on each store:
its declines are recorded with it and read back, and the store verifies."""

from __future__ import annotations

from season import DECISION, all_cut

from thidua.domain.auditor.audit import Auditor
from thidua.domain.commendation import commands as k
from thidua.domain.commendation.rules import default_rules_text
from thidua.domain.service.application import Thidua
from thidua.store import build_app

from support import Desk


def test_the_declines_of_a_session_that_cut_everything_are_stored_with_its_decision(
    app: Thidua, store_url: str
) -> None:
    desk = Desk(app)
    all_cut(desk)

    desk(k.IssueDecision, **{**DECISION, "number": "513/QĐ-UBND",
         "sessions": ["HD2021-2"]}, rules_text=default_rules_text())  # fmt: skip

    with build_app(store_url) as fresh:
        assert fresh.cycle("TMTH", 2020).proposals["P1"].status == "declined"
        assert Auditor(fresh).examine().discrepancies == []
