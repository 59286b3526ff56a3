"""Standings (bảng xếp hạng): each unit's scores, total and rank in a cycle.

The totals and the provisional ranking come from the domain's own scoring rules
(`Sheet`, `rank_units`), so the read model ranks exactly as closing the scoring will;
once scoring closes, the frozen ranking recorded in the event is shown instead.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from thidua.domain.rulebook import parse_rulebook
from thidua.domain.scoring import Sheet, rank_units

from .base import Column, StreamProjection, Table
from .cycles import BLOC, STREAM, YEAR
from .db import Tx
from .source import Change

UNIT = Column("unit", "text", "unit code")
UNIT_NAME = Column("unit_name", "text", "the unit's name (Vietnamese)")

STANDINGS = Table(
    "standings",
    "One row per unit on a cycle's roster.",
    (
        STREAM,
        BLOC,
        YEAR,
        UNIT,
        UNIT_NAME,
        Column("rank", "integer", "rank by total and the rulebook's tie-breaks"),
        Column("total", "numeric", "final total: base points + bonus - penalty"),
        Column("base_points", "numeric", "assessed points where given, own elsewhere"),
        Column("self_points", "numeric", "the unit's own score (tự chấm)"),
        Column(
            "assessed_points",
            "numeric",
            "base points after assessment (chấm chéo), null if nothing assessed",
        ),
        Column("bonus", "numeric", "bonus points (điểm thưởng)"),
        Column("penalty", "numeric", "penalty points (điểm trừ)"),
        Column("criteria_scored", "integer", "criteria with points"),
        Column("criteria_total", "integer", "criteria in the rulebook"),
        Column("missing", "text", "criteria still without points, comma-separated"),
        Column("complete", "boolean", "every criterion has points"),
        Column("ranking", "text", "provisional, or frozen once scoring closed"),
        Column("points", "json", "final points per criterion, a JSON object"),
        Column("own", "json", "the unit's own points per criterion"),
        Column("assessed", "json", "assessed points per criterion"),
    ),
    ("stream", "unit"),
)


RULEBOOKS = Table(
    "standings_rulebooks",
    "Private: each rulebook text once, by its SHA-256.",
    (
        Column("sha256", "text", "SHA-256 of the text"),
        Column("text", "text", "the rulebook (TOML)"),
    ),
    ("sha256",),
)


def _decimals(points: dict[str, str]) -> dict[str, Decimal]:
    return {code: Decimal(value) for code, value in points.items()}


def _json(points: dict[str, str]) -> str:
    # Codes and decimal strings need no escaping; this runs for every unit written.
    return "{" + ", ".join(f'"{k}": "{v}"' for k, v in sorted(points.items())) + "}"


class Standings(StreamProjection):
    name = "standings"
    title = "standings (bảng xếp hạng)"
    tables = (STANDINGS,)
    starts = frozenset({"CycleOpened"})
    kinds = starts | {
        "RosterChanged",
        "ScoresSubmitted",
        "ScoresAssessed",
        "ScoreAdjusted",
        "ScoringClosed",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._texts: dict[str, str] = {}
        self._new_texts: dict[str, str] = {}

    def all_tables(self) -> tuple[Table, ...]:
        return (*super().all_tables(), RULEBOOKS)

    def forget(self) -> None:
        super().forget()
        self._new_texts.clear()

    def start(self, change: Change) -> dict[str, Any]:
        data = change.data
        sha = data["rulebook_sha256"]
        if sha not in self._texts:
            self._texts[sha] = self._new_texts[sha] = data["rulebook_text"]
        return {
            "bloc": data["bloc"],
            "year": data["year"],
            "rulebook": sha,
            "roster": {m["code"]: m["name"] for m in data["roster"]},
            "sheets": {},
            "ranking": None,
        }

    def fold(self, state: dict[str, Any], change: Change) -> None:
        data, kind = change.data, change.kind
        if kind == "RosterChanged":
            for unit in data["left"]:
                state["roster"].pop(unit, None)
            state["roster"].update({m["code"]: m["name"] for m in data["joined"]})
            return
        if kind == "ScoringClosed":
            state["ranking"] = [
                [e["unit"], e["total"], e["rank"]] for e in data["ranking"]
            ]
            return
        sheet = state["sheets"].setdefault(
            data["unit"], {"own": {}, "assessed": {}, "adjustments": []}
        )
        if kind == "ScoresSubmitted":
            sheet["own"].update(data["points"])
        elif kind == "ScoresAssessed":
            sheet["assessed"].update(data["points"])
        else:
            sheet["adjustments"].append([data["rule"], data["points"]])

    def flush(self, tx: Tx) -> None:
        table = self.table(RULEBOOKS.name)
        tx.executemany(
            f"INSERT INTO {table} (sha256, text) VALUES (?, ?)"
            " ON CONFLICT (sha256) DO NOTHING",
            list(self._new_texts.items()),
        )
        self._new_texts.clear()
        wanted = {self._states[s]["rulebook"] for s in self._dirty} - set(self._texts)
        for sha in wanted:
            (text,) = tx.execute(f"SELECT text FROM {table} WHERE sha256 = ?", (sha,))[
                0
            ]
            self._texts[sha] = text
        super().flush(tx)

    def rows(
        self, stream: str, state: dict[str, Any]
    ) -> dict[str, list[tuple[Any, ...]]]:
        rulebook = parse_rulebook(self._texts[state["rulebook"]])
        sheets = {
            unit: Sheet(
                own=_decimals(raw["own"]),
                assessed=_decimals(raw["assessed"]),
                adjustments=[(rule, Decimal(p)) for rule, p in raw["adjustments"]],
            )
            for unit, raw in state["sheets"].items()
        }
        if state["ranking"] is not None:
            frozen = "frozen"
            ranks = {unit: rank for unit, _, rank in state["ranking"]}
            recorded = {unit: total for unit, total, _ in state["ranking"]}
            units = [unit for unit, _, _ in state["ranking"]]
        else:
            frozen = "provisional"
            entries = rank_units(rulebook, sheets, list(state["roster"]))
            ranks = {entry.unit: entry.rank for entry in entries}
            recorded = {}
            units = [entry.unit for entry in entries]
        criteria = len(rulebook.criteria)
        empty: dict[str, Any] = {"own": {}, "assessed": {}}
        rows = []
        for unit in units:
            sheet = sheets.get(unit, Sheet())
            raw = state["sheets"].get(unit, empty)
            points = sheet.points()
            missing = sheet.missing(rulebook)
            rows.append(
                (
                    stream,
                    state["bloc"],
                    state["year"],
                    unit,
                    state["roster"].get(unit, unit),
                    ranks[unit],
                    recorded.get(unit) or str(sheet.total(rulebook)),
                    str(sum(points.values(), Decimal(0))),
                    str(sum(sheet.own.values(), Decimal(0))),
                    str(sum(points.values(), Decimal(0))) if sheet.assessed else None,
                    str(sheet.adjusted(rulebook, "bonus")),
                    str(sheet.adjusted(rulebook, "penalty")),
                    criteria - len(missing),
                    criteria,
                    ", ".join(missing),
                    not missing,
                    frozen,
                    _json({**raw["own"], **raw["assessed"]}),
                    _json(raw["own"]),
                    _json(raw["assessed"]),
                )
            )
        return {"standings": rows}
