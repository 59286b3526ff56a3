"""Scoring (chấm điểm): own scores, assessment, bonus and penalty, frozen ranking."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from thidua.domain.base import Event, require_operator, require_operator_or_unit
from thidua.domain.commands import AdjustScore, AssessScores, CloseScoring, SubmitScores
from thidua.domain.cycle_state import CycleState
from thidua.domain.errors import (
    CommandRejected,
    PointsOutOfBounds,
    ReasonRequired,
    ScoringIncomplete,
    UnknownCriterion,
)
from thidua.domain.rulebook import Rulebook
from thidua.domain.types import Frozen, Points, Stage, Text, UnitCode

ZERO = Decimal(0)


class ScoresSubmitted(Event):
    unit: UnitCode
    points: dict[str, Points]

    def apply(self, aggregate: CycleState) -> None:
        aggregate.sheets.setdefault(self.unit, Sheet()).own.update(self.points)


class ScoresAssessed(Event):
    unit: UnitCode
    assessor: Literal["head", "deputy", "team"]
    assessor_unit: UnitCode | None
    points: dict[str, Points]
    notes: dict[str, Text]

    def apply(self, aggregate: CycleState) -> None:
        sheet = aggregate.sheets.setdefault(self.unit, Sheet())
        sheet.assessed.update(self.points)
        # Each point as last assessed: by whom, and why (its note, else the reason).
        for code in self.points:
            sheet.notes[code] = self.notes.get(code) or self.reason or ""
            sheet.assessors[code] = self.assessor


class ScoreAdjusted(Event):
    unit: UnitCode
    rule: str
    points: Points

    def apply(self, aggregate: CycleState) -> None:
        sheet = aggregate.sheets.setdefault(self.unit, Sheet())
        sheet.adjustments.append((self.rule, self.points))


class RankEntry(Frozen):
    unit: UnitCode
    total: Decimal
    rank: int


class ScoringClosed(Event):
    ranking: tuple[RankEntry, ...]

    def apply(self, aggregate: CycleState) -> None:
        aggregate.ranking = self.ranking
        aggregate.stage = Stage.REVIEW


@dataclass
class Sheet:
    """A unit's scoring sheet (bảng chấm điểm): own, assessed, adjustments."""

    own: dict[str, Decimal] = field(default_factory=dict)
    assessed: dict[str, Decimal] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    assessors: dict[str, str] = field(default_factory=dict)
    adjustments: list[tuple[str, Decimal]] = field(default_factory=list)

    def points(self) -> dict[str, Decimal]:
        """Assessed points where the assessor gave them, the unit's own elsewhere."""
        return {**self.own, **self.assessed}

    def adjusted(
        self, rulebook: Rulebook, kind: str, rule: str | None = None
    ) -> Decimal:
        return sum(
            (
                points
                for code, points in self.adjustments
                if (rule is None or code == rule)
                and (adjustment := rulebook.adjustment(code)) is not None
                and adjustment.kind == kind
            ),
            ZERO,
        )

    def missing(self, rulebook: Rulebook) -> list[str]:
        points = self.points()
        return [c.code for c in rulebook.criteria if c.code not in points]

    def total(self, rulebook: Rulebook) -> Decimal:
        return total_points(
            rulebook,
            sum(self.points().values(), ZERO),
            self.adjusted(rulebook, "bonus"),
            self.adjusted(rulebook, "penalty"),
        )


def total_points(
    rulebook: Rulebook, base: Decimal, bonus: Decimal, penalty: Decimal
) -> Decimal:
    """A sheet's total: base points plus bonus minus penalty, within the rulebook."""
    total = base + bonus - penalty
    if not rulebook.scoring.total_may_exceed_base:
        total = min(total, rulebook.scoring.base_max)
    return max(total, ZERO)


def rank_units(
    rulebook: Rulebook, sheets: Mapping[str, Sheet], units: list[str]
) -> tuple[RankEntry, ...]:
    """Rank units by total, then the rulebook's tie-breaks; equal keys share a rank."""

    def key(unit: str) -> tuple[Decimal, ...]:
        sheet = sheets.get(unit, Sheet())
        points = sheet.points()
        values = [-sheet.total(rulebook)]
        for rule in rulebook.scoring.tie_breaks:
            kind, _, code = rule.partition(":")
            if kind == "fewer-penalty":
                values.append(sheet.adjusted(rulebook, "penalty"))
            elif kind == "more-bonus":
                values.append(-sheet.adjusted(rulebook, "bonus"))
            elif kind == "base-points":
                values.append(-sum(points.values(), ZERO))
            elif kind == "group":
                group = [c.code for c in rulebook.criteria if c.group == code]
                values.append(-sum((points.get(c, ZERO) for c in group), ZERO))
            else:
                values.append(-points.get(code, ZERO))
        return tuple(values)

    ordered = sorted(units, key=lambda unit: (key(unit), unit))
    entries: list[RankEntry] = []
    for position, unit in enumerate(ordered, start=1):
        tied = entries and key(ordered[position - 2]) == key(unit)
        rank = entries[-1].rank if tied else position
        total = sheets.get(unit, Sheet()).total(rulebook)
        entries.append(RankEntry(unit=unit, total=total, rank=rank))
    return tuple(entries)


