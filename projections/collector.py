"""The cyclic garbage collector held off while a rebuild folds the log.

A fold makes millions of short-lived objects, freed by their reference counts; the
collector, started by their number, would walk the whole heap again and again for
almost nothing to free (issue 20 measured 30-50% of a national rebuild). What is alive
before the rebuild is frozen out of its walks; it runs when folded state is dropped.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_held() -> Iterator[None]:
    """Collect only when asked (by `collect`) inside; the collector as it was after,
    even on error."""
    enabled = gc.isenabled()
    gc.disable()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
        if enabled:
            gc.enable()


def collect() -> None:
    """Free what dropped folded state left in cycles, so memory stays flat."""
    gc.collect()
