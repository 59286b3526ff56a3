"""What analysts ask: the read models, caught up with the log before each answer."""

from __future__ import annotations

import time
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from thidua.domain.errors import BlocNotFound, CycleNotFound, MalformedInput
from thidua.domain.ids import cycle_id
from thidua.store import StoreKind, postgres_connection, store_kind, store_url_kind
from thidua.store.timeouts import StoreWaited, ran_out, seconds

from .audit import AUDIT_LOG, AuditLog
from .awards import AWARD_REGISTRY, Awards
from .base import Projection, Table
from .cycles import BLOCS, CYCLES, Cycles
from .db import OwnConnection, PostgresViews, SQLiteViews, ViewDatabase
from .pages import StatusPages
from .participation import PARTICIPATION, Participation
from .person_awards import PersonAwards
from .registry import Holders
from .registry_queries import RegistryQueries
from .runner import REBUILD, Progress, Runner
from .source import EventSource, MemorySource
from .standings import STANDINGS, Standings
from .statuses import Statuses
from .swap import RebuildReport
from .votes import VOTE_COUNTS, VOTES, Votes

if TYPE_CHECKING:
    from thidua.domain.service.application import Thidua

PROJECTIONS: tuple[type[Projection], ...] = (
    Cycles,
    Standings,
    Votes,
    Awards,
    Participation,
    AuditLog,
    Statuses,
    Holders,
    PersonAwards,
)
AWARD_STATUSES = ("proposed", "declined", "granted", "revoked")


def open_views(
    app: Thidua | None, store: str | None
) -> tuple[ViewDatabase, EventSource]:
    """The database beside the application's events, and a reader of those events;
    without an application, straight from the store's URL (an existing store)."""
    if app is None:
        assert store is not None
        if store_url_kind(store) == "postgres":
            own = OwnConnection(*postgres_connection(store))
            db: ViewDatabase = PostgresViews(own, "thidua_events", owned=True)
        else:
            db = SQLiteViews(store)
        return db, EventSource(db)
    recorder: Any = app.recorder
    datastore: Any = getattr(recorder, "datastore", None)
    kind = store_kind(app)
    if kind == "sqlite":
        db = SQLiteViews(datastore.pool.db_name)
        return db, EventSource(db)
    if kind == "postgres":
        db = PostgresViews(datastore, recorder.events_table_name)
        return db, EventSource(db)
    db = SQLiteViews(":memory:")
    return db, MemorySource(db, app)


def _plain(table: Table, row: Sequence[Any]) -> dict[str, Any]:
    """One row as Python values, the same from SQLite and PostgreSQL."""
    values: dict[str, Any] = {}
    for column, raw in zip(table.columns, row, strict=True):
        value = raw
        if raw is not None and column.type == "numeric":
            number = Decimal(str(raw)).normalize()
            whole = number == number.to_integral()
            value = number.quantize(Decimal(1)) if whole else number
        elif raw is not None and column.type == "boolean":
            value = bool(raw)
        values[column.name] = value
    return values


