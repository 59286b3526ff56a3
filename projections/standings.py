"""Standings (bảng xếp hạng): each unit's scores, total and rank in a cycle.

The totals and the provisional ranking come from the domain's own scoring rules
(`Sheet`, `rank_units`), so the read model ranks exactly as closing the scoring will;
once scoring closes, the frozen ranking recorded in the event is shown instead.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from thidua.domain.topics import COMMENDATION, STREAMS

from .base import Column, CycleProjection, Table
from .cycles import BLOC, STREAM, YEAR
from .source import Change

if TYPE_CHECKING:
    from thidua.domain.cycle_values import Sheet
    from thidua.domain.rulebook import Rulebook

ZERO = Decimal(0)

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
        Column(
            "changes",
            "json",
            "the points assessment changed from the unit's own: a JSON list of"
            " objects with criterion, own, assessed, by (head, deputy or team) and"
            " note (the assessor's note, else the assessment's reason)",
        ),
    ),
    ("stream", "unit"),
)


def _decimals(points: dict[str, str]) -> dict[str, Decimal]:
    return {code: Decimal(value) for code, value in points.items()}


def _json(points: dict[str, str]) -> str:
    # Codes and decimal strings need no escaping; this runs for every unit written.
    return "{" + ", ".join([f'"{k}": "{v}"' for k, v in sorted(points.items())]) + "}"


class Standings(CycleProjection):
    name = "standings"
    title = "standings (bảng xếp hạng)"
    version = 2  # 2: the changes column
    tables = (STANDINGS,)
    kinds = CycleProjection.follows | {
        "ScoresSubmitted",
        "ScoresAssessed",
        "ScoreAdjusted",
        "ScoringClosed",
    }
    # The kinds it has nothing to show of (domain/topics.py lists them all).
    ignores = frozenset(
        {
            *COMMENDATION,
            *STREAMS["registry"],  # people and collectives: projections/registry.py
            "BlocCreated",
            "UnitAdded",
            "UnitRemoved",
            "BlocConfigured",
            "LeadsAssigned",
            "CovenantSigned",
            "TargetsRegistered",
            "CovenantClosed",
            "StageAdvanced",
            "CycleClosed",
            "VoteOpened",
            "VoteCast",
            "VoteClosed",
            "AwardProposed",
            "AwardGranted",
            "ProposalDeclined",
            "AwardRevoked",
            "ProceedingRecorded",
            "KeyringOpened",
            "KeyRegistered",
            *STREAMS["authority"],
        }
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._texts: dict[str, str] = {}  # each rulebook once, however many cycles

    def begin(self, opened: dict[str, Any], rulebook: Rulebook) -> dict[str, Any]:
        sha = opened["rulebook_sha256"]
        self._texts.setdefault(sha, opened["rulebook_text"])
        return {"rulebook": sha, "sheets": {}, "ranking": None}

    def on(self, state: dict[str, Any], change: Change) -> None:
        data, kind = change.data, change.kind
        if kind == "ScoringClosed":
            state["ranking"] = [
                [e["unit"], e["total"], e["rank"]] for e in data["ranking"]
            ]
            return
        sheet = state["sheets"].get(data["unit"])
        if sheet is None:
            sheet = {"own": {}, "assessed": {}, "adjustments": [], "why": {}}
            state["sheets"][data["unit"]] = sheet
        if kind == "ScoresSubmitted":
            sheet["own"].update(data["points"])
        elif kind == "ScoresAssessed":
            sheet["assessed"].update(data["points"])
            notes, reason = data["notes"], data["reason"] or ""
            for code in data["points"]:
                sheet["why"][code] = (data["assessor"], notes.get(code) or reason)
        else:
            sheet["adjustments"].append([data["rule"], data["points"]])

    def rows(
        self, stream: str, state: dict[str, Any]
    ) -> dict[str, list[tuple[Any, ...]]]:
        # The domain's rules load only when there are rows to write.
        from thidua.domain.cycle_values import total_points
        from thidua.domain.ranking import rank_units
        from thidua.domain.rulebook import parse_rulebook
        from thidua.domain.service.status import assessment_changes

        rulebook = parse_rulebook(self._texts[state["rulebook"]])
        raw_sheets = state["sheets"]
        if state["ranking"] is not None:
            frozen = "frozen"
            ranking = [(unit, rank, total) for unit, total, rank in state["ranking"]]
        else:
            # Before scoring closes, rank exactly as closing it would.
            frozen = "provisional"
            sheets = {unit: _sheet(raw) for unit, raw in raw_sheets.items()}
            ranking = [
                (e.unit, e.rank, None)
                for e in rank_units(rulebook, sheets, list(state["roster"]))
            ]
        codes = [criterion.code for criterion in rulebook.criteria]
        kinds = {a.code: a.kind for a in rulebook.adjustments}
        empty: dict[str, Any] = {
            "own": {},
            "assessed": {},
            "adjustments": [],
            "why": {},
        }
        head = (stream, state["bloc"], state["year"])
        rows = []
        for unit, rank, recorded in ranking:
            raw = raw_sheets.get(unit, empty)
            own, assessed = raw["own"], raw["assessed"]
            points = {**own, **assessed}
            base = sum(map(Decimal, points.values()), ZERO)
            adjusted = {"bonus": ZERO, "penalty": ZERO}
            for rule, value in raw["adjustments"]:
                if rule in kinds:
                    adjusted[kinds[rule]] += Decimal(value)
            bonus, penalty = adjusted["bonus"], adjusted["penalty"]
            missing = [code for code in codes if code not in points]
            rows.append(
                (
                    *head,
                    unit,
                    state["roster"].get(unit, unit),
                    rank,
                    recorded or str(total_points(rulebook, base, bonus, penalty)),
                    str(base),
                    str(sum(map(Decimal, own.values()), ZERO)),
                    str(base) if assessed else None,
                    str(bonus),
                    str(penalty),
                    len(codes) - len(missing),
                    len(codes),
                    ", ".join(missing),
                    not missing,
                    frozen,
                    _json(points),
                    _json(own),
                    _json(assessed),
                    json.dumps(
                        assessment_changes(codes, own, assessed, raw["why"]),
                        ensure_ascii=False,
                    ),
                )
            )
        return {"standings": rows}


def _sheet(raw: dict[str, Any]) -> Sheet:
    from thidua.domain.cycle_values import Sheet

    return Sheet(
        own=_decimals(raw["own"]),
        assessed=_decimals(raw["assessed"]),
        adjustments=[(rule, Decimal(points)) for rule, points in raw["adjustments"]],
    )
