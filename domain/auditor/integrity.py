"""The hash chain of a stream: pure functions, documented in docs/integrity.md.

Each event carries the hash of its predecessor and its own hash over a canonical form
of what is stored, so a verifier needs nothing but the stored rows and this recipe.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from thidua.domain.auditor.sorted_json import sorted_json
from thidua.domain.phrase import Phrase, Term, phrase

GENESIS = "0" * 64  # the "previous hash" of a stream's first event
HASH = "event_hash"
PREVIOUS = "previous_hash"
UNHASHED = frozenset({HASH, "signature", "key_id"})  # the hash and its signature
UNREADABLE = "_unreadable"  # what a reader puts in place of a document it cannot parse
MALFORMED = "{text} is not a digest like TMTH/2020@64:3f9a1c0d5e7b2a41"


def canonical(
    event: str, stream: UUID | str, version: int, document: Mapping[str, Any]
) -> bytes:
    """The bytes an event's hash is taken over: its stored document without the hash
    and its signature, plus its type, stream and version, as sorted compact JSON."""
    body = {key: value for key, value in document.items() if key not in UNHASHED}
    body["_event"] = event
    body["_stream"] = (
        stream.hex if isinstance(stream, UUID) else stream.replace("-", "")
    )
    body["_version"] = version
    return sorted_json(body)


def event_hash(
    event: str, stream: UUID | str, version: int, document: Mapping[str, Any]
) -> str:
    return hashlib.sha256(canonical(event, stream, version, document)).hexdigest()


@dataclass(frozen=True)
class StoredRow:
    """One stored event as the database holds it: no domain class involved."""

    position: int
    stream: str
    version: int
    event: str
    document: Mapping[str, Any]


@dataclass
class ChainReport:
    """What checking one stream's chain found: each problem a phrase, so a reader
    hears it in their language; `problems` says them in English."""

    stream: str
    subject: str = ""
    events: int = 0
    head: str = GENESIS
    said: list[Phrase] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        return [problem.english() for problem in self.said]

    @property
    def intact(self) -> bool:
        return not self.said


def where(row: StoredRow) -> Phrase:
    """Which stored event a problem is found at; its position in the log where
    the rows were read with it (a stream read alone has none: 0)."""
    event = Term("event", row.event)
    if not row.position:
        return phrase("version {version} ({event})", version=row.version, event=event)
    return phrase(
        "version {version} ({event}, position {position})",
        version=row.version,
        event=event,
        position=row.position,
    )


def check_chain(
    stream: str, rows: Iterable[StoredRow], subject: str = ""
) -> ChainReport:
    """Walk a stream's events in version order and report every break in its chain."""
    report = ChainReport(stream, subject or stream)
    expected_version, previous = 1, GENESIS
    found = report.said.append
    for row in rows:
        report.events += 1
        at = where(row)
        if row.version != expected_version:
            found(
                phrase(
                    "{where}: expected version {expected}; events are missing"
                    " or out of order",
                    where=at,
                    expected=expected_version,
                )
            )
        stored_previous = row.document.get(PREVIOUS)
        stored_hash = row.document.get(HASH)
        if UNREADABLE in row.document:
            reason = str(row.document[UNREADABLE])
            found(phrase("{where}: unreadable ({reason})", where=at, reason=reason))
        elif stored_hash is None:
            found(phrase("{where}: carries no hash", where=at))
        else:
            if stored_previous != previous:
                found(
                    phrase(
                        "{where}: does not follow its predecessor (previous hash"
                        " {stored}, expected {expected})",
                        where=at,
                        stored=str(stored_previous)[:12],
                        expected=previous[:12],
                    )
                )
            actual = event_hash(row.event, row.stream, row.version, row.document)
            if actual != stored_hash:
                found(
                    phrase(
                        "{where}: content altered (hash {actual}, stored {stored})",
                        where=at,
                        actual=actual[:12],
                        stored=str(stored_hash)[:12],
                    )
                )
        previous = str(stored_hash)
        expected_version = row.version + 1
    report.head = previous
    return report


def store_digest(heads: Mapping[str, tuple[int, str]]) -> str:
    """One hash over every stream's (version, head hash): the whole store at once."""
    lines = "".join(
        f"{stream}:{version}:{head}\n"
        for stream, (version, head) in sorted(heads.items())
    )
    return hashlib.sha256(lines.encode("ascii")).hexdigest()


@dataclass(frozen=True)
class Digest:
    """What goes into the minutes: a stream (or the store) at a version, and its hash.

    Written `TMTH/2020@64:<hash>` for a cycle, `TMTH@9:<hash>` for a bloc, and
    `store@1234:<hash>` for every stream as of log position 1234. The hash may be
    shortened to its first 16 hex digits.
    """

    subject: str
    at: int
    hash: str

    def __str__(self) -> str:
        return f"{self.subject}@{self.at}:{self.hash[:16]}"

    @classmethod
    def parse(cls, text: str) -> Digest:
        subject, _, rest = text.strip().partition("@")
        at, _, hashed = rest.partition(":")
        hashed = hashed.lower()
        if (
            not subject
            or not at.isdigit()
            or not 16 <= len(hashed) <= 64
            or any(c not in "0123456789abcdef" for c in hashed)
        ):
            raise ValueError(MALFORMED.format(text=repr(text)))
        return cls(subject.upper() if subject != "store" else subject, int(at), hashed)

    def matches(self, full_hash: str) -> bool:
        return full_hash.startswith(self.hash)


def subject_of(row: StoredRow) -> str:
    """The name a stream goes by: BLOC/YEAR, the bloc's code, keyring or authority."""
    document = row.document
    if row.event == "CycleOpened":
        return f"{document['bloc']}/{document['year']}"
    if row.event == "BlocCreated":
        return str(document["code"])
    if row.event == "KeyringOpened":
        return "keyring"
    if row.event == "AuthorityFounded":
        return "authority"
    if row.event in STARTS or row.event in REGISTERED:  # in capitals, as read
        kind = STARTS.get(row.event) or REGISTERED[row.event]
        code = document.get("code") or document.get("number")
        return f"{kind.upper()} {str(code).upper()}"
    return row.stream


# The first events of the commendation streams, and the kind each names.
STARTS = {
    "DossierOpened": "dossier",
    "SessionOpened": "council",
    "DecisionIssued": "decision",
}


# The first events of the registry's streams: a person's, a collective's.
REGISTERED = {"PersonRegistered": "person", "CollectiveRegistered": "collective"}


def stream_of(subject: str) -> UUID:
    """The stream a digest's subject names."""
    from thidua.domain.authority_state import AUTHORITY_ID
    from thidua.domain.ids import bloc_id, collective_id, cycle_id, person_id
    from thidua.domain.keyring import KEYRING_ID

    # The keyring's and the authority's digests name them, as subject_of does.
    named = {"KEYRING": KEYRING_ID, "AUTHORITY": AUTHORITY_ID}
    if subject.upper() in named:
        return named[subject.upper()]
    kind, _, code = subject.partition(" ")
    if kind.lower() in REGISTERED.values() and code:
        registered = person_id if kind.lower() == "person" else collective_id
        return registered(code.upper())
    if kind.lower() in STARTS.values() and code:
        from thidua.domain.commendation.stream import stream_id

        # A digest's subject is read in capitals, as the codes are.
        return stream_id(kind.lower(), code.upper())
    bloc, _, year = subject.partition("/")
    return cycle_id(bloc, int(year)) if year else bloc_id(bloc)
