"""Every kind of stored event, listed once, with the topic it is stored under.

A stored event names its class by a topic. The library would derive it from where
the class is defined, so moving a class to another module would orphan everything
stored before. These strings are what the store holds: each event class, aggregate
and snapshot takes its topic from here (domain/base.py), the mapper writes it, and
the library resolves it whatever module defines the class today. A new kind gets
its topic here once, and it never changes.

This module imports nothing of ours, so the read models can filter the log by topic
without loading the domain. The auditor, `explain` and the read models name the
kinds they handle, or ignore, from this table (a test checks each covers every kind).
"""

from __future__ import annotations

from collections.abc import Iterable

# The kinds of event, by the stream they are appended to.
STREAMS: dict[str, tuple[str, ...]] = {
    "bloc": ("BlocCreated", "UnitAdded", "UnitRemoved", "BlocConfigured"),
    "cycle": (
        # Roster, leads and covenant.
        "CycleOpened",
        "RosterChanged",
        "LeadsAssigned",
        "CovenantSigned",
        "TargetsRegistered",
        "CovenantClosed",
        "CycleClosed",
        # The stage's changes, recorded since cycles open with `stage_events`.
        "StageAdvanced",
        # Scoring.
        "ScoresSubmitted",
        "ScoresAssessed",
        "ScoreAdjusted",
        "ScoringClosed",
        # Voting.
        "VoteOpened",
        "VoteCast",
        "VoteClosed",
        # Awards.
        "AwardProposed",
        "AwardGranted",
        "ProposalDeclined",
        "AwardRevoked",
        "ProceedingRecorded",
    ),
    "keyring": ("KeyringOpened", "KeyRegistered"),
    "authority": (
        "AuthorityFounded",
        "AdminDelegated",
        "KeyCertified",
        "KeyRevoked",
        "RoleGranted",
        "RoleWithdrawn",
    ),
    # Commendation after the bloc (domain/commendation/).
    "dossier": (
        "DossierOpened",
        "DocumentAttached",
        "DossierSubmitted",
        "DossierResubmitted",
        "DossierReceived",
        "DossierReturned",
        "DossierAppraised",
        "NoticePublished",
        "CommentRecorded",
        "DossierTakenUp",
        "DossierDecided",
        "DossierWithdrawn",
    ),
    "council": (
        "SessionOpened",
        "AttendanceRecorded",
        "AgendaItemsAdded",
        "OpinionRecorded",
        "BallotsCounted",
        "ItemDecided",
        "SessionClosed",
    ),
    "decision": ("DecisionIssued", "LineRevoked", "DecisionRevoked"),
    # A person's or a collective's stream (domain/registry/).
    "registry": (
        "PersonRegistered",
        "CollectiveRegistered",
        "PersonTransferred",
        "TitleConferred",
        "TitleRevoked",
        "CommendationRecorded",
        "CommendationRevoked",
        "ProceedingOpened",
        "ProceedingClosed",
    ),
}

# The kinds of the commendation streams, which the cycle's consumers ignore.
COMMENDATION: tuple[str, ...] = (
    *STREAMS["dossier"],
    *STREAMS["council"],
    *STREAMS["decision"],
)

# The module each kind was defined in when it was first stored: its topic's prefix.
_FIRST_HOME = {
    "BlocCreated": "bloc",
    "UnitAdded": "bloc",
    "UnitRemoved": "bloc",
    "BlocConfigured": "bloc",
    "CycleOpened": "cycle",
    "RosterChanged": "cycle",
    "LeadsAssigned": "cycle",
    "CovenantSigned": "cycle",
    "TargetsRegistered": "cycle",
    "CovenantClosed": "cycle",
    "CycleClosed": "cycle",
    "StageAdvanced": "stages",
    "ScoresSubmitted": "scoring",
    "ScoresAssessed": "scoring",
    "ScoreAdjusted": "scoring",
    "ScoringClosed": "scoring",
    "VoteOpened": "voting",
    "VoteCast": "voting",
    "VoteClosed": "voting",
    "AwardProposed": "awards",
    "AwardGranted": "awards",
    "ProposalDeclined": "awards",
    "AwardRevoked": "awards",
    "ProceedingRecorded": "awards",
    "KeyringOpened": "keyring",
    "KeyRegistered": "keyring",
    "AuthorityFounded": "authority",
    "AdminDelegated": "authority",
    "KeyCertified": "authority",
    "KeyRevoked": "authority",
    "RoleGranted": "authority",
    "RoleWithdrawn": "authority",
    **dict.fromkeys(STREAMS["dossier"], "commendation.dossier"),
    **dict.fromkeys(STREAMS["council"], "commendation.council"),
    **dict.fromkeys(STREAMS["decision"], "commendation.decision"),
    "PersonRegistered": "registry.events",
    "CollectiveRegistered": "registry.events",
    "PersonTransferred": "registry.events",
    "TitleConferred": "registry.events",
    "TitleRevoked": "registry.events",
    "CommendationRecorded": "registry.events",
    "CommendationRevoked": "registry.events",
    "ProceedingOpened": "registry.events",
    "ProceedingClosed": "registry.events",
}

# Every event kind → its stored topic.
EVENTS: dict[str, str] = {
    kind: f"thidua.domain.{_FIRST_HOME[kind]}:{kind}"
    for kinds in STREAMS.values()
    for kind in kinds
}

# The aggregates (a stream's first event names its aggregate's class) and the
# snapshot of a cycle.
AGGREGATES: dict[str, str] = {
    "Bloc": "thidua.domain.bloc:Bloc",
    "Cycle": "thidua.domain.cycle:Cycle",
    "Keyring": "thidua.domain.keyring:Keyring",
    "Authority": "thidua.domain.authority:Authority",
    "Dossier": "thidua.domain.commendation.dossier:Dossier",
    "CouncilSession": "thidua.domain.commendation.council:CouncilSession",
    "AwardDecision": "thidua.domain.commendation.decision:AwardDecision",
    "HolderStream": "thidua.domain.registry.holder:HolderStream",
    "CycleSnapshot": "thidua.domain.service.snapshot:CycleSnapshot",
}

# Stored topic → event kind.
KINDS: dict[str, str] = {topic: kind for kind, topic in EVENTS.items()}


def kind_of(topic: str) -> str:
    """The event kind a stored topic names (the class's name for one not listed)."""
    return KINDS.get(topic) or topic.rpartition(":")[2]


def uncovered(handled: Iterable[str], ignored: Iterable[str] = ()) -> set[str]:
    """The kinds a consumer neither handles nor ignores, the kinds it does both to,
    and the names it gives that are no kind at all: what its coverage test reports."""
    handled, ignored = set(handled), set(ignored)
    named = handled | ignored
    return (set(EVENTS) - named) | (named - set(EVENTS)) | (handled & ignored)
