"""Commands that read the whole log or a whole read model, each a process of its own.

What an operator or an auditor runs over a whole store: `audit verify --all` (every
stream), `audit checkpoint` (the Merkle root over every event), `projections rebuild`
(every read model from the log), the award registry exported whole (CSV, and the
Excel file beside it), and the statistical form 0603 of a year. Each is started as
`thidua …` on the store, after one start that warms the file system's caches, and
measured as the operating system counts it for that process alone (`os.wait4`): the
wall time, the processor time and the peak resident set (the interpreter and its
imports, about 50 MB, included). The store was just written and its read models
caught up, so its pages are in the file system's cache as on a machine in use. On
the national store and on the one four times as long, the peaks say whether memory
stays flat as the log grows (target ≤ 100 MB for `audit verify --all`, ≤ 300 MB
for a rebuild).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from .processes import THIDUA, measured, thidua_env
from .report import figure, say
from .spec import FIRST_YEAR, Spec

TARGETS = {"audit verify --all": 100, "projections rebuild": 300}


def commands(spec: Spec, out: Path) -> list[tuple[str, list[str]]]:
    year = str(FIRST_YEAR + spec.years - 1)
    return [
        ("audit verify --all", ["audit", "verify", "--all"]),
        ("audit checkpoint", ["audit", "checkpoint", "--out", str(out / "log.json")]),
        ("projections rebuild", ["projections", "rebuild"]),
        ("awards --format csv (every record)", ["awards", "--format", "csv"]),
        (
            "awards --xlsx (every record)",
            ["awards", "--format", "csv", "--xlsx", str(out / "awards.xlsx")],
        ),
        (
            f"report awards {year} (form 0603)",
            ["report", "awards", year, "--province", "Tỉnh 01", "--format", "json"],
        ),
    ]


def measure(url: str, spec: Spec, label: str) -> None:
    """Print each command's figures on one store."""
    say(f"Commands over the whole store, {label}: each a process of its own")
    env = thidua_env(url)
    with tempfile.TemporaryDirectory(prefix="thidua-whole-") as folder:
        for name, arguments in commands(spec, Path(folder)):
            done = measured([THIDUA, *arguments], env)
            took, cpu, peak = done.wall, done.processor, done.peak
            target = TARGETS.get(name)
            note = f"processor {cpu:,.1f} s, peak {peak:,.0f} MB"
            if target is not None:
                met = "met" if peak <= target else "NOT met"
                note += f" (target ≤ {target} MB: {met})"
            figure(name, f"{took:,.2f} s", note)