class ScoringMixin(CycleState):
    def submit_scores(self, command: SubmitScores) -> None:
        require_operator_or_unit(command.actor, command.unit)
        self._require_scoring_open("submit scores")
        self._require_member(command.unit)
        self._check_points(command.points)
        self._record(ScoresSubmitted, command, unit=command.unit, points=command.points)

    def assess_scores(self, command: AssessScores) -> None:
        require_operator(command.actor)
        self._require_scoring_open("assess scores")
        self._require_member(command.unit)
        assessor_unit = self._assessor_unit(command.assessor, command.unit)
        self._check_points(command.points)
        own = self.sheets.get(command.unit, Sheet()).own
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
        self._record(
            ScoresAssessed,
            command,
            unit=command.unit,
            assessor=command.assessor,
            assessor_unit=assessor_unit,
            points=command.points,
            notes=command.notes,
        )

    def adjust_score(self, command: AdjustScore) -> None:
        require_operator(command.actor)
        self._require_scoring_open("adjust scores")
        self._require_member(command.unit)
        rule = self.rulebook.adjustment(command.rule)
        if rule is None:
            known = ", ".join(a.code for a in self.rulebook.adjustments) or "none"
            raise UnknownCriterion(
                "no bonus or penalty rule {rule!r} in the rulebook (known: {known})",
                rule=command.rule,
                known=known,
                value=command.rule,
            )
        if not command.reason:
            raise ReasonRequired(
                "a bonus or penalty needs a reason", value=command.rule
            )
        if command.points <= 0:
            raise PointsOutOfBounds(
                "{rule}: points must be positive, not {points}",
                rule=command.rule,
                points=command.points,
                value=command.points,
            )
        self._check_decimals(command.rule, command.points)
        sheet = self.sheets.get(command.unit, Sheet())
        scoring = self.rulebook.scoring
        cap = scoring.bonus_cap if rule.kind == "bonus" else scoring.penalty_cap
        for limit, already, what in (
            (
                rule.max_points,
                sheet.adjusted(self.rulebook, rule.kind, rule.code),
                rule.code,
            ),
            (cap, sheet.adjusted(self.rulebook, rule.kind), f"all {rule.kind} points"),
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
        self._record(
            ScoreAdjusted,
            command,
            unit=command.unit,
            rule=rule.code,
            points=command.points,
        )

    def close_scoring(self, command: CloseScoring) -> None:
        require_operator(command.actor)
        self._require_scoring_open("close scoring")
        rulebook = self.rulebook
        if rulebook.scoring.complete_to_close:
            incomplete = {
                unit: missing
                for unit in self.roster
                if (missing := self.sheets.get(unit, Sheet()).missing(rulebook))
            }
            if incomplete:
                listed = "; ".join(
                    f"{u}: {', '.join(m)}" for u, m in incomplete.items()
                )
                raise ScoringIncomplete(
                    "scores are missing ({listed})",
                    listed=listed,
                    value=sorted(incomplete),
                )
        ranking = rank_units(rulebook, self.sheets, list(self.roster))
        self._record(ScoringClosed, command, ranking=ranking)

    def _require_scoring_open(self, doing: str) -> None:
        rulebook = self.rulebook
        if Stage.SCORING not in rulebook.rulebook.stages:
            raise CommandRejected(
                "the rulebook of {ref} has no scoring stage", ref=self.ref
            )
        early = rulebook.scoring.during_covenant and self.stage is Stage.COVENANT
        if not early:
            self._require_stage(Stage.SCORING, doing=doing)

    def _assessor_unit(self, assessor: str, unit: str) -> str | None:
        if assessor not in self.rulebook.scoring.assessors:
            raise CommandRejected(
                "the rulebook does not let the {assessor} assess scores",
                assessor=assessor,
            )
        if assessor == "team":
            return None
        assessor_unit = self.head if assessor == "head" else self.deputy
        if assessor_unit is None:
            raise CommandRejected(
                "cycle {ref} has no {assessor} assigned yet",
                ref=self.ref,
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

    def _check_points(self, points: Mapping[str, Decimal]) -> None:
        for code, value in points.items():
            criterion = self.rulebook.criterion(code)
            if criterion is None:
                raise UnknownCriterion(
                    "no criterion {code} in the rulebook of {ref}",
                    code=code,
                    ref=self.ref,
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
            self._check_decimals(code, value)

    def _check_decimals(self, what: str, value: Decimal) -> None:
        places = self.rulebook.scoring.decimal_places
        if value != round(value, places):
            raise PointsOutOfBounds(
                "{what}: {value_} has more than {places} decimal place(s)",
                what=what,
                value_=value,
                places=places,
                value=value,
            )
