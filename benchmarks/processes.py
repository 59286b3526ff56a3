"""A program's wall time, processor time and peak memory, as the system counts them.

The figures are asked of the system by a small parent of the program's own: a child
started straight from a benchmark's process would count that process's memory at
the fork as its own peak (Linux keeps a process's peak resident set across `exec`:
a child of a 500 MB parent reports 500 MB however little it uses).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

THIDUA = str(Path(sys.executable).parent / "thidua")


def thidua_env(url: str) -> dict[str, str]:
    """The environment `thidua` starts in on this store, as an installed program
    does: its modules' bytecode cached after the first start (some shells set
    PYTHONDONTWRITEBYTECODE to keep source trees clean; without the cache every
    start compiles thidua's modules again), and tables drawn 80 columns wide."""
    env = {**os.environ, "THIDUA_DB": url, "COLUMNS": "80"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


PARENT = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE)
used = resource.getrusage(resource.RUSAGE_CHILDREN)
sys.stdout.buffer.write(done.stdout)
print(done.returncode, used.ru_utime + used.ru_stime, used.ru_maxrss)
"""


@dataclass(frozen=True)
class Measured:
    wall: float  # seconds
    processor: float  # seconds, user and system
    peak: float  # MB, the maximum resident set
    output: str  # what the program printed, its last line of figures removed


def measured(command: list[str], env: dict[str, str] | None = None) -> Measured:
    """Run the program to its end; its figures, or SystemExit saying how it failed."""
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", PARENT, *command],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - began
    output, _, figures = done.stdout.rstrip("\n").rpartition("\n")
    code, processor, peak = figures.split() if figures else ("?", "0", "0")
    if done.returncode != 0 or code != "0":
        said = done.stderr.strip()[-500:]
        raise SystemExit(f"{' '.join(command)}: exit {code}: {said}")
    return Measured(wall, float(processor), int(peak) / 1024, output)
