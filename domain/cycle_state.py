"""The state a cycle keeps, and the guards every part of the cycle shares."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from thidua.domain.errors import CycleIsClosed, NotAMember, WrongStage
from thidua.domain.rulebook import Rulebook, parse_rulebook
from thidua.domain.types import STAGE_TITLES, Stage

if TYPE_CHECKING:
    from thidua.domain.awards import Award, Proposal
    from thidua.domain.base import Command, Event
    from thidua.domain.bloc import Departure
    from thidua.domain.cycle import Signature
    from thidua.domain.scoring import RankEntry, Sheet
    from thidua.domain.voting import Round


class CycleState:
    """State of a Cycle, built only by its events' `apply` methods."""

    if TYPE_CHECKING:
        version: int
        bloc: str
        bloc_name: str
        year: int
        roster: dict[str, str]
        departed: dict[str, Departure]
        rulebook_text: str
        rulebook_sha256: str
        stage: Stage
        head: str | None
        deputy: str | None
        leads_method: str | None
        signatures: dict[str, Signature]
        targets: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]
        sheets: dict[str, Sheet]
        ranking: tuple[RankEntry, ...] | None
        rounds: dict[str, list[Round]]
        proposals: dict[str, Proposal]
        awards: dict[str, Award]
        proceedings: dict[tuple[str, str, str], set[str]]

        def winners(self, motion: str) -> list[str]: ...

        def _record(
            self, event_class: type[Event], command: Command, **fields: Any
        ) -> None: ...

    @property
    def rulebook(self) -> Rulebook:
        return parse_rulebook(self.rulebook_text)

    @property
    def ref(self) -> str:
        return f"{self.bloc}/{self.year}"

    def advance_stage(self) -> None:
        stages = self.rulebook.rulebook.stages
        self.stage = stages[stages.index(self.stage) + 1]

    def _require_not_closed(self) -> None:
        if self.stage is Stage.CLOSED:
            raise CycleIsClosed(
                "cycle {ref} is closed; only decisions on proposals and "
                "revocations may follow",
                ref=self.ref,
                value=self.ref,
            )

    def require_scores_open(self, doing: str) -> None:
        """Refuse what only makes sense while scores may still come in (a scoring
        template, say): once the cycle is in review or closed, they may not."""
        self._require_stage(Stage.COVENANT, Stage.SCORING, doing=doing)

    def _require_stage(self, *stages: Stage, doing: str) -> None:
        self._require_not_closed()
        if self.stage not in stages:
            wanted = " or ".join(STAGE_TITLES[s] for s in stages)
            raise WrongStage(
                "cannot {doing} in cycle {ref}: it is at {stage}, "
                "and this needs {wanted}",
                doing=doing,
                ref=self.ref,
                stage=STAGE_TITLES[self.stage],
                wanted=wanted,
                value=self.stage.value,
            )

    def _require_member(self, unit: str, as_what: str = "unit") -> None:
        if unit not in self.roster:
            raise NotAMember(
                "{as_what} {unit} is not a member of bloc {bloc} in {year}",
                as_what=as_what,
                unit=unit,
                bloc=self.bloc,
                year=self.year,
                value=unit,
            )
