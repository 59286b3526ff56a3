"""The chain of evidence behind an award (giải trình): rule, rank, vote, decisions.

Built from the stored rows, each step names the event it rests on: its version, its
position in the log and its hash, so an auditor can check every step with
`audit verify` and the documents themselves.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from thidua.domain.auditor.integrity import StoredRow
from thidua.domain.errors import NotFound
from thidua.domain.phrase import (
    Bilingual,
    Day,
    Number,
    Phrase,
    Term,
    Value,
    listing,
    phrase,
)
from thidua.domain.rulebook import parse_rulebook
from thidua.domain.tally import VoteTerms, votes_to_carry
from thidua.domain.topics import COMMENDATION, STREAMS


@dataclass(frozen=True)
class Evidence:
    step: str
    said: Phrase
    version: int
    position: int
    hash: str
    recorded_at: str

    @property
    def finding(self) -> str:
        return self.said.english()


def _names(recipient: Mapping[str, Any], who: str) -> bool:
    name = (recipient.get("name") or "").casefold()
    who = unicodedata.normalize("NFC", who)
    return recipient["unit"] == who.upper() or (bool(name) and name == who.casefold())


class Explanation:
    """Walk a cycle's evidence rows and keep the steps that concern one award."""

    def __init__(self, award: str, who: str) -> None:
        self.award, self.who = award, who
        self.unit = ""
        self.motion: str | None = None
        self.records: set[str] = set()
        self.rounds: dict[tuple[str, int], VoteTerms] = {}
        self.steps: list[Evidence] = []

    def run(self, rows: Sequence[StoredRow]) -> list[Evidence]:
        first = next((row for row in rows if self._concerns(row.document, row)), None)
        if first is None:
            raise NotFound(
                "no {award} proposed or granted to {who}",
                award=self.award,
                who=self.who,
            )
        self.unit = first.document["recipient"]["unit"]
        for row in rows:
            self.row = row
            HANDLERS[row.event](self, row.document)
        return self.steps

    def _concerns(self, doc: Mapping[str, Any], row: StoredRow) -> bool:
        named = row.event in ("AwardProposed", "AwardGranted")
        return (
            named and doc["award"] == self.award and _names(doc["recipient"], self.who)
        )

    def _add(self, step: str, finding: Phrase) -> None:
        doc = self.row.document
        self.steps.append(
            Evidence(
                step,
                finding,
                self.row.version,
                self.row.position,
                str(doc.get("event_hash"))[:16],
                doc["timestamp"],
            )
        )

    def _on_cycle_opened(self, doc: dict[str, Any]) -> None:
        rulebook = parse_rulebook(doc["rulebook_text"])
        kinds = (*rulebook.awards, *rulebook.titles)
        rule = next(a for a in kinds if a.code == self.award)
        self.motion = rule.requires_motion
        by = Bilingual(rule.authority_en, rule.authority_vi)
        conditions: list[Value] = [phrase("granted by {authority}", authority=by)]
        if rule.requires_motion:
            conditions.append(
                phrase(
                    "the vote on {motion} must be carried", motion=rule.requires_motion
                )
            )
        if rule.max_rank:
            conditions.append(phrase("rank {rank} or better", rank=rule.max_rank))
        conditions += [
            phrase(
                "at most {quota} {kind} per cycle",
                quota=quota,
                kind=Term("recipient_kind", kind),
            )
            for kind in rule.recipients
            if (quota := rule.quota(kind)) is not None
        ]
        meta = rulebook.rulebook
        self._add(
            "rule",
            phrase(
                "{award} under rulebook {code} {version}: {conditions}",
                award=Bilingual(rule.title_en, rule.title_vi),
                code=meta.code,
                version=meta.version,
                conditions=listing(conditions, "; "),
            ),
        )

    def _on_scoring_closed(self, doc: dict[str, Any]) -> None:
        entry = next((e for e in doc["ranking"] if e["unit"] == self.unit), None)
        if entry:
            self._add(
                "ranking",
                phrase(
                    "{unit} ranked {rank} of {units} with {total} points (frozen)",
                    unit=self.unit,
                    rank=entry["rank"],
                    units=len(doc["ranking"]),
                    total=Number(str(entry["total"])),
                ),
            )

    def _on_vote_opened(self, doc: dict[str, Any]) -> None:
        terms = VoteTerms.model_validate(doc["terms"])
        self.rounds[(terms.motion, terms.round)] = terms

    def _on_vote_closed(self, doc: dict[str, Any]) -> None:
        tally = doc["tally"]
        count = next((c for c in tally["counts"] if c["candidate"] == self.unit), None)
        if doc["motion"] != self.motion or count is None:
            return
        terms = self.rounds[(doc["motion"], doc["round"])]
        further = tally["runoff"]
        self._add(
            "vote",
            phrase(
                "{motion} round {round}: {unit} {votes} of {cast} ballots; carrying"
                " needs at least {needed} of {base} ({rule} {share} of {denominator});"
                " quorum {quorum}; {outcome}, winners {winners}{further}",
                motion=str(self.motion),
                round=doc["round"],
                unit=self.unit,
                votes=count["yes"],
                cast=tally["cast"],
                needed=votes_to_carry(terms, tally["base"]),
                base=tally["base"],
                rule=Term("threshold_rule", terms.threshold_rule),
                share=str(terms.threshold),
                denominator=Term("denominator", terms.denominator),
                quorum=Term("met", "met" if tally["quorum_met"] else "not met"),
                outcome=Term("outcome", tally["outcome"]),
                winners=listing(tally["winners"], none=True),
                further=phrase(
                    "; a further round among {candidates}",
                    candidates=listing(further),
                )
                if further
                else "",
            ),
        )

    def _on_award_proposed(self, doc: dict[str, Any]) -> None:
        if self._concerns(doc, self.row):
            self.records.add(doc["proposal_id"])
            self._add(
                "proposal",
                phrase("{proposal}: proposed by the bloc", proposal=doc["proposal_id"]),
            )

    def _on_award_granted(self, doc: dict[str, Any]) -> None:
        if doc["proposal_id"] in self.records or self._concerns(doc, self.row):
            self.records.add(doc["award_id"])
            decision = doc["decision"]
            by: Value = decision.get("authority") or Term("word", "the authority")
            self._add(
                "decision",
                phrase(
                    "{record}: granted by decision {number} of {day} ({authority})",
                    record=doc["award_id"],
                    number=decision["number"],
                    day=Day(decision["decided_on"]),
                    authority=by,
                ),
            )

    def _on_proposal_declined(self, doc: dict[str, Any]) -> None:
        if doc["proposal_id"] in self.records:
            self._add(
                "decision",
                phrase(
                    "{proposal}: declined by {number}",
                    proposal=doc["proposal_id"],
                    number=doc["decision"]["number"],
                ),
            )

    def _on_award_revoked(self, doc: dict[str, Any]) -> None:
        if doc["award_id"] in self.records:
            decision = doc["decision"]
            self._add(
                "revocation",
                phrase(
                    "{record}: revoked by decision {number} of {day}: {reason}",
                    record=doc["award_id"],
                    number=decision["number"],
                    day=Day(decision["decided_on"]),
                    reason=doc["reason"],
                ),
            )


