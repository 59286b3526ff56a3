"""What the benchmark programs share: a command clock and the seed bloc's rulebook."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from importlib.resources import files
from typing import Any

ACTOR = {"name": "benchmark", "role": "operator"}


class Clock:
    """Command metadata with ids and times that advance by a fixed step."""

    def __init__(self, start: datetime, step: timedelta) -> None:
        self.now = start.replace(tzinfo=UTC)
        self.step = step
        self.count = 0

    def meta(self) -> dict[str, Any]:
        self.count += 1
        self.now += self.step
        return {"actor": ACTOR, "command_id": f"b{self.count}", "issued_at": self.now}


def seed_rulebook(*, lenient: bool = False) -> str:
    """The Lào Cai rulebook; lenient lets scoring close with sheets incomplete."""
    text = files("thidua.rulebooks").joinpath("lao-cai-tmth.toml").read_text("utf-8")
    if lenient:
        text = text.replace("complete_to_close = true", "complete_to_close = false")
    return text
