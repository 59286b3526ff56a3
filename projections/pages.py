"""The status pages as the queries ask for them: a bloc, the blocs, a cycle."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from thidua.domain.errors import BlocNotFound, CycleNotFound
from thidua.domain.ids import bloc_id, cycle_id

from .base import Table
from .cycles import CYCLES
from .statuses import BLOC_STATUS, CYCLE_STATUS


class StatusPages:
    """`bloc show`, `bloc list` and `cycle status`, each from its read-model rows."""

    def _select(
        self, table: Table, where: str, params: Sequence[Any], order: str
    ) -> list[dict[str, Any]]:
        raise NotImplementedError

    def _bloc_row(self, code: str) -> dict[str, Any]:
        code = code.upper()
        found = self._select(BLOC_STATUS, "stream = ?", (bloc_id(code).hex,), "stream")
        if not found:
            raise BlocNotFound("no bloc {code}", code=code, value=code)
        return found[0]

    def bloc_kind(self, code: str) -> str:
        """khoi or cum: how the bloc's pages name it."""
        return str(self._bloc_row(code)["kind"])

    def bloc_page(self, code: str, year: int | None = None) -> dict[str, Any]:
        """The bloc, its cycles' years and its units; with a year, only the units
        that are members then (joined by that year and not yet left)."""
        row = self._bloc_row(code)
        stored: dict[str, Any] = json.loads(row["document"])
        cycles = self._select(CYCLES, "bloc = ?", (row["bloc"],), "year")
        units = stored.pop("units")
        # The keys in the order the domain's page has them (domain/service/status.py).
        head = {key: stored.pop(key) for key in ("bloc", "name", "province", "kind")}
        return {
            **head,
            "cycles": [cycle["year"] for cycle in cycles],
            **stored,
            "units": [unit for unit in units if year is None or _covers(unit, year)],
        }

    def bloc_list(self) -> list[dict[str, Any]]:
        """Every bloc, in the order they were set up, with its members now."""
        rows = self._select(BLOC_STATUS, "", (), "created")
        listed = []
        for row in rows:
            page = json.loads(row["document"])
            listed.append(
                {
                    "bloc": row["bloc"],
                    "name": page["name"],
                    "province": page["province"],
                    "kind": row["kind"],
                    "members": row["members"],
                }
            )
        return listed

    def cycle_page(self, bloc: str, year: int) -> dict[str, Any]:
        """What `cycle status` shows, as the cycle's events last left it."""
        stream = cycle_id(bloc, year).hex
        found = self._select(CYCLE_STATUS, "stream = ?", (stream,), "stream")
        if not found:
            self._bloc_row(bloc)  # an unknown bloc is the better answer
            raise CycleNotFound(
                "bloc {bloc} has no cycle for {year}", bloc=bloc, year=year, value=year
            )
        page: dict[str, Any] = json.loads(found[0]["document"])
        return page


def _covers(unit: dict[str, Any], year: int) -> bool:
    """A member in that year: joined by then and not yet left (as the bloc says)."""
    left = unit["left"]
    return bool(unit["joined"] <= year and (left is None or year < left))


def settings_on(documents: list[dict[str, Any]], day: date) -> dict[str, Any] | None:
    """The document settings in force on a day, from a bloc page's `documents`
    (sorted by their day): the last from that day or before; for a day before
    any, the first, as the bloc itself reads them (domain/bloc.py)."""
    if not documents:
        return None
    before = [d for d in documents if d["since"] and d["since"] <= day.isoformat()]
    return before[-1] if before else documents[0]
