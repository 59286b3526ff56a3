"""Who may receive an award (điều kiện khen thưởng): the award type, its
recipient's kind and standing, quotas, one award per achievement, pending
proceedings; guards over the cycle's state that the award decisions share."""

from __future__ import annotations

from thidua.domain.cycle_state import CycleState, require_member, require_stage
from thidua.domain.cycle_values import Proposal
from thidua.domain.errors import (
    AwardConditionNotMet,
    OneAwardPerAchievement,
    PendingProceeding,
    QuotaExceeded,
    UnknownAward,
)
from thidua.domain.rulebook import AwardType
from thidua.domain.types import Decision, Recipient, Stage


def signed(state: CycleState, award: str, decision: Decision) -> Decision:
    """The decision with its authority: by default the one the rulebook names."""
    if decision.authority is not None:
        return decision
    return decision.model_copy(
        update={"authority": award_kind(state, award).authority_vi}
    )


def award_kind(state: CycleState, code: str) -> AwardType:
    award = state.rulebook.award(code)
    if award is None:
        rules = state.rulebook
        known = ", ".join(a.code for a in (*rules.awards, *rules.titles)) or "none"
        raise UnknownAward(
            "no award type {code!r} in the rulebook of {ref} (known: {known})",
            code=code,
            ref=state.ref,
            known=known,
            value=code,
        )
    return award


def lower_form(state: CycleState, code: str, recipient: Recipient) -> str:
    """The council passed a proposal at a lower form (hình thức thấp hơn): granted
    as that form, on the same proposal, if it is given to such a recipient."""
    lower = award_kind(state, code)
    if recipient.kind not in lower.recipients:
        raise AwardConditionNotMet(
            "{code} is not given to a {kind}",
            code=lower.code,
            kind=recipient.kind,
            value=recipient.kind,
        )
    return lower.code


def pending_proposal(state: CycleState, proposal_id: str) -> Proposal:
    if state.stage not in (Stage.REVIEW, Stage.CLOSED):
        require_stage(state, Stage.REVIEW, doing="decide on a proposal")
    proposal = state.proposals.get(proposal_id)
    if proposal is None or proposal.status != "proposed":
        status = f"already {proposal.status}" if proposal else "not known"
        raise UnknownAward(
            "proposal {proposal_id} of {ref} is {state}",
            proposal_id=proposal_id,
            ref=state.ref,
            state=status,
            value=proposal_id,
        )
    return proposal


def named(state: CycleState, recipient: Recipient) -> Recipient:
    """Recipient, named; a collective named by unit alone is that unit."""
    require_member(state, recipient.unit, "the recipient's unit")
    if recipient.name is None:
        return recipient.model_copy(update={"name": state.roster[recipient.unit]})
    return recipient


def eligible(state: CycleState, award: AwardType, recipient: Recipient) -> Recipient:
    """Check quota and conditions of the award type for this recipient."""
    recipient = named(state, recipient)
    if recipient.kind not in award.recipients:
        raise AwardConditionNotMet(
            "{code} is not given to a {kind}",
            code=award.code,
            kind=recipient.kind,
            value=recipient.kind,
        )
    whole_unit = recipient.kind == "collective" and (
        recipient.name == state.roster[recipient.unit]
    )
    if award.whole_member_unit and not whole_unit:
        raise AwardConditionNotMet(
            "{code} goes to a whole member unit of the bloc, named as on "
            "the roster ({name})",
            code=award.code,
            name=state.roster[recipient.unit],
            value=recipient.name,
        )
    if award.requires_motion and recipient.unit not in state.winners(
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
            (e.rank for e in state.ranking or () if e.unit == recipient.unit), None
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
    require_no_proceeding(state, recipient)
    # A title and a form of commendation are not one achievement twice.
    held = _held(state, titles=state.rulebook.title(award.code) is not None)
    if recipient.key() in held:
        raise OneAwardPerAchievement(
            "{recipient} already holds {award} in {ref}: one achievement, one award",
            recipient=recipient.label(),
            award=held[recipient.key()],
            ref=state.ref,
            value=recipient.name,
        )
    quota = award.quota(recipient.kind)
    used = sum(
        1
        for code, kind in _holdings(state)
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


def require_no_proceeding(state: CycleState, recipient: Recipient) -> None:
    if pending := state.proceedings.get(recipient.key()):
        raise PendingProceeding(
            "{recipient} is under pending {proceedings}: "
            "no proposal or award until it ends",
            recipient=recipient.label(),
            proceedings=", ".join(sorted(pending)),
            value=sorted(pending),
        )


def _active(state: CycleState) -> list[tuple[str, Recipient]]:
    return [
        (p.award, p.recipient)
        for p in state.proposals.values()
        if p.status == "proposed"
    ] + [(a.award, a.recipient) for a in state.awards.values() if a.status == "granted"]


def _held(state: CycleState, *, titles: bool) -> dict[tuple[str, str, str], str]:
    rules = state.rulebook
    return {
        recipient.key(): award
        for award, recipient in _active(state)
        if (rules.title(award) is not None) == titles
    }


def _holdings(state: CycleState) -> list[tuple[str, str]]:
    return [(award, recipient.kind) for award, recipient in _active(state)]
