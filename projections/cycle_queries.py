"""The cycles' queries: the blocs and cycles, a cycle's standings, participation,
audit log and votes, a command's receipt, and the award registry's filters."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypedDict

from thidua.domain.errors import BlocNotFound, CycleNotFound, MalformedInput
from thidua.domain.ids import cycle_id

from .audit import AUDIT_LOG
from .awards import AWARD_REGISTRY
from .cycles import BLOCS, CYCLES
from .participation import PARTICIPATION
from .standings import STANDINGS
from .votes import VOTE_COUNTS, VOTES

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from .base import Table
    from .read_models import Streamed

AWARD_STATUSES = ("proposed", "declined", "granted", "revoked")
AWARD_ORDER = "year, bloc, award, record"


class AwardFilter(TypedDict, total=False):
    """What `awards` may be asked for: each given filter narrows the registry."""

    unit: str | None
    bloc: str | None
    year_from: int | None
    year_to: int | None
    award: str | None
    status: str | None


class CycleQueries:
    """The queries behind the analysts' commands on blocs, cycles and awards."""

    if TYPE_CHECKING:

        def _select(
            self, table: Table, where: str, params: Sequence[Any], order: str
        ) -> list[dict[str, Any]]: ...

        def _stream(
            self, table: Table, where: str, params: Sequence[Any], order: str
        ) -> Streamed: ...

        def _exists(self, table: Table, where: str, params: Sequence[Any]) -> bool: ...

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

    def awards(self, **filters: Unpack[AwardFilter]) -> list[dict[str, Any]]:
        """The registry across blocs and years; a filter must name something known."""
        return self._select(AWARD_REGISTRY, *self._award_filter(**filters), AWARD_ORDER)

    def award_rows(self, **filters: Unpack[AwardFilter]) -> Streamed:
        """As `awards`, read as they are used: the whole registry in flat memory."""
        return self._stream(AWARD_REGISTRY, *self._award_filter(**filters), AWARD_ORDER)

    def _award_filter(
        self,
        *,
        unit: str | None = None,
        bloc: str | None = None,
        year_from: int | None = None,
        year_to: int | None = None,
        award: str | None = None,
        status: str | None = None,
    ) -> tuple[str, list[Any]]:
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
            if not self._exists(AWARD_REGISTRY, f"{column} = ?", (value,)):
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
        return " AND ".join(where), params
