"""A unit's proof of inclusion (bằng chứng): its events of a cycle, against a
checkpoint, checkable offline with nothing but the proof file.

Which events are a unit's, the proof's JSON form and its check are pure functions
here; `log_tree.LogTree` reads the log to make a proof. docs/integrity.md gives the
recipe, precise enough for a checker of one's own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from thidua.domain.auditor.checkpoint import Checkpoint, CheckpointRefused, leaf_bytes
from thidua.domain.auditor.integrity import HASH, StoredRow, event_hash
from thidua.domain.auditor.merkle import leaf_hash, verify_consistency, verify_inclusion
from thidua.domain.errors import ThiduaError, VerificationFailed
from thidua.domain.ids import cycle_id

PROOF_FORMAT = "thidua-proof/1"
# Fields whose value is a unit's code, and fields that list units' codes.
UNIT_FIELDS = frozenset(
    {"unit", "voter", "assessor_unit", "candidate", "code", "head", "deputy"}
)
UNIT_LISTS = frozenset(
    {"candidates", "eligible", "present", "winners", "runoff", "left", "unsigned"}
)
REFERENCES = ("proposal_id", "award_id")  # later decisions on the unit's awards


def mentions(value: Any, unit: str) -> bool:
    """Whether a document names the unit in a field that holds units' codes, at
    any depth (the actor's `unit` included)."""
    if isinstance(value, dict):
        return any(
            (key in UNIT_FIELDS and item == unit)
            or (key in UNIT_LISTS and isinstance(item, list) and unit in item)
            or mentions(item, unit)
            for key, item in value.items()
        )
    if isinstance(value, list):
        return any(mentions(item, unit) for item in value)
    return False


@dataclass
class UnitEvents:
    """Picks a unit's events out of its cycle's stream, read in order: those by or
    about the unit, and the declines and revocations of its proposals and awards."""

    unit: str
    references: set[tuple[str, str]] = field(default_factory=set)

    def concerns(self, document: Mapping[str, Any]) -> bool:
        named = {
            (key, document[key])
            for key in REFERENCES
            if isinstance(document.get(key), str)
        }
        if mentions(dict(document), self.unit):
            self.references |= named
            return True
        return bool(named & self.references)


def proof_entry(index: int, row: StoredRow, path: list[bytes]) -> dict[str, Any]:
    """One proven event: where it sits in the tree, the stored row, its path."""
    return {
        "index": index,
        "position": row.position,
        "stream": row.stream,
        "version": row.version,
        "event": row.event,
        "document": dict(row.document),
        "path": [node.hex() for node in path],
    }


def proof_document(
    checkpoint: Checkpoint, cycle: str, unit: str, entries: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "format": PROOF_FORMAT,
        "cycle": cycle,
        "unit": unit,
        "checkpoint": checkpoint.to_json(),
        "events": entries,
    }


@dataclass
class ProofReport:
    """What checking a proof found: the checkpoint, each event, and any problem."""

    checkpoint: Checkpoint
    cycle: str
    unit: str
    events: list[ProvenEvent] = field(default_factory=list)
    problems: list[ThiduaError] = field(default_factory=list)


@dataclass(frozen=True)
class ProvenEvent:
    version: int
    event: str
    position: int
    problem: ThiduaError | None = None


def check_proof(
    data: Any,
    where: str,
    held: Checkpoint | None = None,
    keys: Mapping[str, tuple[str, str]] | None = None,
) -> ProofReport:
    """Check a proof file's content offline: its checkpoint's signature (against
    `keys` if given), that it is the checkpoint held (if given), and each event:
    its hash recomputed from its document, and its inclusion path to the root."""
    if not isinstance(data, dict) or data.get("format") != PROOF_FORMAT:
        raise CheckpointRefused(
            "{where} is not a thidua proof ({format})",
            where=where,
            format=PROOF_FORMAT,
        )
    checkpoint = Checkpoint.from_json(data.get("checkpoint"), where)
    cycle, unit = str(data.get("cycle")), str(data.get("unit"))
    report = ProofReport(checkpoint, cycle, unit)
    if problem := checkpoint.signature_problem(keys):
        report.problems.append(problem)
    if held is not None and (
        held.tree_size != checkpoint.tree_size or not checkpoint.matches(held.root)
    ):
        report.problems.append(
            VerificationFailed(
                "the proof is against {checkpoint}, not the checkpoint held, {held}",
                checkpoint=checkpoint,
                held=held,
            )
        )
    bloc, _, year = cycle.partition("/")
    stream = cycle_id(bloc, int(year)).hex if year.isdigit() else ""
    events = data.get("events")
    if not isinstance(events, list) or not events:
        report.problems.append(VerificationFailed("the proof holds no events"))
        return report
    for entry in events:
        proven = _check_event(entry, checkpoint, stream)
        report.events.append(proven)
        if proven.problem is not None:
            report.problems.append(proven.problem)
    return report


def _check_event(entry: Any, checkpoint: Checkpoint, stream: str) -> ProvenEvent:
    try:
        index, position, version = (
            int(entry[key]) for key in ("index", "position", "version")
        )
        name, document = str(entry["event"]), dict(entry["document"])
        path = [bytes.fromhex(node) for node in entry["path"]]
        row_stream = str(entry["stream"])
    except (KeyError, TypeError, ValueError):
        malformed = VerificationFailed("an event of the proof is malformed")
        return ProvenEvent(0, "?", 0, malformed)
    stored = str(document.get(HASH))
    leaf = leaf_hash(leaf_bytes(position, row_stream, version, stored))
    at = {"version": version, "event": name, "position": position}
    if row_stream != stream:
        problem = VerificationFailed(
            "version {version} ({event}, position {position}):"
            " not an event of the cycle's stream",
            **at,
        )
    elif event_hash(name, row_stream, version, document) != stored:
        problem = VerificationFailed(
            "version {version} ({event}, position {position}):"
            " its document does not match its hash",
            **at,
        )
    elif not checkpoint.complete:
        problem = VerificationFailed(
            "version {version} ({event}, position {position}):"
            " the checkpoint's root is incomplete",
            **at,
        )
    elif not verify_inclusion(
        index, checkpoint.tree_size, leaf, path, bytes.fromhex(checkpoint.root)
    ):
        problem = VerificationFailed(
            "version {version} ({event}, position {position}):"
            " its inclusion path does not lead to the checkpoint's root",
            **at,
        )
    else:
        return ProvenEvent(version, name, position)
    return ProvenEvent(version, name, position, problem)


def consistency_document(
    tree_size: int, root: str, proof: list[bytes]
) -> dict[str, Any]:
    """The `since` part of a checkpoint file: the earlier checkpoint's size and
    root, and the consistency proof from it to this one."""
    return {
        "tree_size": tree_size,
        "root": root,
        "proof": [node.hex() for node in proof],
    }


def check_extension(
    data: Any,
    where: str,
    held: Checkpoint | None = None,
    keys: Mapping[str, tuple[str, str]] | None = None,
) -> tuple[Checkpoint, list[ThiduaError]]:
    """Check offline that a checkpoint file's log extends the earlier checkpoint
    it names in `since` (the one held, if given), by its consistency proof."""
    checkpoint = Checkpoint.from_json(data, where)
    problems: list[ThiduaError] = []
    if problem := checkpoint.signature_problem(keys):
        problems.append(problem)
    since = data.get("since")
    try:
        size, root = int(since["tree_size"]), str(since["root"])
        proof = [bytes.fromhex(node) for node in since["proof"]]
        old, new = bytes.fromhex(root), bytes.fromhex(checkpoint.root)
    except (KeyError, TypeError, ValueError):
        problems.append(
            VerificationFailed(
                "{where} carries no consistency proof from an earlier checkpoint"
                " (take it with --since)",
                where=where,
            )
        )
        return checkpoint, problems
    earlier = Checkpoint(size, 0, root)
    if held is not None and (held.tree_size != size or not held.matches(root)):
        problems.append(
            VerificationFailed(
                "{where} proves it extends {earlier}, not the checkpoint held, {held}",
                where=where,
                earlier=earlier,
                held=held,
            )
        )
    if not verify_consistency(size, checkpoint.tree_size, old, new, proof):
        problems.append(
            VerificationFailed(
                "the consistency proof of {where} does not show that {checkpoint}"
                " extends {earlier}",
                where=where,
                checkpoint=checkpoint,
                earlier=earlier,
            )
        )
    return checkpoint, problems
