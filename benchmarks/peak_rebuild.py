"""Rebuild every read model of a store in this process; print the peak memory (KB)
of the process that held the most, this one or a worker that folded a share of a
long log (projections/workers.py).

Run by `python -m benchmarks` as a process of its own, so that the peak is the
rebuild's alone: python -m benchmarks.peak_rebuild STORE
"""

from __future__ import annotations

import resource
import sys

from thidua.projections.read_models import ReadModels
from thidua.store import build_app


def main() -> None:
    with build_app(sys.argv[1]) as app:
        read_models = ReadModels(app)
        read_models.rebuild()
        read_models.close()
    # The workers have ended: their peak is the children's.
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(max(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))


if __name__ == "__main__":
    main()
