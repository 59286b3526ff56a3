"""The peer: the same course on plain `eventsourcing`, for the national benchmark.

What a competent Python team would write with the library's documented defaults: a
default `Application`, `@event` aggregates (peer_model.py), the default JSON
transcoder and mapper, the SQLite (or PostgreSQL) persistence module, and a simple
fold of the notification log into read-model tables (peer_views.py). Each use case
loads the aggregate from the repository, calls one method, and saves.

It takes the very command objects `benchmarks/dataset.py` issues to thidua, so both
pay the same for building them, and reads only their plain values.

    Peer(peer_env(url))                         # library defaults: no cache
    Peer(peer_env(url, cache=1000))             # AGGREGATE_CACHE_MAXSIZE=1000
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate

from thidua.domain import commands as c

from .floors import is_postgres
from .peer_cycle import Cycle
from .peer_model import Bloc, check
from .peer_rules import Rules, parse_rules

NAME = "Peer"  # the application's name: on PostgreSQL its table is peer_events


def peer_env(url: str, *, cache: int = 0) -> dict[str, str]:
    """The library's settings for a store: an SQLite path or postgresql://…?schema=."""
    env: dict[str, str]
    if is_postgres(url):
        parts = urlsplit(url)
        env = {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": parts.path.lstrip("/") or "postgres",
            "POSTGRES_HOST": parts.hostname or "127.0.0.1",
            "POSTGRES_PORT": str(parts.port or 5432),
            "POSTGRES_USER": unquote(parts.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(parts.password or ""),
            "POSTGRES_SCHEMA": parse_qs(parts.query).get("schema", ["public"])[0],
        }
    else:
        env = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": url}
    if cache:
        env["AGGREGATE_CACHE_MAXSIZE"] = str(cache)
    return env


@dataclass(frozen=True)
class Receipt:
    events: list[Any]


@dataclass(frozen=True)
class RankView:
    unit: str


@dataclass(frozen=True)
class CycleView:
    """What the dataset's generator reads of a cycle: its criteria and ranking."""

    rulebook: Rules
    ranking: tuple[RankView, ...]


def _meta(command: c.Command) -> dict[str, str]:
    return {"actor": command.actor.name, "command_id": command.command_id}


def _recipient(recipient: Any) -> dict[str, Any]:
    return {"kind": recipient.kind, "unit": recipient.unit, "name": recipient.name}


def _decision(decision: Any) -> dict[str, Any]:
    return {
        "number": decision.number,
        "decided_on": decision.decided_on.isoformat(),
        "authority": decision.authority,
    }


class Peer(Application[UUID]):
    name = NAME

    def __init__(self, env: Any = None) -> None:
        super().__init__(env)
        # The generator hands both engines command objects; each finds the use case
        # by the command's type.
        self._use_cases: dict[type[c.Command], Callable[[Any], Receipt]] = {
            c.CreateBloc: self.create_bloc,
            c.AddUnit: self.add_unit,
            c.OpenCycle: self.open_cycle,
            c.AssignLeads: self.assign_leads,
            c.SignCovenant: self.sign_covenant,
            c.SubmitScores: self.submit_scores,
            c.AssessScores: self.assess_scores,
            c.AdjustScore: self.adjust_score,
            c.CloseScoring: self.close_scoring,
            c.OpenVote: self.open_vote,
            c.CastVote: self.cast_vote,
            c.CloseVote: self.close_vote,
            c.ProposeAward: self.propose_award,
            c.GrantAward: self.grant_award,
            c.DeclineProposal: self.decline_proposal,
            c.RevokeAward: self.revoke_award,
            c.CloseCycle: self.close_cycle,
        }

    def handle(self, command: c.Command) -> Receipt:
        return self._use_cases[type(command)](command)

    def _saved(self, *aggregates: Aggregate) -> Receipt:
        return Receipt(list(self.save(*aggregates)))

    def _cycle(self, bloc: str, year: int) -> Cycle:
        cycle: Cycle = self.repository.get(Cycle.create_id(bloc, year))
        return cycle

    def _on_cycle(
        self, command: c.CycleCommand, action: Callable[[Cycle], None]
    ) -> Receipt:
        cycle = self._cycle(command.bloc, command.year)
        action(cycle)
        return self._saved(cycle)

    def cycle(self, bloc: str, year: int, *, copy: bool = True) -> CycleView:
        del copy  # the view is made afresh anyway
        found = self._cycle(bloc, year)
        ranking = tuple(RankView(unit) for unit, _, _ in found.ranking or ())
        return CycleView(found.rules, ranking)

    def create_bloc(self, command: c.CreateBloc) -> Receipt:
        bloc = Bloc(code=command.bloc, name=command.name,
                    province=command.province or "", **_meta(command))  # fmt: skip
        return self._saved(bloc)

    def add_unit(self, command: c.AddUnit) -> Receipt:
        bloc: Bloc = self.repository.get(Bloc.create_id(command.bloc))
        # A unit given no year is a member from the bloc's first year on.
        year = command.year or 0
        bloc.add_unit(command.unit, command.name, year, **_meta(command))
        return self._saved(bloc)

    def open_cycle(self, command: c.OpenCycle) -> Receipt:
        bloc: Bloc = self.repository.get(Bloc.create_id(command.bloc))
        roster = bloc.roster(command.year)
        enough = len(roster) >= parse_rules(command.rulebook_text).min_members
        check(enough, "command-rejected", f"{command.bloc} has too few members")
        cycle = Cycle(bloc=command.bloc, year=command.year, roster=roster,
                      rules_text=command.rulebook_text, **_meta(command))  # fmt: skip
        return self._saved(cycle)

    def assign_leads(self, command: c.AssignLeads) -> Receipt:
        meta = _meta(command)
        return self._on_cycle(
            command, lambda cy: cy.assign_leads(command.head, command.deputy, **meta)
        )

    def sign_covenant(self, command: c.SignCovenant) -> Receipt:
        meta, signed_on = _meta(command), command.signed_on.isoformat()
        return self._on_cycle(command, lambda cy: cy.sign_covenant(
            command.unit, command.signatory, signed_on, **meta))  # fmt: skip

    def submit_scores(self, command: c.SubmitScores) -> Receipt:
        meta, points = _meta(command), dict(command.points)
        return self._on_cycle(
            command, lambda cy: cy.submit_scores(command.unit, points, **meta)
        )

    def assess_scores(self, command: c.AssessScores) -> Receipt:
        meta, points, notes = _meta(command), dict(command.points), dict(command.notes)
        return self._on_cycle(command, lambda cy: cy.assess_scores(
            command.unit, command.assessor, points, notes, **meta))  # fmt: skip

    def adjust_score(self, command: c.AdjustScore) -> Receipt:
        meta = _meta(command)
        return self._on_cycle(command, lambda cy: cy.adjust_score(
            command.unit, command.rule, command.points, **meta))  # fmt: skip

    def close_scoring(self, command: c.CloseScoring) -> Receipt:
        meta = _meta(command)
        return self._on_cycle(command, lambda cy: cy.close_scoring(**meta))

    def open_vote(self, command: c.OpenVote) -> Receipt:
        meta, candidates = _meta(command), list(command.candidates)
        return self._on_cycle(
            command, lambda cy: cy.open_vote(command.motion, candidates, **meta)
        )

    def cast_vote(self, command: c.CastVote) -> Receipt:
        meta = _meta(command)
        return self._on_cycle(
            command, lambda cy: cy.cast_vote(command.motion, command.voter, **meta)
        )

    def close_vote(self, command: c.CloseVote) -> Receipt:
        meta = _meta(command)
        ballots = [list(ballot.choices) for ballot in command.ballots]
        return self._on_cycle(
            command, lambda cy: cy.close_vote(command.motion, ballots, **meta)
        )

    def propose_award(self, command: c.ProposeAward) -> Receipt:
        meta, recipient = _meta(command), _recipient(command.recipient)
        return self._on_cycle(
            command, lambda cy: cy.propose_award(command.award, recipient, **meta)
        )

    def grant_award(self, command: c.GrantAward) -> Receipt:
        meta, decision = _meta(command), _decision(command.decision)
        recipient = _recipient(command.recipient) if command.recipient else None
        return self._on_cycle(command, lambda cy: cy.grant_award(
            decision, command.proposal, command.award, recipient, **meta))  # fmt: skip

    def decline_proposal(self, command: c.DeclineProposal) -> Receipt:
        meta, decision = _meta(command), _decision(command.decision)
        return self._on_cycle(command, lambda cy: cy.decline_proposal(
            command.proposal, decision, command.reason or "", **meta))  # fmt: skip

    def revoke_award(self, command: c.RevokeAward) -> Receipt:
        meta, decision = _meta(command), _decision(command.decision)
        return self._on_cycle(command, lambda cy: cy.revoke_award(
            command.award_id, decision, command.reason or "", **meta))  # fmt: skip

    def close_cycle(self, command: c.CloseCycle) -> Receipt:
        meta = _meta(command)
        return self._on_cycle(command, lambda cy: cy.close(**meta))
