"""Who appended each actor's events: the database logins their rows carry.

On PostgreSQL every event's hashed content names the login that appended it, and the
store's append function refused any row whose login was not the session's own
(store/appending.py); so an auditor reads, per actor, which logins wrote in their
name. SQLite has no logins: its rows, and rows appended before thidua recorded
logins, carry none.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from thidua.domain.auditor.integrity import UNREADABLE, StoredRow

LOGIN = "login"


@dataclass
class Appenders:
    """Per actor (as the events name them), the events each login appended."""

    # actor label → login (None: the row names none) → events
    by_actor: dict[str, dict[str | None, int]] = field(default_factory=dict)

    def add(self, rows: Iterable[StoredRow]) -> None:
        for row in rows:
            document = row.document
            actor = document.get("actor")
            if UNREADABLE in document or not isinstance(actor, dict):
                continue  # the chain check reports it
            login = document.get(LOGIN)
            logins = self.by_actor.setdefault(_label(actor), {})
            key = str(login) if login is not None else None
            logins[key] = logins.get(key, 0) + 1

    @property
    def any_login(self) -> bool:
        return any(
            login is not None for logins in self.by_actor.values() for login in logins
        )

    def rows(self) -> list[dict[str, object]]:
        """One row per actor: the logins that appended for them, and how many."""
        return [
            {
                "actor": actor,
                "logins": sorted(login for login in logins if login is not None),
                "without_login": logins.get(None, 0),
                "events": sum(logins.values()),
            }
            for actor, logins in sorted(self.by_actor.items())
        ]


def _label(actor: dict[str, object]) -> str:
    name, role, unit = actor.get("name"), actor.get("role"), actor.get("unit")
    return f"{name} ({role} {unit})" if unit else f"{name} ({role})"
