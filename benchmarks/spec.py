"""The national dataset's shape: its size, its rulebook, the clock of its commands."""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from importlib.resources import files
from typing import Any

FIRST_YEAR = 2024
SIZES = ("provinces", "blocs", "units", "years")  # what a run's options may change
GROUPS = "ABCD"
ACTOR = {"name": "Nguyễn Thị Thu Hà", "role": "operator"}
SIGNATORIES = ["Nguyễn Văn An", "Trần Thị Bích Ngọc", "Lê Hoàng Phúc", "Phạm Minh Đức"]


@dataclass(frozen=True)
class Spec:
    provinces: int = 34
    blocs: int = 20
    units: int = 10
    years: int = 5
    criteria: int = 20

    @property
    def cycles(self) -> int:
        return self.provinces * self.blocs * self.years

    def __str__(self) -> str:
        return (
            f"{self.provinces} provinces × {self.blocs} blocs × {self.units} units ×"
            f" {self.years} years ({self.cycles:,} cycles, {self.criteria} criteria)"
        )


def rulebook(criteria: int) -> str:
    """The shipped default rulebook with its criteria replaced by `criteria` of them,
    worth 100 points together."""
    text = files("thidua.rulebooks").joinpath("default.toml").read_text("utf-8")
    text = re.sub(r"\[\[criteria\]\].*?(?=\n\[\[adjustments\]\])", "", text, flags=re.S)
    text = text.replace('code = "default"', 'code = "benchmark"', 1)
    worth = [
        100 // criteria + (1 if n < 100 % criteria else 0) for n in range(criteria)
    ]
    blocks = [
        f'[[criteria]]\ncode = "{GROUPS[n % 4]}{n + 1}"\ngroup = "{GROUPS[n % 4]}"\n'
        f'title_vi = "Tiêu chí thi đua số {n + 1}"\ntitle_en = "Criterion {n + 1}"\n'
        f"max_points = {worth[n]}\n"
        for n in range(criteria)
    ]
    return text.replace(
        "\n[[adjustments]]", "\n" + "\n".join(blocks) + "\n[[adjustments]]", 1
    )


class Clock:
    """Command ids and times that advance by a minute."""

    def __init__(self) -> None:
        self.now = datetime(FIRST_YEAR - 1, 12, 1, tzinfo=UTC)
        self.count = 0

    def meta(self) -> dict[str, Any]:
        self.count += 1
        self.now += timedelta(minutes=1)
        return {"actor": ACTOR, "command_id": f"n{self.count}", "issued_at": self.now}


def size_options(parser: argparse.ArgumentParser) -> None:
    for name in SIZES:
        parser.add_argument(f"--{name}", type=int)


def sized(spec: Spec, args: argparse.Namespace) -> Spec:
    """The dataset with the sizes the options gave in place of its own."""
    return replace(spec, **{n: getattr(args, n) for n in SIZES if getattr(args, n)})
