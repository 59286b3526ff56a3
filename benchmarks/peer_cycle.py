"""The peer's cycle after scoring: votes (bình chọn) and awards (khen thưởng)."""

# An @event method's parameters are the event's fields: its body, which runs again
# on every replay, uses only those the state needs.
# ruff: noqa: ARG002, PLR0917

from __future__ import annotations

from typing import Any

from eventsourcing.domain import event

from .peer_model import ScoredCycle, check
from .peer_rules import tally


class Cycle(ScoredCycle):
    def winners(self, motion: str) -> list[str]:
        return [w for r in self.rounds.get(motion, []) for w in r["winners"]]

    def open_vote(self, motion: str, candidates: list[str], **meta: str) -> None:
        self._require_stage("review")
        check(motion in self.rules.motions, "unknown-motion", motion)
        terms = self.rules.motions[motion]
        rounds = self.rounds.get(motion, [])
        check(not rounds or not rounds[-1]["open"], "vote-already-open", motion)
        check(len(rounds) < terms.max_rounds, "not-eligible", "no rounds left")
        seats = terms.seats - len(self.winners(motion))
        check(seats > 0, "not-eligible", f"{motion} has filled its seats")
        ranks = {unit: place for unit, _, place in self.ranking or ()}
        top = terms.candidates_top
        if not candidates:
            candidates = [u for u in self.roster if top is None or ranks[u] <= top]
        for unit in candidates:
            self._require_member(unit)
            check(top is None or ranks[unit] <= top, "not-eligible", unit)
        self._vote_opened(motion=motion, round=len(rounds) + 1, seats=seats,
                          candidates=candidates, **meta)  # fmt: skip

    @event("VoteOpened")
    def _vote_opened(
        self,
        motion: str,
        round: int,
        seats: int,
        candidates: list[str],
        actor: str,
        command_id: str,
    ) -> None:
        self.rounds.setdefault(motion, []).append(
            {"round": round, "seats": seats, "candidates": candidates,
             "eligible": list(self.roster), "voters": [], "open": True,
             "winners": []}
        )  # fmt: skip

    def _open_round(self, motion: str) -> dict[str, Any]:
        rounds = self.rounds.get(motion, [])
        check(bool(rounds) and rounds[-1]["open"], "vote-not-open", motion)
        return rounds[-1]

    def cast_vote(self, motion: str, voter: str, **meta: str) -> None:
        current = self._open_round(motion)
        check(voter in current["eligible"], "not-eligible", voter)
        check(voter not in current["voters"], "already-voted", voter)
        self._vote_cast(motion=motion, voter=voter, **meta)

    @event("VoteCast")
    def _vote_cast(self, motion: str, voter: str, actor: str, command_id: str) -> None:
        self.rounds[motion][-1]["voters"].append(voter)

    def close_vote(self, motion: str, ballots: list[list[str]], **meta: str) -> None:
        current = self._open_round(motion)
        terms = self.rules.motions[motion]
        check(len(ballots) == len(current["voters"]), "ballot-count-mismatch", motion)
        most = current["seats"] if terms.ballot == "choose" else len(ballots)
        for ballot in ballots:
            check(set(ballot) <= set(current["candidates"]), "invalid-ballot", motion)
            check(len(set(ballot)) == len(ballot) <= most, "invalid-ballot", motion)
        result = tally(terms, current, ballots)
        self._vote_closed(motion=motion, ballots=sorted(ballots), tally=result, **meta)
        if result["runoff"]:
            # The further round is held at once, at the same sitting.
            seats = current["seats"] - len(result["winners"])
            self._vote_opened(motion=motion, round=current["round"] + 1, seats=seats,
                              candidates=result["runoff"], **meta)  # fmt: skip

    @event("VoteClosed")
    def _vote_closed(
        self,
        motion: str,
        ballots: list[list[str]],
        tally: dict[str, Any],
        actor: str,
        command_id: str,
    ) -> None:
        current = self.rounds[motion][-1]
        current.update(open=False, winners=tally["winners"])

    # Awards -------------------------------------------------------------------

    def _eligible(self, award: str, recipient: dict[str, Any]) -> dict[str, Any]:
        check(award in self.rules.awards, "unknown-award", award)
        kind = self.rules.awards[award]
        self._require_member(recipient["unit"])
        recipient = {**recipient}
        recipient["name"] = recipient.get("name") or self.roster[recipient["unit"]]
        check(recipient["kind"] in kind.recipients, "award-condition-not-met", award)
        if kind.requires_motion:
            won = recipient["unit"] in self.winners(kind.requires_motion)
            check(won, "award-condition-not-met", f"{award} needs the vote")
        key = (recipient["kind"], recipient["unit"], recipient["name"])
        active = [p for p in self.proposals.values() if p["status"] == "proposed"]
        active += [a for a in self.awards.values() if a["status"] == "granted"]
        held = [
            (r["recipient"]["kind"], r["recipient"]["unit"], r["recipient"]["name"])
            for r in active
        ]
        check(key not in held, "one-award-per-achievement", recipient["name"])
        quota = kind.quotas.get(recipient["kind"])
        used = sum(
            1
            for r in active
            if (r["award"], r["recipient"]["kind"]) == (award, recipient["kind"])
        )
        check(quota is None or used < quota, "quota-exceeded", award)
        return recipient

    def propose_award(self, award: str, recipient: dict[str, Any], **meta: str) -> None:
        self._require_stage("review")
        recipient = self._eligible(award, recipient)
        check(self.rules.awards[award].on_proposal, "command-rejected", award)
        proposal = f"P{len(self.proposals) + 1}"
        self._proposed(proposal=proposal, award=award, recipient=recipient, **meta)

    @event("AwardProposed")
    def _proposed(
        self,
        proposal: str,
        award: str,
        recipient: dict[str, Any],
        actor: str,
        command_id: str,
    ) -> None:
        self.proposals[proposal] = {
            "award": award, "recipient": recipient, "status": "proposed"
        }  # fmt: skip

    def _with_authority(self, award: str, decision: dict[str, Any]) -> dict[str, Any]:
        """The decision, by default of the authority the rulebook names."""
        authority = decision["authority"] or self.rules.awards[award].authority
        return {**decision, "authority": authority}

    def _pending(self, proposal: str) -> dict[str, Any]:
        self._require_stage("review", "closed")
        found = self.proposals.get(proposal)
        check(found is not None and found["status"] == "proposed", "unknown-award",
              f"{proposal} is not pending")  # fmt: skip
        assert found is not None
        return found

    def grant_award(
        self,
        decision: dict[str, Any],
        proposal: str | None = None,
        award: str | None = None,
        recipient: dict[str, Any] | None = None,
        **meta: str,
    ) -> None:
        if proposal is not None:
            found = self._pending(proposal)
            award, recipient = found["award"], found["recipient"]
        else:
            self._require_stage("review")
            check(award is not None and recipient is not None, "unknown-award", "?")
            assert award is not None
            assert recipient is not None
            recipient = self._eligible(award, recipient)
            check(not self.rules.awards[award].on_proposal, "command-rejected", award)
        decision = self._with_authority(award, decision)
        self._granted(award_id=f"A{len(self.awards) + 1}", award=award,
                      recipient=recipient, decision=decision, proposal=proposal,
                      **meta)  # fmt: skip

    @event("AwardGranted")
    def _granted(
        self,
        award_id: str,
        award: str,
        recipient: dict[str, Any],
        decision: dict[str, Any],
        proposal: str | None,
        actor: str,
        command_id: str,
    ) -> None:
        self.awards[award_id] = {
            "award": award, "recipient": recipient, "status": "granted"
        }  # fmt: skip
        if proposal is not None:
            self.proposals[proposal]["status"] = "granted"

    def decline_proposal(self, proposal: str, decision: dict[str, Any],
                         reason: str, **meta: str) -> None:  # fmt: skip
        award = self._pending(proposal)["award"]
        check(bool(reason), "reason-required", proposal)
        decision = self._with_authority(award, decision)
        self._declined(proposal=proposal, decision=decision, reason=reason, **meta)

    @event("ProposalDeclined")
    def _declined(self, proposal: str, decision: dict[str, Any], reason: str,
                  actor: str, command_id: str) -> None:  # fmt: skip
        self.proposals[proposal]["status"] = "declined"

    def revoke_award(self, award_id: str, decision: dict[str, Any],
                     reason: str, **meta: str) -> None:  # fmt: skip
        found = self.awards.get(award_id)
        check(found is not None and found["status"] == "granted", "unknown-award",
              f"{award_id} is not a standing award")  # fmt: skip
        check(bool(reason), "reason-required", award_id)
        assert found is not None
        decision = self._with_authority(found["award"], decision)
        self._revoked(award_id=award_id, decision=decision, reason=reason, **meta)

    @event("AwardRevoked")
    def _revoked(self, award_id: str, decision: dict[str, Any], reason: str,
                 actor: str, command_id: str) -> None:  # fmt: skip
        self.awards[award_id]["status"] = "revoked"

    def close(self, **meta: str) -> None:
        self._require_stage("review")
        still_open = [m for m, rounds in self.rounds.items() if rounds[-1]["open"]]
        check(not still_open, "vote-already-open", ", ".join(still_open))
        self._closed(**meta)
        self._advanced(from_stage=self.stage, to_stage="closed", **meta)

    @event("Closed")
    def _closed(self, actor: str, command_id: str) -> None:
        pass
