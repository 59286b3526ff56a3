"""What a cycle is at a version: one immutable state, built by the `evolve` of its
parts (covenant, scoring, voting, awards) from the cycle's events, and the guards
every part's decisions share, which take the state."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from thidua.domain.bloc_state import Departure
from thidua.domain.cycle_values import (
    Award,
    Proposal,
    RankEntry,
    Round,
    Sheet,
    Signature,
)
from thidua.domain.errors import CycleIsClosed, NotAMember, WrongStage
from thidua.domain.rulebook import Rulebook, parse_rulebook
from thidua.domain.types import STAGE_TITLES, Stage

Targets = tuple[tuple[str, ...], tuple[str, ...]]
Key = tuple[str, str, str]  # a recipient's (kind, unit, name)


@dataclass(frozen=True, kw_only=True)
class CycleState:
    id: UUID
    version: int
    bloc: str
    bloc_name: str
    year: int
    roster: dict[str, str]
    departed: dict[str, Departure] = field(default_factory=dict)
    rulebook_text: str
    rulebook_sha256: str
    stage: Stage
    # Opened before stage changes were recorded: its stage is derived from the
    # events that cause them (domain/stages.py).
    legacy: bool
    head: str | None = None
    deputy: str | None = None
    leads_method: str | None = None
    signatures: dict[str, Signature] = field(default_factory=dict)
    targets: dict[str, Targets] = field(default_factory=dict)
    sheets: dict[str, Sheet] = field(default_factory=dict)
    ranking: tuple[RankEntry, ...] | None = None
    rounds: dict[str, list[Round]] = field(default_factory=dict)
    proposals: dict[str, Proposal] = field(default_factory=dict)
    awards: dict[str, Award] = field(default_factory=dict)
    proceedings: dict[Key, frozenset[str]] = field(default_factory=dict)

    @property
    def rulebook(self) -> Rulebook:
        return parse_rulebook(self.rulebook_text)

    @property
    def ref(self) -> str:
        return f"{self.bloc}/{self.year}"

    def winners(self, motion: str) -> list[str]:
        return [
            w for r in self.rounds.get(motion, []) if r.tally for w in r.tally.winners
        ]

    def require_scores_open(self, doing: str) -> None:
        """Refuse what only makes sense while scores may still come in (a scoring
        template, say): once the cycle is in review or closed, they may not."""
        require_stage(self, Stage.COVENANT, Stage.SCORING, doing=doing)


def next_stage(state: CycleState) -> Stage:
    stages = state.rulebook.rulebook.stages
    return stages[stages.index(state.stage) + 1]


def require_not_closed(state: CycleState) -> None:
    if state.stage is Stage.CLOSED:
        raise CycleIsClosed(
            "cycle {ref} is closed; only decisions on proposals and "
            "revocations may follow",
            ref=state.ref,
            value=state.ref,
        )


def require_stage(state: CycleState, *stages: Stage, doing: str) -> None:
    require_not_closed(state)
    if state.stage not in stages:
        wanted = " or ".join(STAGE_TITLES[s] for s in stages)
        raise WrongStage(
            "cannot {doing} in cycle {ref}: it is at {stage}, and this needs {wanted}",
            doing=doing,
            ref=state.ref,
            stage=STAGE_TITLES[state.stage],
            wanted=wanted,
            value=state.stage.value,
        )


def require_member(state: CycleState, unit: str, as_what: str = "unit") -> None:
    if unit not in state.roster:
        raise NotAMember(
            "{as_what} {unit} is not a member of bloc {bloc} in {year}",
            as_what=as_what,
            unit=unit,
            bloc=state.bloc,
            year=state.year,
            value=unit,
        )
