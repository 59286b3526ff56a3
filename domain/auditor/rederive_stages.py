"""The stage changes of the re-derivation: a cycle that records them
(StageAdvanced, domain/stages.py) records each one its rules give, by the event
right after the one that causes it, and none other; a legacy cycle records none,
and its stage is derived."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from thidua.domain.phrase import Phrase, Term, phrase

if TYPE_CHECKING:
    from thidua.domain.auditor.integrity import StoredRow
    from thidua.domain.auditor.rederive import _Cycle


class StageRederivation:
    """The recorded stage changes against the ones the rules give."""

    cycle: _Cycle | None

    def _report(self, check: str, said: Phrase) -> None:
        raise NotImplementedError

    def _check_transition(self, row: StoredRow) -> None:
        """A stage change the rules give is recorded by the very next event."""
        assert self.cycle is not None
        if self.cycle.due is not None and row.event != "StageAdvanced":
            self._missing_transition()

    def _missing_transition(self) -> None:
        assert self.cycle is not None
        assert self.cycle.due is not None
        self._report(
            "stage",
            phrase(
                "the move from stage {stage} to {due} is not recorded before it",
                stage=Term("stage", self.cycle.stage),
                due=Term("stage", self.cycle.due),
            ),
        )
        self.cycle.stage, self.cycle.due = self.cycle.due, None

    def _on_StageAdvanced(self, doc: dict[str, Any]) -> None:  # noqa: N802
        assert self.cycle is not None
        cycle = self.cycle
        given = (doc["from_stage"], doc["to_stage"])
        if cycle.due is None:
            self._report(
                "stage",
                phrase(
                    "a move from stage {from_} to {to} that no rule gives",
                    from_=Term("stage", given[0]),
                    to=Term("stage", given[1]),
                ),
            )
            return
        if given != (cycle.stage, cycle.due):
            self._report(
                "stage",
                phrase(
                    "a move from stage {from_} to {to} recorded; the rules give "
                    "{stage} to {due}",
                    from_=Term("stage", given[0]),
                    to=Term("stage", given[1]),
                    stage=Term("stage", cycle.stage),
                    due=Term("stage", cycle.due),
                ),
            )
        cycle.stage, cycle.due = cycle.due, None
