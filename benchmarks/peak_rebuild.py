"""Rebuild every read model of a store in this process.

Run by `python -m benchmarks` as a process of its own, which the system measures
(benchmarks/processes.py), so that the peak is the rebuild's alone: the largest of
this process and the workers that fold a share of a long log (projections/workers.py),
which the system counts among its children. python -m benchmarks.peak_rebuild STORE
"""

from __future__ import annotations

import sys

from thidua.projections.read_models import ReadModels
from thidua.store import build_app


def main() -> None:
    with build_app(sys.argv[1]) as app:
        read_models = ReadModels(app)
        read_models.rebuild()
        read_models.close()


if __name__ == "__main__":
    main()
