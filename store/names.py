"""Names of the PostgreSQL objects thidua creates beside the library's tables."""

from __future__ import annotations

INSERT_FUNCTION = "thidua_insert_events"  # appends events (store/appending.py)
SNAPSHOT_FUNCTION = "thidua_insert_snapshots"  # inserts snapshots
HEADS_TABLE = "thidua_heads"  # whose rows writers lock, per stream (store/locks.py)
CONTENT_TABLE = "thidua_content"  # dossiers' documents by SHA-256 (store/content.py)
