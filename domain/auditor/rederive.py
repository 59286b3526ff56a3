"""Re-deriving a cycle's decisions from its stored documents, as an auditor would.

This is a second, deliberately separate implementation of the rules: it reads the
stored JSON (not the domain's events), keeps its own plain state, and recomputes
every ranking, tally, award condition, quota and stage from the raw scores and
ballots under the rulebook the cycle adopted. Where it disagrees with what was
recorded, something wrote a decision the rules do not give.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from thidua.domain.auditor.integrity import StoredRow
from thidua.domain.auditor.rederive_awards import AwardRederivation
from thidua.domain.auditor.rederive_ranking import placed, ranking
from thidua.domain.auditor.rederive_stages import StageRederivation
from thidua.domain.auditor.rederive_votes import (
    VOTE_HANDLERS,
    FurtherRound,
    VoteRederivation,
)
from thidua.domain.phrase import Phrase, Term, listing, phrase
from thidua.domain.rulebook import Rulebook, parse_rulebook
from thidua.domain.topics import COMMENDATION, STREAMS

ALLOWED_STAGES = {
    "RosterChanged": {"covenant", "scoring"},
    "CovenantSigned": {"covenant", "scoring"},
    "TargetsRegistered": {"covenant", "scoring"},
    "CovenantClosed": {"covenant"},
    "ScoresSubmitted": {"scoring"},
    "ScoresAssessed": {"scoring"},
    "ScoreAdjusted": {"scoring"},
    "ScoringClosed": {"scoring"},
    "VoteOpened": {"review"},
    "VoteCast": {"review"},
    "VoteClosed": {"review"},
    "AwardProposed": {"review"},
    "CycleClosed": {"review"},
    "LeadsAssigned": {"covenant", "scoring", "review"},
}


@dataclass(frozen=True)
class Discrepancy:
    version: int
    event: str
    check: str
    # The finding in words of either language.
    said: Phrase
    position: int = 0
    event_hash: str = ""

    @property
    def message(self) -> str:
        return self.said.english()


@dataclass
class _Cycle:
    rulebook: Rulebook
    stage: str
    roster: set[str]
    signed: set[str] = field(default_factory=set)
    own: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    assessed: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    adjustments: dict[str, list[tuple[str, Decimal]]] = field(default_factory=dict)
    ranks: dict[str, int] = field(default_factory=dict)
    rounds: dict[tuple[str, int], dict[str, Any]] = field(default_factory=dict)
    winners: dict[str, list[str]] = field(default_factory=dict)
    further: dict[str, FurtherRound] = field(default_factory=dict)
    active: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    # Whether the cycle records its stage changes (StageAdvanced), and the change
    # its rules give that its next event must record.
    recorded: bool = False
    due: str | None = None

    def advance(self) -> None:
        stages = [str(s) for s in self.rulebook.rulebook.stages]
        self.move(stages[stages.index(self.stage) + 1])

    def move(self, stage: str) -> None:
        if self.recorded:
            self.due = stage
        else:
            self.stage = stage  # a legacy cycle's stage is derived, never recorded


class Rederivation(StageRederivation, VoteRederivation, AwardRederivation):
    """Walk one cycle's stored rows in order and collect every disagreement."""

    def __init__(self) -> None:
        self.found: list[Discrepancy] = []
        self.cycle: _Cycle | None = None

    def run(self, rows: Sequence[StoredRow]) -> list[Discrepancy]:
        for row in rows:
            self.row = row
            handler = HANDLERS.get(row.event)
            if self.cycle is not None:
                self._check_transition(row)
                self._check_stage(row)
            if handler is None or (self.cycle is None and row.event != "CycleOpened"):
                continue
            try:
                handler(self, row.document)
            except (KeyError, TypeError, ValueError, ArithmeticError) as error:
                # A forged document the count cannot follow: a finding, not a crash.
                self._report(
                    "document",
                    phrase("cannot be re-derived: {error}", error=repr(error)),
                )
        if self.cycle is not None and self.cycle.due is not None:
            self._missing_transition()
        return self.found

    def _report(self, check: str, said: Phrase) -> None:
        row = self.row
        self.found.append(
            Discrepancy(
                row.version,
                row.event,
                check,
                said,
                position=row.position,
                event_hash=str(row.document.get("event_hash", "")),
            )
        )

    def _check_stage(self, row: StoredRow) -> None:
        assert self.cycle is not None
        allowed = set(ALLOWED_STAGES.get(row.event, {self.cycle.stage}))
        scoring = self.cycle.rulebook.scoring
        if row.event.startswith("Score") and scoring.during_covenant:
            allowed.add("covenant")
        if row.event == "AwardGranted":
            allowed = (
                {"review", "closed"} if row.document["proposal_id"] else {"review"}
            )
        if self.cycle.stage not in allowed:
            self._report(
                "stage",
                phrase(
                    "recorded at stage {stage}; allowed: {allowed}",
                    stage=Term("stage", self.cycle.stage),
                    allowed=listing(Term("stage", code) for code in sorted(allowed)),
                ),
            )

    # the cycle --------------------------------------------------------------------

    def _on_CycleOpened(self, doc: dict[str, Any]) -> None:  # noqa: N802
        rulebook = parse_rulebook(doc["rulebook_text"])
        roster = {member["code"] for member in doc["roster"]}
        self.cycle = _Cycle(rulebook, str(rulebook.rulebook.stages[0]), roster)
        self.cycle.recorded = doc.get("stage_events", False) is True

    def _on_RosterChanged(self, doc: dict[str, Any]) -> None:  # noqa: N802
        assert self.cycle is not None
        self.cycle.roster -= set(doc["left"])
        self.cycle.roster |= {member["code"] for member in doc["joined"]}
        self._covenant_done()

    def _on_CovenantSigned(self, doc: dict[str, Any]) -> None:  # noqa: N802
        assert self.cycle is not None
        self.cycle.signed.add(doc["unit"])
        self._covenant_done()

    def _covenant_done(self) -> None:
        assert self.cycle is not None
        if self.cycle.stage == "covenant" and self.cycle.roster <= self.cycle.signed:
            self.cycle.advance()

    def _on_CovenantClosed(self, doc: dict[str, Any]) -> None:  # noqa: N802
        assert self.cycle is not None
        unsigned = sorted(self.cycle.roster - self.cycle.signed)
        if sorted(doc["unsigned"]) != unsigned:
            self._report(
                "stage",
                phrase(
                    "unsigned recorded {recorded}, are {unsigned}",
                    recorded=listing(doc["unsigned"], none=True),
                    unsigned=listing(unsigned, none=True),
                ),
            )
        self.cycle.advance()

    def _on_CycleClosed(self, _: dict[str, Any]) -> None:  # noqa: N802
        assert self.cycle is not None
        self.cycle.move("closed")

    # scoring ----------------------------------------------------------------------

    def _on_ScoresSubmitted(self, doc: dict[str, Any]) -> None:  # noqa: N802
        assert self.cycle is not None
        sheet = self.cycle.own.setdefault(doc["unit"], {})
        sheet.update({code: Decimal(p) for code, p in doc["points"].items()})

    def _on_ScoresAssessed(self, doc: dict[str, Any]) -> None:  # noqa: N802
        assert self.cycle is not None
        sheet = self.cycle.assessed.setdefault(doc["unit"], {})
        sheet.update({code: Decimal(p) for code, p in doc["points"].items()})

    def _on_ScoreAdjusted(self, doc: dict[str, Any]) -> None:  # noqa: N802
        assert self.cycle is not None
        entry = (doc["rule"], Decimal(doc["points"]))
        self.cycle.adjustments.setdefault(doc["unit"], []).append(entry)

    def _on_ScoringClosed(self, doc: dict[str, Any]) -> None:  # noqa: N802
        assert self.cycle is not None
        cycle = self.cycle
        derived = ranking(
            cycle.rulebook, cycle.roster, cycle.own, cycle.assessed, cycle.adjustments
        )
        recorded = [(e["unit"], Decimal(e["total"]), e["rank"]) for e in doc["ranking"]]
        if recorded != derived:
            differ = [
                phrase(
                    "{recorded} recorded, {derived} derived",
                    recorded=placed(*r),
                    derived=placed(*d),
                )
                for r, d in zip(recorded, derived, strict=False)
                if r != d
            ] or [
                phrase(
                    "{recorded} units recorded, {derived} derived",
                    recorded=len(recorded),
                    derived=len(derived),
                )
            ]
            differences = listing(differ[:3], "; ")
            self._report("ranking", phrase("{differences}", differences=differences))
        self.cycle.ranks = {unit: rank for unit, _, rank in derived}
        self.cycle.move("review")


