"""What auditors check (kiểm tra): the stored rows, read without the domain's classes.

Chains and digests are computed from the documents as stored, so nothing the
application does when it loads events can hide an alteration.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast
from uuid import UUID

from thidua.domain.auditor.explain import EVIDENCE, Evidence, explain
from thidua.domain.auditor.integrity import (
    MALFORMED,
    UNREADABLE,
    ChainReport,
    Digest,
    StoredRow,
    check_chain,
    store_digest,
    stream_of,
    subject_of,
)
from thidua.domain.auditor.moments import By, version_as_of, when
from thidua.domain.auditor.rederive import Discrepancy
from thidua.domain.auditor.rejudge_streams import judge_stream
from thidua.domain.cycle_state import CycleState
from thidua.domain.errors import CycleNotFound, ThiduaError
from thidua.domain.ids import bloc_id, cycle_id
from thidua.domain.keyring import KEYRING_ID
from thidua.domain.phrase import Phrase, as_field, phrase
from thidua.domain.service.mapper import PydanticMapper
from thidua.domain.service.signing import registered_keys, signature_problems
from thidua.domain.service.snapshot import CycleSnapshot
from thidua.domain.topics import EVENTS, kind_of

if TYPE_CHECKING:
    from eventsourcing.persistence import StoredEvent

    from thidua.domain.service.application import Thidua

PAGE = 2000
SEALING = ("ScoringClosed", "VoteClosed", "CycleClosed")  # stage-closing events


class SnapshotMismatch(ThiduaError):
    """A snapshot disagrees with the events it should summarise."""

    rule = "snapshot"


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


@dataclass
class Examination:
    """What `audit verify` found: each chain, and each re-derived disagreement."""

    chains: list[ChainReport] = field(default_factory=list)
    rederived: list[str] = field(default_factory=list)
    discrepancies: list[tuple[str, Discrepancy]] = field(default_factory=list)


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


class Auditor:
    """Reads a store's raw rows and checks them."""

    def __init__(self, app: Thidua) -> None:
        self.app = app

    def _document(self, stored: StoredEvent) -> dict[str, Any]:
        if isinstance(stored.state, str):  # rewritten by hand as text, not bytes
            stored = replace(stored, state=stored.state.encode("utf-8"))
        try:
            return cast(PydanticMapper, self.app.mapper).document(stored)
        except ValueError as error:  # damaged beyond reading: a finding, not a crash
            return {UNREADABLE: str(error)}

    def _row(self, stored: StoredEvent, position: int) -> StoredRow:
        return StoredRow(
            position=position,
            stream=UUID(str(stored.originator_id)).hex,
            version=stored.originator_version,
            event=kind_of(stored.topic),
            document=self._document(stored),
        )

    def rows(
        self, upto: int | None = None, topics: Sequence[str] = ()
    ) -> Iterator[StoredRow]:
        """Stored events in log order: every one, or of these topics, up to a
        position if given."""
        start = 0
        while batch := self.app.recorder.select_notifications(
            start=start, limit=PAGE, stop=upto, topics=topics, inclusive_of_start=False
        ):
            yield from (self._row(n, n.id) for n in batch)
            start = batch[-1].id

    def stream_rows(self, stream: UUID) -> list[StoredRow]:
        return [self._row(e, 0) for e in self.app.recorder.select_events(stream)]

    # chains -------------------------------------------------------------------------

    def verify(
        self, bloc: str | None = None, year: int | None = None
    ) -> list[ChainReport]:
        """Check the chain of one cycle (with its bloc's stream), or of every stream."""
        return self.examine(bloc, year).chains

    def examine(
        self,
        bloc: str | None = None,
        year: int | None = None,
        *,
        rederive: bool = True,
    ) -> Examination:
        """Check the chains, and re-derive every cycle's decisions from its rows."""
        streams: dict[str, list[StoredRow]] = {}
        subjects: dict[str, str] = {}
        if bloc is not None and year is not None:
            for stream_id, subject in (
                (bloc_id(bloc), bloc),
                (cycle_id(bloc, year), f"{bloc}/{year}"),
            ):
                streams[stream_id.hex] = self.stream_rows(stream_id)
                subjects[stream_id.hex] = subject
            if not streams[cycle_id(bloc, year).hex]:
                raise CycleNotFound(
                    "no cycle {bloc}/{year}",
                    bloc=bloc,
                    year=year,
                    value=f"{bloc}/{year}",
                )
        else:
            for row in self.rows():
                streams.setdefault(row.stream, []).append(row)
        keyring = streams.get(KEYRING_ID.hex)
        if keyring is None:
            keyring = self.stream_rows(KEYRING_ID)
        keys = registered_keys(keyring)
        examination = Examination()
        for stream, rows in streams.items():
            rows.sort(key=lambda r: r.version)
            subject = subjects.get(stream) or subject_of(rows[0])
            report = check_chain(stream, rows, subject)
            report.said += signature_problems(rows, keys)
            examination.chains.append(report)
            readable = all(UNREADABLE not in row.document for row in rows)
            if rederive and readable and rows:
                if rows[0].event == "CycleOpened":
                    examination.rederived.append(subject)
                examination.discrepancies += [
                    (subject, found) for found in judge_stream(self.app, stream, rows)
                ]
        examination.chains.sort(key=lambda r: r.subject)
        return examination

    def explain(self, bloc: str, year: int, award: str, who: str) -> list[Evidence]:
        """The evidence behind an award to a unit or a person, step by step."""
        stream = cycle_id(bloc, year).hex
        topics = [EVENTS[kind] for kind in EVIDENCE]
        rows = [row for row in self.rows(topics=topics) if row.stream == stream]
        if not rows:
            raise CycleNotFound(
                "no cycle {bloc}/{year}", bloc=bloc, year=year, value=f"{bloc}/{year}"
            )
        return explain(rows, award, who)

    def replay(self, bloc: str, year: int, version: int) -> CycleState:
        """The cycle as of a version; a snapshot used must agree with the chain."""
        stream = cycle_id(bloc, year)
        if self.app.snapshots is not None:
            for taken in self.app.snapshots.get(
                stream, lte=version, desc=True, limit=1
            ):
                snapshot = cast(CycleSnapshot, taken)
                at = snapshot.originator_version
                if snapshot.state.get("head_hash") != self._hash_at(stream, at):
                    raise SnapshotMismatch(
                        "the snapshot of {bloc}/{year} at version "
                        "{originator_version} does not match the stored events; "
                        "delete the snapshots and replay again",
                        bloc=bloc,
                        year=year,
                        originator_version=snapshot.originator_version,
                    )
        found = self.app.cycle_stream(bloc, year, version=version, latest=True)
        if found.head_hash != self._hash_at(stream, found.version):
            raise SnapshotMismatch(
                "{bloc}/{year} at version {version} does not match its chain",
                bloc=bloc,
                year=year,
                version=version,
            )
        return found.state

    def _hash_at(self, stream: UUID, version: int) -> Any:
        (stored,) = self.app.recorder.select_events(stream, gt=version - 1, lte=version)
        return self._document(stored).get("event_hash")

    def version_at(
        self, bloc: str, year: int, moment: datetime, by: By = "occurred"
    ) -> int:
        """The cycle's version as it stood at a moment, by when its facts happened
        or by when they were recorded (domain/auditor/moments.py)."""
        rows = self.stream_rows(cycle_id(bloc, year))
        if not rows:
            raise CycleNotFound(
                "no cycle {bloc}/{year}", bloc=bloc, year=year, value=f"{bloc}/{year}"
            )
        version = version_as_of([row.document for row in rows], moment, by)
        if not version:
            raise CycleNotFound(
                "cycle {bloc}/{year} was opened only at {opened}, after {moment}",
                bloc=bloc,
                year=year,
                opened=when(rows[0].document, by).isoformat(),
                moment=moment.isoformat(),
                value=moment.isoformat(),
            )
        return rows[version - 1].version

    # digests ------------------------------------------------------------------------

    def heads(self, upto: int | None = None) -> tuple[int, list[StreamDigest]]:
        """Every stream's version, head hash and name, as of a log position."""
        found: dict[str, StreamDigest] = {}
        position = 0
        for row in self.rows(upto):
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

    def store(self, upto: int | None = None) -> tuple[Digest, list[StreamDigest]]:
        position, streams = self.heads(upto)
        combined = store_digest({s.stream: (s.version, s.head) for s in streams})
        return Digest("store", position, combined), streams

    def digests(self, bloc: str | None = None, year: int | None = None) -> list[Sealed]:
        """Digests for the minutes: every stream and the store, or one cycle with its
        bloc and the seals its stage-closing events made."""
        if bloc is None or year is None:
            store, heads = self.store()
            rows = [Sealed(h.subject, h.digest(), h.events) for h in heads]
            return [*rows, Sealed("store (all streams)", store, store.at)]
        # One cycle reads its own two streams, not the whole log: the minutes ask
        # for it twice, and a province's log is large.
        subject = f"{bloc}/{year}"
        cycle_rows = self.stream_rows(cycle_id(bloc, year))
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
            for stream in (self.stream_rows(bloc_id(bloc)), cycle_rows)
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

    def findings(self, digests: Iterable[str]) -> list[DigestFinding]:
        """Check each digest an auditor holds; a malformed one is a finding too."""
        found = []
        for text in digests:
            try:
                found.append(DigestFinding(text, True, self.check(Digest.parse(text))))
            except DigestMismatch as error:
                fields = {k: as_field(v) for k, v in error.params.items()}
                found.append(DigestFinding(text, False, Phrase(error.template, fields)))
            except ValueError:
                found.append(
                    DigestFinding(text, False, phrase(MALFORMED, text=repr(text)))
                )
        return found

    def check(self, digest: Digest) -> Phrase:
        """Prove the store still extends a digest; say what holds, or raise."""
        if digest.subject == "store":
            then, _ = self.store(digest.at)
            if then.at != digest.at or not digest.matches(then.hash):
                raise DigestMismatch(
                    "the store as of position {at} is not what {digest} recorded",
                    at=digest.at,
                    digest=digest,
                )
            return phrase("the store extends {digest}", digest=str(digest))
        rows = self.stream_rows(stream_of(digest.subject))
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
