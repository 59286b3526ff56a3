"""The peer's read models: a simple fold of the notification log into tables.

The tables thidua's read models keep, in their essentials: blocs, cycles, standings,
votes and their counts, the award registry, participation and the audit log. A
rebuild drops and recreates them, then reads the log a page at a time through the
library (`select_notifications`, the mapper), folds each event into the state of its
stream, and writes the streams a page touched, with the position reached, in one
transaction per page.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs, urlsplit
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.utils import get_topic

from .floors import is_postgres
from .peer_cycle import Cycle
from .peer_fold import FOLDS, cycle_rows, summary
from .peer_model import Bloc, ScoredCycle

TABLES = {
    "blocs": "bloc TEXT PRIMARY KEY, name TEXT, province TEXT, units INTEGER",
    "cycles": "stream TEXT PRIMARY KEY, bloc TEXT, year INTEGER, stage TEXT,"
    " units INTEGER, opened_at TEXT, closed_at TEXT",
    "standings": "stream TEXT, bloc TEXT, year INTEGER, unit TEXT, unit_name TEXT,"
    " rank INTEGER, total TEXT, base_points TEXT, self_points TEXT,"
    " assessed_points TEXT, bonus TEXT, penalty TEXT, criteria_scored INTEGER,"
    " criteria_total INTEGER, complete BOOLEAN, ranking TEXT,"
    " PRIMARY KEY (stream, unit)",
    "votes": "stream TEXT, bloc TEXT, year INTEGER, motion TEXT, round INTEGER,"
    " status TEXT, seats INTEGER, candidates TEXT, eligible INTEGER,"
    " ballots_cast INTEGER, quorum_met BOOLEAN, votes_to_carry INTEGER,"
    " outcome TEXT, winners TEXT, runoff TEXT, PRIMARY KEY (stream, motion, round)",
    "vote_counts": "stream TEXT, motion TEXT, round INTEGER, candidate TEXT,"
    " votes_for INTEGER, PRIMARY KEY (stream, motion, round, candidate)",
    "award_registry": "stream TEXT, bloc TEXT, year INTEGER, record TEXT,"
    " award TEXT, kind TEXT, unit TEXT, recipient TEXT, status TEXT,"
    " proposal_id TEXT, award_id TEXT, decision TEXT, decided_on TEXT,"
    " authority TEXT, revocation TEXT, PRIMARY KEY (stream, record)",
    "participation": "stream TEXT, bloc TEXT, year INTEGER, unit TEXT,"
    " signed BOOLEAN, signed_on TEXT, criteria_submitted INTEGER,"
    " criteria_total INTEGER, ballots_expected INTEGER, ballots_cast INTEGER,"
    " PRIMARY KEY (stream, unit)",
    "audit_log": "position INTEGER PRIMARY KEY, stream TEXT, version INTEGER,"
    " event TEXT, occurred_at TEXT, actor TEXT, command_id TEXT, summary TEXT",
    "view_tracking": "application_name TEXT PRIMARY KEY, notification_id INTEGER",
}
PER_CYCLE = ("standings", "votes", "vote_counts", "award_registry", "participation")


def event_topics() -> list[str]:
    """Every event class of the peer's aggregates: what a rebuild reads. A method
    of the base class records the base class's event."""
    return sorted(
        {
            get_topic(value)
            for owner in (Bloc, ScoredCycle, Cycle)
            for value in (getattr(owner, name) for name in dir(owner))
            if isinstance(value, type)
            and issubclass(value, owner.Event)
            and value is not owner.Event
        }
    )