class ReadModels(RegistryQueries, StatusPages):
    """Catch-up, status, rebuild, and the queries behind the analysts' commands."""

    def __init__(self, app: Thidua | None, *, store: str | None = None) -> None:
        """Over the application's store, or straight over an existing store's file or
        schema: answering from the views needs nothing of the engine (which then
        loads only if there are events to apply)."""
        self.app = app
        self.kind: StoreKind = (
            store_kind(app) if app is not None else store_url_kind(str(store))
        )
        self.db, source = open_views(app, store)
        self.by_name = {cls.name: cls(self.db, source) for cls in PROJECTIONS}
        # Which read model keeps each table: a read catches up the one it reads.
        self.keeper = {
            table.name: projection.name
            for projection in self.by_name.values()
            for table in projection.tables
        }
        self.runner = Runner(self.db, source, list(self.by_name.values()))
        self.runner.track.ensure()
        self.writable = self.runner.track.writable()
        # Events the answers so far did not include, for a role that may only read.
        self.behind = 0
        # The statements answered so far, with their parameters (to explain them).
        self.asked: list[tuple[str, tuple[Any, ...]]] = []

    def close(self) -> None:
        self.db.close()

    def projection(self, name: str) -> Projection:
        try:
            return self.by_name[name]
        except KeyError:
            known = ", ".join(self.by_name)
            raise MalformedInput(
                "no read model {name!r} (known: {known})",
                name=name,
                known=known,
                value=name,
            ) from None

    def catch_up(self, *names: str, progress: Progress | None = None) -> int:
        chosen = [self.projection(n) for n in names] or list(self.by_name.values())
        return self.runner.catch_up(chosen, progress=progress)

    def refresh(self, *names: str) -> None:
        """Catch up before answering; a read-only role answers as the views stand."""
        chosen = [self.projection(n) for n in names] or list(self.by_name.values())
        if self.writable:
            started = time.monotonic()
            while True:
                try:
                    self.runner.catch_up(chosen)
                    return
                except StoreWaited:
                    # Others hold the catch-up (many queries at once, on a busy
                    # machine): wait again, up to the statement timeout in all.
                    patience = seconds("THIDUA_STATEMENT_TIMEOUT")
                    if time.monotonic() - started >= patience:
                        what = "the read models"
                        raise ran_out(what, "THIDUA_STATEMENT_TIMEOUT") from None
        lag = self.runner.lag([self.projection(n) for n in names])
        self.behind = max(self.behind, lag)

    def status(self) -> list[dict[str, Any]]:
        return self.runner.track.status()

    def rebuild(
        self, *names: str, progress: Progress | None = None
    ) -> list[RebuildReport]:
        chosen = [self.projection(n) for n in names] or list(self.by_name.values())
        pairs = [(live, live.twin(REBUILD)) for live in chosen]
        return self.runner.rebuild(pairs, progress=progress)

    # queries ------------------------------------------------------------------------

    def _select(
        self, table: Table, where: str, params: Sequence[Any], order: str
    ) -> list[dict[str, Any]]:
        """Every answer reads through here, so none can miss the commands recorded
        just before it, whichever query or document asks."""
        self.refresh(self.keeper[table.name])
        sql = f"SELECT {', '.join(table.names)} FROM {self.db.qualify(table.name)}"
        if where:
            sql += f" WHERE {where}"
        sql += f" ORDER BY {order}"
        self.asked.append((sql, tuple(params)))
        with self.db.transaction(write=False) as tx:
            rows = tx.execute(sql, params)
        return [_plain(table, row) for row in rows]

    def cycle(self, bloc: str, year: int) -> dict[str, Any]:
        """The catalogue row of a cycle; an unknown cycle is an error."""
        stream = cycle_id(bloc, year).hex
        found = self._select(CYCLES, "stream = ?", (stream,), "stream")
        if not found:
            raise CycleNotFound(
                "no cycle {bloc}/{year}",
                bloc=bloc.upper(),
                year=year,
                value=f"{bloc}/{year}",
            )
        return found[0]

    def _cycle_rows(
        self, table: Table, bloc: str, year: int, order: str
    ) -> list[dict[str, Any]]:
        stream = self.cycle(bloc, year)["stream"]
        return self._select(table, "stream = ?", (stream,), order)

    def blocs(self) -> list[dict[str, Any]]:
        return self._select(BLOCS, "", (), "bloc")

    def cycles(self, bloc: str | None = None) -> list[dict[str, Any]]:
        if bloc is None:
            return self._select(CYCLES, "", (), "bloc, year")
        self._require_bloc(bloc)
        return self._select(CYCLES, "bloc = ?", (bloc.upper(),), "year")

    def _require_bloc(self, bloc: str) -> None:
        code = bloc.upper()
        if not self._select(BLOCS, "bloc = ?", (code,), "bloc") and not self._select(
            CYCLES, "bloc = ?", (code,), "year"
        ):
            raise BlocNotFound("no bloc {code}", code=code, value=code)

    def standings(self, bloc: str, year: int) -> list[dict[str, Any]]:
        return self._cycle_rows(STANDINGS, bloc, year, "rank, unit")

    def participation(self, bloc: str, year: int) -> list[dict[str, Any]]:
        return self._cycle_rows(PARTICIPATION, bloc, year, "unit")

    def audit_log(self, bloc: str, year: int) -> list[dict[str, Any]]:
        return self._cycle_rows(AUDIT_LOG, bloc, year, "version")

    def receipt(self, command_id: str) -> list[dict[str, Any]]:
        """The events one command recorded (a receipt's command id), in order."""
        return self._select(AUDIT_LOG, "command_id = ?", (command_id,), "position")

    def votes(self, bloc: str, year: int) -> list[dict[str, Any]]:
        rounds = self._cycle_rows(VOTES, bloc, year, "opened_at, motion, round")
        if not rounds:
            return []
        counts = self._select(
            VOTE_COUNTS,
            "stream = ?",
            (rounds[0]["stream"],),
            "motion, round, votes_for DESC, candidate",
        )
        for vote in rounds:
            vote["counts"] = [
                {
                    k: c[k]
                    for k in (
                        "candidate",
                        "candidate_name",
                        "votes_for",
                        "votes_against",
                    )
                }
                for c in counts
                if (c["motion"], c["round"]) == (vote["motion"], vote["round"])
            ]
        return rounds

    def awards(
        self,
        *,
        unit: str | None = None,
        bloc: str | None = None,
        year_from: int | None = None,
        year_to: int | None = None,
        award: str | None = None,
        status: str | None = None,
    ) -> list[dict[str, Any]]:
        """The registry across blocs and years; a filter must name something known."""
        if year_from is not None and year_to is not None and year_from > year_to:
            raise MalformedInput(
                "the year range {year_from}–{year_to} is empty",
                year_from=year_from,
                year_to=year_to,
            )
        if status is not None and status not in AWARD_STATUSES:
            raise MalformedInput(
                "no award status {status!r} (known: {known})",
                status=status,
                known=", ".join(AWARD_STATUSES),
                value=status,
            )
        where: list[str] = []
        params: list[Any] = []
        if bloc is not None:
            self._require_bloc(bloc)
            where.append("bloc = ?")
            params.append(bloc.upper())
        for column, value in (("unit", unit and unit.upper()), ("award", award)):
            if value is None:
                continue
            if not self._select(AWARD_REGISTRY, f"{column} = ?", (value,), "stream"):
                raise MalformedInput(
                    "no award record names the {column} {value_!r}",
                    column=column,
                    value_=value,
                    value=value,
                )
            where.append(f"{column} = ?")
            params.append(value)
        if year_from is not None:
            where.append("year >= ?")
            params.append(year_from)
        if year_to is not None:
            where.append("year <= ?")
            params.append(year_to)
        if status is not None:
            where.append("status = ?")
            params.append(status)
        return self._select(
            AWARD_REGISTRY, " AND ".join(where), params, "year, bloc, award, record"
        )
