"""Awards (khen thưởng): proposals to an authority, grants, declines, revocations.

A bloc is not a legal person: it proposes and records; every grant names the authority
whose numbered decision made it. A wrongful award is revoked, never deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from thidua.domain.base import Event, require_operator
from thidua.domain.commands import (
    DeclineProposal,
    GrantAward,
    ProposeAward,
    RecordProceeding,
    RevokeAward,
)
from thidua.domain.cycle_state import CycleState
from thidua.domain.errors import (
    AwardConditionNotMet,
    CommandRejected,
    OneAwardPerAchievement,
    PendingProceeding,
    QuotaExceeded,
    ReasonRequired,
    UnknownAward,
)
from thidua.domain.rulebook import AwardType
from thidua.domain.types import AwardCode, Decision, Recipient, Stage

# A registered person named by their code (domain/registry/): absent from events
# stored before the registry, and from those about an unregistered recipient.
PERSON = frozenset({*Event.added_fields, "person"})


class AwardProposed(Event):
    added_fields: ClassVar[frozenset[str]] = PERSON

    proposal_id: str
    award: AwardCode
    recipient: Recipient
    person: str | None = None

    @property
    def record_id(self) -> str:
        return self.proposal_id

    def apply(self, aggregate: CycleState) -> None:
        aggregate.proposals[self.proposal_id] = Proposal(
            self.proposal_id, self.award, self.recipient, person=self.person
        )


class AwardGranted(Event):
    added_fields: ClassVar[frozenset[str]] = PERSON

    award_id: str
    award: AwardCode
    recipient: Recipient
    decision: Decision
    proposal_id: str | None
    person: str | None = None

    @property
    def record_id(self) -> str:
        return self.award_id

    def apply(self, aggregate: CycleState) -> None:
        aggregate.awards[self.award_id] = Award(
            self.award_id, self.award, self.recipient, self.decision, self.proposal_id
        )
        if self.proposal_id is not None:
            aggregate.proposals[self.proposal_id].status = "granted"


class ProposalDeclined(Event):
    proposal_id: str
    decision: Decision

    def apply(self, aggregate: CycleState) -> None:
        aggregate.proposals[self.proposal_id].status = "declined"


class AwardRevoked(Event):
    award_id: str
    decision: Decision

    def apply(self, aggregate: CycleState) -> None:
        award = aggregate.awards[self.award_id]
        award.status = "revoked"
        award.revocation = self.decision


class ProceedingRecorded(Event):
    recipient: Recipient
    kind: Literal["discipline", "investigation", "complaint"]
    pending: bool

    def apply(self, aggregate: CycleState) -> None:
        kinds = aggregate.proceedings.setdefault(self.recipient.key(), set())
        if self.pending:
            kinds.add(self.kind)
        else:
            kinds.discard(self.kind)


@dataclass
class Proposal:
    id: str
    award: str
    recipient: Recipient
    status: Literal["proposed", "granted", "declined"] = "proposed"
    person: str | None = None


@dataclass
class Award:
    id: str
    award: str
    recipient: Recipient
    decision: Decision
    proposal_id: str | None
    status: Literal["granted", "revoked"] = "granted"
    revocation: Decision | None = None


class AwardsMixin(CycleState):
    def propose_award(self, command: ProposeAward) -> None:
        require_operator(command.actor)
        self._require_stage(Stage.REVIEW, doing="propose an award")
        award = self._award_type(command.award)
        if not award.on_proposal:
            raise CommandRejected(
                "{code} is granted directly by {authority}, not proposed; record it "
                "with 'award grant'",
                code=award.code,
                authority=award.authority(),
                value=award.code,
            )
        recipient = self._eligible(award, command.recipient)
        self._record(
            AwardProposed,
            command,
            proposal_id=f"P{len(self.proposals) + 1}",
            award=award.code,
            recipient=recipient,
            person=command.person,
        )

    def grant_award(self, command: GrantAward) -> None:
        require_operator(command.actor)
        if command.proposal is not None:
            proposal = self._pending_proposal(command.proposal)
            award, recipient = proposal.award, proposal.recipient
            if command.award is not None and command.award != award:
                # The council passed the proposal at a lower form (hình thức
                # thấp hơn): granted as that form, on the same proposal.
                lower = self._award_type(command.award)
                if recipient.kind not in lower.recipients:
                    raise AwardConditionNotMet(
                        "{code} is not given to a {kind}",
                        code=lower.code,
                        kind=recipient.kind,
                        value=recipient.kind,
                    )
                award = lower.code
            person = proposal.person
            self._require_no_proceeding(recipient)
        else:
            self._require_stage(Stage.REVIEW, doing="grant an award")
            if command.award is None or command.recipient is None:
                raise UnknownAward("name the proposal, or the award and its recipient")
            award_type = self._award_type(command.award)
            if award_type.on_proposal:
                raise CommandRejected(
                    "{code} is granted on the bloc's proposal: propose it first, "
                    "then grant the proposal",
                    code=award_type.code,
                    value=award_type.code,
                )
            award = award_type.code
            recipient = self._eligible(award_type, command.recipient)
            person = command.person
        self._record(
            AwardGranted,
            command,
            award_id=f"A{len(self.awards) + 1}",
            award=award,
            recipient=recipient,
            decision=self._signed(award, command.decision),
            proposal_id=command.proposal,
            person=person,
        )

    def decline_proposal(self, command: DeclineProposal) -> None:
        require_operator(command.actor)
        proposal = self._pending_proposal(command.proposal)
        self._record(
            ProposalDeclined,
            command,
            proposal_id=command.proposal,
            decision=self._signed(proposal.award, command.decision),
        )

    def revoke_award(self, command: RevokeAward) -> None:
        require_operator(command.actor)
        award = self.awards.get(command.award_id)
        if award is None or award.status == "revoked":
            state = "already revoked" if award else "not known"
            raise UnknownAward(
                "award {award_id} of {ref} is {state}",
                award_id=command.award_id,
                ref=self.ref,
                state=state,
                value=command.award_id,
            )
        if not command.reason:
            raise ReasonRequired(
                "a revocation needs its reasons", value=command.award_id
            )
        self._record(
            AwardRevoked,
            command,
            award_id=award.id,
            decision=self._signed(award.award, command.decision),
        )

    def record_proceeding(self, command: RecordProceeding) -> None:
        require_operator(command.actor)
        self._require_member(command.recipient.unit)
        self._record(
            ProceedingRecorded,
            command,
            recipient=self._named(command.recipient),
            kind=command.kind,
            pending=command.pending,
        )

    def _signed(self, award: str, decision: Decision) -> Decision:
        """The decision with its authority: by default the one the rulebook names."""
        if decision.authority is not None:
            return decision
        return decision.model_copy(
            update={"authority": self._award_type(award).authority_vi}
        )

    def _award_type(self, code: str) -> AwardType:
        award = self.rulebook.award(code)
        if award is None:
            rules = self.rulebook
            known = ", ".join(a.code for a in (*rules.awards, *rules.titles))
            known = known or "none"
            raise UnknownAward(
                "no award type {code!r} in the rulebook of {ref} (known: {known})",
                code=code,
                ref=self.ref,
                known=known,
                value=code,
            )
        return award

    def _pending_proposal(self, proposal_id: str) -> Proposal:
        if self.stage not in (Stage.REVIEW, Stage.CLOSED):
            self._require_stage(Stage.REVIEW, doing="decide on a proposal")
        proposal = self.proposals.get(proposal_id)
        if proposal is None or proposal.status != "proposed":
            state = f"already {proposal.status}" if proposal else "not known"
            raise UnknownAward(
                "proposal {proposal_id} of {ref} is {state}",
                proposal_id=proposal_id,
                ref=self.ref,
                state=state,
                value=proposal_id,
            )
        return proposal

    def _named(self, recipient: Recipient) -> Recipient:
        """Recipient, named; a collective named by unit alone is that unit."""
        self._require_member(recipient.unit, "the recipient's unit")
        if recipient.name is None:
            return recipient.model_copy(update={"name": self.roster[recipient.unit]})
        return recipient

    def _eligible(self, award: AwardType, recipient: Recipient) -> Recipient:
        """Check quota and conditions of the award type for this recipient."""
        recipient = self._named(recipient)
        if recipient.kind not in award.recipients:
            raise AwardConditionNotMet(
                "{code} is not given to a {kind}",
                code=award.code,
                kind=recipient.kind,
                value=recipient.kind,
            )
        whole_unit = recipient.kind == "collective" and (
            recipient.name == self.roster[recipient.unit]
        )
        if award.whole_member_unit and not whole_unit:
            raise AwardConditionNotMet(
                "{code} goes to a whole member unit of the bloc, named as on "
                "the roster ({name})",
                code=award.code,
                name=self.roster[recipient.unit],
                value=recipient.name,
            )
        if award.requires_motion and recipient.unit not in self.winners(
            award.requires_motion
        ):
            raise AwardConditionNotMet(
                "{code} needs {unit} to have carried the vote on {requires_motion}",
                code=award.code,
                unit=recipient.unit,
                requires_motion=award.requires_motion,
                value=recipient.unit,
            )
        if award.max_rank is not None:
            rank = next(
                (e.rank for e in self.ranking or () if e.unit == recipient.unit), None
            )
            if rank is None or rank > award.max_rank:
                raise AwardConditionNotMet(
                    "{code} needs rank {max_rank} or better in the frozen "
                    "standings; {unit} has {rank}",
                    code=award.code,
                    max_rank=award.max_rank,
                    unit=recipient.unit,
                    rank=rank or "none",
                    value=rank,
                )
        self._require_no_proceeding(recipient)
        # A title and a form of commendation are not one achievement twice.
        held = self._held(titles=self.rulebook.title(award.code) is not None)
        if recipient.key() in held:
            raise OneAwardPerAchievement(
                "{recipient} already holds {award} in {ref}: "
                "one achievement, one award",
                recipient=recipient.label(),
                award=held[recipient.key()],
                ref=self.ref,
                value=recipient.name,
            )
        quota = award.quota(recipient.kind)
        used = sum(
            1
            for code, kind in self._holdings()
            if (code, kind) == (award.code, recipient.kind)
        )
        if quota is not None and used >= quota:
            raise QuotaExceeded(
                "{code} allows {quota} {kind} recipient(s) per cycle, and "
                "{used} are proposed or granted",
                code=award.code,
                quota=quota,
                kind=recipient.kind,
                used=used,
                value=quota,
            )
        return recipient

    def _require_no_proceeding(self, recipient: Recipient) -> None:
        if pending := self.proceedings.get(recipient.key()):
            raise PendingProceeding(
                "{recipient} is under pending {proceedings}: "
                "no proposal or award until it ends",
                recipient=recipient.label(),
                proceedings=", ".join(sorted(pending)),
                value=sorted(pending),
            )

    def _active(self) -> list[tuple[str, Recipient]]:
        return [
            (p.award, p.recipient)
            for p in self.proposals.values()
            if p.status == "proposed"
        ] + [
            (a.award, a.recipient)
            for a in self.awards.values()
            if a.status == "granted"
        ]

    def _held(self, *, titles: bool = False) -> dict[tuple[str, str, str], str]:
        rules = self.rulebook
        return {
            recipient.key(): award
            for award, recipient in self._active()
            if (rules.title(award) is not None) == titles
        }

    def _holdings(self) -> list[tuple[str, str]]:
        return [(award, recipient.kind) for award, recipient in self._active()]
