"""Programs that print the figures the documentation quotes.

python -m benchmarks                  # the national benchmark (national.py)
python -m benchmarks.writers          # concurrent writers on PostgreSQL
python -m benchmarks.read_models      # read-model rebuild on a million events
python -m benchmarks.audit            # replay and verify on a long cycle
"""