# What each kind of event tells the re-derivation, by kind (domain/topics.py).
HANDLERS: dict[str, Callable[[Rederivation, Any], None]] = {
    "CycleOpened": Rederivation._on_CycleOpened,
    "RosterChanged": Rederivation._on_RosterChanged,
    "CovenantSigned": Rederivation._on_CovenantSigned,
    "CovenantClosed": Rederivation._on_CovenantClosed,
    "CycleClosed": Rederivation._on_CycleClosed,
    "StageAdvanced": Rederivation._on_StageAdvanced,
    "ScoresSubmitted": Rederivation._on_ScoresSubmitted,
    "ScoresAssessed": Rederivation._on_ScoresAssessed,
    "ScoreAdjusted": Rederivation._on_ScoreAdjusted,
    "ScoringClosed": Rederivation._on_ScoringClosed,
    "AwardProposed": Rederivation._on_AwardProposed,
    "AwardGranted": Rederivation._on_AwardGranted,
    "ProposalDeclined": Rederivation._on_ProposalDeclined,
    "AwardRevoked": Rederivation._on_AwardRevoked,
    **VOTE_HANDLERS,
}
# Kinds that decide nothing the rules could give otherwise; it reads only a cycle's
# stream, and checks the stage of each of its events.
UNDECIDED = ("LeadsAssigned", "TargetsRegistered", "ProceedingRecorded")
# People's and collectives' streams: their eligibility decisions are re-derived
# by domain/auditor/eligibility.py.
IGNORED = frozenset(
    {
        *STREAMS["bloc"],
        *STREAMS["keyring"],
        *STREAMS["authority"],
        *STREAMS["registry"],
        *COMMENDATION,
        *UNDECIDED,
    }
)


def rederive(rows: Sequence[StoredRow]) -> list[Discrepancy]:
    """Every disagreement between a cycle's recorded decisions and its rules."""
    return Rederivation().run(rows)
