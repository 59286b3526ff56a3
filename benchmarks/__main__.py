"""python -m benchmarks: the national benchmark (benchmarks/national.py, run.py)."""

from .run import main

main()
