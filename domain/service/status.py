"""Plain rows describing a bloc or a cycle as the write side holds it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from thidua.domain.bloc_state import BlocState
from thidua.domain.cycle_state import CycleState
from thidua.domain.cycle_values import Sheet
from thidua.domain.tally import votes_to_carry
from thidua.domain.types import STAGE_TITLES, Decision, Stage


def bloc_status(
    bloc: BlocState, years: list[int], year: int | None = None
) -> dict[str, Any]:
    """The bloc and its units; with a year, only the units that are members then."""
    return {
        "bloc": bloc.code,
        "name": bloc.name,
        "province": bloc.province,
        "kind": bloc.kind,
        "cycles": years,
        "documents": [
            {
                "since": _day(s.since),
                "superior_body": s.superior_body,
                "issuing_body": s.issuing_body,
                "place": s.place,
                "document_code": s.document_code,
            }
            for s in sorted(bloc.configurations, key=lambda s: s.since or date.min)
        ],
        "units": [
            {
                "unit": m.unit,
                "name": m.name,
                "joined": m.joined,
                "left": m.left,
                "joined_on": _day(m.joined_on),
                "joining_decision": m.joining_decision,
                "left_on": _day(m.left_on),
                "leaving_decision": m.leaving_decision,
                "merged_into": m.merged_into,
            }
            for m in bloc.memberships
            if year is None or m.covers(year)
        ],
    }


def _day(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def assessment_changes(
    criteria: Sequence[str],
    own: Mapping[str, object],
    assessed: Mapping[str, object],
    why: Mapping[str, tuple[str | None, str]],
) -> list[dict[str, str | None]]:
    """The points an assessment changed from the unit's own, in the rulebook's order
    of criteria: {criterion, own, assessed, by, note}, points as decimal strings.
    `why` gives each assessed criterion's assessor and note (its reason)."""
    order = {code: place for place, code in enumerate(criteria)}
    changes: list[dict[str, str | None]] = []
    for code in sorted(assessed, key=lambda c: (order.get(c, len(order)), c)):
        if code not in own or Decimal(str(own[code])) == Decimal(str(assessed[code])):
            continue
        by, note = why.get(code, (None, ""))
        changes.append(
            {
                "criterion": code,
                "own": str(own[code]),
                "assessed": str(assessed[code]),
                "by": by,
                "note": note,
            }
        )
    return changes


def _decision(decision: Decision | None) -> dict[str, Any] | None:
    return None if decision is None else decision.model_dump(mode="json")


def cycle_status(cycle: CycleState) -> dict[str, Any]:
    rulebook = cycle.rulebook
    meta = rulebook.rulebook
    ranks = {e.unit: e.rank for e in cycle.ranking or ()}
    codes = [criterion.code for criterion in rulebook.criteria]
    units = []
    for unit, name in cycle.roster.items():
        sheet = cycle.sheets.get(unit, Sheet())
        signature = cycle.signatures.get(unit)
        units.append(
            {
                "unit": unit,
                "name": name,
                "lead": "head"
                if unit == cycle.head
                else "deputy"
                if unit == cycle.deputy
                else "",
                "signatory": signature.signatory if signature else None,
                "signed_on": signature.signed_on.isoformat() if signature else None,
                "scored": bool(sheet.own),
                "assessed": bool(sheet.assessed),
                "bonus": str(sheet.adjusted(rulebook, "bonus")),
                "penalty": str(sheet.adjusted(rulebook, "penalty")),
                "total": str(sheet.total(rulebook)) if sheet.points() else None,
                "missing": sheet.missing(rulebook),
                "rank": ranks.get(unit),
                "changes": assessment_changes(
                    codes,
                    sheet.own,
                    sheet.assessed,
                    {
                        code: (sheet.assessors.get(code), note)
                        for code, note in sheet.notes.items()
                    },
                ),
            }
        )
    votes = []
    for motion, rounds in cycle.rounds.items():
        for current in rounds:
            tally = current.tally
            votes.append(
                {
                    "motion": motion,
                    "round": current.terms.round,
                    "secret": current.terms.secret,
                    "state": "open" if tally is None else "closed",
                    "voted": len(current.voters),
                    "eligible": len(current.terms.eligible),
                    "candidates": list(current.terms.candidates),
                    "counts": {c.candidate: c.yes for c in tally.counts}
                    if tally
                    else None,
                    "needed": votes_to_carry(current.terms, tally.base)
                    if tally
                    else None,
                    "quorum_met": tally.quorum_met if tally else None,
                    "outcome": tally.outcome if tally else None,
                    "winners": list(tally.winners) if tally else [],
                }
            )
    return {
        "cycle": cycle.ref,
        "bloc": cycle.bloc,
        "bloc_name": cycle.bloc_name,
        "year": cycle.year,
        "stage": cycle.stage.value,
        "stage_title": STAGE_TITLES[cycle.stage],
        "version": cycle.version,
        "frozen": cycle.ranking is not None,
        "rulebook": {
            "code": meta.code,
            "version": meta.version,
            "title": meta.title(),
            "sha256": cycle.rulebook_sha256,
            "legal_basis": list(meta.legal_basis),
        },
        "departed": [
            {
                "unit": d.unit,
                "name": d.name,
                "left_on": _day(d.left_on),
                "decision": d.decision,
                "merged_into": d.merged_into,
            }
            for d in cycle.departed.values()
        ],
        "head": cycle.head,
        "deputy": cycle.deputy,
        "leads_method": cycle.leads_method,
        "units": units,
        "votes": votes,
        "proposals": [
            {
                "id": p.id,
                "award": p.award,
                "recipient": p.recipient.name,
                "kind": p.recipient.kind,
                "unit": p.recipient.unit,
                "status": p.status,
            }
            for p in cycle.proposals.values()
        ],
        "awards": [
            {
                "id": a.id,
                "award": a.award,
                "recipient": a.recipient.name,
                "kind": a.recipient.kind,
                "unit": a.recipient.unit,
                "status": a.status,
                "proposal": a.proposal_id,
                "decision": _decision(a.decision),
                "revocation": _decision(a.revocation),
            }
            for a in cycle.awards.values()
        ],
        "closed": cycle.stage is Stage.CLOSED,
    }
