"""Digests for the minutes, and the check of a digest an auditor holds.

A digest names a stream (or the whole store) at a version and its head hash; the
store extends it while those events stand unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from thidua.domain.auditor.integrity import (
    MALFORMED,
    Digest,
    check_chain,
    store_digest,
    stream_of,
    subject_of,
)
from thidua.domain.errors import CycleNotFound, ThiduaError
from thidua.domain.ids import bloc_id, cycle_id
from thidua.domain.phrase import Phrase, as_field, phrase

if TYPE_CHECKING:
    from thidua.domain.auditor.audit import Auditor

SEALING = ("ScoringClosed", "VoteClosed", "CycleClosed")  # stage-closing events


class DigestMismatch(ThiduaError):
    """The store no longer extends a digest an auditor holds."""

    rule = "digest"


@dataclass(frozen=True)
class StreamDigest:
    subject: str
    stream: str
    version: int
    head: str
    events: int

    def digest(self) -> Digest:
        return Digest(self.subject, self.version, self.head)


@dataclass(frozen=True)
class Sealed:
    """A digest to write into the minutes, and how many events it covers."""

    subject: str
    digest: Digest
    events: int
    event: str = ""  # the stage-closing event that made a seal


@dataclass(frozen=True)
class DigestFinding:
    digest: str
    holds: bool
    said: Phrase

    @property
    def finding(self) -> str:
        return self.said.english()


def heads(auditor: Auditor, upto: int | None = None) -> tuple[int, list[StreamDigest]]:
    """Every stream's version, head hash and name, as of a log position."""
    found: dict[str, StreamDigest] = {}
    position = 0
    for row in auditor.rows(upto):
        position = row.position
        previous = found.get(row.stream)
        subject = previous.subject if previous else subject_of(row)
        found[row.stream] = StreamDigest(
            subject,
            row.stream,
            row.version,
            str(row.document.get("event_hash")),
            (previous.events if previous else 0) + 1,
        )
    return position, sorted(found.values(), key=lambda d: d.subject)


def store(
    auditor: Auditor, upto: int | None = None
) -> tuple[Digest, list[StreamDigest]]:
    position, streams = heads(auditor, upto)
    combined = store_digest({s.stream: (s.version, s.head) for s in streams})
    return Digest("store", position, combined), streams


def digests(
    auditor: Auditor, bloc: str | None = None, year: int | None = None
) -> list[Sealed]:
    """Digests for the minutes: every stream and the store, or one cycle with its
    bloc and the seals its stage-closing events made."""
    if bloc is None or year is None:
        whole, streams = store(auditor)
        rows = [Sealed(h.subject, h.digest(), h.events) for h in streams]
        return [*rows, Sealed("store (all streams)", whole, whole.at)]
    # One cycle reads its own two streams, not the whole log: the minutes ask
    # for it twice, and a province's log is large.
    subject = f"{bloc}/{year}"
    cycle_rows = auditor.stream_rows(cycle_id(bloc, year))
    if not cycle_rows:
        raise CycleNotFound("no cycle {subject}", subject=subject, value=subject)
    rows = [
        Sealed(
            subject_of(stream[0]),
            Digest(
                subject_of(stream[0]),
                stream[-1].version,
                str(stream[-1].document.get("event_hash")),
            ),
            len(stream),
        )
        for stream in (auditor.stream_rows(bloc_id(bloc)), cycle_rows)
        if stream
    ]
    rows += [
        Sealed(
            f"{subject} ({row.event})",
            Digest(subject, row.version, str(row.document["event_hash"])),
            row.version,
            row.event,
        )
        for row in cycle_rows
        if row.event in SEALING
    ]
    return rows


def findings(auditor: Auditor, digests: Iterable[str]) -> list[DigestFinding]:
    """Check each digest an auditor holds; a malformed one is a finding too."""
    found = []
    for text in digests:
        try:
            found.append(DigestFinding(text, True, check(auditor, Digest.parse(text))))
        except DigestMismatch as error:
            fields = {k: as_field(v) for k, v in error.params.items()}
            found.append(DigestFinding(text, False, Phrase(error.template, fields)))
        except ValueError:
            found.append(DigestFinding(text, False, phrase(MALFORMED, text=repr(text))))
    return found


def check(auditor: Auditor, digest: Digest) -> Phrase:
    """Prove the store still extends a digest; say what holds, or raise."""
    if digest.subject == "store":
        then, _ = store(auditor, digest.at)
        if then.at != digest.at or not digest.matches(then.hash):
            raise DigestMismatch(
                "the store as of position {at} is not what {digest} recorded",
                at=digest.at,
                digest=digest,
            )
        return phrase("the store extends {digest}", digest=str(digest))
    rows = auditor.stream_rows(stream_of(digest.subject))
    if len(rows) < digest.at:
        raise DigestMismatch(
            "{subject} has {events} events now, fewer than the {at} of "
            "{digest}: events were removed",
            subject=digest.subject,
            events=len(rows),
            at=digest.at,
            digest=digest,
        )
    report = check_chain(rows[0].stream if rows else "", rows[: digest.at])
    if not report.intact or not digest.matches(report.head):
        raise DigestMismatch(
            "{subject} at version {at} is not what {digest} recorded",
            subject=digest.subject,
            at=digest.at,
            digest=digest,
        )
    return phrase(
        "{subject} extends {digest} ({events} events now)",
        subject=digest.subject,
        digest=str(digest),
        events=len(rows),
    )
