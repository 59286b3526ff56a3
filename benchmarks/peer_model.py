"""The peer's aggregates: a bloc and its yearly cycle, as `@event` aggregates.

Written the way the library documents it: a public method checks the rule and then
calls a private method decorated with `@event`, whose body only changes state (it
runs again on every replay). Events carry plain values the default JSON transcoder
stores: strings, numbers, Decimal, lists and dicts; dates as ISO strings.
"""

# An @event method's parameters are the event's fields: its body, which runs again
# on every replay, uses only those the state needs.
# ruff: noqa: ARG002, PLR0917

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from .peer_rules import Rules, Sheet, parse_rules, rank


class Refused(Exception):
    """A command the rules refuse; `rule` names the rule."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(f"{rule}: {message}")
        self.rule = rule


def check(condition: bool, rule: str, message: str) -> None:
    if not condition:
        raise Refused(rule, message)


class Bloc(Aggregate):
    @staticmethod
    def create_id(code: str) -> UUID:
        return uuid5(NAMESPACE_URL, f"/peer/blocs/{code}")

    @event("Created")
    def __init__(
        self, code: str, name: str, province: str, actor: str, command_id: str
    ) -> None:
        self.code, self.name, self.province = code, name, province
        self.units: dict[str, tuple[str, int]] = {}  # code: (name, from year)

    def add_unit(self, unit: str, name: str, year: int, **meta: str) -> None:
        check(unit not in self.units, "already-a-member", f"{unit} is a member")
        self._unit_added(unit=unit, name=name, year=year, **meta)

    @event("UnitAdded")
    def _unit_added(
        self, unit: str, name: str, year: int, actor: str, command_id: str
    ) -> None:
        self.units[unit] = (name, year)

    def roster(self, year: int) -> dict[str, str]:
        return {u: name for u, (name, since) in self.units.items() if since <= year}


class ScoredCycle(Aggregate):
    """A cycle's course up to the frozen ranking; votes and awards: peer_cycle.py."""

    @staticmethod
    def create_id(bloc: str, year: int) -> UUID:
        return uuid5(NAMESPACE_URL, f"/peer/cycles/{bloc}/{year}")

    @event("Opened")
    def __init__(
        self,
        bloc: str,
        year: int,
        roster: dict[str, str],
        rules_text: str,
        actor: str,
        command_id: str,
    ) -> None:
        self.bloc, self.year, self.roster = bloc, year, roster
        self.rules_text = rules_text
        self.stage = self.rules.stages[0]
        self.head: str | None = None
        self.deputy: str | None = None
        self.signatures: dict[str, str] = {}
        self.sheets: dict[str, Sheet] = {}
        self.ranking: list[Any] | None = None
        self.rounds: dict[str, list[dict[str, Any]]] = {}
        self.proposals: dict[str, dict[str, Any]] = {}
        self.awards: dict[str, dict[str, Any]] = {}

    @property
    def rules(self) -> Rules:
        return parse_rules(self.rules_text)

    def _require_stage(self, *stages: str) -> None:
        check(self.stage in stages, "wrong-stage", f"{self.stage}, not {stages}")

    def _require_member(self, unit: str) -> None:
        check(unit in self.roster, "not-a-member", f"{unit} is not on the roster")

    # Leads and covenant ---------------------------------------------------------

    def assign_leads(self, head: str, deputy: str, **meta: str) -> None:
        check(self.stage != "closed", "cycle-closed", "the cycle is closed")
        self._require_member(head)
        self._require_member(deputy)
        check(head != deputy, "command-rejected", "head and deputy must differ")
        self._leads_assigned(head=head, deputy=deputy, **meta)

    @event("LeadsAssigned")
    def _leads_assigned(
        self, head: str, deputy: str, actor: str, command_id: str
    ) -> None:
        self.head, self.deputy = head, deputy

    def sign_covenant(
        self, unit: str, signatory: str, signed_on: str, **meta: str
    ) -> None:
        self._require_stage("covenant", "scoring")
        self._require_member(unit)
        check(unit not in self.signatures, "already-signed", f"{unit} has signed")
        self._signed(unit=unit, signatory=signatory, signed_on=signed_on, **meta)
        if self.stage == "covenant" and set(self.roster) <= set(self.signatures):
            self._advanced(from_stage=self.stage, to_stage="scoring", **meta)

    @event("CovenantSigned")
    def _signed(
        self, unit: str, signatory: str, signed_on: str, actor: str, command_id: str
    ) -> None:
        self.signatures[unit] = signed_on

    # The stage moves by an event of its own, recorded beside its cause, as
    # thidua's does (domain/stages.py).
    @event("StageAdvanced")
    def _advanced(
        self, from_stage: str, to_stage: str, actor: str, command_id: str
    ) -> None:
        self.stage = to_stage

    # Scoring ------------------------------------------------------------------

    def _check_points(self, points: dict[str, Decimal]) -> None:
        for code, value in points.items():
            criterion = self.rules.criterion(code)
            check(criterion is not None, "unknown-criterion", code)
            assert criterion is not None
            check(0 <= value <= criterion.max_points, "points-out-of-bounds", code)
            places = self.rules.decimal_places
            check(value == round(value, places), "points-out-of-bounds", code)

    def submit_scores(self, unit: str, points: dict[str, Decimal], **meta: str) -> None:
        self._require_stage("scoring")
        self._require_member(unit)
        self._check_points(points)
        self._scores_submitted(unit=unit, points=points, **meta)

    @event("ScoresSubmitted")
    def _scores_submitted(
        self, unit: str, points: dict[str, Decimal], actor: str, command_id: str
    ) -> None:
        self.sheets.setdefault(unit, Sheet()).own.update(points)

    def assess_scores(
        self,
        unit: str,
        assessor: str,
        points: dict[str, Decimal],
        notes: dict[str, str],
        **meta: str,
    ) -> None:
        self._require_stage("scoring")
        self._require_member(unit)
        check(assessor in self.rules.assessors, "command-rejected", assessor)
        lead = {"head": self.head, "deputy": self.deputy}.get(assessor)
        check(lead != unit, "command-rejected", f"{unit} cannot assess itself")
        self._check_points(points)
        self._scores_assessed(
            unit=unit, assessor=assessor, points=points, notes=notes, **meta
        )

    @event("ScoresAssessed")
    def _scores_assessed(
        self,
        unit: str,
        assessor: str,
        points: dict[str, Decimal],
        notes: dict[str, str],
        actor: str,
        command_id: str,
    ) -> None:
        self.sheets.setdefault(unit, Sheet()).assessed.update(points)

    def adjust_score(self, unit: str, rule: str, points: Decimal, **meta: str) -> None:
        self._require_stage("scoring")
        self._require_member(unit)
        check(rule in self.rules.adjustments, "unknown-criterion", rule)
        check(points > 0, "points-out-of-bounds", "points must be positive")
        kind, limit = self.rules.adjustments[rule]
        sheet = self.sheets.get(unit, Sheet())
        cap = self.rules.caps[kind]
        check(
            sheet.adjusted(self.rules, kind, rule) + points <= limit
            and sheet.adjusted(self.rules, kind) + points <= cap,
            "points-out-of-bounds",
            f"{unit} would pass the limit of {rule}",
        )
        self._score_adjusted(unit=unit, rule=rule, points=points, **meta)

    @event("ScoreAdjusted")
    def _score_adjusted(
        self, unit: str, rule: str, points: Decimal, actor: str, command_id: str
    ) -> None:
        self.sheets.setdefault(unit, Sheet()).adjustments.append((rule, points))

    def close_scoring(self, **meta: str) -> None:
        self._require_stage("scoring")
        if self.rules.complete_to_close:
            for unit in self.roster:
                points = self.sheets.get(unit, Sheet()).points()
                missing = [c.code for c in self.rules.criteria if c.code not in points]
                check(not missing, "scoring-incomplete", f"{unit}: {missing}")
        ranking = rank(self.rules, self.sheets, list(self.roster))
        self._scoring_closed(ranking=ranking, **meta)
        self._advanced(from_stage=self.stage, to_stage="review", **meta)

    @event("ScoringClosed")
    def _scoring_closed(self, ranking: list[Any], actor: str, command_id: str) -> None:
        self.ranking = ranking
