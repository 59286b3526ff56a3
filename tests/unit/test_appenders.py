"""Who appended each actor's events, as `audit verify` reads it from the rows."""

from __future__ import annotations

from typing import Any

from thidua.domain.auditor.appenders import Appenders
from thidua.domain.auditor.integrity import UNREADABLE, StoredRow

MAI = {"name": "Đỗ Thị Mai", "role": "operator", "unit": None}
AN = {"name": "Nguyễn Văn An", "role": "unit", "unit": "SNV"}


def row(version: int, actor: dict[str, Any], login: str | None) -> StoredRow:
    document: dict[str, Any] = {"actor": actor}
    if login is not None:
        document["login"] = login
    return StoredRow(version, "ab" * 16, version, "ScoresSubmitted", document)


def test_each_actor_is_shown_with_every_login_that_appended_for_them() -> None:
    appenders = Appenders()
    appenders.add([row(1, MAI, "mai"), row(2, MAI, "lan"), row(3, AN, "mai")])
    appenders.add([row(1, MAI, "mai")])

    assert appenders.rows() == [
        {"actor": "Nguyễn Văn An (unit SNV)", "logins": ["mai"], "without_login": 0,
         "events": 1},
        {"actor": "Đỗ Thị Mai (operator)", "logins": ["lan", "mai"],
         "without_login": 0, "events": 3},
    ]  # fmt: skip


def test_rows_without_a_login_are_counted_and_say_the_store_has_none() -> None:
    appenders = Appenders()
    appenders.add([row(1, MAI, None), row(2, MAI, None)])

    assert not appenders.any_login
    assert appenders.rows()[0]["without_login"] == 2


def test_an_unreadable_row_is_left_to_the_chain_check() -> None:
    appenders = Appenders()
    appenders.add([StoredRow(1, "ab" * 16, 1, "ScoresSubmitted", {UNREADABLE: "x"})])

    assert appenders.rows() == []
