"""A clock for recorded stories: command ids and recording times that advance by a
fixed step, so the same story recorded twice is the same log, hash for hash."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any


class Clock:
    """Command metadata with ids and times that advance by a fixed step.

    `follow` keeps the recording times behind the story's own: a fact that happened
    at a moment is recorded after it.
    """

    def __init__(
        self,
        start: datetime,
        step: timedelta,
        *,
        actor: dict[str, Any] | None = None,
        prefix: str = "b",
    ) -> None:
        self.now = start.replace(tzinfo=UTC) if start.tzinfo is None else start
        self.now = self.now.astimezone(UTC)
        self.step = step
        self.actor = actor or {"name": "benchmark", "role": "operator"}
        self.prefix = prefix
        self.count = 0

    def follow(self, moment: date | None) -> None:
        """Move on to a moment of the story, if it is later than the clock."""
        if isinstance(moment, datetime):
            self.now = max(self.now, moment.astimezone(UTC))

    def meta(self) -> dict[str, Any]:
        self.count += 1
        self.now += self.step
        return {
            "actor": self.actor,
            "command_id": f"{self.prefix}{self.count}",
            "issued_at": self.now,
        }
