"""The bloc's document settings: recorded as their own event, in force by date,
read by the minutes; a store without them still loads and verifies."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from thidua.cli import main
from thidua.domain import commands as c
from thidua.domain import errors
from thidua.domain.service.application import Thidua
from thidua.domain.types import Actor, Role

from support import Desk


def test_settings_apply_from_their_day_and_keep_what_is_not_given(
    app: Thidua, desk: Desk
) -> None:
    desk.bloc()
    desk(
        c.ConfigureBloc, bloc="TMTH", superior_body="UBND TỈNH LÀO CAI",
        place="Lào Cai", document_code="ktđtmth", since=date(2018, 1, 1),
    )  # fmt: skip
    # The provinces merged in 2025: a new superior body, the rest as before.
    desk(
        c.ConfigureBloc, bloc="TMTH", superior_body="UBND TỈNH LÀO CAI (MỚI)",
        since=date(2025, 7, 1),
    )  # fmt: skip

    bloc = app.bloc("TMTH")
    before, after = (
        bloc.settings_on(date(2021, 1, 25)),
        bloc.settings_on(date(2026, 1, 5)),
    )
    assert before is not None
    assert after is not None
    assert (before.superior_body, before.document_code) == (
        "UBND TỈNH LÀO CAI",
        "KTĐTMTH",
    )
    assert (after.superior_body, after.place) == ("UBND TỈNH LÀO CAI (MỚI)", "Lào Cai")
    assert bloc.settings_on(date(2010, 1, 1)) == before  # nothing older is known


def test_a_bloc_never_configured_has_no_settings(app: Thidua, desk: Desk) -> None:
    desk.bloc()

    assert app.bloc("TMTH").settings_on(date(2021, 1, 25)) is None


def test_configuring_nothing_is_refused(desk: Desk) -> None:
    desk.bloc()

    with pytest.raises(errors.CommandRejected, match="at least one setting"):
        desk(c.ConfigureBloc, bloc="TMTH")


def test_only_an_operator_configures_a_bloc(desk: Desk) -> None:
    desk.bloc()
    unit = Actor(name="Phạm Thị Lan", role=Role.UNIT, unit="SNV")

    with pytest.raises(errors.RoleNotPermitted):
        desk(c.ConfigureBloc, bloc="TMTH", place="Sa Pa", actor=unit)


def test_a_document_code_is_capitals_digits_and_hyphens(desk: Desk) -> None:
    from pydantic import ValidationError

    desk.bloc()

    with pytest.raises(ValidationError):
        desk(c.ConfigureBloc, bloc="TMTH", document_code="KTĐ/TMTH")


def test_minutes_name_the_configured_body_and_the_store_still_verifies(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "demo.db")
    run = CliRunner().invoke
    assert run(main, ["--db", db, "-q", "demo"]).exit_code == 0

    configured = run(main, [
        "--db", db, "bloc", "configure", "TMTH", "--superior-body",
        "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG TỈNH", "--document-code", "KTĐ-TMTH",
        "--from", "2020-01-01",
    ])  # fmt: skip
    made = run(main, [
        "--db", db, "--lang", "vi", "minutes", "TMTH/2020",
        "--pdf", str(tmp_path / "m.pdf"),
    ])  # fmt: skip
    verified = run(main, ["--db", db, "audit", "verify", "--all"])

    assert configured.exit_code == 0, configured.output
    assert made.exit_code == 0, made.output
    first = " ".join(PdfReader(tmp_path / "m.pdf").pages[0].extract_text().split())
    assert "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG TỈNH" in first
    assert "/BB-KTĐ-TMTH" in first
    assert verified.exit_code == 0, verified.output
