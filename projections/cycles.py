"""The catalogue: every bloc and every cycle, with the cycle's stage and rulebook."""

from __future__ import annotations

from typing import Any

from thidua.domain.topics import COMMENDATION, STREAMS

from .base import Column, StreamProjection, Table
from .source import Change

STREAM = Column("stream", "text", "the event stream: its UUID as 32 hex digits")
BLOC = Column("bloc", "text", "bloc code, e.g. TMTH")
YEAR = Column("year", "integer", "the cycle's year")

BLOCS = Table(
    "blocs",
    "Emulation blocs (khối thi đua), one row each.",
    (
        STREAM,
        BLOC,
        Column("name", "text", "the bloc's name, Vietnamese as registered"),
        Column("province", "text", "province or ministry"),
        Column("kind", "text", "khoi (bloc) or cum (cluster)"),
        Column("units", "integer", "member units now"),
        Column(
            "created_at",
            "text",
            "when the bloc was set up (a day, or a time with its offset)",
        ),
    ),
    ("stream",),
    (("bloc",),),
)
CYCLES = Table(
    "cycles",
    "Cycles (a bloc's year), one row each.",
    (
        STREAM,
        BLOC,
        Column("bloc_name", "text", "the bloc's name when the cycle opened"),
        YEAR,
        Column("rulebook", "text", "rulebook code"),
        Column("rulebook_version", "text", "rulebook version"),
        Column("rulebook_sha256", "text", "SHA-256 of the rulebook text adopted"),
        Column("stage", "text", "covenant, scoring, review or closed"),
        Column("units", "integer", "units on the roster"),
        Column(
            "opened_at",
            "text",
            "when the cycle opened (a day, or a time with its offset)",
        ),
        Column("closed_at", "text", "when it closed, or null"),
    ),
    ("stream",),
    (("bloc", "year"),),  # a bloc's cycles
)


class Cycles(StreamProjection):
    name = "cycles"
    # 2: the times are when the facts happened, not when recorded; 3: the indexes
    version = 3
    title = "blocs and cycles (khối, năm thi đua)"
    tables = (BLOCS, CYCLES)
    starts = frozenset({"BlocCreated", "CycleOpened"})
    kinds = starts | {
        "UnitAdded",
        "UnitRemoved",
        "RosterChanged",
        "CovenantSigned",
        "CovenantClosed",
        "ScoringClosed",
        "CycleClosed",
        "StageAdvanced",
    }
    # The kinds it has nothing to show of (domain/topics.py lists them all).
    ignores = frozenset(
        {
            *COMMENDATION,
            *STREAMS["registry"],  # people and collectives: projections/registry.py
            "BlocConfigured",
            "LeadsAssigned",
            "TargetsRegistered",
            "ScoresSubmitted",
            "ScoresAssessed",
            "ScoreAdjusted",
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

    def start(self, change: Change) -> dict[str, Any]:
        data = change.data
        if change.kind == "BlocCreated":
            return {
                "type": "bloc",
                "bloc": data["code"],
                "name": data["name"],
                "province": data["province"],
                "kind": data["kind"],
                "units": [],
                "created_at": change.happened,
            }
        from thidua.domain.rulebook import parse_rulebook  # only when there is work

        meta = parse_rulebook(data["rulebook_text"]).rulebook
        return {
            "type": "cycle",
            "bloc": data["bloc"],
            "bloc_name": data["bloc_name"],
            "year": data["year"],
            "rulebook": [meta.code, meta.version, data["rulebook_sha256"]],
            "stages": [str(stage) for stage in meta.stages],
            "stage": str(meta.stages[0]),
            # A cycle that records its stage changes moves by them alone; an
            # older one's stage is derived from the events that cause them.
            "legacy": not data.get("stage_events", False),
            "roster": [m["code"] for m in data["roster"]],
            "signed": [],
            "opened_at": change.happened,
            "closed_at": None,
        }

    def fold(self, state: dict[str, Any], change: Change) -> None:
        data, kind = change.data, change.kind
        if kind == "UnitAdded":
            state["units"].append(data["unit"])
        elif kind == "UnitRemoved":
            state["units"].remove(data["unit"])
        elif kind == "RosterChanged":
            left = set(data["left"])
            state["roster"] = [u for u in state["roster"] if u not in left]
            state["roster"] += [m["code"] for m in data["joined"]]
        elif kind == "CovenantSigned":
            state["signed"].append(data["unit"])
        elif kind == "StageAdvanced":
            state["stage"] = data["to_stage"]
        elif kind == "CycleClosed":
            state["closed_at"] = change.happened
        # A cycle's state kept from before has no marker: it was legacy then.
        if state["type"] == "cycle" and state.get("legacy", True):
            self._derive(state, kind)

    @staticmethod
    def _derive(state: dict[str, Any], kind: str) -> None:
        """A legacy cycle's stage, from the events that changed it then."""
        stages, stage = state["stages"], state["stage"]
        signed = set(state["roster"]) <= set(state["signed"])
        covenant_done = kind in ("RosterChanged", "CovenantSigned") and signed
        if kind == "CovenantClosed" or (stage == "covenant" and covenant_done):
            state["stage"] = stages[stages.index(stage) + 1]
        elif kind == "ScoringClosed":
            state["stage"] = "review"
        elif kind == "CycleClosed":
            state["stage"] = "closed"

    def rows(
        self, stream: str, state: dict[str, Any]
    ) -> dict[str, list[tuple[Any, ...]]]:
        if state["type"] == "bloc":
            return {
                "blocs": [
                    (
                        stream,
                        state["bloc"],
                        state["name"],
                        state["province"],
                        state["kind"],
                        len(state["units"]),
                        state["created_at"],
                    )
                ]
            }
        code, version, sha = state["rulebook"]
        return {
            "cycles": [
                (
                    stream,
                    state["bloc"],
                    state["bloc_name"],
                    state["year"],
                    code,
                    version,
                    sha,
                    state["stage"],
                    len(state["roster"]),
                    state["opened_at"],
                    state["closed_at"],
                )
            ]
        }
