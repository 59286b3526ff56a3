"""Scoring (chấm điểm): own scores, assessment, bonus and penalty, frozen ranking.

The rules over the cycle's state: `decide_…(state, command)` returns the events a
command records; `evolve(state, event)` folds this part's events.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, Literal

from thidua.domain.base import Event, require_operator, require_operator_or_unit
from thidua.domain.commands import AdjustScore, AssessScores, CloseScoring, SubmitScores
from thidua.domain.cycle_state import CycleState, require_member, require_stage
from thidua.domain.cycle_values import RankEntry, Sheet
from thidua.domain.decider import changed, evolver, then
from thidua.domain.errors import (
    CommandRejected,
    PointsOutOfBounds,
    ReasonRequired,
    ScoringIncomplete,
    UnknownCriterion,
)
from thidua.domain.ranking import rank_units
from thidua.domain.stages import advancing, derived
from thidua.domain.types import Points, Stage, Text, UnitCode


class ScoresSubmitted(Event):
    unit: UnitCode
    points: dict[str, Points]


class ScoresAssessed(Event):
    unit: UnitCode
    assessor: Literal["head", "deputy", "team"]
    assessor_unit: UnitCode | None
    points: dict[str, Points]
    notes: dict[str, Text]


class ScoreAdjusted(Event):
    unit: UnitCode
    rule: str
    points: Points


class ScoringClosed(Event):
    ranking: tuple[RankEntry, ...]


# Evolving: no decisions, no refusals.
EMPTY = Sheet()  # shared: a sheet is never changed, only replaced


def _sheet(state: CycleState, unit: str, sheet: Sheet) -> CycleState:
    return changed(state, sheets={**state.sheets, unit: sheet})


def _submitted(state: CycleState, event: ScoresSubmitted) -> CycleState:
    sheet = state.sheets.get(event.unit, EMPTY)
    return _sheet(state, event.unit, changed(sheet, own={**sheet.own, **event.points}))


def _assessed(state: CycleState, event: ScoresAssessed) -> CycleState:
    sheet = state.sheets.get(event.unit, EMPTY)
    # Each point as last assessed: by whom, and why (its note, else the reason).
    why = {code: event.notes.get(code) or event.reason or "" for code in event.points}
    by = dict.fromkeys(event.points, event.assessor)
    assessed = changed(
        sheet,
        assessed={**sheet.assessed, **event.points},
        notes={**sheet.notes, **why},
        assessors={**sheet.assessors, **by},
    )
    return _sheet(state, event.unit, assessed)


def _adjusted(state: CycleState, event: ScoreAdjusted) -> CycleState:
    sheet = state.sheets.get(event.unit, EMPTY)
    adjustments = [*sheet.adjustments, (event.rule, event.points)]
    return _sheet(state, event.unit, changed(sheet, adjustments=adjustments))


def _closed(state: CycleState, event: ScoringClosed) -> CycleState:
    return derived(changed(state, ranking=event.ranking), Stage.REVIEW)


HANDLERS: dict[type[Any], Callable[[Any, Any], CycleState]] = {
    ScoresSubmitted: _submitted,
    ScoresAssessed: _assessed,
    ScoreAdjusted: _adjusted,
    ScoringClosed: _closed,
}
evolve = evolver(HANDLERS)


# Deciding.
def decide_submit_scores(state: CycleState, command: SubmitScores) -> list[Event]:
    require_operator_or_unit(command.actor, command.unit)
    _require_scoring_open(state, "submit scores")
    require_member(state, command.unit)
    _check_points(state, command.points)
    return [
        then(state, ScoresSubmitted, command, unit=command.unit, points=command.points)
    ]


def decide_assess_scores(state: CycleState, command: AssessScores) -> list[Event]:
    require_operator(command.actor)
    _require_scoring_open(state, "assess scores")
    require_member(state, command.unit)
    assessor_unit = _assessor_unit(state, command.assessor, command.unit)
    _check_points(state, command.points)
    own = state.sheets.get(command.unit, Sheet()).own
    for code, points in command.points.items():
        changed = code in own and own[code] != points
        if changed and not (command.notes.get(code) or command.reason):
            raise ReasonRequired(
                "criterion {code} of {unit} changes from {before} to {points}: "
                "give the reason for the change",
                code=code,
                unit=command.unit,
                before=own[code],
                points=points,
                value=code,
            )
    return [
        then(
            state,
            ScoresAssessed,
            command,
            unit=command.unit,
            assessor=command.assessor,
            assessor_unit=assessor_unit,
            points=command.points,
            notes=command.notes,
        )
    ]


def decide_adjust_score(state: CycleState, command: AdjustScore) -> list[Event]:
    require_operator(command.actor)
    _require_scoring_open(state, "adjust scores")
    require_member(state, command.unit)
    rule = state.rulebook.adjustment(command.rule)
    if rule is None:
        known = ", ".join(a.code for a in state.rulebook.adjustments) or "none"
        raise UnknownCriterion(
            "no bonus or penalty rule {rule!r} in the rulebook (known: {known})",
            rule=command.rule,
            known=known,
            value=command.rule,
        )
    if not command.reason:
        raise ReasonRequired("a bonus or penalty needs a reason", value=command.rule)
    if command.points <= 0:
        raise PointsOutOfBounds(
            "{rule}: points must be positive, not {points}",
            rule=command.rule,
            points=command.points,
            value=command.points,
        )
    _check_decimals(state, command.rule, command.points)
    sheet = state.sheets.get(command.unit, Sheet())
    scoring = state.rulebook.scoring
    cap = scoring.bonus_cap if rule.kind == "bonus" else scoring.penalty_cap
    for limit, already, what in (
        (
            rule.max_points,
            sheet.adjusted(state.rulebook, rule.kind, rule.code),
            rule.code,
        ),
        (cap, sheet.adjusted(state.rulebook, rule.kind), f"all {rule.kind} points"),
    ):
        if limit is not None and already + command.points > limit:
            raise PointsOutOfBounds(
                "{unit} would have {total} for {what}, above the limit of {limit}",
                unit=command.unit,
                total=already + command.points,
                what=what,
                limit=limit,
                value=command.points,
            )
    return [
        then(
            state,
            ScoreAdjusted,
            command,
            unit=command.unit,
            rule=rule.code,
            points=command.points,
        )
    ]


def decide_close_scoring(state: CycleState, command: CloseScoring) -> list[Event]:
    require_operator(command.actor)
    _require_scoring_open(state, "close scoring")
    rulebook = state.rulebook
    if rulebook.scoring.complete_to_close:
        incomplete = {
            unit: missing
            for unit in state.roster
            if (missing := state.sheets.get(unit, Sheet()).missing(rulebook))
        }
        if incomplete:
            listed = "; ".join(f"{u}: {', '.join(m)}" for u, m in incomplete.items())
            raise ScoringIncomplete(
                "scores are missing ({listed})",
                listed=listed,
                value=sorted(incomplete),
            )
    ranking = rank_units(rulebook, state.sheets, list(state.roster))
    closed = then(state, ScoringClosed, command, ranking=ranking)
    return advancing(state, [closed], command, Stage.REVIEW)


def _require_scoring_open(state: CycleState, doing: str) -> None:
    rulebook = state.rulebook
    if Stage.SCORING not in rulebook.rulebook.stages:
        raise CommandRejected(
            "the rulebook of {ref} has no scoring stage", ref=state.ref
        )
    early = rulebook.scoring.during_covenant and state.stage is Stage.COVENANT
    if not early:
        require_stage(state, Stage.SCORING, doing=doing)


def _assessor_unit(state: CycleState, assessor: str, unit: str) -> str | None:
    if assessor not in state.rulebook.scoring.assessors:
        raise CommandRejected(
            "the rulebook does not let the {assessor} assess scores",
            assessor=assessor,
        )
    if assessor == "team":
        return None
    assessor_unit = state.head if assessor == "head" else state.deputy
    if assessor_unit is None:
        raise CommandRejected(
            "cycle {ref} has no {assessor} assigned yet",
            ref=state.ref,
            assessor=assessor,
        )
    if assessor_unit == unit:
        raise CommandRejected(
            "{unit} is the {assessor} and cannot assess its own scores",
            unit=unit,
            assessor=assessor,
            value=unit,
        )
    return assessor_unit


def _check_points(state: CycleState, points: Mapping[str, Decimal]) -> None:
    for code, value in points.items():
        criterion = state.rulebook.criterion(code)
        if criterion is None:
            raise UnknownCriterion(
                "no criterion {code} in the rulebook of {ref}",
                code=code,
                ref=state.ref,
                value=code,
            )
        if not 0 <= value <= criterion.max_points:
            raise PointsOutOfBounds(
                "criterion {code} allows 0 to {max_points} points, not {value_}",
                code=code,
                max_points=criterion.max_points,
                value_=value,
                value=value,
            )
        _check_decimals(state, code, value)


def _check_decimals(state: CycleState, what: str, value: Decimal) -> None:
    places = state.rulebook.scoring.decimal_places
    if value != round(value, places):
        raise PointsOutOfBounds(
            "{what}: {value_} has more than {places} decimal place(s)",
            what=what,
            value_=value,
            places=places,
            value=value,
        )
