"""The part of `audit verify` that says who appended each actor's events: the
database logins (PostgreSQL), or that the store has none (SQLite)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .render import paragraph, render

if TYPE_CHECKING:
    from thidua.domain.auditor.appenders import Appenders

    from .context import CliContext

COLUMNS = [
    ("actor", "Actor"),
    ("logins", "Appended by (database login)"),
    ("without_login", "Without a login"),
    ("events", "Events"),
]


def show_appenders(obj: CliContext, appenders: Appenders, fmt: str) -> None:
    """A table of actors and the logins that appended for them, for people; in
    JSON and CSV the verify report carries the rows instead."""
    if fmt != "table" or not appenders.by_actor:
        return
    if not appenders.any_login:
        paragraph(obj.text("no_logins"))
        return
    from thidua.office.i18n import actor_text

    rows = [
        {
            **row,
            "actor": actor_text(str(row["actor"]), obj.lang),
            "logins": ", ".join(row["logins"]) or "–",  # type: ignore[arg-type]
        }
        for row in appenders.rows()
    ]
    render(rows, COLUMNS, fmt, title="Who appended (người ghi)")