class ViewStore:
    """The tables, on a DB-API connection: the SQLite file, or a PostgreSQL schema."""

    def __init__(self, url: str) -> None:
        self.connection: Any
        if is_postgres(url):
            import psycopg

            schema = parse_qs(urlsplit(url).query).get("schema", ["public"])[0]
            self.connection = psycopg.connect(
                url.split("?", maxsplit=1)[0], autocommit=True
            )
            self.connection.execute(f'SET search_path TO "{schema}"')
            self.mark = "%s"
        else:
            self.connection = sqlite3.connect(url, isolation_level=None)
            self.mark = "?"

    def run(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        cursor = self.connection.cursor()
        cursor.execute(sql.replace("?", self.mark), params)
        rows = cursor.fetchall() if cursor.description else []
        cursor.close()
        return list(rows)

    def insert(self, table: str, rows: list[tuple[Any, ...]]) -> None:
        if rows:
            marks = ", ".join([self.mark] * len(rows[0]))
            cursor = self.connection.cursor()
            cursor.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
            cursor.close()

    def close(self) -> None:
        self.connection.close()


class PeerViews:
    def __init__(self, app: Application[UUID], url: str) -> None:
        self.app = app
        self.db = ViewStore(url)
        self.states: dict[str, dict[str, Any]] = {}

    def close(self) -> None:
        self.db.close()

    def rebuild(self, page: int = 1000) -> int:
        """Fresh tables, filled from the whole log; the events read."""
        for table, columns in TABLES.items():
            self.db.run(f"DROP TABLE IF EXISTS {table}")
            self.db.run(f"CREATE TABLE {table} ({columns})")
        self.states.clear()
        position, count = 0, 0
        while notifications := self.app.recorder.select_notifications(
            position, page, inclusive_of_start=False
        ):
            audit, touched = [], set()
            for notification in notifications:
                event: Any = self.app.mapper.to_domain_event(notification)
                stream = event.originator_id.hex
                kind = type(event).__name__
                touched.add(stream)
                audit.append((notification.id, stream, event.originator_version,
                              kind, event.timestamp.isoformat(), event.actor,
                              event.command_id, summary(kind, event)))  # fmt: skip
                self._fold(stream, kind, event)
            position = notifications[-1].id
            count += len(notifications)
            self._write(position, audit, touched)
        return count

    def _fold(self, stream: str, kind: str, e: Any) -> None:
        if kind == "Created":
            self.states[stream] = {"bloc": [e.code, e.name, e.province, 0]}
        elif kind == "Opened":
            self.states[stream] = {
                "cycle": [e.bloc, e.year, "covenant", e.timestamp.isoformat(), None],
                "roster": e.roster, "rules": e.rules_text, "signed": {},
                "sheets": {}, "ranking": None, "rounds": [], "records": {},
            }  # fmt: skip
        else:
            FOLDS[kind](self.states[stream], e)

    def _write(self, position: int, audit: list[Any], touched: set[str]) -> None:
        db = self.db
        db.run("BEGIN")
        for stream in touched:
            state = self.states[stream]
            if "bloc" in state:
                db.run("DELETE FROM blocs WHERE bloc = ?", (state["bloc"][0],))
                db.insert("blocs", [tuple(state["bloc"])])
                continue
            db.run("DELETE FROM cycles WHERE stream = ?", (stream,))
            for table in PER_CYCLE:
                db.run(f"DELETE FROM {table} WHERE stream = ?", (stream,))
            bloc, year, stage, opened, closed = state["cycle"]
            db.insert("cycles", [(stream, bloc, year, stage, len(state["roster"]),
                                  opened, closed)])  # fmt: skip
            for table, rows in cycle_rows(stream, state).items():
                db.insert(table, rows)
        db.insert("audit_log", audit)
        db.run("DELETE FROM view_tracking WHERE application_name = ?", (self.app.name,))
        db.insert("view_tracking", [(self.app.name, position)])
        db.run("COMMIT")

    def standings(self, bloc: str, year: int) -> list[tuple[str, int, Decimal]]:
        """(unit, rank, total) of a cycle, by rank."""
        rows = self.db.run(
            "SELECT unit, rank, total FROM standings WHERE bloc = ? AND year = ?"
            " ORDER BY rank, unit",
            (bloc, year),
        )
        return [(unit, place, Decimal(total)) for unit, place, total in rows]
