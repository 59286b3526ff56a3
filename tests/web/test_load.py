"""The web load benchmark still runs (briefly, with few clients; its figures are
not judged here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]


@pytest.mark.slow
def test_the_web_load_benchmark_reports_latency_beside_the_cli_floor(
    tmp_path: Path,
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.web", "--seconds", "1", "--clients", "5",
         "--times", "1", "--workdir", str(tmp_path)],
        capture_output=True, text=True, check=False, timeout=300, cwd=ROOT,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert "public standings /blocs/TMTH/2020" in result.stdout
    assert "score form /units/TMTH/2021/SNV" in result.stdout
    assert "floor, the same standings query" in result.stdout
