"""Every event after the authority's founding, checked against the chain of
delegation that domain/auditor/delegation.py believed: signed by a key registered
to its actor and live when it was recorded, by an actor who then held the grant
for it (operator of the event's bloc, representative of its unit)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

from thidua.domain.auditor.delegation import (
    OUTSIDE,
    SCOPED,
    Delegation,
    check_authority,
    holds,
    moment,
)
from thidua.domain.auditor.integrity import UNREADABLE, StoredRow, where
from thidua.domain.phrase import Phrase, phrase

if TYPE_CHECKING:
    from thidua.domain.auditor.audit import Auditor


def check_signed(
    found: Delegation, rows: Iterable[StoredRow], skip: Iterable[str] = ()
) -> None:
    """Every event after the founding: signed by a live key of its actor, who held
    the grant for it. Rows come in log order (or each stream in version order)."""
    skipped = set(skip)
    blocs: dict[str, str] = {}
    after: set[str] = set()
    for row in rows:
        document = row.document
        if row.stream in skipped or UNREADABLE in document:
            continue
        if row.event in ("BlocCreated", "CycleOpened"):
            blocs[row.stream] = str(document.get("code") or document.get("bloc"))
        try:
            at = moment(str(document["timestamp"]))
        except ValueError:
            continue  # the re-judgement reports a time that is no time
        anchored = bool(row.position and found._position)
        founded_at = found.keys[found.root].since
        late = row.position > found._position if anchored else at >= founded_at
        if not (late or row.stream in after):
            found.before += 1
            continue
        after.add(row.stream)
        found.checked += 1
        if row.event in OUTSIDE:
            found.said.append(
                phrase(
                    "{where}: a key registered outside the authority", where=where(row)
                )
            )
        else:
            try:
                _signed(found, row, at, blocs.get(row.stream))
            except (KeyError, TypeError, ValueError, AttributeError):
                found.said.append(
                    phrase("{where}: an event missing its fields", where=where(row))
                )


def _signed(found: Delegation, row: StoredRow, at: datetime, bloc: str | None) -> None:
    document, here = row.document, where(row)
    actor = document["actor"]
    signature, key_name = document.get("signature"), str(document.get("key_id"))
    key = found.keys.get(key_name)
    problem = None
    if signature is None:
        problem = phrase(
            "{where}: not signed, and the store's authority requires it", where=here
        )
    elif key is None:
        problem = phrase(
            "{where}: signed with key {key}, which the authority did not register",
            where=here,
            key=key_name,
        )
    elif key.holder != actor["name"]:
        problem = phrase(
            "{where}: signed with {holder}'s key, issued by {actor}",
            where=here,
            holder=key.holder,
            actor=actor["name"],
        )
    elif not key.live(at):
        problem = phrase(
            "{where}: signed with key {key}, which was not live then",
            where=here,
            key=key_name,
        )
    elif key.backdated(at, row.position):
        problem = phrase(
            "{where}: signed with key {key} after its revocation, dated before it",
            where=here,
            key=key_name,
        )
    elif not holds(key.public_key, document.get("event_hash"), signature):
        problem = phrase("{where}: the signature does not hold", where=here)
    else:
        role = str(actor.get("role", "operator"))
        scope = bloc if role == "operator" else actor.get("unit")
        if role not in SCOPED:
            scope = None
        if not found.granted(actor["name"], role, scope, at):
            problem = phrase(
                "{where}: {actor} held no grant as {role} {scope} then",
                where=here,
                actor=actor["name"],
                role=role,
                scope=str(scope or ""),
            )
    if problem is not None:
        found.said.append(problem)


def examine_delegation(
    auditor: Auditor, streams: Iterable[UUID] | None = None, root_key: str | None = None
) -> tuple[bool, Delegation]:
    """Whether the store has an authority, and what checking its chain found: over
    every stream in log order, or over the streams given."""
    from thidua.domain.authority_state import AUTHORITY_ID

    rows = auditor.stream_rows(AUTHORITY_ID)
    if rows:  # where each fact sits in the log: a revocation holds from there on
        rows = auditor.stream_rows(AUTHORITY_ID, positions=True)
    found = check_authority(rows, root_key)
    if found.founded:
        log = (
            auditor.rows()
            if streams is None
            else (row for stream in streams for row in auditor.stream_rows(stream))
        )
        check_signed(found, log, skip={AUTHORITY_ID.hex})
    return bool(rows), found


# The rule each finding breaks, by its words (what a refusal at write would name).
RULES = {
    "{where}: not signed, and the store's authority requires it": "signature-required",
    "{where}: signed with key {key}, which the authority did not register": (
        "unregistered-key"
    ),
    "{where}: signed with {holder}'s key, issued by {actor}": "unregistered-key",
    "{where}: signed with key {key}, which was not live then": "unregistered-key",
    "{where}: signed with key {key} after its revocation, dated before it": (
        "unregistered-key"
    ),
    "{where}: a key registered outside the authority": "unregistered-key",
    "{where}: the signature does not hold": "signature",
    "{where}: {actor} held no grant as {role} {scope} then": "grant",
    "authority {where}: no proof that {holder} holds the key": "possession",
    "authority {where}: the root's proof does not hold": "possession",
    "authority {where}: endorsed by key {key}, which may not endorse it": (
        "endorsement"
    ),
    "authority {where}: the endorsement does not hold": "endorsement",
    "authority {where}: revokes a key it may not": "endorsement",
}


def rule_of(found: Phrase) -> str:
    """The rule a finding of the chain of delegation breaks."""
    return RULES.get(found.template, "authority")
