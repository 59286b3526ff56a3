"""python -m benchmarks: the national benchmark (benchmarks/national.py)."""

from .national import main

main()
