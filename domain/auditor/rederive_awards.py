"""The awards handlers of the re-derivation: conditions and quotas, recomputed from
the stored rows by code separate from the engine's."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from thidua.domain.phrase import Phrase, Term, phrase

if TYPE_CHECKING:
    from thidua.domain.auditor.rederive import _Cycle


class AwardRederivation:
    """Proposals, grants, declines and revocations against the rulebook's awards."""

    cycle: _Cycle | None

    def _report(self, check: str, said: Phrase) -> None:
        raise NotImplementedError

    def _on_AwardProposed(self, doc: dict[str, Any]) -> None:  # noqa: N802
        self._check_award(doc["award"], doc["recipient"])
        assert self.cycle is not None
        recipient = doc["recipient"]
        self.cycle.active[doc["proposal_id"]] = (
            doc["award"],
            recipient["kind"],
            recipient["unit"],
        )

    def _on_AwardGranted(self, doc: dict[str, Any]) -> None:  # noqa: N802
        assert self.cycle is not None
        recipient = doc["recipient"]
        if doc["proposal_id"] is None:
            self._check_award(doc["award"], recipient)
        else:
            self.cycle.active.pop(doc["proposal_id"], None)
        self.cycle.active[doc["award_id"]] = (
            doc["award"],
            recipient["kind"],
            recipient["unit"],
        )

    def _on_ProposalDeclined(self, doc: dict[str, Any]) -> None:  # noqa: N802
        assert self.cycle is not None
        self.cycle.active.pop(doc["proposal_id"], None)

    def _on_AwardRevoked(self, doc: dict[str, Any]) -> None:  # noqa: N802
        assert self.cycle is not None
        self.cycle.active.pop(doc["award_id"], None)

    def _check_award(self, code: str, recipient: dict[str, Any]) -> None:
        assert self.cycle is not None
        rules = self.cycle.rulebook
        award = next(
            (a for a in (*rules.awards, *rules.titles) if a.code == code), None
        )
        if award is None:
            self._report(
                "award-condition",
                phrase("{award} is not an award of the rulebook", award=code),
            )
            return
        unit, kind = recipient["unit"], recipient["kind"]
        if award.requires_motion and unit not in self.cycle.winners.get(
            award.requires_motion, []
        ):
            self._report(
                "award-condition",
                phrase(
                    "{unit} did not carry {motion}, which {award} requires",
                    unit=unit,
                    motion=award.requires_motion,
                    award=code,
                ),
            )
        if (
            award.max_rank is not None
            and self.cycle.ranks.get(unit, 10**6) > award.max_rank
        ):
            self._report(
                "award-condition",
                phrase("{unit} ranks below {rank}", unit=unit, rank=award.max_rank),
            )
        quota = award.quota(kind)
        used = sum(
            1 for a, k, _ in self.cycle.active.values() if (a, k) == (code, kind)
        )
        if quota is not None and used >= quota:
            self._report(
                "quota",
                phrase(
                    "{award} allows {quota} {kind}; {used} already active",
                    award=code,
                    quota=quota,
                    kind=Term("recipient_kind", kind),
                    used=used,
                ),
            )
