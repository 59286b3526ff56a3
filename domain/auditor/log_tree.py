"""The log's Merkle tree read from the stored rows: checkpoints, and proofs that the
store extends them, or that a unit's events are in them.

Every pass reads the log a page at a time and keeps only the tree's stack of
subtrees, a few counters per checkpoint and one entry per stream.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from thidua.domain.auditor.checkpoint import Checkpoint, CheckpointRefused, row_leaf
from thidua.domain.auditor.checkpoint_signers import (
    delegation,
    require_auditor,
    signing_keys,
    unvouched,
)
from thidua.domain.auditor.inclusion import (
    UnitEvents,
    consistency_document,
    proof_document,
    proof_entry,
)
from thidua.domain.auditor.integrity import UNREADABLE, StoredRow
from thidua.domain.auditor.integrity import subject_of as subject
from thidua.domain.auditor.merkle import TreeBuilder, verify_consistency
from thidua.domain.errors import CycleNotFound, ThiduaError, VerificationFailed
from thidua.domain.ids import cycle_id
from thidua.domain.service.signing import SignatureRefused

if TYPE_CHECKING:
    from thidua.domain.auditor.audit import Auditor
    from thidua.domain.service.signing import Signer


@dataclass(frozen=True)
class CheckpointFinding:
    """Whether the store extends a checkpoint (with how many events it holds now),
    and why not."""

    checkpoint: Checkpoint
    events: int
    problem: ThiduaError | None = None

    @property
    def holds(self) -> bool:
        return self.problem is None


@dataclass
class _Watch:
    """What one pass notes for one checkpoint, to say what failed if it fails."""

    checkpoint: Checkpoint
    upto: int = 0  # events now at or before the checkpoint's last position


class LogTree:
    def __init__(self, auditor: Auditor) -> None:
        self.auditor = auditor

    def keys(self) -> dict[str, tuple[str, str]]:
        """The keys a checkpoint may be signed with: the authority's certified
        keys where there is one, else the open keyring's."""
        return signing_keys(self.auditor)

    def checkpoint(
        self,
        taken_at: datetime,
        signer: Signer | None = None,
        holder: str = "",
        since: Checkpoint | None = None,
    ) -> tuple[Checkpoint, dict[str, Any] | None]:
        """The log as it stands: its size, last position and root; signed by the
        holder of a registered key if a signer is given. With `since`, also the
        consistency proof from that earlier checkpoint, refused if the store no
        longer extends it."""
        if signer is not None:
            self._registered(signer, holder, taken_at)
        earlier = [] if since is None else [since]
        if since is not None and (problem := since.signature_problem(self.keys())):
            raise problem
        walk = self._walk(earlier)
        taken = Checkpoint(
            walk.builder.size,
            walk.last,
            walk.builder.root().hex(),
            taken_at=taken_at.isoformat().replace("+00:00", "Z"),
        )
        extension = None
        if since is not None:
            finding = walk.finding(walk.watches[0])
            if finding.problem is not None:
                raise finding.problem
            old_root = walk.builder.root_at(since.tree_size).hex()
            extension = consistency_document(
                since.tree_size,
                old_root,
                walk.builder.consistency_proof(since.tree_size),
            )
        if signer is not None:
            taken = taken.signed(signer, holder)
        return taken, extension

    def _registered(self, signer: Signer, holder: str, at: datetime) -> None:
        if (found := delegation(self.auditor)) is not None:
            require_auditor(found, signer.key_id, holder, at)
            return
        registered = self.keys().get(signer.key_id, (None, ""))[0]
        if registered != holder:
            raise SignatureRefused(
                (
                    "key {key} is not registered to {actor} but to {holder};"
                    " register it first with 'thidua keys register'"
                    if registered
                    else "key {key} is not registered to {actor};"
                    " register it first with 'thidua keys register'"
                ),
                key=signer.key_id,
                actor=holder,
                holder=registered,
                value=signer.key_id,
            )

    def extends(self, checkpoints: Sequence[Checkpoint]) -> list[CheckpointFinding]:
        """Prove the store extends each checkpoint: a consistency proof from its size
        to the log now. A signed checkpoint whose signature fails is refused."""
        keys = self.keys()
        for checkpoint in checkpoints:
            if problem := checkpoint.signature_problem(keys):
                raise problem
        if refused := unvouched(self.auditor, checkpoints):
            raise refused
        walk = self._walk(checkpoints)
        return [walk.finding(watch) for watch in walk.watches]

    def _walk(self, checkpoints: Sequence[Checkpoint]) -> _Walk:
        """One pass over the log: the tree, and what says why a checkpoint fails."""
        walk = _Walk([_Watch(checkpoint) for checkpoint in checkpoints])
        for watch in walk.watches:
            walk.builder.watch_size(watch.checkpoint.tree_size)
        for row in self.auditor.rows():
            walk.see(row)
        return walk

    def prove(
        self, bloc: str, year: int, unit: str, checkpoint: Checkpoint
    ) -> dict[str, Any]:
        """The unit's events of the cycle up to the checkpoint, each with its
        inclusion proof against the checkpoint's root."""
        subject = f"{bloc}/{year}"
        stream = cycle_id(bloc, year).hex
        builder, chosen = TreeBuilder(), UnitEvents(unit)
        rows: list[tuple[int, StoredRow]] = []
        cycle_seen, position = False, 0
        for row in self.auditor.rows():
            if builder.size == checkpoint.tree_size:
                break
            position = row.position
            if row.stream == stream:
                cycle_seen = True
                if chosen.concerns(row.document):
                    rows.append((builder.size, row))
                    builder.watch_leaf(builder.size)
            builder.append(row_leaf(row))
        root = builder.root().hex()
        if builder.size != checkpoint.tree_size or not checkpoint.matches(root):
            raise CheckpointRefused(
                "the store does not extend checkpoint {checkpoint}; nothing can be"
                " proved against it (audit verify --checkpoint says why)",
                checkpoint=checkpoint,
            )
        if not cycle_seen:
            raise CycleNotFound(
                "no cycle {bloc}/{year}", bloc=bloc, year=year, value=subject
            )
        if not rows:
            raise CheckpointRefused(
                "{unit} has no events in {cycle} among the {size} the checkpoint"
                " covers",
                unit=unit,
                cycle=subject,
                size=checkpoint.tree_size,
            )
        if not checkpoint.complete:
            checkpoint = Checkpoint(checkpoint.tree_size, position, root)
        entries = [
            proof_entry(index, row, builder.inclusion_proof(index))
            for index, row in rows
        ]
        return proof_document(checkpoint, subject, unit, entries)


