"""Awards (khen thưởng): proposals to an authority, grants, declines, revocations.

A bloc is not a legal person: it proposes and records; every grant names the authority
whose numbered decision made it. A wrongful award is revoked, never deleted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Literal

from thidua.domain.base import Event, require_operator
from thidua.domain.commands import (
    DeclineProposal,
    GrantAward,
    ProposeAward,
    RecordProceeding,
    RevokeAward,
)
from thidua.domain.cycle_state import CycleState, require_member, require_stage
from thidua.domain.cycle_values import Award, Proposal
from thidua.domain.decider import changed, evolver, then
from thidua.domain.eligibility import (
    award_kind,
    eligible,
    lower_form,
    named,
    pending_proposal,
    require_no_proceeding,
    signed,
)
from thidua.domain.errors import (
    CommandRejected,
    ReasonRequired,
    UnknownAward,
)
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


class ProposalDeclined(Event):
    proposal_id: str
    decision: Decision


class AwardRevoked(Event):
    award_id: str
    decision: Decision


class ProceedingRecorded(Event):
    recipient: Recipient
    kind: Literal["discipline", "investigation", "complaint"]
    pending: bool


# Evolving: no decisions, no refusals.
def _proposal(state: CycleState, proposal: Proposal) -> CycleState:
    return changed(state, proposals={**state.proposals, proposal.id: proposal})


def _proposed(state: CycleState, event: AwardProposed) -> CycleState:
    proposal = Proposal(
        event.proposal_id, event.award, event.recipient, person=event.person
    )
    return _proposal(state, proposal)


def _granted(state: CycleState, event: AwardGranted) -> CycleState:
    award = Award(
        event.award_id, event.award, event.recipient, event.decision, event.proposal_id
    )
    state = changed(state, awards={**state.awards, award.id: award})
    if event.proposal_id is None:
        return state
    return _proposal(
        state, changed(state.proposals[event.proposal_id], status="granted")
    )


def _declined(state: CycleState, event: ProposalDeclined) -> CycleState:
    return _proposal(
        state, changed(state.proposals[event.proposal_id], status="declined")
    )


def _revoked(state: CycleState, event: AwardRevoked) -> CycleState:
    award = changed(
        state.awards[event.award_id], status="revoked", revocation=event.decision
    )
    return changed(state, awards={**state.awards, award.id: award})


def _proceeding(state: CycleState, event: ProceedingRecorded) -> CycleState:
    key = event.recipient.key()
    kinds = state.proceedings.get(key, frozenset())
    kinds = kinds | {event.kind} if event.pending else kinds - {event.kind}
    return changed(state, proceedings={**state.proceedings, key: kinds})


HANDLERS: dict[type[Any], Callable[[Any, Any], CycleState]] = {
    AwardProposed: _proposed,
    AwardGranted: _granted,
    ProposalDeclined: _declined,
    AwardRevoked: _revoked,
    ProceedingRecorded: _proceeding,
}
evolve = evolver(HANDLERS)


# Deciding.
def decide_propose_award(state: CycleState, command: ProposeAward) -> list[Event]:
    require_operator(command.actor)
    require_stage(state, Stage.REVIEW, doing="propose an award")
    award = award_kind(state, command.award)
    if not award.on_proposal:
        raise CommandRejected(
            "{code} is granted directly by {authority}, not proposed; record it "
            "with 'award grant'",
            code=award.code,
            authority=award.authority(),
            value=award.code,
        )
    recipient = eligible(state, award, command.recipient)
    return [
        then(
            state,
            AwardProposed,
            command,
            proposal_id=f"P{len(state.proposals) + 1}",
            award=award.code,
            recipient=recipient,
            person=command.person,
        )
    ]


def decide_grant_award(state: CycleState, command: GrantAward) -> list[Event]:
    require_operator(command.actor)
    if command.proposal is not None:
        proposal = pending_proposal(state, command.proposal)
        award, recipient = proposal.award, proposal.recipient
        if command.award is not None and command.award != award:
            award = lower_form(state, command.award, recipient)
        person = proposal.person
        require_no_proceeding(state, recipient)
    else:
        require_stage(state, Stage.REVIEW, doing="grant an award")
        if command.award is None or command.recipient is None:
            raise UnknownAward("name the proposal, or the award and its recipient")
        award_type = award_kind(state, command.award)
        if award_type.on_proposal:
            raise CommandRejected(
                "{code} is granted on the bloc's proposal: propose it first, "
                "then grant the proposal",
                code=award_type.code,
                value=award_type.code,
            )
        award = award_type.code
        recipient = eligible(state, award_type, command.recipient)
        person = command.person
    return [
        then(
            state,
            AwardGranted,
            command,
            award_id=f"A{len(state.awards) + 1}",
            award=award,
            recipient=recipient,
            decision=signed(state, award, command.decision),
            proposal_id=command.proposal,
            person=person,
        )
    ]


def decide_decline_proposal(state: CycleState, command: DeclineProposal) -> list[Event]:
    require_operator(command.actor)
    proposal = pending_proposal(state, command.proposal)
    return [
        then(
            state,
            ProposalDeclined,
            command,
            proposal_id=command.proposal,
            decision=signed(state, proposal.award, command.decision),
        )
    ]


def decide_revoke_award(state: CycleState, command: RevokeAward) -> list[Event]:
    require_operator(command.actor)
    award = state.awards.get(command.award_id)
    if award is None or award.status == "revoked":
        status = "already revoked" if award else "not known"
        raise UnknownAward(
            "award {award_id} of {ref} is {state}",
            award_id=command.award_id,
            ref=state.ref,
            state=status,
            value=command.award_id,
        )
    if not command.reason:
        raise ReasonRequired("a revocation needs its reasons", value=command.award_id)
    return [
        then(
            state,
            AwardRevoked,
            command,
            award_id=award.id,
            decision=signed(state, award.award, command.decision),
        )
    ]


def decide_record_proceeding(
    state: CycleState, command: RecordProceeding
) -> list[Event]:
    require_operator(command.actor)
    require_member(state, command.recipient.unit)
    return [
        then(
            state,
            ProceedingRecorded,
            command,
            recipient=named(state, command.recipient),
            kind=command.kind,
            pending=command.pending,
        )
    ]
