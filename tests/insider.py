"""Raw access to a store's events table, as a database administrator has it."""

from __future__ import annotations

import json
import sqlite3
from typing import Any
from urllib.parse import parse_qs, urlsplit

from thidua.domain.ids import cycle_id

SEED = cycle_id("TMTH", 2020)


class Insider:
    """Raw access to the events table, as a database administrator has it."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.postgres = url.startswith("postgresql://")
        if self.postgres:
            import psycopg

            schema = parse_qs(urlsplit(url).query)["schema"][0]
            self.connection: Any = psycopg.connect(
                url.split("?", maxsplit=1)[0], autocommit=True
            )
            self.table = f'"{schema}".thidua_events'
            self.position = "notification_id"
        else:
            self.connection = sqlite3.connect(url, isolation_level=None)
            self.table = "stored_events"
            self.position = "rowid"

    def run(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        if self.postgres:
            sql = sql.replace("?", "%s")
        cursor = self.connection.execute(sql, params)
        return list(cursor.fetchall()) if cursor.description else []

    def key(self) -> Any:
        return SEED if self.postgres else SEED.hex

    def drop_triggers(self) -> None:
        if self.postgres:
            self.run(f"DROP TRIGGER thidua_append_only ON {self.table}")
        else:
            self.run("DROP TRIGGER thidua_append_only_update")
            self.run("DROP TRIGGER thidua_append_only_delete")

    def state(self, version: int, key: Any = None) -> dict[str, Any]:
        (state,) = self.run(
            f"SELECT state FROM {self.table}"
            " WHERE originator_id = ? AND originator_version = ?",
            (self.key() if key is None else key, version),
        )[0]
        return dict(json.loads(bytes(state)))

    def write(self, version: int, document: dict[str, Any]) -> None:
        self.run(
            f"UPDATE {self.table} SET state = ?"
            " WHERE originator_id = ? AND originator_version = ?",
            (json.dumps(document).encode(), self.key(), version),
        )

    def delete(self, version: int) -> None:
        self.run(
            f"DELETE FROM {self.table}"
            " WHERE originator_id = ? AND originator_version = ?",
            (self.key(), version),
        )

    def replace_text(self, old: str, new: str) -> None:
        """Edit every stored document's text in place, as a careless hand would."""
        if self.postgres:
            state = "convert_to(replace(convert_from(state, 'UTF8'), ?, ?), 'UTF8')"
        else:
            state = "replace(state, ?, ?)"
        self.run(f"UPDATE {self.table} SET state = {state}", (old, new))

    # Whole-log tampering: positions, the tail, a whole stream. ------------------

    def position_of(self, version: int, stream: Any = None) -> int:
        """The log position of a version of a stream (the seed cycle's by default)."""
        (found,) = self.run(
            f"SELECT {self.position} FROM {self.table}"
            " WHERE originator_id = ? AND originator_version = ?",
            (self.key() if stream is None else stream, version),
        )[0]
        return int(found)

    def swap_positions(self, first: int, second: int) -> None:
        """Give two events each other's log position (notification id)."""
        for old, new in ((first, -1), (second, first), (-1, second)):
            self.run(
                f"UPDATE {self.table} SET {self.position} = ?"
                f" WHERE {self.position} = ?",
                (new, old),
            )

    def cut_tail(self, after: int) -> None:
        """Delete every event after a log position."""
        self.run(f"DELETE FROM {self.table} WHERE {self.position} > ?", (after,))

    def delete_stream(self, stream: Any = None) -> None:
        """Delete every event of a stream (the seed cycle's by default)."""
        self.run(
            f"DELETE FROM {self.table} WHERE originator_id = ?",
            (self.key() if stream is None else stream,),
        )

    def key_of(self, stream: Any) -> Any:
        """A stream id as this store's `originator_id` column holds it."""
        return stream if self.postgres else stream.hex

    def topic(self, version: int) -> str:
        (topic,) = self.run(
            f"SELECT topic FROM {self.table}"
            " WHERE originator_id = ? AND originator_version = ?",
            (self.key(), version),
        )[0]
        return str(topic)

    # Forging as the writer role: no trigger stands in the way of an insert. -----

    def last_version(self, stream: Any = None) -> int:
        (found,) = self.run(
            f"SELECT max(originator_version) FROM {self.table} WHERE originator_id = ?",
            (self.key() if stream is None else stream,),
        )[0]
        return int(found or 0)

    def append(
        self,
        event: str,
        fields: dict[str, Any],
        like: int = 0,
        stream: Any = None,
        signer: Any = None,
    ) -> int:
        """Append a forged event to a stream (the seed cycle's by default), chained
        as the engine chains: the document of version `like` (else the last event
        of the kind, else an operator's bare one) with `fields` changed, hashed onto
        the head; signed with `signer` (a key the forger holds) if given."""
        from thidua.domain.auditor.integrity import event_hash

        stream = SEED if stream is None else stream
        key = self.key_of(stream)
        version = self.last_version(key) + 1
        model = self.state(like, key) if like else self._last_of(event, key)
        head = self.state(version - 1, key)["event_hash"]
        document = {**model, **fields, "previous_hash": head}
        for unhashed in ("signature", "key_id", "event_hash"):
            document.pop(unhashed, None)
        if "command_id" not in fields:
            document["command_id"] = f"forged-{version}"
        document["event_hash"] = event_hash(event, stream, version, document)
        if signer is not None:
            document["signature"] = signer.sign(document["event_hash"])
            document["key_id"] = signer.key_id
        self.run(
            f"INSERT INTO {self.table}"
            " (originator_id, originator_version, topic, state) VALUES (?, ?, ?, ?)",
            (key, version, topic_of(event), json.dumps(document).encode()),
        )
        return version

    def _last_of(self, event: str, key: Any) -> dict[str, Any]:
        found = self.run(
            f"SELECT state FROM {self.table} WHERE originator_id = ?"
            " AND topic = ? ORDER BY originator_version DESC",
            (key, topic_of(event)),
        )
        if not found:
            return {**BARE, "timestamp": self.state(1, key)["timestamp"]}
        return dict(json.loads(bytes(found[0][0])))

    def snapshot_table(self) -> str:
        return self.table.replace("thidua_events", "thidua_snapshots").replace(
            "stored_events", "stored_snapshots"
        )


# What every event carries, as an operator's command records it.
BARE: dict[str, Any] = {
    "actor": {"name": "thidua demo", "role": "operator", "unit": None},
    "occurred_at": None,
    "reason": None,
}


def topic_of(event: str) -> str:
    """The stored topic of an event kind of the cycle."""
    from thidua.domain.topics import EVENTS

    return EVENTS[event]
