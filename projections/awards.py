"""The award registry (sổ khen thưởng): every proposal, grant and revocation.

One row per proposal, followed through the authority's decision; a grant without a
proposal has its own row. Revoked awards stay, with the revoking decision.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from thidua.domain.topics import COMMENDATION, STREAMS

from .base import Column, CycleProjection, Table
from .cycles import BLOC, STREAM, YEAR
from .source import Change

if TYPE_CHECKING:
    from thidua.domain.rulebook import Rulebook

AWARD_REGISTRY = Table(
    "award_registry",
    "One row per proposal or grant, across all blocs and years.",
    (
        STREAM,
        BLOC,
        YEAR,
        Column(
            "record",
            "text",
            "the award id (A1, …) once granted, as `award revoke` takes it; the"
            " proposal id (P1, …) before",
        ),
        Column("award", "text", "award type code from the rulebook"),
        Column("award_title", "text", "the award's title, English (Vietnamese)"),
        Column(
            "recipient_kind", "text", "collective (tập thể) or individual (cá nhân)"
        ),
        Column("unit", "text", "the member unit, or the individual's unit"),
        Column("unit_name", "text", "that unit's name"),
        Column("recipient", "text", "person or sub-unit named, null for a whole unit"),
        Column("status", "text", "proposed, declined, granted or revoked"),
        Column("proposal_id", "text", "P-number of the proposal, if any"),
        Column(
            "proposed_at",
            "text",
            "when it was proposed (a day, or a time with its offset)",
        ),
        Column("award_id", "text", "A-number of the grant, if granted"),
        Column("decision", "text", "number of the deciding decision (quyết định)"),
        Column("decided_on", "text", "date of that decision"),
        Column("authority", "text", "who decided"),
        Column("recorded_at", "text", "when the decision was recorded (UTC)"),
        Column("revocation", "text", "number of the revoking decision, if revoked"),
        Column("revoked_on", "text", "date of the revocation"),
        Column("revocation_reason", "text", "why it was revoked"),
    ),
    ("stream", "record"),
    # Each filter of `thidua awards` finds its rows by index, the years in range.
    (
        ("bloc", "year"),
        ("unit", "year"),
        ("award", "year"),
        ("status", "year"),
        ("year",),
    ),
)


class Awards(CycleProjection):
    name = "awards"
    version = 3  # 2: a granted record is named by its award id; 3: the indexes
    title = "award registry (sổ khen thưởng)"
    tables = (AWARD_REGISTRY,)
    kinds = CycleProjection.follows | {
        "AwardProposed",
        "AwardGranted",
        "ProposalDeclined",
        "AwardRevoked",
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
            "ScoresSubmitted",
            "ScoresAssessed",
            "ScoreAdjusted",
            "ScoringClosed",
            "VoteOpened",
            "VoteCast",
            "VoteClosed",
            "ProceedingRecorded",
            "KeyringOpened",
            "KeyRegistered",
            *STREAMS["authority"],
        }
    )

    def begin(self, opened: dict[str, Any], rulebook: Rulebook) -> dict[str, Any]:
        kinds = (*rulebook.awards, *rulebook.titles)
        return {"titles": {a.code: a.title() for a in kinds}, "records": {}}

    def on(self, state: dict[str, Any], change: Change) -> None:
        data, kind = change.data, change.kind
        records = state["records"]
        if kind == "AwardProposed":
            records[data["proposal_id"]] = {
                "award": data["award"],
                "recipient": data["recipient"],
                "status": "proposed",
                "proposal_id": data["proposal_id"],
                "proposed_at": change.happened,
            }
        elif kind == "AwardGranted":
            key = data["proposal_id"] or data["award_id"]
            record = records.setdefault(
                key,
                {
                    "award": data["award"],
                    "recipient": data["recipient"],
                    "proposal_id": None,
                },
            )
            record.update(status="granted", award_id=data["award_id"])
            self._decided(record, data)
        elif kind == "ProposalDeclined":
            record = records[data["proposal_id"]]
            record["status"] = "declined"
            self._decided(record, data)
        else:
            record = next(
                r for r in records.values() if r.get("award_id") == data["award_id"]
            )
            record.update(
                status="revoked",
                revocation=data["decision"],
                revocation_reason=data["reason"],
            )

    @staticmethod
    def _decided(record: dict[str, Any], data: dict[str, Any]) -> None:
        record["decision"] = data["decision"]
        record["recorded_at"] = data["timestamp"]

    def rows(
        self, stream: str, state: dict[str, Any]
    ) -> dict[str, list[tuple[Any, ...]]]:
        rows = []
        for key, record in state["records"].items():
            recipient = record["recipient"]
            decision = record.get("decision") or {}
            revocation = record.get("revocation") or {}
            rows.append(
                (
                    stream,
                    state["bloc"],
                    state["year"],
                    record.get("award_id") or key,
                    record["award"],
                    state["titles"].get(record["award"], record["award"]),
                    recipient["kind"],
                    recipient["unit"],
                    state["names"].get(recipient["unit"], recipient["unit"]),
                    recipient["name"],
                    record["status"],
                    record["proposal_id"],
                    record.get("proposed_at"),
                    record.get("award_id"),
                    decision.get("number"),
                    decision.get("decided_on"),
                    decision.get("authority"),
                    record.get("recorded_at"),
                    revocation.get("number"),
                    revocation.get("decided_on"),
                    record.get("revocation_reason"),
                )
            )
        return {"award_registry": rows}
