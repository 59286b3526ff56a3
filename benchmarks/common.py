"""What the benchmark programs share: a command clock and the seed bloc's rulebook."""

from __future__ import annotations

from importlib.resources import files

from thidua.domain.service.clock import Clock

__all__ = ["Clock", "seed_rulebook"]


def seed_rulebook(*, lenient: bool = False) -> str:
    """The Lào Cai rulebook; lenient lets scoring close with sheets incomplete."""
    text = files("thidua.rulebooks").joinpath("lao-cai-tmth.toml").read_text("utf-8")
    if lenient:
        text = text.replace("complete_to_close = true", "complete_to_close = false")
    return text
