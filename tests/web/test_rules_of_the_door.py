"""The web door's own pieces, without a server: grants, the sign-in brake, form
tokens, charts, and the catalogs' [web] texts in both languages."""

from __future__ import annotations

import re
import string
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from thidua.domain.authority_state import AuthorityState, Grant
from thidua.office.i18n import catalog
from thidua.web.accounts import Account, grants_of
from thidua.web.charts import spread_chart, totals_chart, years_chart
from thidua.web.security import FormTokens, LoginBrake

TEMPLATES = Path(__file__).parents[2] / "web" / "templates"


def test_a_representatives_grant_covers_its_own_unit_of_its_own_bloc_only() -> None:
    (grant,) = grants_of(Account("Phạm Thị Lan", "representative", "SNV", "TMTH"))

    assert grant.writes_for("TMTH", "SNV")
    assert not grant.writes_for("TMTH", "STC")
    assert not grant.writes_for("KTTH", "SNV")
    assert not grant.writes_for("TMTH", None)  # nothing about the whole cycle


def test_an_operators_grant_covers_every_unit_of_its_bloc() -> None:
    (grant,) = grants_of(Account("Đỗ Thị Mai", "operator", None, "TMTH"))

    assert grant.writes_for("TMTH", "STC")
    assert not grant.writes_for("KTTH", "STC")


def test_auditors_and_analysts_write_nothing() -> None:
    for role in ("auditor", "analyst"):
        (grant,) = grants_of(Account("Trần Văn Kiểm", role, None, None))  # type: ignore[arg-type]

        assert not grant.writes_for("TMTH", "SNV")


def authority(
    *grants: tuple[str, str, str | None], until: datetime | None = None
) -> AuthorityState:
    """An authority that granted these (holder, role, scope), until a moment."""
    since = datetime(2021, 1, 1, tzinfo=UTC)
    return AuthorityState(
        "Ban TĐKT", "root", {}, {g: Grant(since, until) for g in grants}
    )


AT = datetime(2022, 1, 14, tzinfo=UTC)


def test_under_an_authority_an_account_holds_the_grants_made_to_its_name() -> None:
    lan = Account("Phạm Thị Lan", "representative", "SNV", "TMTH")
    granted = authority(("Phạm Thị Lan", "unit", "SNV"))

    (grant,) = grants_of(lan, granted, AT)

    assert grant.writes_for("TMTH", "SNV")
    assert grants_of(lan, authority(), AT) == ()  # the account alone grants nothing


def test_under_an_authority_a_grant_in_another_role_or_unit_gives_nothing() -> None:
    lan = Account("Phạm Thị Lan", "representative", "SNV", "TMTH")
    other = authority(
        ("Phạm Thị Lan", "unit", "STC"), ("Phạm Thị Lan", "operator", "TMTH")
    )

    assert grants_of(lan, other, AT) == ()


def test_under_an_authority_a_withdrawn_grant_gives_nothing_from_then_on() -> None:
    mai = Account("Đỗ Thị Mai", "operator", None, "TMTH")
    withdrawn = authority(("Đỗ Thị Mai", "operator", "TMTH"), until=AT)

    before = grants_of(mai, withdrawn, AT - timedelta(days=1))

    assert [g.writes_for("TMTH", "STC") for g in before] == [True]
    assert grants_of(mai, withdrawn, AT) == ()


def test_under_an_authority_an_operators_grant_is_for_the_bloc_it_names() -> None:
    mai = Account("Đỗ Thị Mai", "operator", None, None)
    both = authority(
        ("Đỗ Thị Mai", "operator", "KTTH"), ("Đỗ Thị Mai", "operator", None)
    )

    (grant,) = grants_of(mai, both, AT)  # the province's own grant writes no cycle

    assert grant.writes_for("KTTH", "STC")
    assert not grant.writes_for("TMTH", "STC")


def test_the_brake_doubles_the_wait_after_the_free_tries() -> None:
    now = [0.0]
    brake = LoginBrake(free=2, first_wait=1.0, clock=lambda: now[0])

    brake.failed("a")
    brake.failed("a")
    first = brake.wait("a")
    brake.failed("a")
    second = brake.wait("a")

    assert first == 1.0
    assert second == 2.0


def test_the_brake_remembers_a_bounded_number_of_keys() -> None:
    brake = LoginBrake(size=100)

    for n in range(1000):
        brake.failed(f"address:{n}")

    assert len(brake.tries) == 100


def test_a_form_token_holds_for_its_own_browser_and_session_only() -> None:
    tokens = FormTokens("secret")
    token = tokens.token("nonce-1", "session-1")

    assert tokens.holds(token, "nonce-1", "session-1")
    assert not tokens.holds(token, "nonce-2", "session-1")
    assert not tokens.holds(token, "nonce-1", "session-2")
    assert not FormTokens("another secret").holds(token, "nonce-1", "session-1")


def test_chart_labels_are_escaped() -> None:
    label = "<script>alert(1)</script>"

    drawn = [
        totals_chart(label, [(label, Decimal(90))], label),
        years_chart(label, {label: {2020: Decimal(90)}}, label),
        spread_chart(label, [(label, Decimal(30), [Decimal(29)])]),
    ]

    for svg in drawn:
        assert "<script>" not in svg
        assert "&lt;script&gt;" in svg


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_have_every_web_text_with_the_same_placeholders() -> None:
    english, vietnamese = catalog("en", "web"), catalog("vi", "web")

    assert set(english) == set(vietnamese)
    for key, text in english.items():
        assert placeholders(vietnamese[key]) == placeholders(text), key


def test_every_text_a_template_names_is_in_the_catalog() -> None:
    named = {
        key
        for page in TEMPLATES.glob("*.html")
        for key in re.findall(r'\bt[\[(]"([a-z_0-9]+)"[\]),]', page.read_text("utf-8"))
    }

    assert named
    assert named <= set(catalog("en", "web"))
