"""The auditor's own reward of a decision's line: coefficient × base salary in
force, rounded as the decision's own rules say, read with its own code."""

from __future__ import annotations

import tomllib
from datetime import date

from thidua.domain.auditor.rederive_commendation import reward
from thidua.domain.commendation.rules import default_rules_text

RULES = default_rules_text()


def rules(text: str) -> dict[str, object]:
    return tomllib.loads(text)


def test_the_auditor_rounds_a_reward_up_to_the_ten_thousand_dong() -> None:
    # 0.3 × 1,490,000 = 447,000 (Decree 91/2017 Art. 68(2)).
    on = date(2020, 1, 10)

    assert reward(rules(RULES), "commendation", "individual", on) == 450_000


def test_the_auditor_rounds_to_the_nearest_where_the_rules_say_so() -> None:
    nearest = rules(RULES.replace('mode = "up"', 'mode = "nearest"', 1))

    # 0.3 × 2,340,000 = 702,000 → 700,000; 0.6 × 2,340,000 = 1,404,000 → 1,400,000
    on = date(2024, 8, 1)
    assert reward(nearest, "commendation", "individual", on) == 700_000
    assert reward(nearest, "commendation", "collective", on) == 1_400_000


def test_the_auditor_pays_to_the_dong_under_rules_that_say_no_rounding() -> None:
    start = RULES.index("[rounding]")
    unrounded = rules(RULES[:start] + RULES[RULES.index("[forms]", start) :])

    assert reward(unrounded, "commendation", "individual", date(2020, 1, 10)) == 447_000
