"""Who appended an event is the store's login, never one a command brings: in memory
and on SQLite no event names a login, on PostgreSQL each names the session's."""

from __future__ import annotations

from thidua.cli.story import story
from thidua.domain.auditor.audit import Auditor
from thidua.domain.service.application import Thidua


def test_a_command_cannot_name_the_login_that_appends_it(app: Thidua) -> None:
    first = story()[0].command
    forged = first.model_copy(update={"login": "somebody_else"})

    app.handle(forged)

    (row,) = list(Auditor(app).rows())
    assert row.document.get("login") == app.login
    assert row.document.get("login") != "somebody_else"
