"""What auditors check (kiểm tra): the stored rows, read without the domain's classes.

Chains and digests are computed from the documents as stored, so nothing the
application does when it loads events can hide an alteration.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast
from uuid import UUID

from thidua.domain.auditor import digests
from thidua.domain.auditor.digests import DigestFinding, Sealed, StreamDigest
from thidua.domain.auditor.eligibility import explain_history, names
from thidua.domain.auditor.explain import EVIDENCE, Evidence, explain
from thidua.domain.auditor.explain_decision import explain_cuts, explain_decisions
from thidua.domain.auditor.integrity import (
    UNREADABLE,
    ChainReport,
    Digest,
    StoredRow,
)
from thidua.domain.auditor.moments import By, version_as_of, when
from thidua.domain.auditor.recount import REGISTRY_KINDS, counted
from thidua.domain.auditor.streams import LogStreams, Streams
from thidua.domain.auditor.verify import Examination, examine
from thidua.domain.cycle_state import CycleState
from thidua.domain.errors import CycleNotFound, ThiduaError
from thidua.domain.ids import cycle_id
from thidua.domain.phrase import Phrase
from thidua.domain.service.mapper import PydanticMapper
from thidua.domain.service.snapshot import CycleSnapshot
from thidua.domain.topics import EVENTS, kind_of

if TYPE_CHECKING:
    from eventsourcing.persistence import StoredEvent

    from thidua.domain.service.application import Thidua

PAGE = 2000


class SnapshotMismatch(ThiduaError):
    """A snapshot disagrees with the events it should summarise."""

    rule = "snapshot"


class Auditor:
    """Reads a store's raw rows and checks them."""

    def __init__(self, app: Thidua, streams: Streams | None = None) -> None:
        self.app = app
        self.streams = streams or LogStreams(app)

    def _document(self, stored: StoredEvent) -> dict[str, Any]:
        if isinstance(stored.state, str):  # rewritten by hand as text, not bytes
            stored = replace(stored, state=stored.state.encode("utf-8"))
        try:
            return cast(PydanticMapper, self.app.mapper).document(stored)
        except ValueError as error:  # damaged beyond reading: a finding, not a crash
            return {UNREADABLE: str(error)}

    def row(self, stored: StoredEvent, position: int) -> StoredRow:
        """A stored event as the auditor reads it: its document, no domain class."""
        return StoredRow(
            position=position,
            stream=_key(stored.originator_id),
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
            yield from (self.row(n, n.id) for n in batch)
            start = batch[-1].id

    def stream_rows(self, stream: UUID, *, positions: bool = False) -> list[StoredRow]:
        """A stream's stored rows; with their positions in the log if asked (a
        pass over the whole log the first time)."""
        if positions:
            return [self.row(e, at) for at, e in self.streams.events(stream)]
        return [self.row(e, 0) for e in self.app.recorder.select_events(stream)]

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
        """Check the chains, and re-derive every cycle's decisions from its rows,
        one stream at a time (domain/auditor/verify.py)."""
        return examine(self, bloc, year, rederive=rederive)

    def explain(self, bloc: str, year: int, award: str, who: str) -> list[Evidence]:
        """The evidence behind an award to a unit or a person, step by step."""
        stream = cycle_id(bloc, year).hex
        topics = [EVENTS[kind] for kind in EVIDENCE]
        rows = [row for row in self.rows(topics=topics) if row.stream == stream]
        if not rows:
            raise CycleNotFound(
                "no cycle {bloc}/{year}", bloc=bloc, year=year, value=f"{bloc}/{year}"
            )
        cycle_rows = self.stream_rows(UUID(stream))
        history = explain_history(cycle_rows, self.stream_rows, award, who)
        history += self._counts(cycle_rows, award, who)
        found = explain(rows, award, who)
        decisions = [
            row
            for row in self.rows(topics=[EVENTS["DecisionIssued"]])
            if row.event == "DecisionIssued"
        ]
        carried = explain_decisions(found, rows, decisions, bloc, year)
        kinds = ("SessionOpened", "AgendaItemsAdded", "ItemDecided")
        sessions = list(self.rows(topics=[EVENTS[kind] for kind in kinds]))
        carried += explain_cuts(found, rows, sessions, bloc, year)
        return found + carried + history

    def _counts(
        self, cycle_rows: list[StoredRow], award: str, who: str
    ) -> list[Evidence]:
        """The counts behind each decision on `award` for `who`, of a title with a
        share or member conditions, as the registry stood then."""
        registry = list(self.rows(topics=[EVENTS[kind] for kind in REGISTRY_KINDS]))

        def asked(row: StoredRow) -> bool:
            return row.document["award"] == award and names(row.document, who)

        return [
            Evidence(
                "history",
                said,
                row.version,
                row.position,
                str(row.document.get("event_hash"))[:16],
                row.document["timestamp"],
            )
            for row, said in counted(cycle_rows, lambda: registry, asked)
        ]

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

    # digests (domain/auditor/digests.py) ------------------------------------------

    def heads(self, upto: int | None = None) -> tuple[int, list[StreamDigest]]:
        """Every stream's version, head hash and name, as of a log position."""
        return digests.heads(self, upto)

    def store(self, upto: int | None = None) -> tuple[Digest, list[StreamDigest]]:
        return digests.store(self, upto)

    def digests(self, bloc: str | None = None, year: int | None = None) -> list[Sealed]:
        """Digests for the minutes: every stream and the store, or one cycle."""
        return digests.digests(self, bloc, year)

    def findings(self, held: Iterable[str]) -> list[DigestFinding]:
        """Check each digest an auditor holds; a malformed one is a finding too."""
        return digests.findings(self, held)

    def check(self, digest: Digest) -> Phrase:
        """Prove the store still extends a digest; say what holds, or raise."""
        return digests.check(self, digest)


def _key(originator_id: object) -> str:
    if isinstance(originator_id, UUID):
        return originator_id.hex
    return UUID(str(originator_id)).hex
