"""The re-judgement's award handlers, and its table of handlers by event kind:
proposals, grants, declines, revocations and proceedings
(see domain/auditor/rejudge.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from thidua.domain.auditor import rejudge_votes as votes
from thidua.domain.auditor.rejudge import Handler, Rejudgement
from thidua.domain.phrase import phrase


def _recipient(judge: Rejudgement, code: str, recipient: Mapping[str, Any]) -> None:
    """What the engine asks of any proposal or direct grant to this recipient."""
    state = judge.state
    judge.member(recipient["unit"], "the recipient's unit")
    award = state.rulebook.award(code)
    if award is None:
        return  # the re-derivation reports an award the rulebook lacks
    if recipient["kind"] not in award.recipients:
        judge.report(
            "award-condition",
            phrase("{code} is not given to a {kind}", code=code,
                   kind=str(recipient["kind"])),
        )  # fmt: skip
    whole = recipient["kind"] == "collective" and (
        recipient["name"] == state.names.get(recipient["unit"])
    )
    if award.whole_member_unit and not whole:
        judge.report(
            "award-condition",
            phrase("{code} goes to a whole member unit, named as on the roster",
                   code=code),
        )  # fmt: skip
    _no_proceeding(judge, recipient)


def _no_proceeding(judge: Rejudgement, recipient: Mapping[str, Any]) -> None:
    key = _key(recipient)
    if pending := judge.state.pending.get(key):
        judge.report(
            "proceeding",
            phrase("{unit} is under pending {kinds}: no proposal or award until it"
                   " ends", unit=key[1], kinds=", ".join(sorted(pending))),
        )  # fmt: skip


def _key(recipient: Mapping[str, Any]) -> tuple[str, str, str]:
    return (recipient["kind"], recipient["unit"], (recipient["name"] or "").casefold())


def _how_granted(judge: Rejudgement, code: str, on_proposal: bool) -> None:
    award = judge.state.rulebook.award(code)
    if award is not None and award.on_proposal != on_proposal:
        judge.report(
            "award-condition",
            phrase("{code} is granted on proposal", code=code)
            if award.on_proposal
            else phrase("{code} is granted directly, not proposed", code=code),
        )


def _next_id(judge: Rejudgement, given: str, prefix: str, held: int) -> None:
    if given != f"{prefix}{held + 1}":
        judge.report(
            "record-id",
            phrase("recorded as {given}; the next id is {expected}", given=given,
                   expected=f"{prefix}{held + 1}"),
        )  # fmt: skip


def proposed(judge: Rejudgement, doc: Mapping[str, Any]) -> None:
    state = judge.state
    _next_id(judge, doc["proposal_id"], "P", len(state.proposals))
    _how_granted(judge, doc["award"], True)
    _recipient(judge, doc["award"], doc["recipient"])
    state.proposals[doc["proposal_id"]] = "proposed"


def _pending(judge: Rejudgement, proposal: str) -> bool:
    status = judge.state.proposals.get(proposal)
    if status == "proposed":
        return True
    judge.report(
        "award-condition",
        phrase("proposal {proposal} is {status}", proposal=proposal,
               status=status or "not known"),
    )  # fmt: skip
    return False


def granted(judge: Rejudgement, doc: Mapping[str, Any]) -> None:
    state, proposal = judge.state, doc["proposal_id"]
    _next_id(judge, doc["award_id"], "A", len(state.awards))
    if proposal is None:
        _how_granted(judge, doc["award"], False)
        _recipient(judge, doc["award"], doc["recipient"])
    elif _pending(judge, proposal):
        state.proposals[proposal] = "granted"
        _no_proceeding(judge, doc["recipient"])
    state.awards[doc["award_id"]] = "granted"


def declined(judge: Rejudgement, doc: Mapping[str, Any]) -> None:
    if _pending(judge, doc["proposal_id"]):
        judge.state.proposals[doc["proposal_id"]] = "declined"


def revoked(judge: Rejudgement, doc: Mapping[str, Any]) -> None:
    award = doc["award_id"]
    if judge.state.awards.get(award) != "granted":
        judge.report(
            "award-condition",
            phrase("award {award} is revoked but is not in force", award=award),
        )
    if not doc.get("reason"):
        judge.report("reason", phrase("a revocation recorded without its reasons"))
    judge.state.awards[award] = "revoked"


def proceeding(judge: Rejudgement, doc: Mapping[str, Any]) -> None:
    recipient = doc["recipient"]
    judge.member(recipient["unit"], "the recipient's unit")
    pending = judge.state.pending.setdefault(_key(recipient), set())
    if doc["pending"]:
        pending.add(doc["kind"])
    else:
        pending.discard(doc["kind"])


HANDLERS: dict[str, Handler] = {
    "CycleOpened": Rejudgement.opened,
    "RosterChanged": Rejudgement.roster_changed,
    "LeadsAssigned": Rejudgement.leads,
    "CovenantSigned": Rejudgement.signed,
    "TargetsRegistered": Rejudgement.targets,
    "ScoresSubmitted": Rejudgement.submitted,
    "ScoresAssessed": votes.assessed,
    "ScoreAdjusted": votes.adjusted,
    "ScoringClosed": votes.closed_scoring,
    "CycleClosed": votes.closed_cycle,
    "VoteOpened": votes.vote_opened,
    "VoteCast": votes.vote_cast,
    "VoteClosed": votes.vote_closed,
    "AwardProposed": proposed,
    "AwardGranted": granted,
    "ProposalDeclined": declined,
    "AwardRevoked": revoked,
    "ProceedingRecorded": proceeding,
}