# The evidence each kind of event gives, by kind (domain/topics.py); the auditor
# reads only these kinds for `explain`.
HANDLERS: dict[str, Callable[[Explanation, Any], None]] = {
    "CycleOpened": Explanation._on_cycle_opened,
    "ScoringClosed": Explanation._on_scoring_closed,
    "VoteOpened": Explanation._on_vote_opened,
    "VoteClosed": Explanation._on_vote_closed,
    "AwardProposed": Explanation._on_award_proposed,
    "AwardGranted": Explanation._on_award_granted,
    "ProposalDeclined": Explanation._on_proposal_declined,
    "AwardRevoked": Explanation._on_award_revoked,
}
EVIDENCE = frozenset(HANDLERS)
# Kinds that say nothing about how an award came about.
IGNORED = frozenset(
    {
        *("BlocCreated", "UnitAdded", "UnitRemoved", "BlocConfigured"),
        *("RosterChanged", "LeadsAssigned", "CovenantSigned", "TargetsRegistered"),
        *("CovenantClosed", "CycleClosed", "StageAdvanced", "ProceedingRecorded"),
        *("ScoresSubmitted", "ScoresAssessed", "ScoreAdjusted", "VoteCast"),
        *("KeyringOpened", "KeyRegistered"),
        *STREAMS["authority"],
        *COMMENDATION,
        *STREAMS["registry"],
    }
)


def explain(rows: Sequence[StoredRow], award: str, who: str) -> list[Evidence]:
    """Every step that led to `award` for `who` (a unit code or a person's name)."""
    return Explanation(award, who).run(rows)