class _Order:
    """The first event found at an earlier log position than its predecessor in
    its own stream: swapped positions within a stream."""

    def __init__(self) -> None:
        self.last: dict[str, tuple[int, int]] = {}  # stream → (version, position)
        self.names: dict[str, str] = {}
        self.first: tuple[StoredRow, int, int] | None = None

    def see(self, row: StoredRow) -> None:
        if row.version == 1 and UNREADABLE not in row.document:
            self.names[row.stream] = subject(row)
        previous = self.last.get(row.stream)
        if previous and previous[0] > row.version and self.first is None:
            self.first = (row, *previous)
        self.last[row.stream] = (row.version, row.position)


@dataclass
class _Walk:
    watches: list[_Watch]
    builder: TreeBuilder = field(default_factory=TreeBuilder)
    order: _Order = field(default_factory=_Order)
    last: int = 0  # the last log position

    def see(self, row: StoredRow) -> None:
        self.builder.append(row_leaf(row))
        self.last = row.position
        self.order.see(row)
        for watch in self.watches:
            watch.upto += row.position <= watch.checkpoint.position

    def finding(self, watch: _Watch) -> CheckpointFinding:
        builder, checkpoint = self.builder, watch.checkpoint
        size = checkpoint.tree_size
        if size <= builder.size:
            old = builder.root_at(size)
            root = bytes.fromhex(checkpoint.root) if checkpoint.complete else old
            proof = builder.consistency_proof(size)
            if checkpoint.matches(old.hex()) and verify_consistency(
                size, builder.size, root, builder.root(), proof
            ):
                return CheckpointFinding(checkpoint, builder.size)
        problem = _diagnosis(builder, watch, self.last, self.order)
        return CheckpointFinding(checkpoint, builder.size, problem)


def _diagnosis(
    builder: TreeBuilder, watch: _Watch, last: int, order: _Order
) -> ThiduaError:
    checkpoint, now, upto = watch.checkpoint, builder.size, watch.upto
    size, position = checkpoint.tree_size, checkpoint.position
    facts = {"checkpoint": checkpoint, "size": size, "position": position}
    if now < size and position and last < position and upto == now:
        return VerificationFailed(
            "{checkpoint} covers {size} events up to position {position}; the log"
            " now ends at position {last} with {now}: its tail was cut off",
            last=last,
            now=now,
            **facts,
        )
    if position and upto < size:
        return VerificationFailed(
            "{checkpoint} covers {size} events up to position {position}; {missing}"
            " of them are gone: events were deleted",
            missing=size - upto,
            **facts,
        )
    if now < size:
        return VerificationFailed(
            "{checkpoint} covers {size} events; the log now has {now}: events were"
            " deleted or cut off",
            now=now,
            **facts,
        )
    if position and upto > size:
        return VerificationFailed(
            "{checkpoint} covers {size} events up to position {position}; the log"
            " now has {extra} more there: events were inserted",
            extra=upto - size,
            **facts,
        )
    if order.first is not None and (
        not position or order.first[0].position <= position
    ):
        row, later, at = order.first
        return VerificationFailed(
            "{checkpoint}: version {version} of {stream} sits at position"
            " {moved}, after version {later} at position {at}: events were"
            " reordered",
            version=row.version,
            stream=order.names.get(row.stream, row.stream),
            moved=row.position,
            later=later,
            at=at,
            **facts,
        )
    return VerificationFailed(
        "the first {size} events of the log are not those {checkpoint} fixed: an"
        " event among them was rewritten or moved",
        **facts,
    )
