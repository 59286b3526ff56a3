"""Participation (tham gia): who signed, who scored, who voted, and what is missing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from thidua.domain.topics import COMMENDATION, STREAMS

from .base import Column, CycleProjection, Table
from .cycles import BLOC, STREAM, YEAR
from .source import Change
from .standings import UNIT, UNIT_NAME

if TYPE_CHECKING:
    from thidua.domain.rulebook import Rulebook

PARTICIPATION = Table(
    "participation",
    "One row per unit on a cycle's roster.",
    (
        STREAM,
        BLOC,
        YEAR,
        UNIT,
        UNIT_NAME,
        Column("signed", "boolean", "signed the covenant (giao ước)"),
        Column("signed_on", "text", "the date on the signature"),
        Column("criteria_submitted", "integer", "criteria in the unit's own score"),
        Column("criteria_total", "integer", "criteria in the rulebook"),
        Column("ballots_expected", "integer", "rounds the unit attended"),
        Column("ballots_cast", "integer", "rounds the unit voted in"),
        Column("missing", "text", "what the unit still owes, semicolon-separated"),
    ),
    ("stream", "unit"),
)


# The words of the `missing` column, which `owed` reads back item by item.
COVENANT_OWED = "covenant (giao ước)"
SCORES_OWED = "own scores (tự chấm): "
BALLOT_OWED = "ballot (phiếu) "


def owed(missing: str) -> list[tuple[str, dict[str, str]]]:
    """What a row's `missing` lists, so a reader can say it in its own language:
    ("covenant", {}), ("scores", {"codes": …}) or ("ballot", {"motion", "round"})."""
    found: list[tuple[str, dict[str, str]]] = []
    for item in filter(None, (missing or "").split("; ")):
        if item == COVENANT_OWED:
            found.append(("covenant", {}))
        elif item.startswith(SCORES_OWED):
            found.append(("scores", {"codes": item.removeprefix(SCORES_OWED)}))
        else:
            motion, _, number = item.removeprefix(BALLOT_OWED).rpartition(" round ")
            found.append(("ballot", {"motion": motion, "round": number}))
    return found


class Participation(CycleProjection):
    name = "participation"
    title = "participation (tham gia)"
    tables = (PARTICIPATION,)
    kinds = CycleProjection.follows | {
        "CovenantSigned",
        "ScoresSubmitted",
        "ScoringClosed",
        "VoteOpened",
        "VoteCast",
        "CycleClosed",
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
            "TargetsRegistered",
            "CovenantClosed",
            "StageAdvanced",
            "ScoresAssessed",
            "ScoreAdjusted",
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

    def begin(self, opened: dict[str, Any], rulebook: Rulebook) -> dict[str, Any]:
        return {
            "stages": [str(s) for s in rulebook.rulebook.stages],
            "criteria": [c.code for c in rulebook.criteria],
            "signed": {},
            "submitted": {},
            "scoring_closed": False,
            "rounds": [],
        }

    def on(self, state: dict[str, Any], change: Change) -> None:
        data, kind = change.data, change.kind
        if kind == "CovenantSigned":
            state["signed"][data["unit"]] = data["signed_on"]
        elif kind == "ScoresSubmitted":
            codes = state["submitted"].setdefault(data["unit"], [])
            codes.extend(c for c in data["points"] if c not in codes)
        elif kind in ("ScoringClosed", "CycleClosed"):
            state["scoring_closed"] = True
        elif kind == "VoteOpened":
            terms = data["terms"]
            state["rounds"].append(
                {
                    "label": f"{terms['motion']} round {terms['round']}",
                    "present": terms["present"],
                    "voters": [],
                }
            )
        else:
            state["rounds"][self._index(state, data)]["voters"].append(data["voter"])

    @staticmethod
    def _index(state: dict[str, Any], data: dict[str, Any]) -> int:
        label = f"{data['motion']} round {data['round']}"
        return next(i for i, r in enumerate(state["rounds"]) if r["label"] == label)

    def rows(
        self, stream: str, state: dict[str, Any]
    ) -> dict[str, list[tuple[Any, ...]]]:
        rows = []
        criteria = state["criteria"]
        for unit, name in sorted(state["roster"].items()):
            submitted = set(state["submitted"].get(unit, ()))
            rounds = [r for r in state["rounds"] if unit in r["present"]]
            voted = [r for r in rounds if unit in r["voters"]]
            missing = []
            if "covenant" in state["stages"] and unit not in state["signed"]:
                missing.append(COVENANT_OWED)
            unscored = [c for c in criteria if c not in submitted]
            if (
                "scoring" in state["stages"]
                and unscored
                and not state["scoring_closed"]
            ):
                missing.append(SCORES_OWED + ", ".join(unscored))
            missing += [
                BALLOT_OWED + r["label"] for r in rounds if unit not in r["voters"]
            ]
            rows.append(
                (
                    stream,
                    state["bloc"],
                    state["year"],
                    unit,
                    name,
                    unit in state["signed"],
                    state["signed"].get(unit),
                    len(submitted),
                    len(criteria),
                    len(rounds),
                    len(voted),
                    "; ".join(missing),
                )
            )
        return {"participation": rows}
