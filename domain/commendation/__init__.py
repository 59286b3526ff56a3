"""Commendation after the bloc: dossiers, the council's session, the decisions.

Each is a stream of its own, with its rules as two pure functions over a frozen
state (`decide`, `evolve`); the aggregates only hold the state and record.
"""
